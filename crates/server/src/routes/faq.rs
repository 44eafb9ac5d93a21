use crate::{
    problem::{ApiError, JsonBody},
    routes::etag,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
    Json,
};
use miz_core::{
    api::{valid_client_id, FaqDoc, FaqFeedback, FeedbackTotals},
    problem::{types, FieldError, Problem},
    search::FaqEntry,
};

/// Longest feedback comment accepted, in characters.
pub const MAX_COMMENT: usize = 1000;

/// The FAQ of one agency: its entries in its order, and its synonym groups.
pub fn load(conn: &crate::sql::Connection, agency: &str) -> crate::sql::Result<FaqDoc> {
    let entries = conn.query_all(
        "SELECT id, category, question, answer FROM faq_entries WHERE agency_id = ?1 ORDER BY position, id",
        [agency],
        |r| Ok(FaqEntry { id: r.get(0)?, category: r.get(1)?, question: r.get(2)?, answer: r.get(3)? }),
    )?;
    let synonyms = conn
        .query_all("SELECT words FROM faq_synonyms WHERE agency_id = ?1 ORDER BY id", [agency], |r| r.get::<_, String>(0))?
        .into_iter()
        .filter_map(|w| serde_json::from_str::<Vec<String>>(&w).ok())
        .collect();
    Ok(FaqDoc { entries, synonyms })
}

/// `GET /faq`: the whole FAQ with an ETag, so a returning citizen's browser (and its service
/// worker) revalidates with a 304 instead of downloading it again.
pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let agency = state.agency_id.to_string();
    let doc = state.db.call(move |c| load(c, &agency)).await?;
    let body = serde_json::to_string(&doc).map_err(ApiError::internal)?;
    Ok(etag::respond(&headers, body))
}

/// New "was this helpful?" answers one network may add to one entry in a day (a browser
/// changing its answer is not new). Beyond it they are not counted, so the totals stay honest.
pub const ANSWERS_PER_NETWORK_PER_DAY: i64 = 5;

/// `POST /faq/{id}/feedback`.
pub async fn feedback(
    State(state): State<AppState>,
    crate::client::Client(client): crate::client::Client,
    Path(id): Path<String>,
    JsonBody(fb): JsonBody<FaqFeedback>,
) -> Result<Json<FeedbackTotals>, ApiError> {
    let mut errors = Vec::new();
    if !valid_client_id(&fb.client_id) {
        errors.push(FieldError { field: "client_id".into(), message: "شناسه مرورگر نامعتبر است".into() });
    }
    let comment = fb.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    if comment.as_ref().is_some_and(|c| c.chars().count() > MAX_COMMENT) {
        errors.push(FieldError {
            field: "comment".into(),
            message: format!("توضیح حداکثر {MAX_COMMENT} نویسه می‌تواند باشد"),
        });
    }
    if !errors.is_empty() {
        let mut p = Problem::new(types::VALIDATION, 422, "داده‌های درخواست معتبر نیستند");
        p.errors = errors;
        return Err(ApiError::new(p));
    }
    state.limiter.hit(client, crate::ratelimit::Action::Write).map_err(crate::routes::cases::too_many)?;
    let agency = state.agency_id.to_string();
    let network = crate::client::network(&state.key, client);
    let (now, day_ago) = (crate::clock::now(), crate::clock::ago(86_400));
    let totals = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let exists: i64 =
                tx.query_row("SELECT count(*) FROM faq_entries WHERE agency_id = ?1 AND id = ?2", [&agency, &id], |r| r.get(0))?;
            if exists == 0 {
                return Ok(None);
            }
            let (answered, today): (i64, i64) = tx.query_row(
                "SELECT
                   (SELECT count(*) FROM faq_feedback WHERE agency_id = ?1 AND entry_id = ?2 AND client_id = ?3),
                   (SELECT count(*) FROM faq_feedback WHERE agency_id = ?1 AND entry_id = ?2 AND network = ?4 AND created_at >= ?5)",
                (&agency, &id, &fb.client_id, &network, &day_ago),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if answered > 0 || today < ANSWERS_PER_NETWORK_PER_DAY {
                tx.execute(
                    "INSERT INTO faq_feedback (agency_id, entry_id, client_id, helpful, comment, network, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (agency_id, entry_id, client_id) DO UPDATE SET helpful = excluded.helpful, comment = excluded.comment",
                    (&agency, &id, &fb.client_id, fb.helpful as i64, &comment, &network, &now),
                )?;
            }
            let totals = tx.query_row(
                "SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0) FROM faq_feedback WHERE agency_id = ?1 AND entry_id = ?2",
                [&agency, &id],
                |r| Ok(FeedbackTotals { helpful: r.get::<_, i64>(0)? as u32, not_helpful: r.get::<_, i64>(1)? as u32 }),
            )?;
            tx.commit()?;
            Ok(Some(totals))
        })
        .await?;
    totals.map(Json).ok_or_else(|| ApiError::not_found("چنین پرسشی در پرسش‌های متداول نیست"))
}

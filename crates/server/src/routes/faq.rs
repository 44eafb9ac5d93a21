use crate::{
    faq_store,
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
    api::{valid_client_id, FaqFeedback, FeedbackTotals},
    problem::{types, FieldError, Problem},
};

/// Longest feedback comment accepted, in characters.
pub const MAX_COMMENT: usize = 1000;

/// `GET /faq`: the whole FAQ with an ETag, so a returning citizen's browser (and its service
/// worker) revalidates with a 304 instead of downloading it again.
pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let agency = state.agency_id.to_string();
    let doc = state.db.call(move |c| faq_store::load(c, &agency)).await?;
    let body = serde_json::to_string(&doc).map_err(ApiError::internal)?;
    Ok(etag::respond(&headers, body))
}

pub use faq_store::ANSWERS_PER_NETWORK_PER_DAY;

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
            faq_store::record_feedback(c, &agency, &id, &fb.client_id, fb.helpful, comment.as_deref(), &network, &now, &day_ago)
        })
        .await?;
    totals.map(Json).ok_or_else(|| ApiError::not_found("چنین پرسشی در پرسش‌های متداول نیست"))
}

//! Drafts for public comment: list, read (any version), comments, and commenting.

use crate::{
    cases_store,
    drafts_store,
    idempotency,
    problem::{ApiError, JsonBody},
    ratelimit::Action,
    routes::cases::too_many,
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use miz_core::{
    api::{valid_client_id, DraftKind},
    drafts::{self, Comment, CommentList, Draft, DraftList, DraftState, NewComment},
    normalize,
    problem::{types, FieldError, Problem},
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// `page` (from 1) and `per_page` (1–50, default `default`).
fn paging(q: &HashMap<String, String>, default: u32) -> Result<(u32, u32), ApiError> {
    let page = match q.get("page") {
        None => 1,
        Some(v) => v.parse::<u32>().ok().filter(|&p| (1..=100_000).contains(&p)).ok_or_else(|| ApiError::bad_param("page", "شماره صفحه باید عددی از ۱ به بالا باشد"))?,
    };
    let per_page = match q.get("per_page") {
        None => default,
        Some(v) => v.parse::<u32>().ok().filter(|&p| (1..=50).contains(&p)).ok_or_else(|| ApiError::bad_param("per_page", "تعداد در هر صفحه باید بین ۱ و ۵۰ باشد"))?,
    };
    Ok((page, per_page))
}

fn not_found() -> ApiError {
    ApiError::not_found("چنین پیش‌نویسی پیدا نشد")
}

/// `GET /drafts?state=&kind=&q=&page=&per_page=`.
pub async fn list(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Result<Json<DraftList>, ApiError> {
    let (page, per_page) = paging(&q, 10)?;
    let want_state = match q.get("state").map(String::as_str).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(DraftState::parse(s).ok_or_else(|| ApiError::bad_param("state", "وضعیت یکی از open، closed یا final است"))?),
    };
    let want_kind = match q.get("kind").map(String::as_str).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(DraftKind::parse(s).ok_or_else(|| ApiError::bad_param("kind", "نوع پیش‌نویس شناخته نیست"))?),
    };
    let text = q.get("q").cloned().unwrap_or_default();
    if text.chars().count() > 200 {
        return Err(ApiError::bad_param("q", "عبارت جستجو حداکثر ۲۰۰ نویسه است"));
    }
    let agency_id = state.agency_id.to_string();
    let all = state
        .db
        .call(move |c| {
            let agency = cases_store::agency(c, &agency_id)?;
            drafts_store::summaries(c, &agency)
        })
        .await?;
    let matching: Vec<_> = all
        .into_iter()
        .filter(|d| want_state.is_none_or(|s| d.state == s))
        .filter(|d| want_kind.is_none_or(|k| d.kind == k))
        .filter(|d| normalize::contains(&format!("{} {} {}", d.title, d.summary, d.unit.name.fa), &text))
        .collect();
    let total = matching.len() as u32;
    let items = matching.into_iter().skip(((page - 1) * per_page) as usize).take(per_page as usize).collect();
    Ok(Json(DraftList { items, total, page, per_page }))
}

async fn load(state: &AppState, id: String, version: Option<u32>) -> Result<Draft, ApiError> {
    let agency_id = state.agency_id.to_string();
    state
        .db
        .call(move |c| {
            let agency = cases_store::agency(c, &agency_id)?;
            drafts_store::draft(c, &agency, &id, version)
        })
        .await?
        .ok_or_else(not_found)
}

/// `GET /drafts/{id}`: the current version.
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Draft>, ApiError> {
    Ok(Json(load(&state, id, None).await?))
}

/// `GET /drafts/{id}/versions/{n}`.
pub async fn version(State(state): State<AppState>, Path((id, n)): Path<(String, String)>) -> Result<Json<Draft>, ApiError> {
    let n: u32 = n.parse().ok().filter(|&n| n >= 1).ok_or_else(|| ApiError::not_found("چنین نسخه‌ای از این پیش‌نویس نیست"))?;
    load(&state, id, Some(n)).await.map(Json).map_err(|_| ApiError::not_found("چنین نسخه‌ای از این پیش‌نویس نیست"))
}

/// `GET /drafts/{id}/comments?paragraph=&client_id=&page=&per_page=`.
pub async fn comments(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<CommentList>, ApiError> {
    let (page, per_page) = paging(&q, 50)?;
    let client = q.get("client_id").filter(|c| valid_client_id(c)).cloned();
    let draft = load(&state, id.clone(), None).await?;
    let paragraph = q.get("paragraph").cloned().filter(|p| !p.is_empty());
    if let Some(p) = &paragraph {
        if draft.body.paragraph(p).is_none() {
            return Err(ApiError::bad_param("paragraph", "چنین بندی در نسخه کنونی این پیش‌نویس نیست"));
        }
    }
    let body = draft.body.clone();
    let offset = (page - 1).saturating_mul(per_page);
    let Some(paragraph) = paragraph else {
        let (items, total) = state.db.call(move |c| drafts_store::comments_page(c, &id, &body, client.as_deref(), offset, per_page)).await?;
        return Ok(Json(CommentList { items, total, page, per_page }));
    };
    // A paragraph's comments include those whose quote moved there in a new version, so the
    // filter needs every comment placed.
    let all = state.db.call(move |c| drafts_store::comments(c, &id, &body, client.as_deref())).await?;
    let matching: Vec<Comment> = all.into_iter().filter(|c| drafts_store::is_on(c, &paragraph)).collect();
    let total = matching.len() as u32;
    let items = matching.into_iter().skip(offset as usize).take(per_page as usize).collect();
    Ok(Json(CommentList { items, total, page, per_page }))
}

/// `POST /drafts/{id}/comments` with an Idempotency-Key.
pub async fn create_comment(
    State(state): State<AppState>,
    crate::client::Client(client): crate::client::Client,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(new): JsonBody<NewComment>,
) -> Result<(StatusCode, Json<Comment>), ApiError> {
    let key = idempotency::key(&headers)?;
    state.limiter.hit(client, Action::Write).map_err(too_many)?;
    let draft = load(&state, id.clone(), None).await?;
    if draft.summary.state != DraftState::Open {
        let mut p = Problem::new(types::CONFLICT, 409, "مهلت نظرخواهی این پیش‌نویس به پایان رسیده است");
        p.detail = Some(format!("closes_at: {}", draft.summary.closes_at));
        return Err(ApiError::new(p));
    }
    let problems = drafts::validate(&new, &draft.body);
    if !problems.is_empty() {
        return Err(ApiError::fields(problems.into_iter().map(|x| FieldError { field: x.field().into(), message: x.message_fa() }).collect()));
    }
    let request_hash = idempotency::request_hash(&new);
    let moderation = if state.premoderate { "pending" } else { "published" };
    let version = draft.summary.version;
    let scope = format!("comments:{id}");
    let (d, current) = (id.clone(), draft.body.clone());
    let result = state
        .db
        .call(move |c| drafts_store::add_comment(c, &d, version, &new, moderation, (&scope, &key, &request_hash)))
        .await?;
    let comment_id = result.map_err(|_| {
        ApiError::new(Problem::new(types::VALIDATION, 422, "این Idempotency-Key پیش‌تر برای نظر دیگری به کار رفته است"))
    })?;
    let comment = state
        .db
        .call(move |c| drafts_store::comment(c, &id, &current, &comment_id))
        .await?
        .ok_or_else(|| ApiError::internal("comment vanished"))?;
    Ok((StatusCode::CREATED, Json(comment)))
}

#[derive(Deserialize)]
pub struct SupportInput {
    pub client_id: String,
}

#[derive(Serialize)]
pub struct SupportCount {
    pub support_count: u32,
}

pub use drafts_store::SUPPORTS_PER_NETWORK_PER_DAY;

/// `POST /comments/{id}/support`: once per browser; repeating it changes nothing; a network's
/// supports of one comment count up to `SUPPORTS_PER_NETWORK_PER_DAY`.
pub async fn support(
    State(state): State<AppState>,
    crate::client::Client(client): crate::client::Client,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<SupportInput>,
) -> Result<Json<SupportCount>, ApiError> {
    if !valid_client_id(&input.client_id) {
        return Err(ApiError::bad_param("client_id", "شناسه مرورگر نامعتبر است"));
    }
    state.limiter.hit(client, Action::Write).map_err(too_many)?;
    let network = crate::client::network(&state.key, client);
    let (now, day_ago) = (crate::clock::now(), crate::clock::ago(86_400));
    let agency = state.agency_id.to_string();
    let count = state
        .db
        .call(move |c| drafts_store::support(c, &agency, &id, &input.client_id, &network, (&now, &day_ago)))
        .await?;
    count
        .map(|n| Json(SupportCount { support_count: n as u32 }))
        .ok_or_else(|| ApiError::not_found("چنین نظری پیدا نشد"))
}

//! Cases from citizens: the types to choose from, sending one (idempotent), looking one up
//! with a second factor (rate limited), and objecting to an answer.

use crate::{
    cases_store::{self, AttachError, Change},
    idempotency::{self, Prior},
    problem::{ApiError, JsonBody},
    ratelimit::Action,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use miz_core::{
    cases::{self, CaseTypes, CaseView, NewCase, Objection},
    mobile::Mobile,
    problem::{types, FieldError, Problem},
    tracking::TrackingCode,
};

pub const MOBILE_HEADER: &str = miz_core::api::headers::CASE_MOBILE;
pub const KEY_HEADER: &str = miz_core::api::headers::CASE_KEY;
pub const PASS_HEADER: &str = miz_core::api::headers::CASE_PASS;

pub fn too_many(wait: u64) -> ApiError {
    let mut p = Problem::new(types::RATE_LIMITED, 429, "تعداد درخواست‌ها بیش از حد مجاز است");
    p.detail = Some(format!(
        "لطفاً {} ثانیه دیگر دوباره تلاش کنید",
        miz_core::digits::to_persian_digits(&wait.to_string())
    ));
    ApiError::new(p).with_retry_after(wait)
}

/// `GET /case-types`.
pub async fn types(State(state): State<AppState>) -> Result<Json<CaseTypes>, ApiError> {
    let agency = state.agency_id.to_string();
    Ok(Json(state.db.call(move |c| cases_store::case_types(c, &agency)).await?))
}

/// `POST /cases`: validated, stored in one transaction with its events, attachments and SMS,
/// and acknowledged only after the commit. A repeat of the same Idempotency-Key gets the first
/// answer; the same key with a different body is refused.
pub async fn create(
    State(state): State<AppState>,
    crate::client::Client(client): crate::client::Client,
    headers: HeaderMap,
    JsonBody(new_case): JsonBody<NewCase>,
) -> Result<Response, ApiError> {
    let key = idempotency::key(&headers)?;
    state.limiter.hit(client, Action::Write).map_err(too_many)?;
    let request_hash = idempotency::request_hash(&new_case);
    let agency_id = state.agency_id.to_string();
    let outcome = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            match idempotency::prior(&tx, "cases", &key, &request_hash)? {
                Prior::Same(status, response) => return Ok(Outcome::Replay(status, response)),
                Prior::Different => return Ok(Outcome::KeyReused),
                Prior::None => {}
            }
            let types = cases_store::case_types(&tx, &agency_id)?;
            let valid = match cases::validate(&new_case, &types) {
                Ok(v) => v,
                Err(problems) => {
                    return Ok(Outcome::Invalid(
                        problems
                            .into_iter()
                            .map(|p| FieldError { field: p.field().into(), message: p.message_fa() })
                            .collect(),
                    ))
                }
            };
            let agency = cases_store::agency(&tx, &agency_id)?;
            let receipt = match cases_store::create(&tx, &agency, &valid)? {
                Ok(r) => r,
                Err(AttachError::Unknown(id)) => {
                    return Ok(Outcome::Invalid(vec![FieldError {
                        field: "attachments".into(),
                        message: format!("پیوست «{id}» پیدا نشد یا پیش‌تر با پیام دیگری فرستاده شده است؛ آن را دوباره بارگذاری کنید"),
                    }]))
                }
            };
            let response = serde_json::to_string(&receipt).unwrap_or_default();
            idempotency::record(&tx, "cases", &key, &request_hash, 201, &response)?;
            tx.commit()?;
            Ok(Outcome::Created(response))
        })
        .await?;
    let pass = |body: &str| {
        let code = serde_json::from_str::<serde_json::Value>(body).ok()?.get("tracking_code")?.as_str()?.to_owned();
        Some(state.key.case_pass(&state.agency_id, &code))
    };
    match outcome {
        Outcome::Created(body) => Ok(json_response(StatusCode::CREATED, pass(&body), body, false)),
        Outcome::Replay(status, body) => {
            Ok(json_response(StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED), pass(&body), body, true))
        }
        Outcome::KeyReused => Err(ApiError::new(
            Problem::new(types::VALIDATION, 422, "این Idempotency-Key پیش‌تر برای درخواست دیگری به کار رفته است")
                .with_detail("Use a new Idempotency-Key for a new request; reuse one only to retry the same request."),
        )),
        Outcome::Invalid(errors) => Err(ApiError::fields(errors)),
    }
}

enum Outcome {
    Created(String),
    Replay(u16, String),
    KeyReused,
    Invalid(Vec<FieldError>),
}

fn json_response(status: StatusCode, pass: Option<String>, body: String, replayed: bool) -> Response {
    let mut res = (status, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response();
    if let Some(v) = pass.and_then(|p| HeaderValue::from_str(&p).ok()) {
        res.headers_mut().insert(PASS_HEADER, v);
    }
    if replayed {
        res.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    res
}

/// The same answer for an unknown code and a wrong second factor, so nobody can learn which
/// codes exist.
fn not_found_or_wrong() -> ApiError {
    ApiError::new(
        Problem::new(types::NOT_FOUND, 404, "پیامی با این کد رهگیری و این شماره همراه یا کلید دسترسی پیدا نشد")
            .with_detail("کد رهگیری و شماره همراهی را که هنگام ثبت وارد کردید (یا کلید دسترسی) دوباره بررسی کنید."),
    )
}

/// Finds the case for `code` when the request carries its second factor; counts failures per
/// address and per code. A request that carries the case's pass is held by neither limit: the
/// device that filed or opened the case keeps its access while its address (which a mobile
/// carrier shares among many subscribers) or its code is being guessed at by someone else.
/// Without the pass nothing changes for a guesser: a pass is worth nothing without the code
/// it was made for, and a wrong pass is answered like none.
async fn authorised(state: &AppState, client: std::net::IpAddr, code: &str, headers: &HeaderMap) -> Result<Opened, ApiError> {
    let code = TrackingCode::parse(code).map_err(|e| {
        let mut p = Problem::new(types::VALIDATION, 422, "کد رهگیری درست نیست");
        p.errors = vec![FieldError { field: "code".into(), message: e.message_fa() }];
        ApiError::new(p)
    })?;
    // Header values may arrive as UTF-8 (Persian digits from a hand-written client).
    let header = |name: &str| {
        headers.get(name).and_then(|v| std::str::from_utf8(v.as_bytes()).ok()).map(str::trim).filter(|v| !v.is_empty())
    };
    let pass = state.key.case_pass(&state.agency_id, code.as_str());
    let has_pass = header(PASS_HEADER).is_some_and(|v| v.split([' ', ',']).any(|p| p == pass));
    if !has_pass {
        state.limiter.check(client, Action::LookupFailure).map_err(too_many)?;
        state.limiter.check_code(code.as_str()).map_err(too_many)?;
    }
    let (mobile, key) = (header(MOBILE_HEADER), header(KEY_HEADER));
    if mobile.is_none() && key.is_none() {
        let mut p = Problem::new(types::VALIDATION, 422, "شماره تلفن همراه یا کلید دسترسی را وارد کنید");
        p.errors = vec![FieldError { field: "mobile".into(), message: "شماره تلفن همراهی را که هنگام ثبت دادید وارد کنید".into() }];
        return Err(ApiError::new(p));
    }
    let mobile = mobile.and_then(|m| Mobile::parse(m).ok()).map(|m| m.as_str().to_owned());
    let key_hash = key.map(cases_store::hash_key);
    let c = code.as_str().to_owned();
    let agency = state.agency_id.to_string();
    let stored = state.db.call(move |conn| cases_store::load_in(conn, &agency, &c)).await?;
    let ok = stored.as_ref().is_some_and(|s| {
        (mobile.is_some() && s.mobile == mobile) || (key_hash.is_some() && s.access_key_hash.is_some() && s.access_key_hash == key_hash)
    });
    match stored {
        Some(stored) if ok => Ok(Opened { stored, pass }),
        _ => {
            state.limiter.record(client, Action::LookupFailure);
            state.limiter.record_code(code.as_str());
            Err(not_found_or_wrong())
        }
    }
}

/// A case the request may see, and the pass to give back for it.
struct Opened {
    stored: cases_store::Stored,
    pass: String,
}

/// A case's view with its pass in `X-Case-Pass`.
fn with_pass(view: CaseView, pass: &str) -> Response {
    let mut res = Json(view).into_response();
    if let Ok(v) = HeaderValue::from_str(pass) {
        res.headers_mut().insert(PASS_HEADER, v);
    }
    res
}

/// `GET /cases/{code}` with `X-Case-Mobile` or `X-Case-Key` (and `X-Case-Pass` when the
/// device has one).
pub async fn get(
    State(state): State<AppState>,
    crate::client::Client(client): crate::client::Client,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let opened = authorised(&state, client, &code, &headers).await?;
    Ok(with_pass(opened.stored.view, &opened.pass))
}

/// `POST /cases/{code}/objection`: the citizen is not satisfied with the answer.
pub async fn object(
    State(state): State<AppState>,
    crate::client::Client(client): crate::client::Client,
    Path(code): Path<String>,
    headers: HeaderMap,
    JsonBody(objection): JsonBody<Objection>,
) -> Result<Response, ApiError> {
    state.limiter.hit(client, Action::Write).map_err(too_many)?;
    let Opened { stored, pass } = authorised(&state, client, &code, &headers).await?;
    let reason = miz_core::normalize::cap_marks(objection.reason.trim());
    let n = cases::text_len(&reason);
    if !(10..=2000).contains(&n) {
        return Err(ApiError::fields(vec![FieldError {
            field: "reason".into(),
            message: "دلیل اعتراض باید بین ۱۰ تا ۲۰۰۰ نویسه باشد".into(),
        }]));
    }
    let c = stored.view.tracking_code.clone();
    let agency = state.agency_id.to_string();
    let change = state.db.call(move |conn| cases_store::object(conn, &agency, &c, &reason)).await?;
    match change {
        Change::Done => {}
        Change::NoSuchCase => return Err(not_found_or_wrong()),
        Change::Conflict(msg) => return Err(ApiError::new(Problem::new(types::CONFLICT, 409, msg))),
    }
    let c = stored.view.tracking_code.clone();
    let agency = state.agency_id.to_string();
    let view = state.db.call(move |conn| cases_store::load_in(conn, &agency, &c)).await?.ok_or_else(not_found_or_wrong)?;
    Ok(with_pass(view.view, &pass))
}

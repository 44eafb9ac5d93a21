//! The API under `/api/v1`, one module per resource.

mod admin;
mod agency;
pub use drafts::SUPPORTS_PER_NETWORK_PER_DAY;
pub use faq::ANSWERS_PER_NETWORK_PER_DAY;
pub mod cases;
mod drafts;
mod etag;
pub mod faq;
mod health;
mod media;
mod reports;
mod services;
mod staff;
mod uploads;

use crate::{problem, state::AppState};
use axum::{
    extract::DefaultBodyLimit,
    middleware,
    routing::{get, post, put},
    Router,
};
use miz_core::problem::{types, Problem};

/// Every operation the server implements, as (method, path) in the contract's notation.
/// The contract test checks this list against `api/openapi.yaml` in both directions.
pub const OPERATIONS: &[(&str, &str)] = &[
    ("GET", "/health"),
    ("GET", "/agency"),
    ("GET", "/media/{name}"),
    ("GET", "/faq"),
    ("POST", "/faq/{id}/feedback"),
    ("PUT", "/admin/faq/{id}"),
    ("PUT", "/admin/faq-synonyms"),
    ("GET", "/case-types"),
    ("POST", "/uploads"),
    ("POST", "/cases"),
    ("GET", "/cases/{code}"),
    ("POST", "/cases/{code}/objection"),
    ("POST", "/admin/cases/{code}/status"),
    ("POST", "/admin/cases/{code}/answer"),
    ("GET", "/drafts"),
    ("GET", "/drafts/{id}"),
    ("GET", "/drafts/{id}/versions/{n}"),
    ("GET", "/drafts/{id}/comments"),
    ("POST", "/drafts/{id}/comments"),
    ("POST", "/comments/{id}/support"),
    ("POST", "/admin/drafts"),
    ("POST", "/admin/drafts/{id}/versions"),
    ("POST", "/admin/comments/{id}/response"),
    ("POST", "/admin/comments/{id}/moderation"),
    ("GET", "/services"),
    ("GET", "/services/{id}"),
    ("POST", "/services/{id}/feedback"),
    ("GET", "/reports"),
];

/// The staff API's operations (the workbench's), checked against the contract like the rest.
pub use staff::OPERATIONS as STAFF_OPERATIONS;

/// Requests larger than this are refused with 413 before a handler sees them.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Drafts published through the admin API (a 300-article bill is a few hundred KB).
pub const ADMIN_BODY_BYTES: usize = 8 * 1024 * 1024;

/// `POST /uploads` takes one file of up to 5 MiB, plus room for the multipart envelope.
pub const UPLOAD_BODY_BYTES: usize = 5 * 1024 * 1024 + 64 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health::get))
        .route("/agency", get(agency::get))
        .route("/media/{name}", get(media::get))
        .route("/faq", get(faq::get))
        .route("/faq/{id}/feedback", post(faq::feedback))
        .route("/admin/faq/{id}", put(admin::put_faq))
        .route("/admin/faq-synonyms", put(admin::put_synonyms))
        .route("/case-types", get(cases::types))
        .route(
            "/uploads",
            // A file plus the multipart envelope.
            post(uploads::create).layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)),
        )
        .route("/cases", post(cases::create))
        .route("/cases/{code}", get(cases::get))
        .route("/cases/{code}/objection", post(cases::object))
        .route("/admin/cases/{code}/status", post(admin::case_status))
        .route("/admin/cases/{code}/answer", post(admin::case_answer))
        .route("/drafts", get(drafts::list))
        .route("/drafts/{id}", get(drafts::get))
        .route("/drafts/{id}/versions/{n}", get(drafts::version))
        .route("/drafts/{id}/comments", get(drafts::comments).post(drafts::create_comment))
        .route("/comments/{id}/support", post(drafts::support))
        // A whole draft's text can be far larger than a citizen's request.
        .route("/admin/drafts", post(admin::publish_draft).layer(DefaultBodyLimit::max(ADMIN_BODY_BYTES)))
        .route("/admin/drafts/{id}/versions", post(admin::draft_version).layer(DefaultBodyLimit::max(ADMIN_BODY_BYTES)))
        .route("/admin/comments/{id}/response", post(admin::comment_response))
        .route("/admin/comments/{id}/moderation", post(admin::comment_moderation))
        .route("/reports", get(reports::get))
        .route("/services", get(services::list))
        .route("/services/{id}", get(services::get))
        .route("/services/{id}/feedback", post(services::rate))
        .merge(staff::router())
        .fallback(unknown)
        .layer(middleware::from_fn(refuse_control_characters))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::map_response(problem::normalize))
        .with_state(state)
}

async fn unknown(uri: axum::http::Uri) -> problem::ApiError {
    problem::ApiError::new(
        Problem::new(types::NOT_FOUND, 404, "چنین نشانی‌ای در API وجود ندارد")
            .with_instance(uri.path().to_owned()),
    )
}

/// The first string in a JSON document (or a key) holding a control character other than a
/// tab or a line break, as the path of its field (`description`, `body.parts[0].title`).
fn control_character_at(v: &serde_json::Value, path: &str) -> Option<String> {
    let bad = |s: &str| s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match v {
        serde_json::Value::String(s) => bad(s).then(|| path.to_owned()),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| control_character_at(x, &format!("{path}[{i}]"))),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, x)| if bad(k) { Some(join(k)) } else { control_character_at(x, &join(k)) }),
        _ => None,
    }
}

/// Text that cannot be stored everywhere is refused everywhere: PostgreSQL's text refuses a
/// NUL that SQLite keeps, and no citizen means to send a control character. Refused at the
/// edge, on both engines alike, with the field it is in; a path or query with a NUL names
/// nothing that exists.
async fn refuse_control_characters(req: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    let message = "این متن نویسه‌ای نامرئی و کنترلی (مانند نویسه تهی) دارد که نگه داشتنی نیست؛ آن را پاک کنید و دوباره بفرستید";
    let refuse = |field: String| {
        let mut p = Problem::new(types::VALIDATION, 422, "داده‌های درخواست معتبر نیستند");
        p.errors = vec![miz_core::problem::FieldError { field, message: message.into() }];
        problem::ApiError::new(p).into_response()
    };
    let nul = |s: &str| s.to_ascii_lowercase().contains("%00");
    if nul(req.uri().path()) {
        return unknown(req.uri().clone()).await.into_response();
    }
    if req.uri().query().is_some_and(nul) {
        return refuse("query".into());
    }
    let json = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.split(';').next().unwrap_or("").trim().to_ascii_lowercase().ends_with("json"));
    if !json {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    // The route's own limit still applies when the handler reads the body again.
    let bytes = match axum::body::to_bytes(body, ADMIN_BODY_BYTES + 1).await {
        Ok(b) => b,
        Err(e) if problem::sent_too_slowly(&e) => return problem::too_slow().into_response(),
        Err(_) => return problem::ApiError::new(Problem::new(types::TOO_LARGE, 413, "حجم درخواست بیش از حد مجاز است")).into_response(),
    };
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        if let Some(field) = control_character_at(&v, "") {
            return refuse(field);
        }
    }
    next.run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

#[cfg(test)]
mod control_tests {
    use super::control_character_at;
    use serde_json::json;

    #[test]
    fn names_the_field_a_control_character_is_in() {
        assert_eq!(control_character_at(&json!({"description": "a\u{0}b"}), ""), Some("description".into()));
        assert_eq!(control_character_at(&json!({"body": {"parts": [{"title": "x\u{7}"}]}}), ""), Some("body.parts[0].title".into()));
        assert_eq!(control_character_at(&json!({"text": "line one\nline two\tand a tab\r\n"}), ""), None);
        assert_eq!(control_character_at(&json!({"name": "\u{85}"}), ""), Some("name".into()));
    }
}

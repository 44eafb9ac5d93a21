//! The API under `/api/v1`, one module per resource.

mod admin;
mod agency;
pub mod cases;
mod drafts;
mod etag;
pub mod faq;
mod health;
mod media;
mod reports;
mod services;
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
        .fallback(unknown)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::map_response(problem::normalize))
        .with_state(state)
}

async fn unknown(uri: axum::http::Uri) -> problem::ApiError {
    problem::ApiError(
        Problem::new(types::NOT_FOUND, 404, "چنین نشانی‌ای در API وجود ندارد")
            .with_instance(uri.path().to_owned()),
    )
}

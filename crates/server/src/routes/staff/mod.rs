//! The staff API (`/staff/…`): the workbench's half of the contract. Every handler takes a
//! `Staff` (a session or an API token), checks its role, and records what it did.

mod accounts;
mod audit_log;
mod oidc;
mod calendar;
pub(crate) mod cases;
mod session;
mod settings;
mod templates;
mod tokens;

use crate::state::AppState;
use axum::{
    routing::{delete, get, post, put},
    Router,
};

/// The staff operations, in the contract's notation (joined to `routes::OPERATIONS`).
pub const OPERATIONS: &[(&str, &str)] = &[
    ("POST", "/staff/session"),
    ("GET", "/staff/session"),
    ("DELETE", "/staff/session"),
    ("POST", "/staff/session/everywhere"),
    ("GET", "/staff/oidc"),
    ("GET", "/staff/oidc/start"),
    ("GET", "/staff/oidc/callback"),
    ("POST", "/staff/me/totp"),
    ("POST", "/staff/me/totp/confirm"),
    ("GET", "/staff/me/tokens"),
    ("POST", "/staff/me/tokens"),
    ("DELETE", "/staff/me/tokens/{id}"),
    ("GET", "/staff/cases"),
    ("POST", "/staff/cases/bulk"),
    ("GET", "/staff/cases/{code}"),
    ("GET", "/staff/cases/{code}/contact"),
    ("GET", "/staff/cases/{code}/attachments/{id}"),
    ("GET", "/staff/cases/{code}/assignees"),
    ("POST", "/staff/cases/{code}/notes"),
    ("POST", "/staff/cases/{code}/answer"),
    ("POST", "/staff/cases/{code}/status"),
    ("POST", "/staff/cases/{code}/assign"),
    ("POST", "/staff/cases/{code}/refer"),
    ("GET", "/staff/cases/{code}/templates"),
    ("GET", "/staff/templates"),
    ("POST", "/staff/templates"),
    ("PUT", "/staff/templates/{id}"),
    ("DELETE", "/staff/templates/{id}"),
    ("GET", "/staff/accounts"),
    ("POST", "/staff/accounts"),
    ("PUT", "/staff/accounts/{id}"),
    ("POST", "/staff/accounts/{id}/password"),
    ("DELETE", "/staff/accounts/{id}/totp"),
    ("GET", "/staff/holidays/{year}"),
    ("PUT", "/staff/holidays/{year}"),
    ("GET", "/staff/deadlines"),
    ("PUT", "/staff/deadlines"),
    ("GET", "/staff/settings"),
    ("PUT", "/staff/settings"),
    ("GET", "/staff/audit"),
    ("GET", "/staff/audit.csv"),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/session", post(session::sign_in).get(session::current).delete(session::sign_out))
        .route("/staff/session/everywhere", post(session::sign_out_everywhere))
        .route("/staff/oidc", get(oidc::info))
        .route("/staff/oidc/start", get(oidc::start))
        .route("/staff/oidc/callback", get(oidc::callback))
        .route("/staff/me/totp", post(session::totp_begin))
        .route("/staff/me/totp/confirm", post(session::totp_confirm))
        .route("/staff/me/tokens", get(tokens::list).post(tokens::create))
        .route("/staff/me/tokens/{id}", delete(tokens::revoke))
        .route("/staff/cases", get(cases::inbox))
        .route("/staff/cases/bulk", post(cases::bulk))
        .route("/staff/cases/{code}", get(cases::get))
        .route("/staff/cases/{code}/contact", get(cases::contact))
        .route("/staff/cases/{code}/attachments/{id}", get(cases::attachment))
        .route("/staff/cases/{code}/assignees", get(cases::assignees))
        .route("/staff/cases/{code}/notes", post(cases::add_note))
        .route("/staff/cases/{code}/answer", post(cases::answer))
        .route("/staff/cases/{code}/status", post(cases::status))
        .route("/staff/cases/{code}/assign", post(cases::assign))
        .route("/staff/cases/{code}/refer", post(cases::refer))
        .route("/staff/cases/{code}/templates", get(templates::for_case))
        .route("/staff/templates", get(templates::list).post(templates::create))
        .route("/staff/templates/{id}", put(templates::update).delete(templates::delete))
        .route("/staff/accounts", get(accounts::list).post(accounts::create))
        .route("/staff/accounts/{id}", put(accounts::update))
        .route("/staff/accounts/{id}/password", post(accounts::set_password))
        .route("/staff/accounts/{id}/totp", delete(accounts::reset_totp))
        .route("/staff/holidays/{year}", get(calendar::get_year).put(calendar::put_year))
        .route("/staff/deadlines", get(calendar::get_deadlines).put(calendar::put_deadlines))
        .route("/staff/settings", get(settings::get).put(settings::put))
        .route("/staff/audit", get(audit_log::list))
        .route("/staff/audit.csv", get(audit_log::csv))
        // A body over the limit is refused before anyone is asked who they are.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(crate::routes::MAX_BODY_BYTES))
}

//! Strong ETags for documents the app fetches on every visit (agency, FAQ).

use axum::{
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use base64::Engine;
use sha2::{Digest, Sha256};

pub fn of(body: &str) -> String {
    format!("\"{}\"", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&Sha256::digest(body.as_bytes())[..12]))
}

/// 304 when the client already has `body`, else `body` as JSON; always with the ETag and
/// `no-cache` (keep it, but ask before using it).
pub fn respond(headers: &HeaderMap, body: String) -> Response {
    let tag = of(&body);
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    res
}

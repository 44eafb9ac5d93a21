use crate::{problem::ApiError, state::AppState};
use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use base64::Engine;
use sha2::{Digest, Sha256};

/// `GET /agency`. The document rarely changes and every page needs it, so it carries an ETag
/// and a conditional request costs the citizen no body.
pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let id = state.agency_id.to_string();
    let doc: Option<String> = state
        .db
        .call(move |c| {
            match c.query_row("SELECT doc FROM agencies WHERE id = ?1", [&id], |r| r.get(0)) {
                Ok(d) => Ok(Some(d)),
                Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await?;
    let doc = doc.ok_or_else(|| ApiError::not_found("این میز هنوز به هیچ دستگاهی متصل نشده است"))?;
    let etag = format!(
        "\"{}\"",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&Sha256::digest(doc.as_bytes())[..12])
    );
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, "application/json")], doc).into_response()
    };
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Ok(res)
}

use crate::{problem::ApiError, routes::etag, state::AppState};
use axum::{extract::State, http::HeaderMap, response::Response};

/// `GET /agency`. The document rarely changes and every page needs it, so it carries an ETag
/// and a conditional request costs the citizen no body.
pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let id = state.agency_id.to_string();
    let doc: Option<String> = state
        .db
        .call(move |c| {
            match c.query_row("SELECT doc FROM agencies WHERE id = ?1", [&id], |r| r.get(0)) {
                Ok(d) => Ok(Some(d)),
                Err(crate::sql::Error::NoRows) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await?;
    let doc = doc.ok_or_else(|| ApiError::not_found("این میز هنوز به هیچ دستگاهی متصل نشده است"))?;
    Ok(etag::respond(&headers, doc))
}

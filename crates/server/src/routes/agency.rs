use crate::{problem::ApiError, routes::etag, state::AppState};
use axum::{extract::State, http::HeaderMap, response::Response};

/// `GET /agency`. The document rarely changes and every page needs it, so it carries an ETag
/// and a conditional request costs the citizen no body.
pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let id = state.agency_id.to_string();
    let doc = state.db.call(move |c| crate::cases_store::agency_doc(c, &id)).await?;
    let doc = doc.ok_or_else(|| ApiError::not_found("این میز هنوز به هیچ دستگاهی متصل نشده است"))?;
    Ok(etag::respond(&headers, doc))
}

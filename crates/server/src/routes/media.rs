use crate::{demo, problem::ApiError};
use axum::{
    extract::Path,
    http::header,
    response::{IntoResponse, Response},
};

/// `GET /media/{name}`: the images agency documents point to (logos).
pub async fn get(Path(name): Path<String>) -> Result<Response, ApiError> {
    let (mime, bytes) = demo::media(&name).ok_or_else(|| ApiError::not_found("چنین تصویری وجود ندارد"))?;
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=86400"),
            // An SVG opened directly must not run anything.
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
        ],
        bytes,
    )
        .into_response())
}

//! File uploads with progress: `fetch` cannot report upload progress, so this uses
//! XMLHttpRequest, wrapped in a future.

use crate::api::{decode, ApiError, Fetched};
use miz_core::json::FromJson;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Debug, FromJson)]
pub struct Uploaded {
    pub id: String,
    pub name: String,
    pub size: u64,
}

/// Uploads `file` to `url` as multipart field `file`, calling `progress` with 0.0–1.0.
pub async fn upload(url: &str, file: &web_sys::File, progress: impl Fn(f64) + 'static) -> Result<Uploaded, ApiError> {
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    xhr.open("POST", url).map_err(|_| ApiError::Network)?;
    let _ = xhr.set_request_header("Accept", "application/json, application/problem+json");
    let form = web_sys::FormData::new().map_err(|_| ApiError::Network)?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::Network)?;
    let on_progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress(e.loaded() / e.total());
        }
    });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
    });
    xhr.set_timeout(120_000);
    xhr.send_with_opt_form_data(Some(&form)).map_err(|_| ApiError::Network)?;
    let result = JsFuture::from(done).await;
    drop(on_progress);
    result.map_err(|_: JsValue| ApiError::Network)?;
    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Err(ApiError::Network);
    }
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    let retry_after = xhr.get_response_header("Retry-After").ok().flatten().and_then(|v| v.trim().parse().ok());
    decode(Fetched { status, text, retry_after })
}

//! `POST /uploads`: one file per request, multipart, checked by its whole content (not its
//! name or the type the browser claims; see `upload_check`), within the size limit; linked to a
//! case when the case is sent.

use crate::{
    problem::ApiError,
    upload_check,
    ratelimit::Action,
    routes::cases::too_many,
    state::AppState,
};
use axum::{
    extract::{Multipart, State},
    http::StatusCode,
    Json,
};
use miz_core::{
    cases::CaseLimits,
    problem::{types, FieldError, Problem},
};
use serde::Serialize;

#[derive(Serialize)]
pub struct Uploaded {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub content_type: String,
}

fn field_problem(status: u16, kind: &str, title: &str, message: String) -> ApiError {
    let mut p = Problem::new(kind, status, title);
    p.errors = vec![FieldError { field: "file".into(), message }];
    ApiError::new(p)
}

pub async fn create(
    State(state): State<AppState>,
    crate::client::Client(client): crate::client::Client,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<Uploaded>), ApiError> {
    state.limiter.hit(client, Action::Write).map_err(too_many)?;
    let limits = CaseLimits::default();
    let mb = |b: u64| miz_core::digits::to_persian_digits(&(b / (1024 * 1024)).to_string());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if crate::problem::sent_too_slowly(&e) => return Err(crate::problem::too_slow()),
            Err(e) => {
                let status = e.status().as_u16();
                if status == 413 {
                    return Err(field_problem(
                        413,
                        types::TOO_LARGE,
                        "پرونده بزرگ‌تر از حد مجاز است",
                        format!("حجم هر پیوست حداکثر {} مگابایت است", mb(limits.upload_max_bytes)),
                    ));
                }
                return Err(ApiError::new(Problem::new(types::BAD_REQUEST, 400, "بدنه درخواست multipart معتبر نیست").with_detail(e.body_text())));
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let sent_name = field.file_name().unwrap_or("file").to_owned();
        let data = match field.bytes().await {
            Ok(d) => d,
            Err(e) if crate::problem::sent_too_slowly(&e) => return Err(crate::problem::too_slow()),
            Err(e) if e.status().as_u16() == 413 => {
                return Err(field_problem(
                    413,
                    types::TOO_LARGE,
                    "پرونده بزرگ‌تر از حد مجاز است",
                    format!("حجم هر پیوست حداکثر {} مگابایت است", mb(limits.upload_max_bytes)),
                ))
            }
            Err(e) => return Err(ApiError::new(Problem::new(types::BAD_REQUEST, 400, "پرونده کامل نرسید").with_detail(e.body_text()))),
        };
        if data.len() as u64 > limits.upload_max_bytes {
            return Err(field_problem(
                413,
                types::TOO_LARGE,
                "پرونده بزرگ‌تر از حد مجاز است",
                format!("حجم هر پیوست حداکثر {} مگابایت است", mb(limits.upload_max_bytes)),
            ));
        }
        if data.is_empty() {
            return Err(field_problem(422, types::VALIDATION, "پرونده خالی است", "پرونده‌ای که انتخاب کردید خالی است".into()));
        }
        // Read whole, photos decoded and encoded again: off the async workers.
        let checked = tokio::task::spawn_blocking(move || upload_check::check(&data))
            .await
            .map_err(|_| ApiError::internal("upload check stopped"))?;
        let accepted = match checked {
            Ok(a) => a,
            Err(why @ upload_check::Refused::Type) => {
                return Err(field_problem(415, types::UNSUPPORTED_MEDIA_TYPE, "نوع پرونده پذیرفته نیست", why.message_fa()))
            }
            Err(why) => return Err(field_problem(422, types::VALIDATION, "این پرونده پذیرفته نیست", why.message_fa())),
        };
        let name = upload_check::stored_name(&sent_name, accepted.extension);
        let id = crate::random::id();
        let (i, n, size, content_type) = (id.clone(), name.clone(), accepted.data.len() as u64, accepted.content_type);
        let bytes = accepted.data;
        let agency = state.agency_id.to_string();
        state.db.call(move |c| crate::cases_store::store_upload(c, &agency, &i, &n, content_type, &bytes)).await?;
        return Ok((StatusCode::CREATED, Json(Uploaded { id, name, size, content_type: content_type.into() })));
    }
    Err(field_problem(422, types::VALIDATION, "پرونده‌ای فرستاده نشد", "یک پرونده در بخش «file» بفرستید".into()))
}

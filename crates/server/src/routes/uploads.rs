//! `POST /uploads`: one file per request, multipart, checked by its content (not its name or
//! the type the browser claims), within the size limit; linked to a case when the case is sent.

use crate::{
    problem::ApiError,
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

/// The type a file really is, from its first bytes.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

fn field_problem(status: u16, kind: &str, title: &str, message: String) -> ApiError {
    let mut p = Problem::new(kind, status, title);
    p.errors = vec![FieldError { field: "file".into(), message }];
    ApiError(p)
}

/// The part of a file name worth keeping: no path, no control characters, at most 120 chars.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() { "file".into() } else { cleaned }
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
                return Err(ApiError(Problem::new(types::BAD_REQUEST, 400, "بدنه درخواست multipart معتبر نیست").with_detail(e.body_text())));
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = clean_name(field.file_name().unwrap_or("file"));
        let data = match field.bytes().await {
            Ok(d) => d,
            Err(e) if e.status().as_u16() == 413 => {
                return Err(field_problem(
                    413,
                    types::TOO_LARGE,
                    "پرونده بزرگ‌تر از حد مجاز است",
                    format!("حجم هر پیوست حداکثر {} مگابایت است", mb(limits.upload_max_bytes)),
                ))
            }
            Err(e) => return Err(ApiError(Problem::new(types::BAD_REQUEST, 400, "پرونده کامل نرسید").with_detail(e.body_text()))),
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
        let Some(content_type) = sniff(&data) else {
            return Err(field_problem(
                415,
                types::UNSUPPORTED_MEDIA_TYPE,
                "نوع پرونده پذیرفته نیست",
                "فقط عکس JPEG یا PNG و سند PDF پذیرفته می‌شود (محتوای این پرونده هیچ‌کدام نیست)".into(),
            ));
        };
        let id = crate::random::id();
        let (i, n, size) = (id.clone(), name.clone(), data.len() as u64);
        state
            .db
            .call(move |c| {
                c.execute(
                    "INSERT INTO uploads (id, name, content_type, size, data) VALUES (?1, ?2, ?3, ?4, ?5)",
                    (&i, &n, content_type, size as i64, &data[..]),
                )
            })
            .await?;
        return Ok((StatusCode::CREATED, Json(Uploaded { id, name, size, content_type: content_type.into() })));
    }
    Err(field_problem(422, types::VALIDATION, "پرونده‌ای فرستاده نشد", "یک پرونده در بخش «file» بفرستید".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(sniff(b"MZ\x90\x00"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_lose_paths_and_controls() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\x\\عکس.jpg"), "عکس.jpg");
        assert_eq!(clean_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(clean_name(""), "file");
    }
}

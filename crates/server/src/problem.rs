//! Every API error leaves as RFC 9457 problem+json with a Persian title, including the ones
//! axum produces itself (unknown method, unreadable body, body too large): `normalize` rewrites
//! those on the way out, so a client never has to parse plain-text errors.

use axum::{
    body::Body,
    http::{header, HeaderValue, Response, StatusCode},
    response::IntoResponse,
};
use http_body_util::BodyExt;
use miz_core::problem::{types, Problem, CONTENT_TYPE};

/// How long a client is asked to wait after a 503: long enough for an operator to free disk.
pub const UNAVAILABLE_RETRY_SECONDS: u64 = 30;

/// An error a handler returns; becomes problem+json.
#[derive(Debug)]
pub struct ApiError {
    pub problem: Problem,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(problem: Problem) -> ApiError {
        ApiError { problem, retry_after: None }
    }

    /// Adds `Retry-After` (seconds) to the response.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// 422 naming each field to correct, under the title a citizen's form shows above them.
    pub fn fields(errors: Vec<miz_core::problem::FieldError>) -> Self {
        let mut p = Problem::new(types::VALIDATION, 422, "لطفاً موارد مشخص‌شده را اصلاح کنید");
        p.errors = errors;
        ApiError::new(p)
    }

    /// 422 for one query parameter out of range.
    pub fn bad_param(field: &str, message: &str) -> Self {
        let mut p = Problem::new(types::VALIDATION, 422, "پارامترهای درخواست معتبر نیستند");
        p.errors = vec![miz_core::problem::FieldError { field: field.into(), message: message.into() }];
        ApiError::new(p)
    }

    pub fn not_found(what: &str) -> Self {
        ApiError::new(Problem::new(types::NOT_FOUND, 404, "پیدا نشد").with_detail(what.to_owned()))
    }

    /// 503: storage trouble that passes (disk full, read-only, locked). Nothing was stored,
    /// so the client keeps what it sent and tries again after `Retry-After`.
    pub fn unavailable(detail: impl std::fmt::Display) -> Self {
        tracing::error!("storage unavailable: {detail}");
        ApiError::new(Problem::new(types::UNAVAILABLE, 503, "سامانه موقتاً شلوغ است؛ چیزی ذخیره نشد، لطفاً کمی بعد دوباره تلاش کنید"))
            .with_retry_after(UNAVAILABLE_RETRY_SECONDS)
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {detail}");
        // The detail is logged, not sent: it may name files or queries.
        ApiError::new(Problem::new(types::INTERNAL, 500, "خطای داخلی سرور؛ لطفاً کمی بعد دوباره تلاش کنید"))
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> Self {
        if e.is_unavailable() {
            ApiError::unavailable(e)
        } else {
            ApiError::internal(e)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        let mut res = problem_response(&self.problem);
        if let Some(s) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        res
    }
}

pub fn problem_response(p: &Problem) -> axum::response::Response {
    let status = StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(p).unwrap_or_default();
    let mut res = (status, body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    res
}

/// The Persian title and stable type for a status axum or tower produced on its own.
fn describe(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => (types::BAD_REQUEST, "درخواست نامعتبر است"),
        401 => (types::UNAUTHORIZED, "برای این کار باید توکن مدیریت را بفرستید"),
        403 => (types::FORBIDDEN, "اجازه این کار را ندارید"),
        404 => (types::NOT_FOUND, "چنین نشانی‌ای در API وجود ندارد"),
        405 => (types::METHOD_NOT_ALLOWED, "این نوع درخواست برای این نشانی پشتیبانی نمی‌شود"),
        409 => (types::CONFLICT, "این کار با وضعیت کنونی ممکن نیست"),
        413 => (types::TOO_LARGE, "حجم درخواست بیش از حد مجاز است"),
        415 => (types::UNSUPPORTED_MEDIA_TYPE, "نوع محتوای درخواست پشتیبانی نمی‌شود؛ JSON بفرستید"),
        422 => (types::VALIDATION, "داده‌های درخواست معتبر نیستند"),
        429 => (types::RATE_LIMITED, "تعداد درخواست‌ها بیش از حد مجاز است؛ کمی بعد دوباره تلاش کنید"),
        503 => (types::UNAVAILABLE, "سامانه موقتاً شلوغ است؛ لطفاً کمی بعد دوباره تلاش کنید"),
        s if s >= 500 => (types::INTERNAL, "خطای داخلی سرور؛ لطفاً کمی بعد دوباره تلاش کنید"),
        _ => ("about:blank", "درخواست انجام نشد"),
    }
}

/// Middleware body: turns any error response that is not already problem+json into one,
/// keeping the original text as `detail` (axum's rejection messages are precise).
pub async fn normalize(res: Response<Body>) -> Response<Body> {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let ctype = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    // Already a problem, or a page written for people (the "app not built" page).
    if ctype.starts_with(CONTENT_TYPE) || ctype.starts_with("text/html") {
        return res;
    }
    let (parts, body) = res.into_parts();
    // Error bodies from axum are short; cap what we read so a huge one cannot hurt us.
    let detail = match http_body_util::Limited::new(body, 4096).collect().await {
        Ok(b) => String::from_utf8_lossy(&b.to_bytes()).trim().to_owned(),
        Err(_) => String::new(),
    };
    let (kind, title) = describe(status);
    let mut problem = Problem::new(kind, status.as_u16(), title);
    if !detail.is_empty() && status.as_u16() < 500 {
        problem = problem.with_detail(detail);
    }
    let mut out = problem_response(&problem);
    // Keep headers that matter to the client (Allow on 405, Retry-After on 429).
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = parts.headers.get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

/// For `CatchPanicLayer`: a bug answers one request with a problem, and the server lives on.
pub fn from_panic(_err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("a handler panicked");
    problem_response(&Problem::new(types::INTERNAL, 500, describe(StatusCode::INTERNAL_SERVER_ERROR).1))
}

/// A JSON body axum could not read, as a problem with a Persian title and axum's precise
/// reason as the detail.
/// Whether a failed body read was the connection cut for sending too slowly
/// (`listen::Watched`), somewhere down the error's sources.
pub fn sent_too_slowly(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if err.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut) {
            return true;
        }
        cur = err.source();
    }
    false
}

/// 408 for a body that stopped arriving: the citizen's network, not their file or form.
pub fn too_slow() -> ApiError {
    ApiError::new(
        Problem::new(types::BAD_REQUEST, 408, "درخواست کامل نرسید؛ اتصال بیش از حد کند بود")
            .with_detail("دوباره بفرستید؛ اگر اینترنت ضعیف است، کمی بعد یا از شبکه دیگری امتحان کنید."),
    )
}

/// A request's JSON body. A body that is not the JSON expected is answered with the project's
/// problem document (415, 400, 422, 413 or 408, with a Persian title) before the handler
/// runs, like every other error: handlers take `JsonBody(x): JsonBody<T>`.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct JsonBody<T>(pub T);

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        json_rejection(r)
    }
}

fn json_rejection(r: axum::extract::rejection::JsonRejection) -> ApiError {
    use axum::extract::rejection::JsonRejection as J;
    if sent_too_slowly(&r) {
        return too_slow();
    }
    let (status, kind, title) = match &r {
        J::MissingJsonContentType(_) => (415, types::UNSUPPORTED_MEDIA_TYPE, "نوع محتوای درخواست باید application/json باشد"),
        J::JsonSyntaxError(_) => (400, types::BAD_REQUEST, "بدنه درخواست JSON معتبر نیست"),
        J::JsonDataError(_) => (422, types::VALIDATION, "داده‌های درخواست معتبر نیستند"),
        _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => (413, types::TOO_LARGE, "حجم درخواست بیش از حد مجاز است"),
        _ => (400, types::BAD_REQUEST, "درخواست نامعتبر است"),
    };
    ApiError::new(Problem::new(kind, status, title).with_detail(r.body_text()))
}

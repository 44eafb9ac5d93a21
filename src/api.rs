//! The only module that speaks HTTP. Routes ask for typed data; this module knows the URLs,
//! the timeouts, and how errors arrive (RFC 9457 problem+json).

use miz_core::{
    api::{headers, Agency, FaqDoc, FaqFeedback, FeedbackTotals},
    cases::{CaseReceipt, CaseTypes, CaseView, NewCase, Objection},
    drafts::{Comment, CommentList, Draft, DraftList, NewComment},
    problem::Problem,
};
use miz_core::json::FromJson;
use serde::Serialize;
use wasm_bindgen::{closure::Closure, JsCast};
use wasm_bindgen_futures::JsFuture;

/// A slow mobile link can take a while, but a request that hangs forever leaves the citizen
/// staring at a spinner; after this long we say so and offer a retry.
const TIMEOUT_MS: i32 = 20_000;

pub use crate::ui::error::ApiError;

#[derive(Clone)]
pub struct Api {
    base: String,
}

impl Api {
    pub fn new(base: String) -> Self {
        Api { base }
    }

    /// The API's base URL, ending in `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    pub async fn agency(&self) -> Result<Agency, ApiError> {
        let url = format!("{}agency", self.base);
        if let Some((200, text)) = crate::boot::take("agency", &url).await {
            return decode(Fetched { status: 200, text, retry_after: None });
        }
        self.get_json("agency").await
    }

    pub async fn faq(&self) -> Result<FaqDoc, ApiError> {
        self.get_json("faq").await
    }

    pub async fn faq_feedback(&self, id: &str, feedback: &FaqFeedback) -> Result<FeedbackTotals, ApiError> {
        self.send_json("POST", &format!("faq/{}/feedback", encode_segment(id)), feedback, &[]).await
    }

    pub async fn reports(&self) -> Result<miz_core::reports::Report, ApiError> {
        self.get_json("reports").await
    }

    pub async fn services(&self) -> Result<miz_core::services::ServiceList, ApiError> {
        self.get_json("services").await
    }

    pub async fn service(&self, id: &str) -> Result<miz_core::services::Service, ApiError> {
        self.get_json(&format!("services/{}", encode_segment(id))).await
    }

    pub async fn rate_service(&self, id: &str, rating: &miz_core::services::NewRating) -> Result<miz_core::services::RatingReceipt, ApiError> {
        self.send_json("POST", &format!("services/{}/feedback", encode_segment(id)), rating, &[]).await
    }

    pub async fn case_types(&self) -> Result<CaseTypes, ApiError> {
        self.get_json("case-types").await
    }

    /// Sends a case. The same `idempotency_key` on a retry returns the first answer, so a
    /// retried submit never makes a second case.
    pub async fn create_case(&self, case: &NewCase, idempotency_key: &str) -> Result<CaseReceipt, ApiError> {
        self.send_json("POST", "cases", case, &[(headers::IDEMPOTENCY_KEY, idempotency_key)]).await
    }

    pub async fn case(&self, code: &str, factor: &SecondFactor) -> Result<CaseView, ApiError> {
        let url = format!("{}cases/{}", self.base, encode_segment(code));
        let passes = crate::case_passes::all();
        decode(fetch("GET", &url, None, &factor.headers(&passes)).await?)
    }

    pub async fn object(&self, code: &str, factor: &SecondFactor, reason: &str) -> Result<CaseView, ApiError> {
        let path = format!("cases/{}/objection", encode_segment(code));
        let passes = crate::case_passes::all();
        self.send_json("POST", &path, &Objection { reason: reason.to_owned() }, &factor.headers(&passes)).await
    }

    /// `query` is already a query string (`state=open&q=…`).
    pub async fn drafts(&self, query: &str) -> Result<DraftList, ApiError> {
        self.get_json(&format!("drafts?{query}")).await
    }

    pub async fn draft(&self, id: &str) -> Result<Draft, ApiError> {
        self.get_json(&format!("drafts/{}", encode_segment(id))).await
    }

    pub async fn draft_version(&self, id: &str, n: u32) -> Result<Draft, ApiError> {
        self.get_json(&format!("drafts/{}/versions/{n}", encode_segment(id))).await
    }

    /// Every comment of a draft, page by page (the API pages at most 50 at a time).
    pub async fn comments(&self, id: &str, client_id: &str) -> Result<CommentList, ApiError> {
        const PER_PAGE: u32 = 50;
        // A bound, so a misbehaving backend cannot keep us paging forever (10,000 comments).
        const MAX_PAGES: u32 = 200;
        let path = |page: u32| {
            format!("drafts/{}/comments?per_page={PER_PAGE}&page={page}&client_id={}", encode_segment(id), encode_segment(client_id))
        };
        let mut all: CommentList = self.get_json(&path(1)).await?;
        let pages = all.total.div_ceil(PER_PAGE).min(MAX_PAGES);
        // The rest in parallel, a few at a time: a browser opens about six connections per
        // host, and on a slow link the round trips, not the bytes, are what the citizen waits for.
        let rest: Vec<u32> = (2..=pages).collect();
        for batch in rest.chunks(6) {
            let paths: Vec<String> = batch.iter().map(|&p| path(p)).collect();
            let got = futures::future::join_all(paths.iter().map(|p| self.get_json::<CommentList>(p))).await;
            for page in got {
                all.items.extend(page?.items);
            }
        }
        Ok(all)
    }

    pub async fn post_comment(&self, id: &str, c: &NewComment, key: &str) -> Result<Comment, ApiError> {
        self.send_json("POST", &format!("drafts/{}/comments", encode_segment(id)), c, &[(headers::IDEMPOTENCY_KEY, key)]).await
    }

    pub async fn support(&self, comment: &str, client_id: &str) -> Result<Supported, ApiError> {
        #[derive(Serialize)]
        struct Support<'a> {
            client_id: &'a str,
        }
        self.send_json("POST", &format!("comments/{}/support", encode_segment(comment)), &Support { client_id }, &[]).await
    }

    pub fn uploads_url(&self) -> String {
        format!("{}uploads", self.base)
    }

    /// Resolves a URL the API gave us (e.g. a logo) against the API base.
    pub fn url(&self, rel: &str) -> String {
        resolve(rel, &self.base).unwrap_or_else(|| rel.to_owned())
    }

    async fn get_json<T: FromJson>(&self, path: &str) -> Result<T, ApiError> {
        let url = format!("{}{}", self.base, path);
        // Anything but a 200 is asked again, for its Retry-After and a fresh answer.
        if let Some((200, text)) = crate::boot::take_get(path, &url).await {
            return decode(Fetched { status: 200, text, retry_after: None });
        }
        decode(fetch("GET", &url, None, &[]).await?)
    }

    async fn send_json<B: Serialize, T: FromJson>(
        &self,
        method: &str,
        path: &str,
        body: &B,
        headers: &[(&str, &str)],
    ) -> Result<T, ApiError> {
        let url = format!("{}{}", self.base, path);
        let body = serde_json::to_string(body).map_err(|_| ApiError::Decode)?;
        decode(fetch(method, &url, Some(&body), headers).await?)
    }
}

/// The answer to supporting a comment: its new count (an API may leave it out).
#[derive(FromJson)]
pub struct Supported {
    pub support_count: Option<u32>,
}

/// The second factor of a tracking look-up.
#[derive(Clone, Debug, PartialEq)]
pub enum SecondFactor {
    /// ASCII digits, already normalised.
    Mobile(String),
    AccessKey(String),
}

impl SecondFactor {
    /// The factor's header, and the device's case passes when it has any (only an API that
    /// gives passes ever sees one, so another API's CORS rules are not asked to allow it).
    fn headers<'a>(&'a self, passes: &'a str) -> Vec<(&'static str, &'a str)> {
        let mut h = vec![self.header()];
        if !passes.is_empty() {
            h.push((headers::CASE_PASS, passes));
        }
        h
    }

    fn header(&self) -> (&'static str, &str) {
        match self {
            SecondFactor::Mobile(m) => (headers::CASE_MOBILE, m),
            SecondFactor::AccessKey(k) => (headers::CASE_KEY, k),
        }
    }
}

/// A path segment with everything but unreserved characters percent-encoded.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn decode<T: FromJson>(fetched: Fetched) -> Result<T, ApiError> {
    let text = success(fetched)?;
    miz_core::json::from_str(&text).map_err(|_| ApiError::Decode)
}

/// The body of a successful answer, or the error an unsuccessful one means. Apart from
/// `decode`, which is compiled once per type it reads, so that this is not.
#[inline(never)]
fn success(Fetched { status, text, retry_after }: Fetched) -> Result<String, ApiError> {
    if status == 429 {
        return Err(ApiError::RateLimited(retry_after));
    }
    if status == 503 {
        return Err(ApiError::Busy(retry_after));
    }
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(match miz_core::json::from_str::<Problem>(&text) {
            Ok(p) => ApiError::Problem(p),
            Err(_) => ApiError::Status(status),
        })
    }
}

/// `rel` resolved against `base`, as the browser's URL parser does it.
pub fn resolve(rel: &str, base: &str) -> Option<String> {
    web_sys::Url::new_with_base(rel, base).ok().map(|u| u.href())
}

/// GET `url`, returning the status and the body text, or `Network` when nothing came back.
pub async fn fetch_text(url: &str) -> Result<(u16, String), ApiError> {
    fetch("GET", url, None, &[]).await.map(|f| (f.status, f.text))
}

/// What came back: status, body and, on 429 and 503, how long to wait.
pub struct Fetched {
    pub status: u16,
    pub text: String,
    pub retry_after: Option<u64>,
}

async fn fetch(method: &str, url: &str, json_body: Option<&str>, extra: &[(&str, &str)]) -> Result<Fetched, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("Accept", "application/json, application/problem+json");
        if json_body.is_some() {
            let _ = headers.set("Content-Type", "application/json");
        }
        for (k, v) in extra {
            let _ = headers.set(k, v);
        }
        init.set_headers(&headers);
    }
    if let Some(b) = json_body {
        init.set_body(&wasm_bindgen::JsValue::from_str(b));
    }
    let controller = web_sys::AbortController::new().ok();
    let timer = controller.as_ref().and_then(|c| {
        init.set_signal(Some(&c.signal()));
        let c = c.clone();
        let abort = Closure::once_into_js(move || c.abort());
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS)
            .ok()
    });
    let result = async {
        let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(|_| ApiError::Network)?;
        let resp: web_sys::Response = resp.dyn_into().map_err(|_| ApiError::Network)?;
        let status = resp.status();
        let retry_after = resp.headers().get("Retry-After").ok().flatten().and_then(|v| v.trim().parse().ok());
        if let Some(pass) = resp.headers().get(headers::CASE_PASS).ok().flatten() {
            crate::case_passes::keep(&pass);
        }
        let text = JsFuture::from(resp.text().map_err(|_| ApiError::Network)?)
            .await
            .map_err(|_| ApiError::Network)?
            .as_string()
            .unwrap_or_default();
        Ok(Fetched { status, text, retry_after })
    }
    .await;
    if let Some(t) = timer {
        window.clear_timeout_with_handle(t);
    }
    result
}

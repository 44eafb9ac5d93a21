//! The staff API over `fetch`: the session cookie goes with every request (same origin), and
//! every state-changing request carries the session's CSRF token. Answers are read as the
//! citizen desk reads them (`ui::error::ApiError`).

use crate::{session::Session, ui::error::ApiError};
use miz_core::{
    problem::Problem,
    staff::api::{
        AnswerInput, AssignInput, CodeInput, Contact, InboxPage, Me, Note, NoteInput, ReferInput, SignIn, StaffCase, StaffRef, StatusInput,
        TotpEnrolment,
    },
};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A request with no answer after this long is given up (and said so).
const TIMEOUT_MS: i32 = 20_000;

pub struct Fetched {
    pub status: u16,
    pub text: String,
    pub retry_after: Option<u64>,
}

/// A 401 means the session ended: the app goes back to the sign-in page.
pub fn decode<T: DeserializeOwned>(f: Fetched) -> Result<T, ApiError> {
    if f.status == 429 {
        return Err(ApiError::RateLimited(f.retry_after));
    }
    if f.status == 503 {
        return Err(ApiError::Busy(f.retry_after));
    }
    if (200..300).contains(&f.status) {
        let text = if f.text.is_empty() { "null" } else { f.text.as_str() };
        serde_json::from_str(text).map_err(|_| ApiError::Decode)
    } else {
        Err(match serde_json::from_str::<Problem>(&f.text) {
            Ok(p) => ApiError::Problem(p),
            Err(_) => ApiError::Status(f.status),
        })
    }
}

pub async fn fetch(method: &str, url: &str, body: Option<&str>, csrf: Option<&str>) -> Result<Fetched, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("Accept", "application/json, application/problem+json");
        if body.is_some() {
            let _ = headers.set("Content-Type", "application/json");
        }
        if let Some(t) = csrf.filter(|t| !t.is_empty()) {
            let _ = headers.set("X-CSRF-Token", t);
        }
        init.set_headers(&headers);
    }
    if let Some(b) = body {
        init.set_body(&wasm_bindgen::JsValue::from_str(b));
    }
    let controller = web_sys::AbortController::new().ok();
    let timer = controller.as_ref().and_then(|c| {
        init.set_signal(Some(&c.signal()));
        let c = c.clone();
        let abort = wasm_bindgen::closure::Closure::once_into_js(move || c.abort());
        window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS).ok()
    });
    let result = async {
        let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|_| ApiError::Network)?;
        let resp: web_sys::Response = resp.dyn_into().map_err(|_| ApiError::Network)?;
        let status = resp.status();
        let retry_after = resp.headers().get("Retry-After").ok().flatten().and_then(|v| v.trim().parse().ok());
        let text = JsFuture::from(resp.text().map_err(|_| ApiError::Network)?).await.map_err(|_| ApiError::Network)?.as_string().unwrap_or_default();
        Ok(Fetched { status, text, retry_after })
    }
    .await;
    if let Some(t) = timer {
        window.clear_timeout_with_handle(t);
    }
    result
}

/// A path segment with everything but unreserved characters percent-encoded.
pub fn encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[derive(Clone)]
pub struct Api {
    base: String,
    session: Session,
}

impl Api {
    pub fn new(base: String, session: Session) -> Api {
        Api { base, session }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.session.seen(decode(fetch("GET", &self.url(path), None, None).await?))
    }

    async fn send<B: Serialize, T: DeserializeOwned>(&self, method: &str, path: &str, body: Option<&B>) -> Result<T, ApiError> {
        let body = body.map(|b| serde_json::to_string(b)).transpose().map_err(|_| ApiError::Decode)?;
        let csrf = self.session.csrf();
        self.session.seen(decode(fetch(method, &self.url(path), body.as_deref(), Some(&csrf)).await?))
    }

    pub async fn me(&self) -> Result<Me, ApiError> {
        decode(fetch("GET", &self.url("staff/session"), None, None).await?)
    }

    /// Whether the agency's identity provider is offered, and the button's words.
    pub async fn sso(&self) -> Result<serde_json::Value, ApiError> {
        decode(fetch("GET", &self.url("staff/oidc"), None, None).await?)
    }

    pub async fn sign_in(&self, input: &SignIn) -> Result<Me, ApiError> {
        let body = serde_json::to_string(input).map_err(|_| ApiError::Decode)?;
        decode(fetch("POST", &self.url("staff/session"), Some(&body), None).await?)
    }

    pub async fn sign_out(&self) -> Result<(), ApiError> {
        self.send::<(), ()>("DELETE", "staff/session", None).await
    }

    pub async fn sign_out_everywhere(&self) -> Result<serde_json::Value, ApiError> {
        self.send::<(), _>("POST", "staff/session/everywhere", None).await
    }

    pub async fn totp_begin(&self) -> Result<TotpEnrolment, ApiError> {
        self.send::<(), _>("POST", "staff/me/totp", None).await
    }

    pub async fn totp_confirm(&self, code: &str) -> Result<(), ApiError> {
        self.send("POST", "staff/me/totp/confirm", Some(&CodeInput { code: code.to_owned() })).await
    }

    pub async fn tokens(&self) -> Result<Vec<miz_core::staff::api::ApiToken>, ApiError> {
        self.get("staff/me/tokens").await
    }

    pub async fn create_token(&self, name: &str) -> Result<miz_core::staff::api::NewToken, ApiError> {
        self.send("POST", "staff/me/tokens", Some(&miz_core::staff::api::TokenInput { name: name.to_owned() })).await
    }

    pub async fn revoke_token(&self, id: i64) -> Result<(), ApiError> {
        self.send::<(), ()>("DELETE", &format!("staff/me/tokens/{id}"), None).await
    }

    /// `query`: the inbox's query string, already encoded.
    pub async fn inbox(&self, query: &str) -> Result<InboxPage, ApiError> {
        self.get(&format!("staff/cases?{query}")).await
    }

    pub async fn case(&self, code: &str) -> Result<StaffCase, ApiError> {
        self.get(&format!("staff/cases/{}", encode(code))).await
    }

    pub async fn contact(&self, code: &str) -> Result<Contact, ApiError> {
        self.get(&format!("staff/cases/{}/contact", encode(code))).await
    }

    pub async fn assignees(&self, code: &str) -> Result<Vec<StaffRef>, ApiError> {
        self.get(&format!("staff/cases/{}/assignees", encode(code))).await
    }

    pub async fn add_note(&self, code: &str, text: &str) -> Result<Note, ApiError> {
        self.send("POST", &format!("staff/cases/{}/notes", encode(code)), Some(&NoteInput { text: text.to_owned() })).await
    }

    pub async fn answer(&self, code: &str, input: &AnswerInput) -> Result<StaffCase, ApiError> {
        self.send("POST", &format!("staff/cases/{}/answer", encode(code)), Some(input)).await
    }

    pub async fn set_status(&self, code: &str, input: &StatusInput) -> Result<StaffCase, ApiError> {
        self.send("POST", &format!("staff/cases/{}/status", encode(code)), Some(input)).await
    }

    pub async fn assign(&self, code: &str, input: &AssignInput) -> Result<StaffCase, ApiError> {
        self.send("POST", &format!("staff/cases/{}/assign", encode(code)), Some(input)).await
    }

    pub async fn refer(&self, code: &str, input: &ReferInput) -> Result<StaffCase, ApiError> {
        self.send("POST", &format!("staff/cases/{}/refer", encode(code)), Some(input)).await
    }

    pub async fn case_templates(&self, code: &str) -> Result<Vec<miz_core::staff::templates::FilledTemplate>, ApiError> {
        self.get(&format!("staff/cases/{}/templates", encode(code))).await
    }

    pub async fn templates(&self) -> Result<Vec<miz_core::staff::templates::Template>, ApiError> {
        self.get("staff/templates").await
    }

    pub async fn bulk(&self, body: &serde_json::Value) -> Result<serde_json::Value, ApiError> {
        self.send("POST", "staff/cases/bulk", Some(body)).await
    }

    pub async fn accounts(&self) -> Result<Vec<serde_json::Value>, ApiError> {
        self.get("staff/accounts").await
    }

    pub async fn create_account(&self, body: &serde_json::Value) -> Result<serde_json::Value, ApiError> {
        self.send("POST", "staff/accounts", Some(body)).await
    }

    pub async fn update_account(&self, id: i64, body: &serde_json::Value) -> Result<serde_json::Value, ApiError> {
        self.send("PUT", &format!("staff/accounts/{id}"), Some(body)).await
    }

    pub async fn audit(&self, query: &str) -> Result<serde_json::Value, ApiError> {
        self.get(&format!("staff/audit?{query}")).await
    }

    pub async fn holidays(&self, year: i64) -> Result<serde_json::Value, ApiError> {
        self.get(&format!("staff/holidays/{year}")).await
    }

    pub async fn put_holidays(&self, year: i64, text: &str) -> Result<serde_json::Value, ApiError> {
        self.send("PUT", &format!("staff/holidays/{year}"), Some(&serde_json::json!({ "text": text }))).await
    }
}

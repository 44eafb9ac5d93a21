//! RFC 9457 problem details: the one shape every API error takes.

use crate::json::FromJson;
use serde::{Deserialize, Serialize};

pub const CONTENT_TYPE: &str = "application/problem+json";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Problem {
    /// A stable identifier the app can branch on, e.g. `https://miz.ir/problems/not-found`.
    #[serde(rename = "type", default = "about_blank")]
    pub kind: String,
    /// Short, human, in Persian.
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Per-field messages, so the app can put each next to its field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct FieldError {
    /// A JSON pointer or a field name, e.g. `body` or `/anchor/quote`.
    pub field: String,
    pub message: String,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

/// The stable problem types the reference server uses.
pub mod types {
    pub const NOT_FOUND: &str = "https://miz.ir/problems/not-found";
    pub const METHOD_NOT_ALLOWED: &str = "https://miz.ir/problems/method-not-allowed";
    pub const BAD_REQUEST: &str = "https://miz.ir/problems/bad-request";
    pub const VALIDATION: &str = "https://miz.ir/problems/validation";
    pub const TOO_LARGE: &str = "https://miz.ir/problems/payload-too-large";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "https://miz.ir/problems/unsupported-media-type";
    pub const UNAUTHORIZED: &str = "https://miz.ir/problems/unauthorized";
    pub const FORBIDDEN: &str = "https://miz.ir/problems/forbidden";
    pub const CONFLICT: &str = "https://miz.ir/problems/conflict";
    pub const RATE_LIMITED: &str = "https://miz.ir/problems/rate-limited";
    pub const INTERNAL: &str = "https://miz.ir/problems/internal";
    pub const UNAVAILABLE: &str = "https://miz.ir/problems/unavailable";
    /// Staff sign-in: the password was right; now the authenticator app's code.
    pub const TOTP_REQUIRED: &str = "https://miz.ir/problems/totp-required";
    /// The agency requires a second factor and this account has none yet: only enrolling
    /// (and signing out) is possible until it has.
    pub const TOTP_ENROLMENT_REQUIRED: &str = "https://miz.ir/problems/totp-enrolment-required";
    /// The staff session ended (inactivity, signed out elsewhere, account disabled).
    pub const SESSION_EXPIRED: &str = "https://miz.ir/problems/session-expired";
    /// A state-changing staff request without its session's CSRF token, or from another site.
    pub const CSRF: &str = "https://miz.ir/problems/csrf";
}

impl Problem {
    pub fn new(kind: &str, status: u16, title: &str) -> Self {
        Problem {
            kind: kind.to_owned(),
            title: title.to_owned(),
            status,
            detail: None,
            instance: None,
            errors: Vec::new(),
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }
}

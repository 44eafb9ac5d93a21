//! What can go wrong with a request to the API, as both apps tell it apart: no answer, a
//! problem document, a bare status, an unreadable answer, too many attempts, a busy service.

use miz_core::problem::Problem;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No answer: offline, DNS, refused, timed out.
    Network,
    /// The server answered with a problem document.
    Problem(Problem),
    /// The server answered with an error status and no problem document.
    Status(u16),
    /// The answer was not what the contract says.
    Decode,
    /// Too many attempts: wait this many seconds (`None`: the answer did not say, or a
    /// cross-origin API did not expose `Retry-After`; we do not make a number up).
    RateLimited(Option<u64>),
    /// The service cannot store anything for a while (503): nothing was kept on the server,
    /// so the citizen's text stays here; try again after this many seconds (`None`: not said).
    Busy(Option<u64>),
}

impl ApiError {
    /// Per-field messages of a 422, as (field, message).
    pub fn field_errors(&self) -> Vec<(String, String)> {
        match self {
            ApiError::Problem(p) => p.errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect(),
            _ => Vec::new(),
        }
    }

    /// What the server said about this failure in words a citizen can act on: the first
    /// field's message, else the problem's `detail`, else its `title` (both only when written
    /// in Persian, as the contract asks; an English detail is for developers).
    pub fn server_message(&self) -> Option<String> {
        let ApiError::Problem(p) = self else { return None };
        let persian = |s: &&String| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
        p.errors
            .first()
            .map(|e| e.message.clone())
            .or_else(|| p.detail.as_ref().filter(persian).cloned())
            .or_else(|| Some(&p.title).filter(persian).cloned())
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(p) => Some(p.status),
            ApiError::Status(s) => Some(*s),
            ApiError::RateLimited(_) => Some(429),
            ApiError::Busy(_) => Some(503),
            _ => None,
        }
    }
}

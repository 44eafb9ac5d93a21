//! Drafts open for public comment, their versions, and the comments on them.

use crate::{
    anchor::{Anchor, Placement},
    api::{DraftKind, Unit},
};
use crate::json::FromJson;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum DraftState {
    /// Within its comment window.
    Open,
    /// The window has closed; the final text is not out yet.
    Closed,
    /// The final text is published.
    Final,
}

impl DraftState {
    pub fn as_str(self) -> &'static str {
        match self {
            DraftState::Open => "open",
            DraftState::Closed => "closed",
            DraftState::Final => "final",
        }
    }

    pub fn parse(s: &str) -> Option<DraftState> {
        [DraftState::Open, DraftState::Closed, DraftState::Final].into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Paragraph {
    /// Stable across versions while the paragraph is the same paragraph.
    pub id: String,
    pub number: u32,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Article {
    pub id: String,
    pub number: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Part {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub articles: Vec<Article>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct DraftBody {
    pub parts: Vec<Part>,
}

impl DraftBody {
    /// Every paragraph as `(id, text)`, in reading order.
    pub fn paragraphs(&self) -> Vec<(&str, &str)> {
        self.parts
            .iter()
            .flat_map(|p| p.articles.iter())
            .flat_map(|a| a.paragraphs.iter())
            .map(|p| (p.id.as_str(), p.text.as_str()))
            .collect()
    }

    pub fn paragraph(&self, id: &str) -> Option<&Paragraph> {
        self.parts.iter().flat_map(|p| p.articles.iter()).flat_map(|a| a.paragraphs.iter()).find(|p| p.id == id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct VersionInfo {
    pub number: u32,
    pub published_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct DraftSummary {
    pub id: String,
    pub title: String,
    pub kind: DraftKind,
    pub unit: Unit,
    pub summary: String,
    pub opens_at: String,
    pub closes_at: String,
    pub state: DraftState,
    pub comment_count: u32,
    /// The current version's number.
    pub version: u32,
}

/// `GET /drafts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct DraftList {
    pub items: Vec<DraftSummary>,
    pub total: u32,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Accepted,
    PartlyAccepted,
    NotAccepted,
    Noted,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::Accepted, Outcome::PartlyAccepted, Outcome::NotAccepted, Outcome::Noted];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::PartlyAccepted => "partly_accepted",
            Outcome::NotAccepted => "not_accepted",
            Outcome::Noted => "noted",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// How the agency handled the comments of a draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct OutcomeCounts {
    pub accepted: u32,
    pub partly_accepted: u32,
    pub not_accepted: u32,
    pub noted: u32,
    pub unanswered: u32,
}

/// `GET /drafts/{id}` and `GET /drafts/{id}/versions/{n}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Draft {
    #[serde(flatten)]
    pub summary: DraftSummary,
    /// The version shown (the current one, or the one asked for).
    pub shown_version: u32,
    pub body: DraftBody,
    pub versions: Vec<VersionInfo>,
    pub outcomes: OutcomeCounts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct AgencyResponse {
    pub text: String,
    pub outcome: Outcome,
    pub at: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum Moderation {
    Published,
    /// Waiting for the agency (pre-moderation): visible to its author's browser only.
    Pending,
    /// Refused by the agency: listed to no one; only a retry of the request that made it
    /// (the same Idempotency-Key) sees it again.
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Comment {
    pub id: String,
    /// The version the comment was written on.
    pub version: u32,
    pub anchor: Anchor,
    /// Where it sits in the current version.
    pub placement: Placement,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub created_at: String,
    pub support_count: u32,
    pub moderation: Moderation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<AgencyResponse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct CommentList {
    pub items: Vec<Comment>,
    pub total: u32,
    pub page: u32,
    pub per_page: u32,
}

/// `POST /drafts/{id}/comments`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct NewComment {
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub anchor: Anchor,
    /// The browser's id (for support once per browser and for seeing its own pending comments).
    pub client_id: String,
}

pub const BODY_MIN: usize = 3;
pub const BODY_MAX: usize = 2000;
pub const NAME_MAX: usize = 80;

/// What is wrong with a new comment, per field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentProblem {
    BodyEmpty,
    BodyShort,
    BodyLong,
    NameLong,
    UnknownParagraph,
    QuoteNotThere,
    ClientId,
}

impl CommentProblem {
    pub fn field(self) -> &'static str {
        match self {
            CommentProblem::BodyEmpty | CommentProblem::BodyShort | CommentProblem::BodyLong => "body",
            CommentProblem::NameLong => "display_name",
            CommentProblem::UnknownParagraph => "anchor.paragraph_id",
            CommentProblem::QuoteNotThere => "anchor.quote",
            CommentProblem::ClientId => "client_id",
        }
    }

    pub fn message_fa(self) -> String {
        let fa = |n: usize| crate::digits::to_persian_digits(&n.to_string());
        match self {
            CommentProblem::BodyEmpty => "متن نظر را بنویسید".into(),
            CommentProblem::BodyShort => format!("نظر باید دست‌کم {} نویسه باشد", fa(BODY_MIN)),
            CommentProblem::BodyLong => format!("نظر حداکثر {} نویسه می‌تواند باشد", fa(BODY_MAX)),
            CommentProblem::NameLong => format!("نام حداکثر {} نویسه می‌تواند باشد", fa(NAME_MAX)),
            CommentProblem::UnknownParagraph => "بندی که برای نظر انتخاب شده در این پیش‌نویس نیست".into(),
            CommentProblem::QuoteNotThere => "عبارت انتخاب‌شده در آن بند پیدا نشد؛ دوباره انتخاب کنید".into(),
            CommentProblem::ClientId => "شناسه مرورگر نامعتبر است".into(),
        }
    }

    pub fn message_en(self) -> String {
        match self {
            CommentProblem::BodyEmpty => "Write your comment".into(),
            CommentProblem::BodyShort => format!("A comment must be at least {BODY_MIN} characters"),
            CommentProblem::BodyLong => format!("A comment can be at most {BODY_MAX} characters"),
            CommentProblem::NameLong => format!("The name can be at most {NAME_MAX} characters"),
            CommentProblem::UnknownParagraph => "The paragraph chosen is not in this draft".into(),
            CommentProblem::QuoteNotThere => "The selected words are not in that paragraph; select them again".into(),
            CommentProblem::ClientId => "Invalid browser id".into(),
        }
    }
}

/// The body rules alone (for the app's form).
pub fn check_body(body: &str) -> Option<CommentProblem> {
    let n = body.trim().chars().count();
    if n == 0 {
        Some(CommentProblem::BodyEmpty)
    } else if n < BODY_MIN {
        Some(CommentProblem::BodyShort)
    } else if n > BODY_MAX {
        Some(CommentProblem::BodyLong)
    } else {
        None
    }
}

/// Every rule for a new comment on `body` (the version it is written on).
pub fn validate(c: &NewComment, body: &DraftBody) -> Vec<CommentProblem> {
    let mut problems = Vec::new();
    if let Some(p) = check_body(&c.body) {
        problems.push(p);
    }
    if c.display_name.as_deref().is_some_and(|n| n.trim().chars().count() > NAME_MAX) {
        problems.push(CommentProblem::NameLong);
    }
    if !crate::api::valid_client_id(&c.client_id) {
        problems.push(CommentProblem::ClientId);
    }
    if let Some(pid) = &c.anchor.paragraph_id {
        match body.paragraph(pid) {
            None => problems.push(CommentProblem::UnknownParagraph),
            Some(p) => {
                if let Some(q) = &c.anchor.quote {
                    let ok = match (c.anchor.start, c.anchor.end) {
                        (Some(s), Some(e)) => crate::anchor::quote_matches(&p.text, q, s as usize, e as usize),
                        _ => p.text.contains(&q.exact),
                    };
                    if !ok || q.exact.trim().is_empty() || q.exact.chars().count() > 1000 {
                        problems.push(CommentProblem::QuoteNotThere);
                    }
                }
            }
        }
    } else if c.anchor.quote.is_some() {
        problems.push(CommentProblem::UnknownParagraph);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::TextQuote;

    fn body() -> DraftBody {
        DraftBody {
            parts: vec![Part {
                id: "p1".into(),
                title: None,
                articles: vec![Article {
                    id: "a1".into(),
                    number: 1,
                    title: None,
                    paragraphs: vec![Paragraph { id: "a1-1".into(), number: 1, text: "مهلت اظهارنظر دو هفته است.".into() }],
                }],
            }],
        }
    }

    fn comment(anchor: Anchor) -> NewComment {
        NewComment { body: "به نظرم کم است.".into(), display_name: None, anchor, client_id: "browser-1234".into() }
    }

    #[test]
    fn anchors_must_point_at_real_words() {
        let whole = Anchor { paragraph_id: Some("a1-1".into()), quote: None, start: None, end: None };
        assert!(validate(&comment(whole), &body()).is_empty());
        let phrase = Anchor {
            paragraph_id: Some("a1-1".into()),
            quote: Some(TextQuote { exact: "دو هفته".into(), prefix: "اظهارنظر ".into(), suffix: " است".into() }),
            start: Some(14),
            end: Some(21),
        };
        assert!(validate(&comment(phrase.clone()), &body()).is_empty(), "{:?}", validate(&comment(phrase.clone()), &body()));
        let wrong_offsets = Anchor { start: Some(0), end: Some(7), ..phrase.clone() };
        assert_eq!(validate(&comment(wrong_offsets), &body()), [CommentProblem::QuoteNotThere]);
        let unknown = Anchor { paragraph_id: Some("zz".into()), ..phrase };
        assert_eq!(validate(&comment(unknown), &body()), [CommentProblem::UnknownParagraph]);
    }

    #[test]
    fn bodies_are_checked_in_characters() {
        assert_eq!(check_body("   "), Some(CommentProblem::BodyEmpty));
        assert_eq!(check_body("نه"), Some(CommentProblem::BodyShort));
        assert_eq!(check_body(&"ن".repeat(2000)), None);
        assert_eq!(check_body(&"ن".repeat(2001)), Some(CommentProblem::BodyLong));
        // Markup is text like any other: it is checked for length, never parsed.
        assert_eq!(check_body("<script>alert(1)</script>"), None);
    }
}

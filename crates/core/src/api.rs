//! The JSON the API speaks (see `api/openapi.yaml`). The server serialises these and the app
//! deserialises them, so the two cannot disagree about a field name.

use crate::json::FromJson;
use serde::{Deserialize, Serialize};

/// Text the agency writes in Persian, with an optional English rendering for the English UI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Localized {
    pub fa: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Localized {
    pub fn fa(text: &str) -> Self {
        Localized { fa: text.to_owned(), en: None }
    }

    pub fn both(fa: &str, en: &str) -> Self {
        Localized { fa: fa.to_owned(), en: Some(en.to_owned()) }
    }

    /// The text for `lang` ("fa" or "en"), falling back to Persian, which is always there.
    pub fn get(&self, lang: &str) -> &str {
        match (lang, &self.en) {
            ("en", Some(en)) if !en.trim().is_empty() => en,
            _ => &self.fa,
        }
    }
}

/// `GET /agency`: who runs this desk and how citizens reach them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Agency {
    pub id: String,
    pub name: Localized,
    /// A one-line description shown under the name on the home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagline: Option<Localized>,
    /// URL of the logo (SVG or PNG); relative URLs are resolved against the API base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    pub units: Vec<Unit>,
    pub channels: Channels,
    pub comment_periods: Vec<CommentPeriod>,
    /// `"damm"` when every tracking code this agency issues ends in a Damm check digit: the
    /// app then refuses a mistyped code at once, offline. Absent (or any other value): the app
    /// sends any 12 digits and lets the backend answer. Kept as text so that a value this
    /// version does not know does not make the whole agency unreadable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_code_check: Option<String>,
}

impl Agency {
    /// The check the agency's tracking codes carry (see `tracking_code_check`).
    pub fn code_check(&self) -> crate::tracking::CheckDigit {
        match self.tracking_code_check.as_deref() {
            Some("damm") => crate::tracking::CheckDigit::Damm,
            _ => crate::tracking::CheckDigit::None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Unit {
    pub id: String,
    pub name: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Channels {
    /// Voice lines, in the order the agency wants them tried. Numbers are ASCII digits as
    /// dialled (`42991`, `02188203530`, `09198962007`).
    #[serde(default)]
    pub phones: Vec<Contact>,
    /// Numbers that receive SMS.
    #[serde(default)]
    pub sms: Vec<Contact>,
    /// The single window (پنجره واحد) / e-service desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_window: Option<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Link>,
    /// The transparency system (سامانه شفافیت) where reports are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transparency: Option<Link>,
    #[serde(default)]
    pub social: Vec<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Localized>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Contact {
    /// The number as the agency writes it (ASCII digits), shown to citizens in Persian digits.
    pub number: String,
    /// The number to dial from any phone, when it differs (e.g. `+982188203530` for a Tehran
    /// landline written `88203530`). Used for `tel:` and `sms:` links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dial: Option<String>,
    pub label: Localized,
}

impl Contact {
    pub fn dial_number(&self) -> &str {
        self.dial.as_deref().unwrap_or(&self.number)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Link {
    pub url: String,
    pub label: Localized,
}

/// The kinds of text an agency publishes for public comment before it is issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    /// لایحه: sent to parliament or another competent authority.
    Bill,
    /// آیین‌نامه sent to the cabinet.
    Bylaw,
    /// مقررات / آیین‌نامه issued by the agency itself.
    Regulation,
    /// بخشنامه.
    Circular,
    /// دستورالعمل.
    Instruction,
    /// دستورالعمل صدور مجوز.
    LicensingInstruction,
}

impl DraftKind {
    pub const ALL: [DraftKind; 6] = [
        DraftKind::Bill,
        DraftKind::Bylaw,
        DraftKind::Regulation,
        DraftKind::Circular,
        DraftKind::Instruction,
        DraftKind::LicensingInstruction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::Bill => "bill",
            DraftKind::Bylaw => "bylaw",
            DraftKind::Regulation => "regulation",
            DraftKind::Circular => "circular",
            DraftKind::Instruction => "instruction",
            DraftKind::LicensingInstruction => "licensing_instruction",
        }
    }

    pub fn parse(s: &str) -> Option<DraftKind> {
        DraftKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How long a kind of draft stays open for comment when the draft does not say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct CommentPeriod {
    pub kind: DraftKind,
    pub days: u32,
}

/// `GET /faq`: the whole FAQ; the app indexes it itself and keeps it for offline use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct FaqDoc {
    pub entries: Vec<crate::search::FaqEntry>,
    /// Groups of words the agency says mean the same, added to the search's own list.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
}

/// `POST /faq/{id}/feedback`: "was this helpful?", once per browser per entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct FaqFeedback {
    /// A random id the browser keeps, so a repeat replaces the earlier answer.
    pub client_id: String,
    pub helpful: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct FeedbackTotals {
    pub helpful: u32,
    pub not_helpful: u32,
}

/// A client id as the API accepts it: 8 to 64 characters of `[A-Za-z0-9_-]`.
pub fn valid_client_id(s: &str) -> bool {
    (8..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_falls_back_to_persian() {
        let only_fa = Localized::fa("میز");
        assert_eq!(only_fa.get("en"), "میز");
        let both = Localized::both("میز", "Desk");
        assert_eq!(both.get("en"), "Desk");
        assert_eq!(both.get("fa"), "میز");
        let blank_en = Localized { fa: "میز".into(), en: Some("  ".into()) };
        assert_eq!(blank_en.get("en"), "میز");
    }

    #[test]
    fn draft_kinds_round_trip() {
        for k in DraftKind::ALL {
            assert_eq!(DraftKind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        assert_eq!(DraftKind::parse("law"), None);
    }

    #[test]
    fn agency_tolerates_missing_optional_fields() {
        // Another backend may send only what the contract requires.
        let json = r#"{"id":"x","name":{"fa":"اداره"},"units":[],
            "channels":{},"comment_periods":[{"kind":"bill","days":30}]}"#;
        let a: Agency = serde_json::from_str(json).unwrap();
        assert_eq!(a.name.get("en"), "اداره");
        assert!(a.channels.phones.is_empty());
        assert_eq!(a.comment_periods[0].kind, DraftKind::Bill);
    }
}

/// The HTTP headers of the contract beyond plain JSON, named once for the app, the reference
/// server and its CORS policy. A desk embedded on another origin than its API can send a
/// header only if the API's preflight allows it, and read one only if the API exposes it.
pub mod headers {
    /// Makes a write safe to retry (`POST /cases`, `POST /drafts/{id}/comments`).
    pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
    /// A tracking look-up's second factor: the mobile given with the case …
    pub const CASE_MOBILE: &str = "X-Case-Mobile";
    /// … or the access key of an anonymous case.
    pub const CASE_KEY: &str = "X-Case-Key";
    /// Given with a case (on `POST /cases` and a successful look-up) and sent back with later
    /// look-ups of it: proof that this device filed or opened the case, so that its look-ups
    /// are not held while its address (shared with other subscribers) is being limited.
    pub const CASE_PASS: &str = "X-Case-Pass";
    /// Set on a replayed answer to an Idempotency-Key.
    pub const IDEMPOTENT_REPLAYED: &str = "Idempotent-Replayed";

    /// Every request header the app sets itself that is not CORS-safelisted: a cross-origin
    /// API must allow each in its preflight (`Access-Control-Allow-Headers`). The browser
    /// adds `If-None-Match` on its own when it revalidates a cached answer.
    pub const SENT_BY_APP: &[&str] = &["Content-Type", IDEMPOTENCY_KEY, CASE_MOBILE, CASE_KEY, CASE_PASS, "If-None-Match"];

    /// Response headers the app reads beyond the safelisted ones: a cross-origin API must
    /// expose each (`Access-Control-Expose-Headers`). Without `Retry-After` the app says it
    /// cannot tell how long to wait rather than inventing a number.
    pub const READ_BY_APP: &[&str] = &["Retry-After", "ETag", "Location", IDEMPOTENT_REPLAYED, CASE_PASS];
}

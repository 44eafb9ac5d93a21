//! The agency's e-service catalogue and citizens' ratings of each service: types shared by the
//! app and the server, and the rules a rating must meet.

use crate::api::Localized;
use crate::json::FromJson;
use serde::{Deserialize, Serialize};

/// How a citizen gets the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// On a website or app: `url` says where.
    Online,
    /// Through the government single window (پنجره واحد).
    SingleWindow,
    /// At an office.
    InPerson,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 3] = [ChannelKind::Online, ChannelKind::SingleWindow, ChannelKind::InPerson];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Online => "online",
            ChannelKind::SingleWindow => "single_window",
            ChannelKind::InPerson => "in_person",
        }
    }

    pub fn parse(s: &str) -> Option<ChannelKind> {
        ChannelKind::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct ServiceChannel {
    pub kind: ChannelKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Satisfaction {
    /// Mean of the ratings, 1–5; absent before the first rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average: Option<f64>,
    pub count: u32,
    /// How many ratings of 1, 2, 3, 4 and 5.
    pub distribution: [u32; 5],
}

impl Satisfaction {
    pub fn from_distribution(distribution: [u32; 5]) -> Satisfaction {
        let count: u32 = distribution.iter().sum();
        let total: u64 = distribution.iter().enumerate().map(|(i, n)| (i as u64 + 1) * u64::from(*n)).sum();
        let average = (count > 0).then(|| ((total as f64 / f64::from(count)) * 100.0).round() / 100.0);
        Satisfaction { average, count, distribution }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Service {
    pub id: String,
    pub name: Localized,
    pub description: Localized,
    /// Who the service is for.
    pub audience: Localized,
    pub channels: Vec<ServiceChannel>,
    /// Documents the citizen needs.
    #[serde(default)]
    pub documents: Vec<Localized>,
    /// Fee in rials; 0 is free; absent when it depends (see `cost_note`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_rials: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_note: Option<Localized>,
    /// Typical time to complete, in working days (0: at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<String>,
    #[serde(default)]
    pub satisfaction: Satisfaction,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct ServiceList {
    pub items: Vec<Service>,
}

/// A citizen's rating: once per browser per service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct NewRating {
    pub rating: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub client_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct RatingReceipt {
    pub service_id: String,
    pub rating: u8,
    pub satisfaction: Satisfaction,
}

pub const MAX_RATING_TEXT: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatingProblem {
    OutOfRange,
    TextTooLong,
    BadClientId,
}

impl RatingProblem {
    pub fn field(self) -> &'static str {
        match self {
            RatingProblem::OutOfRange => "rating",
            RatingProblem::TextTooLong => "text",
            RatingProblem::BadClientId => "client_id",
        }
    }

    pub fn message_fa(self) -> String {
        match self {
            RatingProblem::OutOfRange => "امتیاز باید عددی از ۱ تا ۵ باشد".into(),
            RatingProblem::TextTooLong => format!("توضیح حداکثر {} نویسه است", crate::digits::to_persian_digits(&MAX_RATING_TEXT.to_string())),
            RatingProblem::BadClientId => "شناسه مرورگر معتبر نیست".into(),
        }
    }

    pub fn message_en(self) -> String {
        match self {
            RatingProblem::OutOfRange => "The rating must be a whole number from 1 to 5".into(),
            RatingProblem::TextTooLong => format!("The comment can be at most {MAX_RATING_TEXT} characters"),
            RatingProblem::BadClientId => "The browser id is not valid".into(),
        }
    }
}

pub fn validate(r: &NewRating) -> Vec<RatingProblem> {
    let mut out = Vec::new();
    if !(1..=5).contains(&r.rating) {
        out.push(RatingProblem::OutOfRange);
    }
    if r.text.as_deref().is_some_and(|t| t.chars().count() > MAX_RATING_TEXT) {
        out.push(RatingProblem::TextTooLong);
    }
    if !crate::api::valid_client_id(&r.client_id) {
        out.push(RatingProblem::BadClientId);
    }
    out
}

/// Whether `query` (Persian-normalised: ي/ی, ك/ک, half-spaces, digits) is in the service's
/// name, description or audience. An empty query matches everything.
pub fn matches(s: &Service, query: &str) -> bool {
    let q = crate::normalize::normalize(query);
    if q.trim().is_empty() {
        return true;
    }
    let fields = [&s.name, &s.description, &s.audience];
    q.split_whitespace().all(|word| {
        fields.iter().any(|f| {
            crate::normalize::contains(&f.fa, word) || f.en.as_deref().is_some_and(|en| crate::normalize::contains(en, word))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> Service {
        Service {
            id: "concert".into(),
            name: Localized { fa: "صدور مجوز برگزاری کنسرت".into(), en: Some("Concert licence".into()) },
            description: Localized::fa("مجوز اجرای عمومی موسیقی"),
            audience: Localized::fa("گروه‌های موسیقی و برگزارکنندگان"),
            channels: vec![ServiceChannel { kind: ChannelKind::SingleWindow, url: None, note: None }],
            documents: vec![],
            cost_rials: Some(0),
            cost_note: None,
            duration_days: Some(10),
            unit_id: None,
            satisfaction: Satisfaction::default(),
        }
    }

    #[test]
    fn ratings_are_checked() {
        let ok = NewRating { rating: 4, text: None, client_id: "abcdefghijklmnop".into() };
        assert!(validate(&ok).is_empty());
        for bad in [0, 6, -1, 100] {
            assert_eq!(validate(&NewRating { rating: bad, ..ok.clone() }), vec![RatingProblem::OutOfRange]);
        }
        let long = NewRating { text: Some("ا".repeat(MAX_RATING_TEXT + 1)), ..ok.clone() };
        assert_eq!(validate(&long), vec![RatingProblem::TextTooLong]);
        assert_eq!(validate(&NewRating { client_id: "x".into(), ..ok }), vec![RatingProblem::BadClientId]);
    }

    #[test]
    fn satisfaction_is_the_mean_of_the_distribution() {
        let s = Satisfaction::from_distribution([1, 0, 0, 1, 2]);
        assert_eq!(s.count, 4);
        assert_eq!(s.average, Some(3.75));
        assert_eq!(Satisfaction::from_distribution([0; 5]).average, None);
    }

    #[test]
    fn the_filter_forgives_arabic_letters_and_half_spaces() {
        let s = service();
        assert!(matches(&s, ""));
        assert!(matches(&s, "كنسرت"));
        assert!(matches(&s, "گروههای موسیقي"));
        assert!(matches(&s, "concert"));
        assert!(!matches(&s, "کتاب"));
    }
}

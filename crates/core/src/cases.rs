//! Cases: the complaints, criticisms, suggestions and requests citizens send, and the rules
//! that both the app (before sending) and the server (before storing) apply to them.

use crate::{api::Localized, mobile::Mobile};
use crate::json::FromJson;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    Complaint,
    Criticism,
    Suggestion,
    Request,
}

impl CaseKind {
    pub const ALL: [CaseKind; 4] = [CaseKind::Complaint, CaseKind::Criticism, CaseKind::Suggestion, CaseKind::Request];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Complaint => "complaint",
            CaseKind::Criticism => "criticism",
            CaseKind::Suggestion => "suggestion",
            CaseKind::Request => "request",
        }
    }

    pub fn parse(s: &str) -> Option<CaseKind> {
        CaseKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A complaint or a request needs an answer that can reach the citizen; criticism and
    /// suggestions may be anonymous.
    pub fn allows_anonymous(self) -> bool {
        matches!(self, CaseKind::Criticism | CaseKind::Suggestion)
    }
}

/// `GET /case-types`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct CaseTypes {
    pub types: Vec<CaseType>,
    pub limits: CaseLimits,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct CaseType {
    pub kind: CaseKind,
    pub name: Localized,
    pub description: Localized,
    /// Whether a mobile number must be given (so the answer can reach the citizen).
    pub mobile_required: bool,
    /// Whether the citizen may send it without any contact details.
    pub anonymous_allowed: bool,
    pub topics: Vec<Topic>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Topic {
    pub id: String,
    pub name: Localized,
    /// The unit this topic is routed to.
    pub unit_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct CaseLimits {
    pub description_min: u32,
    pub description_max: u32,
    pub name_max: u32,
    pub upload_max_bytes: u64,
    pub upload_max_files: u32,
    /// MIME types accepted, checked against the file's content, not its name.
    pub upload_types: Vec<String>,
}

impl Default for CaseLimits {
    fn default() -> Self {
        CaseLimits {
            description_min: 10,
            description_max: 4000,
            name_max: 100,
            upload_max_bytes: 5 * 1024 * 1024,
            upload_max_files: 3,
            upload_types: vec!["image/jpeg".into(), "image/png".into(), "application/pdf".into()],
        }
    }
}

/// `POST /cases`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct NewCase {
    pub kind: String,
    pub topic_id: String,
    pub description: String,
    #[serde(default)]
    pub attachments: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Send without contact details (criticism and suggestions only).
    #[serde(default)]
    pub anonymous: bool,
}

/// What is wrong with one field, as a code the app translates and the server sends in Persian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseProblem {
    UnknownKind,
    UnknownTopic,
    DescriptionEmpty,
    DescriptionShort(u32),
    DescriptionLong(u32),
    Mobile(crate::mobile::MobileError),
    MobileRequired,
    AnonymousNotAllowed,
    NameLong(u32),
    TooManyFiles(u32),
}

impl CaseProblem {
    pub fn field(self) -> &'static str {
        match self {
            CaseProblem::UnknownKind => "kind",
            CaseProblem::UnknownTopic => "topic_id",
            CaseProblem::DescriptionEmpty | CaseProblem::DescriptionShort(_) | CaseProblem::DescriptionLong(_) => "description",
            CaseProblem::Mobile(_) | CaseProblem::MobileRequired | CaseProblem::AnonymousNotAllowed => "mobile",
            CaseProblem::NameLong(_) => "name",
            CaseProblem::TooManyFiles(_) => "attachments",
        }
    }

    pub fn message_fa(self) -> String {
        let fa = |n: u32| crate::digits::to_persian_digits(&n.to_string());
        match self {
            CaseProblem::UnknownKind => "نوع درخواست را انتخاب کنید".into(),
            CaseProblem::UnknownTopic => "موضوع را از فهرست انتخاب کنید".into(),
            CaseProblem::DescriptionEmpty => "شرح را بنویسید".into(),
            CaseProblem::DescriptionShort(n) => format!("شرح باید دست‌کم {} نویسه باشد", fa(n)),
            CaseProblem::DescriptionLong(n) => format!("شرح حداکثر {} نویسه می‌تواند باشد", fa(n)),
            CaseProblem::Mobile(e) => e.message_fa().into(),
            CaseProblem::MobileRequired => "برای این نوع درخواست، شماره تلفن همراه لازم است تا پاسخ به شما برسد".into(),
            CaseProblem::AnonymousNotAllowed => "شکایت و درخواست را نمی‌توان بی‌نام فرستاد؛ شماره تلفن همراه را وارد کنید".into(),
            CaseProblem::NameLong(n) => format!("نام حداکثر {} نویسه می‌تواند باشد", fa(n)),
            CaseProblem::TooManyFiles(n) => format!("حداکثر {} پیوست می‌توانید بفرستید", fa(n)),
        }
    }

    pub fn message_en(self) -> String {
        match self {
            CaseProblem::UnknownKind => "Choose the type of your message".into(),
            CaseProblem::UnknownTopic => "Choose a topic from the list".into(),
            CaseProblem::DescriptionEmpty => "Write a description".into(),
            CaseProblem::DescriptionShort(n) => format!("The description must be at least {n} characters"),
            CaseProblem::DescriptionLong(n) => format!("The description can be at most {n} characters"),
            CaseProblem::Mobile(e) => e.message_en().into(),
            CaseProblem::MobileRequired => "A mobile number is needed for this type, so the answer can reach you".into(),
            CaseProblem::AnonymousNotAllowed => "Complaints and requests cannot be anonymous; enter your mobile number".into(),
            CaseProblem::NameLong(n) => format!("The name can be at most {n} characters"),
            CaseProblem::TooManyFiles(n) => format!("You can attach at most {n} files"),
        }
    }
}

/// A case that passed every rule, with its values in canonical form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCase {
    pub kind: CaseKind,
    pub topic: Topic,
    pub description: String,
    pub attachments: Vec<String>,
    pub mobile: Option<Mobile>,
    pub name: Option<String>,
}

/// Length as citizens count it: characters, not bytes.
pub fn text_len(s: &str) -> u32 {
    s.trim().chars().count().min(u32::MAX as usize) as u32
}

pub fn check_description(text: &str, limits: &CaseLimits) -> Option<CaseProblem> {
    let n = text_len(text);
    if n == 0 {
        Some(CaseProblem::DescriptionEmpty)
    } else if n < limits.description_min {
        Some(CaseProblem::DescriptionShort(limits.description_min))
    } else if n > limits.description_max {
        Some(CaseProblem::DescriptionLong(limits.description_max))
    } else {
        None
    }
}

/// The contact step's rules: a mobile where the type needs one, valid if given.
pub fn check_contact(kind: CaseKind, types: &CaseTypes, mobile: Option<&str>, anonymous: bool) -> Result<Option<Mobile>, CaseProblem> {
    let t = types.types.iter().find(|t| t.kind == kind).ok_or(CaseProblem::UnknownKind)?;
    let given = mobile.map(str::trim).filter(|m| !m.is_empty());
    if anonymous {
        if !t.anonymous_allowed {
            return Err(CaseProblem::AnonymousNotAllowed);
        }
        return Ok(None);
    }
    match given {
        Some(m) => Mobile::parse(m).map(Some).map_err(CaseProblem::Mobile),
        None if t.mobile_required => Err(CaseProblem::MobileRequired),
        None => Ok(None),
    }
}

/// Every rule, every field: all problems at once, so the citizen fixes them in one go.
pub fn validate(case: &NewCase, types: &CaseTypes) -> Result<ValidCase, Vec<CaseProblem>> {
    let mut problems = Vec::new();
    let kind = CaseKind::parse(&case.kind);
    let ty = kind.and_then(|k| types.types.iter().find(|t| t.kind == k));
    if ty.is_none() {
        problems.push(CaseProblem::UnknownKind);
    }
    let topic = ty.and_then(|t| t.topics.iter().find(|tp| tp.id == case.topic_id)).cloned();
    if ty.is_some() && topic.is_none() {
        problems.push(CaseProblem::UnknownTopic);
    }
    if let Some(p) = check_description(&case.description, &types.limits) {
        problems.push(p);
    }
    let mobile = match kind {
        Some(k) if ty.is_some() => match check_contact(k, types, case.mobile.as_deref(), case.anonymous) {
            Ok(m) => m,
            Err(p) => {
                problems.push(p);
                None
            }
        },
        _ => None,
    };
    let name = case.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    if name.as_deref().is_some_and(|n| text_len(n) > types.limits.name_max) {
        problems.push(CaseProblem::NameLong(types.limits.name_max));
    }
    if case.attachments.len() > types.limits.upload_max_files as usize {
        problems.push(CaseProblem::TooManyFiles(types.limits.upload_max_files));
    }
    match (kind, topic) {
        (Some(kind), Some(topic)) if problems.is_empty() => Ok(ValidCase {
            kind,
            topic,
            description: crate::normalize::cap_marks(case.description.trim()),
            attachments: case.attachments.clone(),
            mobile,
            // An anonymous case keeps no name either.
            name: if case.anonymous { None } else { name.map(|n| crate::normalize::cap_marks(&n)) },
        }),
        _ => Err(problems),
    }
}

/// `201` answer to `POST /cases`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct CaseReceipt {
    /// 12 ASCII digits.
    pub tracking_code: String,
    pub kind: CaseKind,
    pub unit: crate::api::Unit,
    /// For a case without a mobile number: the second factor for looking it up, shown once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<String>,
    pub created_at: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Received,
    Routed,
    InReview,
    Answered,
    Closed,
    Reopened,
    /// The agency asked the citizen for something (a document, a detail): the statutory clock
    /// stops until the case moves on, and its due date then moves by the working days waited.
    AwaitingCitizen,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 7] = [
        CaseStatus::Received,
        CaseStatus::Routed,
        CaseStatus::InReview,
        CaseStatus::Answered,
        CaseStatus::Closed,
        CaseStatus::Reopened,
        CaseStatus::AwaitingCitizen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::Routed => "routed",
            CaseStatus::InReview => "in_review",
            CaseStatus::Answered => "answered",
            CaseStatus::Closed => "closed",
            CaseStatus::Reopened => "reopened",
            CaseStatus::AwaitingCitizen => "awaiting_citizen",
        }
    }

    pub fn parse(s: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct CaseEvent {
    pub status: CaseStatus,
    pub at: String,
    pub unit: crate::api::Unit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct CaseAnswer {
    pub text: String,
    pub at: String,
}

/// `GET /cases/{code}` with its second factor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct CaseView {
    pub tracking_code: String,
    pub kind: CaseKind,
    pub topic: Localized,
    pub unit: crate::api::Unit,
    pub status: CaseStatus,
    pub created_at: String,
    /// What the citizen wrote, shown back to them (only with the second factor).
    pub description: String,
    pub timeline: Vec<CaseEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<CaseAnswer>,
    /// The citizen may object to the answer (once).
    pub can_object: bool,
    /// The day the answer is due by law (`YYYY-MM-DD`, Tehran), counted in working days on the
    /// Iranian calendar; absent where a backend does not keep deadlines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
}

/// `POST /cases/{code}/objection`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Objection {
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> CaseTypes {
        let topic = |id: &str| Topic { id: id.into(), name: Localized::fa(id), unit_id: "u".into() };
        CaseTypes {
            types: CaseKind::ALL
                .into_iter()
                .map(|kind| CaseType {
                    kind,
                    name: Localized::fa(kind.as_str()),
                    description: Localized::fa(""),
                    mobile_required: !kind.allows_anonymous(),
                    anonymous_allowed: kind.allows_anonymous(),
                    topics: vec![topic(&format!("{}-a", kind.as_str()))],
                })
                .collect(),
            limits: CaseLimits::default(),
        }
    }

    fn complaint() -> NewCase {
        NewCase {
            kind: "complaint".into(),
            topic_id: "complaint-a".into(),
            description: "پاسخ درخواست مجوز من پس از دو ماه نیامده است.".into(),
            mobile: Some("۰۹۱۲ ۱۲۳ ۴۵۶۷".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_complaint_passes_in_canonical_form() {
        let v = validate(&complaint(), &types()).unwrap();
        assert_eq!(v.kind, CaseKind::Complaint);
        assert_eq!(v.mobile.unwrap().as_str(), "09121234567");
    }

    #[test]
    fn a_complaint_needs_a_mobile_and_cannot_be_anonymous() {
        let mut c = complaint();
        c.mobile = None;
        assert_eq!(validate(&c, &types()).unwrap_err(), [CaseProblem::MobileRequired]);
        c.anonymous = true;
        assert_eq!(validate(&c, &types()).unwrap_err(), [CaseProblem::AnonymousNotAllowed]);
    }

    #[test]
    fn a_suggestion_may_be_anonymous_and_then_keeps_no_name() {
        let c = NewCase {
            kind: "suggestion".into(),
            topic_id: "suggestion-a".into(),
            description: "ساعت کاری را تا عصر بیشتر کنید.".into(),
            anonymous: true,
            name: Some("علی".into()),
            mobile: Some("garbage".into()),
            ..Default::default()
        };
        let v = validate(&c, &types()).unwrap();
        assert_eq!(v.mobile, None);
        assert_eq!(v.name, None);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let c = NewCase {
            kind: "complaint".into(),
            topic_id: "nope".into(),
            description: "کوتاه".into(),
            mobile: Some("+447911123456".into()),
            name: Some("ن".repeat(101)),
            attachments: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            ..Default::default()
        };
        let p = validate(&c, &types()).unwrap_err();
        assert_eq!(
            p,
            [
                CaseProblem::UnknownTopic,
                CaseProblem::DescriptionShort(10),
                CaseProblem::Mobile(crate::mobile::MobileError::Foreign),
                CaseProblem::NameLong(100),
                CaseProblem::TooManyFiles(3),
            ]
        );
        for problem in p {
            assert!(!problem.message_fa().is_empty());
            assert!(!problem.field().is_empty());
        }
        let unknown = NewCase { kind: "praise".into(), ..complaint() };
        assert_eq!(validate(&unknown, &types()).unwrap_err(), [CaseProblem::UnknownKind]);
    }

    #[test]
    fn description_length_counts_characters() {
        let limits = CaseLimits::default();
        assert_eq!(check_description(&"ش".repeat(4000), &limits), None);
        assert_eq!(check_description(&"ش".repeat(4001), &limits), Some(CaseProblem::DescriptionLong(4000)));
        assert_eq!(check_description("   ", &limits), Some(CaseProblem::DescriptionEmpty));
    }
}

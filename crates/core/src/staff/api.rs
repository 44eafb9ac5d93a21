//! Documents of the staff API (`/api/v1/staff/…`), as the contract describes them.

use super::roles::Grant;
use crate::{
    api::{Localized, Unit},
    cases::{CaseAnswer, CaseEvent, CaseKind, CaseStatus},
};
use serde::{Deserialize, Serialize};

/// `POST /staff/session`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    pub username: String,
    pub password: String,
    /// The authenticator app's code, once the server has asked for it (`totp-required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The signed-in staff member (`GET /staff/session`, and the answer to signing in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Grant>,
    pub totp_enabled: bool,
    /// The agency requires a second factor and this account has none: enrol first.
    pub must_enrol_totp: bool,
    /// Sent back in `X-CSRF-Token` with every state-changing request of this session.
    pub csrf_token: String,
    /// The agency's units (for filters, referral and the officer's own units).
    pub units: Vec<Unit>,
}

/// `POST /staff/me/totp`: a new secret, waiting for its first code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub secret: String,
    pub otpauth_uri: String,
}

/// `{ "code": "123456" }` (TOTP confirmation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeInput {
    pub code: String,
}

/// Where a case stands against its statutory deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    /// Answered or closed.
    Done,
    OnTrack,
    /// 80% or more of its working days are gone.
    Near,
    Overdue,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRef {
    pub id: i64,
    pub display_name: String,
}

/// A row of the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub tracking_code: String,
    pub kind: CaseKind,
    pub topic: Localized,
    pub unit_id: String,
    pub status: CaseStatus,
    pub created_at: String,
    /// `YYYY-MM-DD`, Tehran.
    pub due_date: String,
    pub deadline: DeadlineState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<StaffRef>,
    /// The citizen objected to the answer (the case came back).
    pub objected: bool,
    /// The case was sent to this unit as a copy: readable, handled elsewhere.
    pub copy: bool,
    /// Overdue and sent up to the supervisors.
    #[serde(default)]
    pub escalated: bool,
    /// The beginning of the citizen's text.
    pub excerpt: String,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    pub items: Vec<InboxItem>,
    /// Matching cases, counted up to the server's limit (see `total_exact`).
    pub total: i64,
    /// `false` when more cases match than were counted: `total` is then a lower bound and the
    /// pages go on while they are full. Absent means exact (servers before the field).
    #[serde(default = "exact")]
    pub total_exact: bool,
    pub page: i64,
    pub per_page: i64,
}

fn exact() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// An internal note: for colleagues only, never in the citizen's view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: i64,
    pub author: StaffRef,
    pub text: String,
    pub at: String,
}

/// A case as staff see it (`GET /staff/cases/{code}`); the citizen's contact details are a
/// separate, audited request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCase {
    pub tracking_code: String,
    pub kind: CaseKind,
    pub topic: Localized,
    pub unit: Unit,
    pub status: CaseStatus,
    pub created_at: String,
    pub due_date: String,
    pub deadline: DeadlineState,
    pub deadline_working_days: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<StaffRef>,
    pub description: String,
    pub attachments: Vec<Attachment>,
    pub timeline: Vec<CaseEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<CaseAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objection: Option<String>,
    pub notes: Vec<Note>,
    /// Units that were sent a copy.
    pub copies: Vec<String>,
    /// The case has a mobile number or a name the viewer may reveal (`GET …/contact`).
    pub has_contact: bool,
    /// What the viewer may do with it, so the workbench offers only that.
    pub can: CaseActions,
    pub version: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseActions {
    pub handle: bool,
    pub assign: bool,
    pub refer: bool,
    pub contact: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `POST /staff/cases/{code}/answer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerInput {
    pub text: String,
    pub version: i64,
}

/// `POST /staff/cases/{code}/status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusInput {
    pub status: CaseStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub version: i64,
}

/// `POST /staff/cases/{code}/notes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteInput {
    pub text: String,
}

/// `POST /staff/cases/{code}/assign`: `assignee_id` null takes the case back from anyone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignInput {
    pub assignee_id: Option<i64>,
    pub version: i64,
}

/// `POST /staff/cases/{code}/refer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferInput {
    pub unit_id: String,
    pub reason: String,
    #[serde(default)]
    pub copies: Vec<String>,
    pub version: i64,
}

/// One of a staff member's API tokens (`GET /staff/me/tokens`): never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// `POST /staff/me/tokens`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInput {
    pub name: String,
}

/// The answer to creating a token: the secret, shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewToken {
    #[serde(flatten)]
    pub token: ApiToken,
    pub secret: String,
}

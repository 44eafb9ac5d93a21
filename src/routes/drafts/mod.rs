//! Drafts open for public comment: the list (`/drafts`), the reader (`/drafts/{id}`), an
//! earlier version (`/drafts/{id}/versions/{n}`) and what changed (`/drafts/{id}/changes`).

pub mod changes;
pub mod list;
pub mod reader;
pub mod version;

use crate::i18n::Msgs;
use miz_core::drafts::Outcome;

pub use crate::i18n::state_name;

pub fn outcome_name(t: &Msgs, o: Outcome) -> &'static str {
    match o {
        Outcome::Accepted => t.outcome_accepted,
        Outcome::PartlyAccepted => t.outcome_partly_accepted,
        Outcome::NotAccepted => t.outcome_not_accepted,
        Outcome::Noted => t.outcome_noted,
    }
}

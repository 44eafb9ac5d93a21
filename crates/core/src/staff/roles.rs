//! Who may do what. A staff member holds roles, each for one unit or for the whole agency, and
//! every staff operation asks here before it touches anything: the workbench hides what a
//! role cannot do, but the server is what refuses it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Handles the cases of their unit(s).
    Officer,
    /// All units: assigns, refers, and handles any case.
    Supervisor,
    /// Keeps comments civil (the drafts' part of the workbench).
    Moderator,
    /// Publishes drafts and their reports (the drafts' part of the workbench).
    Editor,
    /// Accounts, roles, units, holidays, deadlines, settings and the audit log; no cases.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Officer, Role::Supervisor, Role::Moderator, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
            Role::Moderator => "moderator",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the role is held for a unit (officer) rather than for the agency.
    pub fn is_per_unit(self) -> bool {
        self == Role::Officer
    }
}

/// A role, for a unit (`unit` = its id) or for the whole agency (`unit` empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub struct Grant {
    pub role: Role,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
}

/// Every staff operation, for the checks and for the test that holds the whole matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// See a case (its text, timeline, notes) in the inbox or on its page.
    ReadCase,
    /// See the citizen's mobile number and name (each view is audited).
    ReadContact,
    /// Answer, change status, write an internal note.
    HandleCase,
    /// Give a case to a colleague.
    AssignCase,
    /// Send a case to another unit.
    ReferCase,
    /// Write response templates.
    ManageTemplates,
    ManageAccounts,
    ManageHolidays,
    ManageSettings,
    ReadAudit,
    /// Write the FAQ and its synonyms (the admin API; part 3's pages).
    ManageFaq,
    /// Publish a draft and its versions (the admin API; part 2's pages).
    PublishDrafts,
    /// Answer a citizen's comment on a draft.
    RespondToComments,
    /// Publish or reject a held comment.
    ModerateComments,
}

impl Operation {
    pub const ALL: [Operation; 14] = [
        Operation::ReadCase,
        Operation::ReadContact,
        Operation::HandleCase,
        Operation::AssignCase,
        Operation::ReferCase,
        Operation::ManageTemplates,
        Operation::ManageAccounts,
        Operation::ManageHolidays,
        Operation::ManageSettings,
        Operation::ReadAudit,
        Operation::ManageFaq,
        Operation::PublishDrafts,
        Operation::RespondToComments,
        Operation::ModerateComments,
    ];

    /// Operations on one case, where the case's unit matters.
    pub fn is_on_a_case(self) -> bool {
        matches!(self, Operation::ReadCase | Operation::ReadContact | Operation::HandleCase | Operation::AssignCase | Operation::ReferCase)
    }
}

/// What one staff member holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grants(pub Vec<Grant>);

/// Which units' cases a staff member sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseScope {
    All,
    Units(Vec<String>),
    None,
}

impl Grants {
    pub fn has(&self, role: Role) -> bool {
        self.0.iter().any(|g| g.role == role)
    }

    /// The units this person is an officer of.
    pub fn officer_units(&self) -> Vec<String> {
        let mut units: Vec<String> = self.0.iter().filter(|g| g.role == Role::Officer).map(|g| g.unit.clone()).collect();
        units.sort();
        units.dedup();
        units
    }

    pub fn case_scope(&self) -> CaseScope {
        if self.has(Role::Supervisor) {
            CaseScope::All
        } else if self.has(Role::Officer) {
            CaseScope::Units(self.officer_units())
        } else {
            CaseScope::None
        }
    }

    /// Whether `op` is allowed: on a case of `unit` (with `copied`: the units that were sent a
    /// copy), or, for an operation that is not on a case, at all.
    pub fn allows(&self, op: Operation, unit: Option<&str>, copied: &[String]) -> bool {
        let supervisor = self.has(Role::Supervisor);
        let own = |u: &str| self.officer_units().iter().any(|x| x == u);
        match op {
            Operation::ReadCase => supervisor || unit.is_some_and(own) || copied.iter().any(|u| own(u)),
            Operation::ReadContact | Operation::HandleCase | Operation::AssignCase => supervisor || unit.is_some_and(own),
            Operation::ReferCase => supervisor,
            Operation::ManageTemplates => supervisor || self.has(Role::Admin),
            Operation::ManageAccounts | Operation::ManageHolidays | Operation::ManageSettings | Operation::ReadAudit => {
                self.has(Role::Admin)
            }
            Operation::ManageFaq => self.has(Role::Editor) || self.has(Role::Admin),
            Operation::PublishDrafts | Operation::RespondToComments => self.has(Role::Editor),
            Operation::ModerateComments => self.has(Role::Moderator) || self.has(Role::Editor),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(role: Role, unit: &str) -> Grant {
        Grant { role, unit: unit.into() }
    }

    #[test]
    fn an_officer_sees_their_units_and_copies_only() {
        let officer = Grants(vec![g(Role::Officer, "a"), g(Role::Officer, "b")]);
        assert_eq!(officer.case_scope(), CaseScope::Units(vec!["a".into(), "b".into()]));
        assert!(officer.allows(Operation::HandleCase, Some("a"), &[]));
        assert!(!officer.allows(Operation::HandleCase, Some("c"), &[]));
        assert!(officer.allows(Operation::ReadCase, Some("c"), &["b".into()]), "a copy can be read");
        assert!(!officer.allows(Operation::HandleCase, Some("c"), &["b".into()]), "but not handled");
        assert!(!officer.allows(Operation::ReferCase, Some("a"), &[]));
        assert!(!officer.allows(Operation::ReadAudit, None, &[]));
    }

    #[test]
    fn an_administrator_manages_but_reads_no_case() {
        let admin = Grants(vec![g(Role::Admin, "")]);
        assert_eq!(admin.case_scope(), CaseScope::None);
        assert!(!admin.allows(Operation::ReadCase, Some("a"), &[]));
        assert!(admin.allows(Operation::ManageAccounts, None, &[]));
        assert!(admin.allows(Operation::ReadAudit, None, &[]));
    }
}

//! The workbench's words, in Persian and English: both catalogues are values of one struct, so
//! a message missing in one language does not compile (the desk's rule). The words of the
//! parts shared with the desk are in `ui::text`.

mod en;
mod fa;

use crate::ui::lang::{CurrentLang, Lang};
use leptos::prelude::*;
use miz_core::{
    cases::{CaseKind, CaseStatus},
    staff::{api::DeadlineState, roles::Role},
};

pub use miz_core::message::fill;
pub use msgs::Msgs;

const STORAGE_KEY: &str = "miz.staff.lang";

#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl I18n {
    pub fn provide() -> I18n {
        let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).as_deref().and_then(Lang::parse);
        let i18n = I18n { lang: RwSignal::new(stored.unwrap_or(Lang::Fa)) };
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = root.set_attribute("lang", lang.code());
                let _ = root.set_attribute("dir", lang.dir());
            }
        });
        provide_context(CurrentLang(i18n.lang));
        i18n
    }

    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    pub fn t(&self) -> &'static Msgs {
        match self.lang.get() {
            Lang::Fa => &fa::FA,
            Lang::En => &en::EN,
        }
    }

    pub fn set(&self, lang: Lang) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, lang.code());
        }
        self.lang.set(lang);
    }
}

pub fn use_i18n() -> I18n {
    I18n { lang: crate::ui::lang::signal() }
}

pub fn status_name(t: &Msgs, s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Received => t.st_received,
        CaseStatus::Routed => t.st_routed,
        CaseStatus::InReview => t.st_in_review,
        CaseStatus::Answered => t.st_answered,
        CaseStatus::Closed => t.st_closed,
        CaseStatus::Reopened => t.st_reopened,
        CaseStatus::AwaitingCitizen => t.st_awaiting_citizen,
    }
}

pub fn kind_name(t: &Msgs, k: CaseKind) -> &'static str {
    match k {
        CaseKind::Complaint => t.kind_complaint,
        CaseKind::Criticism => t.kind_criticism,
        CaseKind::Suggestion => t.kind_suggestion,
        CaseKind::Request => t.kind_request,
    }
}

pub fn deadline_name(t: &Msgs, d: DeadlineState) -> &'static str {
    match d {
        DeadlineState::Done => t.deadline_done,
        DeadlineState::OnTrack => t.deadline_on_track,
        DeadlineState::Near => t.deadline_near,
        DeadlineState::Overdue => t.deadline_overdue,
    }
}

pub fn role_name(t: &Msgs, r: Role) -> &'static str {
    match r {
        Role::Officer => t.role_officer,
        Role::Supervisor => t.role_supervisor,
        Role::Moderator => t.role_moderator,
        Role::Editor => t.role_editor,
        Role::Admin => t.role_admin,
    }
}

mod msgs {
    /// Every piece of the workbench's own text.
    pub struct Msgs {
        pub app_name: &'static str,
        pub skip_to_content: &'static str,
        pub nav_label: &'static str,
        pub nav_inbox: &'static str,
        pub nav_accounts: &'static str,
        pub nav_holidays: &'static str,
        pub nav_audit: &'static str,
        pub nav_security: &'static str,
        pub switch_to_other: &'static str,
        pub switch_to_other_label: &'static str,
        pub signed_in_as: &'static str,
        pub sign_out: &'static str,
        pub loading: &'static str,
        pub sign_in_title: &'static str,
        pub sign_in_intro: &'static str,
        pub username: &'static str,
        pub password: &'static str,
        pub sign_in_submit: &'static str,
        pub totp_title: &'static str,
        pub totp_hint: &'static str,
        pub totp_code: &'static str,
        pub totp_submit: &'static str,
        pub need_username: &'static str,
        pub need_password: &'static str,
        pub need_code: &'static str,
        pub must_enrol: &'static str,
        pub security_title: &'static str,
        pub totp_on: &'static str,
        pub totp_off: &'static str,
        pub totp_start: &'static str,
        pub totp_secret_label: &'static str,
        pub totp_uri_label: &'static str,
        pub totp_confirm: &'static str,
        pub totp_enabled_now: &'static str,
        pub sign_out_everywhere: &'static str,
        pub signed_out_everywhere: &'static str,
        pub sso_linked: &'static str,
        pub sso_subject: &'static str,
        pub sso_subject_hint: &'static str,
        pub sso_or: &'static str,
        pub sso_error_state: &'static str,
        pub sso_error_provider: &'static str,
        pub sso_error_unavailable: &'static str,
        pub sso_error_exchange: &'static str,
        pub sso_error_id_token: &'static str,
        pub sso_error_unknown_user: &'static str,
        pub tokens_title: &'static str,
        pub tokens_intro: &'static str,
        pub tokens_none: &'static str,
        pub token_name: &'static str,
        pub token_create: &'static str,
        pub token_secret_once: &'static str,
        pub token_revoke: &'static str,
        pub token_revoked: &'static str,
        pub token_made_on: &'static str,
        pub need_token_name: &'static str,
        pub inbox_title: &'static str,
        pub inbox_none: &'static str,
        pub filters: &'static str,
        pub filter_status: &'static str,
        pub filter_kind: &'static str,
        pub filter_deadline: &'static str,
        pub filter_assignee: &'static str,
        pub filter_unit: &'static str,
        pub filter_from: &'static str,
        pub filter_to: &'static str,
        pub filter_any: &'static str,
        pub assignee_me: &'static str,
        pub assignee_none: &'static str,
        pub search_label: &'static str,
        pub search_hint: &'static str,
        pub apply: &'static str,
        pub clear: &'static str,
        pub total_cases: &'static str,
        pub total_cases_more: &'static str,
        pub col_code: &'static str,
        pub col_kind: &'static str,
        pub col_status: &'static str,
        pub col_due: &'static str,
        pub col_assignee: &'static str,
        pub col_filed: &'static str,
        pub objected: &'static str,
        pub copy_badge: &'static str,
        pub escalated_badge: &'static str,
        pub page_prev: &'static str,
        pub page_next: &'static str,
        pub page_of: &'static str,
        pub page_n: &'static str,
        pub pagination: &'static str,
        pub st_received: &'static str,
        pub st_routed: &'static str,
        pub st_in_review: &'static str,
        pub st_answered: &'static str,
        pub st_closed: &'static str,
        pub st_reopened: &'static str,
        pub st_awaiting_citizen: &'static str,
        pub kind_complaint: &'static str,
        pub kind_criticism: &'static str,
        pub kind_suggestion: &'static str,
        pub kind_request: &'static str,
        pub deadline_done: &'static str,
        pub deadline_on_track: &'static str,
        pub deadline_near: &'static str,
        pub deadline_overdue: &'static str,
        pub role_officer: &'static str,
        pub role_supervisor: &'static str,
        pub role_moderator: &'static str,
        pub role_editor: &'static str,
        pub role_admin: &'static str,
        pub case_title: &'static str,
        pub back_to_inbox: &'static str,
        pub case_facts: &'static str,
        pub fact_kind: &'static str,
        pub fact_topic: &'static str,
        pub fact_unit: &'static str,
        pub fact_status: &'static str,
        pub fact_filed: &'static str,
        pub fact_due: &'static str,
        pub fact_assignee: &'static str,
        pub nobody: &'static str,
        pub working_days: &'static str,
        pub citizen_text: &'static str,
        pub attachments: &'static str,
        pub contact_heading: &'static str,
        pub contact_show: &'static str,
        pub contact_mobile: &'static str,
        pub contact_name: &'static str,
        pub contact_audited: &'static str,
        pub timeline: &'static str,
        pub objection: &'static str,
        pub current_answer: &'static str,
        pub notes_heading: &'static str,
        pub notes_private: &'static str,
        pub notes_none: &'static str,
        pub note_label: &'static str,
        pub note_submit: &'static str,
        pub answer_heading: &'static str,
        pub answer_label: &'static str,
        pub answer_hint: &'static str,
        pub answer_submit: &'static str,
        pub template_label: &'static str,
        pub template_none: &'static str,
        pub bulk_heading: &'static str,
        pub bulk_selected: &'static str,
        pub select_case: &'static str,
        pub select_page: &'static str,
        pub bulk_action: &'static str,
        pub bulk_assign_me: &'static str,
        pub bulk_status: &'static str,
        pub bulk_answer: &'static str,
        pub bulk_submit: &'static str,
        pub bulk_done: &'static str,
        pub status_heading: &'static str,
        pub status_label: &'static str,
        pub status_note: &'static str,
        pub status_submit: &'static str,
        pub assign_heading: &'static str,
        pub assign_label: &'static str,
        pub assign_submit: &'static str,
        pub refer_heading: &'static str,
        pub refer_unit: &'static str,
        pub refer_reason: &'static str,
        pub refer_copies: &'static str,
        pub refer_submit: &'static str,
        pub changed_saved: &'static str,
        pub need_text: &'static str,
        pub choose_one: &'static str,
        pub accounts_title: &'static str,
        pub account_new: &'static str,
        pub display_name: &'static str,
        pub role_label: &'static str,
        pub unit_label: &'static str,
        pub new_password: &'static str,
        pub new_password_hint: &'static str,
        pub create_account: &'static str,
        pub account_created: &'static str,
        pub col_username: &'static str,
        pub col_name: &'static str,
        pub col_roles: &'static str,
        pub col_second_factor: &'static str,
        pub col_state: &'static str,
        pub enabled: &'static str,
        pub disabled: &'static str,
        pub disable: &'static str,
        pub enable: &'static str,
        pub yes: &'static str,
        pub no: &'static str,
        pub holidays_title: &'static str,
        pub holidays_intro: &'static str,
        pub year_label: &'static str,
        pub holidays_text: &'static str,
        pub holidays_hint: &'static str,
        pub holidays_save: &'static str,
        pub holidays_saved: &'static str,
        pub audit_title: &'static str,
        pub audit_action: &'static str,
        pub audit_object: &'static str,
        pub audit_export: &'static str,
        pub col_at: &'static str,
        pub col_actor: &'static str,
        pub col_action: &'static str,
        pub col_object: &'static str,
        pub col_address: &'static str,
        pub audit_older: &'static str,
        pub not_found_title: &'static str,
        pub not_found_body: &'static str,
    }
}

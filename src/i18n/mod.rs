//! Languages and the message catalogue. Persian is the first language; English the second.
//! Every string the UI shows comes from `Msgs`, and a missing translation is a compile error
//! because both catalogues are values of the same struct.

mod en;
mod fa;

use leptos::prelude::*;
use miz_core::api::DraftKind;

pub use self::msgs::Msgs;
pub use miz_core::message::fill;

pub use crate::ui::lang::Lang;

/// The catalogue of a language.
pub trait LangMsgs {
    fn msgs(self) -> &'static Msgs;
}

impl LangMsgs for Lang {
    fn msgs(self) -> &'static Msgs {
        match self {
            Lang::Fa => &fa::FA,
            Lang::En => &en::EN,
        }
    }
}

const STORAGE_KEY: &str = "miz.lang";

/// The current language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The remembered choice wins over the agency's default.
    pub fn provide(default: Lang) -> I18n {
        let stored = crate::storage::get(STORAGE_KEY).as_deref().and_then(Lang::parse);
        let i18n = I18n { lang: RwSignal::new(stored.unwrap_or(default)) };
        // The desk's own root carries lang and dir (set in app.rs); the document's only when
        // the page is the desk's, not a portal's that embeds it.
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            if crate::embed::mode() == crate::embed::Mode::Mounted {
                return;
            }
            if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = root.set_attribute("lang", lang.code());
                let _ = root.set_attribute("dir", lang.dir());
            }
        });
        // One context for the language, read by the app and by the parts it shares with the
        // workbench alike (each context type read is code in the first visit's wasm).
        provide_context(crate::ui::lang::CurrentLang(i18n.lang));
        i18n
    }

    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The words of the parts both apps share, in the current language (tracked).
    pub fn common(&self) -> &'static crate::ui::text::Common {
        crate::ui::text::common(self.lang.get())
    }

    /// The catalogue for the current language (tracked: views re-render on a switch).
    pub fn t(&self) -> &'static Msgs {
        self.lang.get().msgs()
    }

    /// The agency's default, unless the citizen has chosen.
    pub fn set_default(&self, lang: Lang) {
        if crate::storage::get(STORAGE_KEY).is_none() && self.lang.get_untracked() != lang {
            self.lang.set(lang);
        }
    }

    pub fn set(&self, lang: Lang) {
        crate::storage::set(STORAGE_KEY, lang.code());
        self.lang.set(lang);
    }
}

pub fn use_i18n() -> I18n {
    I18n { lang: crate::ui::lang::signal() }
}

pub fn draft_kind_name(t: &Msgs, kind: DraftKind) -> &'static str {
    match kind {
        DraftKind::Bill => t.kind_bill,
        DraftKind::Bylaw => t.kind_bylaw,
        DraftKind::Regulation => t.kind_regulation,
        DraftKind::Circular => t.kind_circular,
        DraftKind::Instruction => t.kind_instruction,
        DraftKind::LicensingInstruction => t.kind_licensing_instruction,
    }
}

mod msgs {
    /// Every piece of UI text. Add a field here and the compiler asks for it in both languages.
    pub struct Msgs {
        pub app_name: &'static str,
        pub skip_to_content: &'static str,
        pub nav_label: &'static str,
        pub menu: &'static str,
        pub nav_home: &'static str,
        pub nav_contact: &'static str,
        /// The name of the other language, in that language, for the switch.
        pub switch_to_other: &'static str,
        pub switch_to_other_label: &'static str,
        pub loading: &'static str,
        pub config_error_title: &'static str,
        pub config_unreachable_body: &'static str,
        pub config_broken_body: &'static str,
        pub technical_detail: &'static str,
        pub home_title: &'static str,
        pub home_sections_heading: &'static str,
        pub home_more_heading: &'static str,
        pub home_search_submit: &'static str,
        pub section_drafts_title: &'static str,
        pub section_drafts_desc: &'static str,
        pub section_cases_title: &'static str,
        pub section_cases_desc: &'static str,
        pub section_track_title: &'static str,
        pub section_track_desc: &'static str,
        pub section_faq_title: &'static str,
        pub section_faq_desc: &'static str,
        pub section_services_title: &'static str,
        pub section_services_desc: &'static str,
        pub section_reports_title: &'static str,
        pub section_reports_desc: &'static str,
        pub section_contact_title: &'static str,
        pub section_contact_desc: &'static str,
        pub periods_heading: &'static str,
        pub periods_intro: &'static str,
        pub days: &'static str,
        pub today: &'static str,
        pub kind_bill: &'static str,
        pub kind_bylaw: &'static str,
        pub kind_regulation: &'static str,
        pub kind_circular: &'static str,
        pub kind_instruction: &'static str,
        pub kind_licensing_instruction: &'static str,
        pub contact_title: &'static str,
        pub contact_intro: &'static str,
        pub phones_heading: &'static str,
        pub sms_heading: &'static str,
        pub call_action: &'static str,
        pub sms_action: &'static str,
        pub online_heading: &'static str,
        pub address_heading: &'static str,
        pub hours_heading: &'static str,
        pub units_heading: &'static str,
        pub units_intro: &'static str,
        pub not_found_title: &'static str,
        pub not_found_body: &'static str,
        pub back_home: &'static str,
        pub footer_note: &'static str,
        pub nav_faq: &'static str,
        pub faq_title: &'static str,
        pub faq_intro: &'static str,
        pub faq_search_label: &'static str,
        pub faq_search_hint: &'static str,
        pub faq_results: &'static str,
        pub faq_nothing_title: &'static str,
        pub faq_nothing_body: &'static str,
        pub faq_categories_heading: &'static str,
        pub faq_back: &'static str,
        pub faq_category_label: &'static str,
        pub faq_helpful_question: &'static str,
        pub yes: &'static str,
        pub no: &'static str,
        pub faq_thanks: &'static str,
        pub faq_entry_missing: &'static str,
        pub offline_banner: &'static str,
        pub faq_ask: &'static str,
        pub changes_title: &'static str,
        pub changes_summary: &'static str,
        pub changes_legend: &'static str,
        pub see_changes: &'static str,
        pub nav_drafts: &'static str,
        pub your_message: &'static str,
        pub nav_reports: &'static str,
        pub reports_title: &'static str,
        pub reports_intro: &'static str,
        pub reports_year: &'static str,
        pub reports_none: &'static str,
        pub reports_totals: &'static str,
        pub report_received: &'static str,
        pub report_answered: &'static str,
        pub report_median: &'static str,
        pub report_p90: &'static str,
        pub report_within: &'static str,
        pub report_deadline: &'static str,
        pub report_drafts: &'static str,
        pub report_comments: &'static str,
        pub report_accepted: &'static str,
        pub report_partly: &'static str,
        pub chart_cases: &'static str,
        pub chart_days: &'static str,
        pub chart_within: &'static str,
        pub chart_drafts: &'static str,
        pub chart_table: &'static str,
        pub chart_period: &'static str,
        pub chart_summary: &'static str,
        pub chart_empty: &'static str,
        pub kind_complaint_plural: &'static str,
        pub kind_criticism_plural: &'static str,
        pub kind_suggestion_plural: &'static str,
        pub kind_request_plural: &'static str,
        pub nav_services: &'static str,
        pub services_title: &'static str,
        pub services_intro: &'static str,
        pub services_filter: &'static str,
        pub services_none: &'static str,
        pub services_count: &'static str,
        pub service_audience: &'static str,
        pub service_channels: &'static str,
        pub service_documents: &'static str,
        pub service_no_documents: &'static str,
        pub service_cost: &'static str,
        pub service_free: &'static str,
        pub service_rials: &'static str,
        pub service_duration: &'static str,
        pub service_same_day: &'static str,
        pub service_days: &'static str,
        pub service_satisfaction: &'static str,
        pub service_no_ratings: &'static str,
        pub service_score: &'static str,
        pub channel_online: &'static str,
        pub channel_single_window: &'static str,
        pub channel_in_person: &'static str,
        pub rate_title: &'static str,
        pub rate_legend: &'static str,
        pub rate_1: &'static str,
        pub rate_2: &'static str,
        pub rate_3: &'static str,
        pub rate_4: &'static str,
        pub rate_5: &'static str,
        pub rate_text: &'static str,
        pub rate_send: &'static str,
        pub rate_choose: &'static str,
        pub rate_thanks: &'static str,
        pub rate_already: &'static str,
        pub rate_yours: &'static str,
        pub service_missing: &'static str,
        pub services_back: &'static str,
        pub drafts_title: &'static str,
        pub drafts_intro: &'static str,
        pub filter_state: &'static str,
        pub filter_kind: &'static str,
        pub filter_text: &'static str,
        pub filter_all: &'static str,
        pub filter_apply: &'static str,
        pub state_open: &'static str,
        pub state_closed: &'static str,
        pub state_final: &'static str,
        pub no_drafts: &'static str,
        pub comments_count: &'static str,
        pub window_until: &'static str,
        pub window_closed_on: &'static str,
        pub version_n: &'static str,
        pub article_n: &'static str,
        pub draft_comments: &'static str,
        pub comment_on_paragraph: &'static str,
        pub no_comments: &'static str,
        pub your_comment: &'static str,
        pub your_name: &'static str,
        pub send_comment: &'static str,
        pub comment_sent: &'static str,
        pub comment_pending: &'static str,
        pub support_action: &'static str,
        pub supported: &'static str,
        pub response_label: &'static str,
        pub outcome_accepted: &'static str,
        pub outcome_partly_accepted: &'static str,
        pub outcome_not_accepted: &'static str,
        pub outcome_noted: &'static str,
        pub closed_notice: &'static str,
        pub handled_summary: &'static str,
        pub unanswered: &'static str,
        pub on_earlier_version: &'static str,
        pub quoted: &'static str,
        pub comment_link: &'static str,
        pub commenting_on: &'static str,
        pub panel_hint_open: &'static str,
        pub panel_hint: &'static str,
        pub article_paragraph: &'static str,
        pub close: &'static str,
        pub all_on_paragraph: &'static str,
        pub contents: &'static str,
        pub comment_on_phrase: &'static str,
        pub phrase_hint: &'static str,
        pub hint_dismiss: &'static str,
        pub versions_title: &'static str,
        pub earlier_version_notice: &'static str,
        pub read_current: &'static str,
        pub published_on: &'static str,
        pub nav_cases: &'static str,
        pub nav_track: &'static str,
        pub back: &'static str,
        pub continue_: &'static str,
        pub change: &'static str,
        pub wizard_title: &'static str,
        pub wizard_intro: &'static str,
        pub wizard_start: &'static str,
        pub step_of: &'static str,
        pub q_kind: &'static str,
        pub q_topic: &'static str,
        pub q_topic_hint: &'static str,
        pub q_description: &'static str,
        pub q_description_hint: &'static str,
        pub chars_used: &'static str,
        pub chars_over: &'static str,
        pub q_attachments: &'static str,
        pub q_attachments_hint: &'static str,
        pub uploading_file: &'static str,
        pub remove: &'static str,
        pub remove_file: &'static str,
        pub no_attachments: &'static str,
        pub supporters: &'static str,
        pub faq_thanks_kept: &'static str,
        pub choose_files: &'static str,
        pub take_photo: &'static str,
        pub drop_files: &'static str,
        pub file_too_big: &'static str,
        pub file_wrong_type: &'static str,
        pub too_many_files: &'static str,
        pub upload_failed: &'static str,
        pub q_contact: &'static str,
        pub mobile_label: &'static str,
        pub mobile_hint: &'static str,
        pub name_label: &'static str,
        pub anonymous_label: &'static str,
        pub anonymous_hint: &'static str,
        pub q_check: &'static str,
        pub label_kind: &'static str,
        pub label_topic: &'static str,
        pub label_description: &'static str,
        pub label_attachments: &'static str,
        pub label_contact: &'static str,
        pub anonymous_value: &'static str,
        pub send: &'static str,
        pub sending: &'static str,
        pub pending_title: &'static str,
        pub pending_body: &'static str,
        pub retry_now: &'static str,
        pub sent_title: &'static str,
        pub tracking_code: &'static str,
        pub tracking_code_is: &'static str,
        pub copy: &'static str,
        pub copied: &'static str,
        pub share: &'static str,
        pub access_key: &'static str,
        pub access_key_warning: &'static str,
        pub sent_to_unit: &'static str,
        pub next_title: &'static str,
        pub next_body: &'static str,
        pub track_it: &'static str,
        pub new_case: &'static str,
        pub track_title: &'static str,
        pub code_label: &'static str,
        pub code_hint: &'static str,
        pub remembered_here: &'static str,
        pub not_remembered: &'static str,
        pub remember_here: &'static str,
        pub forget_here: &'static str,
        pub forget_code: &'static str,
        pub forget: &'static str,
        pub remembered_heading: &'static str,
        pub track_factor_again: &'static str,
        pub track_mobile_hint: &'static str,
        pub use_key: &'static str,
        pub key_label: &'static str,
        pub key_required: &'static str,
        pub track_submit: &'static str,
        pub status_label: &'static str,
        /// Before the day the answer is due by law.
        pub due_label: &'static str,
        pub timeline: &'static str,
        pub answer_heading: &'static str,
        pub object_heading: &'static str,
        pub object_hint: &'static str,
        pub object_label: &'static str,
        pub object_submit: &'static str,
        pub object_short: &'static str,
        pub faq_show_more: &'static str,
        pub st_received: &'static str,
        pub st_routed: &'static str,
        pub st_in_review: &'static str,
        pub st_answered: &'static str,
        pub st_closed: &'static str,
        pub st_reopened: &'static str,
        pub st_awaiting_citizen: &'static str,
        pub choose_one: &'static str,
        pub restored: &'static str,
    }
}

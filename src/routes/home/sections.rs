//! The home page's sections, in their order: read by the page and by `cargo xtask codegen`,
//! which draws the page's first screen from them (`xtask/src/first_screen.rs`).

use super::Msgs;

/// A section of the desk: its title, what it is for, and its page.
pub struct Section {
    pub title: fn(&Msgs) -> &'static str,
    pub desc: fn(&Msgs) -> &'static str,
    pub href: &'static str,
}

/// What citizens come for, first: send a request, follow one, comment on a draft.
pub const TASKS: &[Section] = &[
    Section { title: |t| t.section_cases_title, desc: |t| t.section_cases_desc, href: "/cases/new" },
    Section { title: |t| t.section_track_title, desc: |t| t.section_track_desc, href: "/track" },
    Section { title: |t| t.section_drafts_title, desc: |t| t.section_drafts_desc, href: "/drafts" },
];

/// The rest of the desk, as plain links (the menu has them too).
pub const MORE: &[Section] = &[
    Section { title: |t| t.section_faq_title, desc: |t| t.section_faq_desc, href: "/faq" },
    Section { title: |t| t.section_services_title, desc: |t| t.section_services_desc, href: "/services" },
    Section { title: |t| t.section_reports_title, desc: |t| t.section_reports_desc, href: "/reports" },
    Section { title: |t| t.section_contact_title, desc: |t| t.section_contact_desc, href: "/contact" },
];

//! Languages and the message catalogue. Persian is the first language; English the second.
//! Every string the UI shows comes from `Msgs`, and a missing translation is a compile error
//! because both catalogues are values of the same struct.

mod en;
mod fa;

use leptos::prelude::*;

pub use self::msgs::{draft_kind_name, state_name, Msgs};
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

    /// One text of the catalogue, as a view (or attribute) that follows the language:
    /// `{i18n.text(|m| m.drafts_title)}`. Every call returns the same closure type, so Leptos'
    /// rendering code is made once for all of them, where `move || i18n.t().drafts_title`
    /// made it again for each text (each closure is a type of its own).
    pub fn text(self, pick: fn(&Msgs) -> &'static str) -> impl Fn() -> &'static str + Clone + Copy + Send + Sync + 'static {
        move || pick(self.t())
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

mod msgs;

//! The languages of miz: Persian first, English second, and what each means for text
//! direction and for the browser's `Intl` (digits, calendar).

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fa,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "fa" => Some(Lang::Fa),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fa => "fa",
            Lang::En => "en",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::Fa => "rtl",
            Lang::En => "ltr",
        }
    }

    /// The BCP 47 locale for `Intl`: Persian digits and the Jalali calendar in Persian, and
    /// the Jalali calendar in English too, because agency deadlines are set in it.
    pub fn intl_locale(self) -> &'static str {
        match self {
            Lang::Fa => "fa-IR-u-ca-persian",
            Lang::En => "en-GB-u-ca-persian",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Fa => Lang::En,
            Lang::En => Lang::Fa,
        }
    }

    /// The Persian or the English form of a message that the shared rules (miz-core) word
    /// in both languages.
    pub fn pick<T>(self, fa: impl FnOnce() -> T, en: impl FnOnce() -> T) -> T {
        match self {
            Lang::Fa => fa(),
            Lang::En => en(),
        }
    }
}

/// The language the page is in, provided by each app, for the parts they share.
#[derive(Clone, Copy)]
pub struct CurrentLang(pub RwSignal<Lang>);

/// The language's signal, as the app provided it.
pub fn signal() -> RwSignal<Lang> {
    expect_context::<CurrentLang>().0
}

/// The current language (tracked: a view that reads it re-renders on a switch).
pub fn current() -> Lang {
    signal().get()
}

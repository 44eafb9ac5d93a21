use crate::i18n::use_i18n;
use leptos::prelude::*;

/// A visible, announced "loading" line: a slow link must never look like a blank page.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {i18n.text(|m| m.loading)}
        </p>
    }
}

use crate::{app::use_page_title, case_wizard::use_wizard, i18n::use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

/// `/cases/new`: what this is, and a start button.
#[component]
pub fn StartPage() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    use_page_title(|t| t.wizard_title);
    let has_draft = !w.draft.get_untracked().is_empty();
    view! {
        <div class="page wizard">
            <h1 tabindex="-1">{i18n.text(|m| m.wizard_title)}</h1>
            <p class="lead">{i18n.text(|m| m.wizard_intro)}</p>
            {has_draft.then(|| view! { <p class="notice">{i18n.text(|m| m.restored)}</p> })}
            <p><A href=super::href("type") attr:class="button button--start">{i18n.text(|m| m.wizard_start)}</A></p>
        </div>
    }
}

use crate::{app::use_page_title, i18n::use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.not_found_title);
    view! {
        <div class="page not-found">
            <h1 tabindex="-1">{i18n.text(|m| m.not_found_title)}</h1>
            <p>{i18n.text(|m| m.not_found_body)}</p>
            <p><A href=crate::paths::to("/")>{i18n.text(|m| m.back_home)}</A></p>
            <p><A href=crate::paths::to("/contact")>{i18n.text(|m| m.nav_contact)}</A></p>
        </div>
    }
}

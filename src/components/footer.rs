use crate::{format, i18n::use_i18n};
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="site-footer__inner">
            <p>
                {i18n.text(|m| m.today)} ": "
                <time>{move || format::today(i18n.lang())}</time>
            </p>
            <p>{i18n.text(|m| m.footer_note)}</p>
            </div>
        </footer>
    }
}

use crate::{api::Api, app::use_agency, i18n::use_i18n};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let agency = use_agency().0;
    let api = expect_context::<Api>();
    // The agency's name when we have it; the product's name until then (or if it failed).
    let name = move || {
        let lang = i18n.lang();
        agency
            .get()
            .and_then(|r| r.ok())
            .map(|a| a.name.get(lang.code()).to_owned())
            .unwrap_or_else(|| i18n.t().app_name.to_owned())
    };
    // config.json's logo (the portal's own) wins over the one the API names.
    let configured = use_context::<crate::config::Config>().and_then(|c| c.logo_url);
    let logo = move || {
        configured
            .clone()
            .or_else(|| agency.get().and_then(|r| r.ok()).and_then(|a| a.logo_url).map(|url| api.url(&url)))
            .map(|src| view! { <img class="site-header__logo" src=src alt="" width="48" height="48" /> })
    };
    let switch = move |_| i18n.set(i18n.lang().other());
    // On a narrow screen the eight sections sit behind a menu button (a disclosure), so a
    // page's own heading is on the first screen; the menu closes when a page is chosen.
    let open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    let menu_button = NodeRef::<leptos::html::Button>::new();
    let escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(b) = menu_button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    view! {
        <a class="skip-link" href="#main">{i18n.text(|m| m.skip_to_content)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href=crate::paths::to("/") attr:class="site-header__brand">
                    {logo}
                    <span class="site-header__name">{name}</span>
                </A>
                <button
                    type="button"
                    class="menu-button"
                    node_ref=menu_button
                    aria-expanded=move || open.get().to_string()
                    aria-controls="site-nav-list"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="menu-button__icon" aria-hidden="true"></span>
                    {i18n.text(|m| m.menu)}
                </button>
                <button
                    type="button"
                    class="lang-switch"
                    lang=move || i18n.lang().other().code()
                    aria-label=i18n.text(|m| m.switch_to_other_label)
                    on:click=switch
                >
                    {i18n.text(|m| m.switch_to_other)}
                </button>
            </div>
            // Named with the agency, so two desks on one portal page have distinct landmarks.
            <nav
                class="site-nav"
                class:site-nav--open=move || open.get()
                aria-label=move || crate::i18n::fill(i18n.t().nav_label, &[("agency", &name())])
                on:keydown=escape
            >
                <ul id="site-nav-list">
                    <li><A href=crate::paths::to("/") exact=true>{i18n.text(|m| m.nav_home)}</A></li>
                    <li><A href=crate::paths::to("/drafts")>{i18n.text(|m| m.nav_drafts)}</A></li>
                    <li><A href=crate::paths::to("/cases/new")>{i18n.text(|m| m.nav_cases)}</A></li>
                    <li><A href=crate::paths::to("/track")>{i18n.text(|m| m.nav_track)}</A></li>
                    <li><A href=crate::paths::to("/faq")>{i18n.text(|m| m.nav_faq)}</A></li>
                    <li><A href=crate::paths::to("/services")>{i18n.text(|m| m.nav_services)}</A></li>
                    <li><A href=crate::paths::to("/reports")>{i18n.text(|m| m.nav_reports)}</A></li>
                    <li><A href=crate::paths::to("/contact")>{i18n.text(|m| m.nav_contact)}</A></li>
                </ul>
            </nav>
        </header>
    }
}

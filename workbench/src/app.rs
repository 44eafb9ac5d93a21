//! The workbench's shell: who is signed in decides what is shown (the sign-in page, the
//! second-factor enrolment the agency requires, or the pages), the header with the sections a
//! role may use, and the routes.

use crate::{
    api::Api,
    i18n::{fill, use_i18n, I18n},
    paths,
    routes::{accounts::AccountsPage, audit::AuditPage, case::CasePage, holidays::HolidaysPage, inbox::InboxPage, security::SecurityPage, sign_in::SignInPage},
    session::{use_session, Session},
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::{Route, Router, Routes, A},
    path,
};
use miz_core::staff::roles::Role;

/// Sets the document's title: the page's, then the workbench's name.
pub fn use_page_title(title: impl Fn(&crate::i18n::Msgs) -> String + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let t = i18n.t();
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&format!("{} | {}", title(t), t.app_name));
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    let session = Session::new();
    provide_context(session);
    let api = Api::new(paths::api_base(), session);
    provide_context(api.clone());
    spawn_local(async move {
        session.set(api.me().await.ok());
    });
    let i18n = use_i18n();
    // What the page shows depends on the kind of session only: a change to the signed-in
    // person's details (a second factor turned on) must not rebuild the page they are on.
    #[derive(Clone, Copy, PartialEq)]
    enum Shown {
        Loading,
        SignIn,
        Enrol,
        Pages,
    }
    let shown = Memo::new(move |_| match (session.known.get(), session.me()) {
        (false, _) => Shown::Loading,
        (true, None) => Shown::SignIn,
        (true, Some(me)) if me.must_enrol_totp => Shown::Enrol,
        (true, Some(_)) => Shown::Pages,
    });
    view! {
        <div class="miz workbench">
            <a class="skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
            <Router base=paths::base()>
                <Header />
                <main id="main" tabindex="-1" class="wb-main">
                    {move || match shown.get() {
                        Shown::Loading => view! { <p role="status" class="wb-loading">{move || i18n.t().loading}</p> }.into_any(),
                        Shown::SignIn => view! { <SignInPage /> }.into_any(),
                        Shown::Enrol => view! { <SecurityPage /> }.into_any(),
                        Shown::Pages => view! { <WorkbenchRoutes /> }.into_any(),
                    }}
                </main>
            </Router>
        </div>
    }
}

#[component]
fn WorkbenchRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            <Route path=path!("/") view=InboxPage />
            <Route path=path!("/cases/:code") view=CasePage />
            <Route path=path!("/accounts") view=AccountsPage />
            <Route path=path!("/holidays") view=HolidaysPage />
            <Route path=path!("/audit") view=AuditPage />
            <Route path=path!("/security") view=SecurityPage />
        </Routes>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.not_found_title.to_owned());
    view! {
        <div class="wb-page">
            <h1 tabindex="-1">{move || i18n.t().not_found_title}</h1>
            <p>{move || i18n.t().not_found_body}</p>
            <p><A href=paths::to("/")>{move || i18n.t().back_to_inbox}</A></p>
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = expect_context::<Api>();
    let sign_out = move |_| {
        let api = api.clone();
        spawn_local(async move {
            let _ = api.sign_out().await;
            session.ended.set(None);
            session.set(None);
        });
    };
    let nav = move || {
        session.me().filter(|m| !m.must_enrol_totp).map(|_| {
            let t = i18n.t();
            let link = |href: &str, label: &'static str| view! { <li><A href=paths::to(href)>{label}</A></li> };
            view! {
                <nav class="wb-nav" aria-label=t.nav_label>
                    <ul>
                        {session.handles_cases().then(|| link("/", t.nav_inbox))}
                        {session.has(Role::Admin).then(|| link("/accounts", t.nav_accounts))}
                        {session.has(Role::Admin).then(|| link("/holidays", t.nav_holidays))}
                        {session.has(Role::Admin).then(|| link("/audit", t.nav_audit))}
                        {link("/security", t.nav_security)}
                    </ul>
                </nav>
            }
        })
    };
    view! {
        <header class="wb-header">
            <div class="wb-header__bar">
                <p class="wb-header__name">{move || i18n.t().app_name}</p>
                <div class="wb-header__tools">
                    {move || session.me().map(|m| view! {
                        <span class="wb-header__user">{move || fill(i18n.t().signed_in_as, &[("name", &m.display_name)])}</span>
                    })}
                    <button
                        type="button"
                        class="button button--secondary wb-lang"
                        lang=move || i18n.lang().other().code()
                        aria-label=move || i18n.t().switch_to_other_label
                        on:click=move |_| i18n.set(i18n.lang().other())
                    >
                        {move || i18n.t().switch_to_other}
                    </button>
                    {move || session.me().map(|_| view! {
                        <button type="button" class="button button--secondary" on:click=sign_out.clone()>{move || i18n.t().sign_out}</button>
                    })}
                </div>
            </div>
            {nav}
        </header>
    }
}

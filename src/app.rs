//! The root: loads `config.json`, then the agency, then hands over to the router.

use crate::{
    api::{Api, ApiError},
    components::{config_error::ConfigErrorPage, footer::SiteFooter, header::SiteHeader},
    config::{self, Config},
    i18n::{I18n, Lang},
    components::offline_banner::OfflineBanner,
    case_wizard::{CaseWizard, WizardNavigator},
    lazy_pages::{self, lazy_page},
    routes::not_found::NotFoundPage,
};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_location,
    path,
};
use miz_core::api::Agency;

/// The agency document, fetched once and shared by every page, and whether the shell is shown.
#[derive(Clone, Copy)]
pub struct AgencyResource(pub crate::resource::ErasedResource<Result<Agency, ApiError>>, Signal<bool>);

impl AgencyResource {
    /// Whether the shell is displayed (the agency has answered or failed, and the page has
    /// replaced index.html's first screen): until then a page may be built but nothing in it
    /// can be scrolled to or focused.
    pub fn shell_shown(&self) -> bool {
        self.1.get()
    }

    /// The check digit the agency's tracking codes carry; none until the agency is known.
    pub fn code_check(&self) -> miz_core::tracking::CheckDigit {
        self.0.with_untracked(|a| match a {
            Some(Ok(agency)) => agency.code_check(),
            _ => miz_core::tracking::CheckDigit::None,
        })
    }
}

pub fn use_agency() -> AgencyResource {
    expect_context::<AgencyResource>()
}

#[component]
pub fn App() -> impl IntoView {
    // index.html's notice (and first screen) says "loading" until the app shows itself; a desk
    // mounted in a portal's page has neither, and says it itself.
    let own_notice = !crate::first_screen::notice_present();
    let i18n = I18n::provide(Lang::Fa);
    let config = crate::resource::ErasedResource::new(config::load);
    let root = NodeRef::<leptos::html::Div>::new();
    let embedded = crate::embed::mode() != crate::embed::Mode::Standalone;
    // The agency's colours and font, as custom properties on the root only: the host page's
    // styles and ours never meet.
    Effect::new(move |_| {
        let (Some(el), Some(Ok(cfg))) = (root.get(), config.get()) else { return };
        let style = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&el).style();
        for (name, value) in &cfg.style {
            let _ = style.set_property(name, value);
        }
    });
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        match root.get() {
            Some(el) if crate::embed::mode() == crate::embed::Mode::Framed => {
                crate::embed::report_height(&el);
                true
            }
            _ => false,
        }
    });
    view! {
        <div
            class="miz"
            class=("miz--embedded", embedded)
            class=("miz--framed", crate::embed::mode() == crate::embed::Mode::Framed)
            lang=move || i18n.lang().code()
            dir=move || i18n.lang().dir()
            node_ref=root
        >
            {move || match config.get() {
                None => own_notice.then(|| view! { <p class="boot" role="status">{i18n.text(|m| m.loading)}</p> }).into_any(),
                Some(Err(error)) => {
                    crate::first_screen::remove();
                    view! { <ConfigErrorPage error on_retry=Callback::new(move |_| config.refetch()) /> }.into_any()
                }
                Some(Ok(cfg)) => {
                    i18n.set_default(cfg.default_lang);
                    view! { <Desk config=cfg /> }.into_any()
                }
            }}
        </div>
    }
}

#[component]
fn Desk(config: Config) -> impl IntoView {
    crate::paths::set_base(&config.base_path);
    crate::storage::set_namespace(&config.api_base);
    provide_context(config.clone());
    let api = Api::new(config.api_base.clone());
    provide_context(api.clone());
    crate::lasting::provide_owner();
    CaseWizard::provide(api.clone());
    let agency = crate::resource::ErasedResource::new(move || {
        let api = api.clone();
        async move { api.agency().await }
    });
    // The shell is shown once the agency is known (one small request): drawn before, the
    // header would grow when the agency's name and logo arrive and push the page down. It is
    // built and its page starts fetching meanwhile, only not displayed: waiting to build it
    // made the draft reader a fifth slower. Where index.html shows the page's first screen,
    // the shell also waits for the page to draw its heading, which then takes its place.
    let page_ready = RwSignal::new(!crate::first_screen::shown());
    if !page_ready.get_untracked() {
        watch_for_page(page_ready, 180);
    }
    let shown = Signal::derive(move || agency.with(|a| a.is_some()) && page_ready.get());
    let agency = AgencyResource(agency, shown);
    provide_context(agency);
    let i18n = crate::i18n::use_i18n();
    let own_notice = !crate::first_screen::notice_present();
    Effect::new(move |_| {
        if shown.get() {
            crate::first_screen::remove();
        }
    });
    view! {
        <Router base=config.base_path>
            {move || (own_notice && !shown.get()).then(|| view! { <p class="boot" role="status">{i18n.text(|m| m.loading)}</p> })}
            <div class="miz-shell" class=("miz-shell--waiting", move || !shown.get())>
                <SiteHeader />
                <OfflineBanner />
                {if crate::embed::mode() == crate::embed::Mode::Mounted {
                    // Inside a portal's page, which has its own <main>.
                    view! { <div id="main" class="miz-main" tabindex="-1"><DeskRoutes /></div> }.into_any()
                } else {
                    view! { <main id="main" tabindex="-1"><DeskRoutes /></main> }.into_any()
                }}
                <SiteFooter />
                <FocusOnNavigate />
            </div>
            <WizardNavigator />
        </Router>
    }
}

#[component]
fn DeskRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFoundPage /> }>
            // generated from miz_core::routes by `cargo xtask codegen`: do not edit
            <Route path=path!("/") view=crate::routes::home::HomePage />
            <Route path=path!("/contact") view=crate::routes::contact::ContactPage />
            <Route path=path!("/drafts") view=|| lazy_page(|| Box::pin(lazy_pages::drafts(lazy_pages::Drafts::DraftsPage))) />
            <Route path=path!("/drafts/:id") view=|| lazy_page(|| Box::pin(lazy_pages::drafts(lazy_pages::Drafts::ReaderPage))) />
            <Route path=path!("/drafts/:id/changes") view=|| lazy_page(|| Box::pin(lazy_pages::drafts(lazy_pages::Drafts::ChangesPage))) />
            <Route path=path!("/drafts/:id/versions/:n") view=|| lazy_page(|| Box::pin(lazy_pages::drafts(lazy_pages::Drafts::VersionPage))) />
            <Route path=path!("/faq") view=|| lazy_page(|| Box::pin(lazy_pages::faq(lazy_pages::Faq::FaqPage))) />
            <Route path=path!("/faq/:id") view=|| lazy_page(|| Box::pin(lazy_pages::faq(lazy_pages::Faq::FaqEntryPage))) />
            <Route path=path!("/cases/new") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::StartPage))) />
            <Route path=path!("/cases/new/type") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::KindPage))) />
            <Route path=path!("/cases/new/topic") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::TopicPage))) />
            <Route path=path!("/cases/new/description") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::DescriptionPage))) />
            <Route path=path!("/cases/new/attachments") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::AttachmentsPage))) />
            <Route path=path!("/cases/new/contact") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::ContactPage))) />
            <Route path=path!("/cases/new/check") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::CheckPage))) />
            <Route path=path!("/cases/new/sent") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::SentPage))) />
            <Route path=path!("/reports") view=|| lazy_page(|| Box::pin(lazy_pages::info(lazy_pages::Info::ReportsPage))) />
            <Route path=path!("/services") view=|| lazy_page(|| Box::pin(lazy_pages::info(lazy_pages::Info::ServicesPage))) />
            <Route path=path!("/services/:id") view=|| lazy_page(|| Box::pin(lazy_pages::info(lazy_pages::Info::ServicePage))) />
            <Route path=path!("/track") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::TrackPage))) />
            <Route path=path!("/track/:code") view=|| lazy_page(|| Box::pin(lazy_pages::cases(lazy_pages::Cases::TrackPage))) />
            // end of generated
        </Routes>
    }
}

thread_local! {
    /// A navigation whose page heading has not been focused yet: a page in a chunk that is
    /// still downloading has none to focus, so `lazy_page` finishes the job when it arrives.
    static FOCUS_PENDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Focuses the page's heading if a navigation is still waiting for it.
pub fn focus_heading_if_pending() {
    if !FOCUS_PENDING.get() {
        return;
    }
    if let Some(h) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector("#main h1").ok().flatten()) {
        use wasm_bindgen::JsCast;
        if let Ok(h) = h.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
            FOCUS_PENDING.set(false);
        }
    }
}

/// After a client-side navigation, move focus to the new page's heading so keyboard and
/// screen-reader users land on (and hear) the new page, as a full page load would do.
#[component]
fn FocusOnNavigate() -> impl IntoView {
    let location = use_location();
    Effect::new(move |prev: Option<String>| {
        let path = location.pathname.get();
        if prev.as_ref().is_some_and(|p| *p != path) {
            crate::prefetch::forget_left_pages(&path, &location.search.get_untracked());
            FOCUS_PENDING.set(true);
            request_animation_frame(|| {
                focus_heading_if_pending();
                let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(".miz").ok().flatten());
                crate::embed::scroll_to_top(root);
            });
        }
        path
    });
}

/// Checks once a frame, for at most `frames`, whether the page has drawn what replaces
/// index.html's first screen; a page that draws nothing of the kind is shown after that anyway.
fn watch_for_page(ready: RwSignal<bool>, frames: u32) {
    request_animation_frame(move || {
        if frames == 0 || crate::first_screen::page_drawn() {
            ready.set(true);
        } else {
            watch_for_page(ready, frames - 1);
        }
    });
}

/// Keeps the document title "page | agency" in the current language: the first thing a screen
/// reader announces, and what a shared link or a tab shows.
pub fn use_page_title(page: impl Fn(&'static crate::i18n::Msgs) -> &'static str + 'static) {
    let i18n = crate::i18n::use_i18n();
    let agency = use_agency();
    Effect::new(move |_| {
        let t = i18n.t();
        let lang = i18n.lang();
        let org = agency
            .0
            .get()
            .and_then(|r| r.ok())
            .map(|a| a.name.get(lang.code()).to_owned())
            .unwrap_or_else(|| t.app_name.to_owned());
        crate::embed::set_title(&format!("{} | {}", page(t), org));
    });
}

//! Route-level code splitting: each group of pages below is cut out of the main wasm by
//! `cargo xtask dist` into a file of its own, fetched the first time one of its pages is
//! opened. The first visit then downloads the shell, the home page and the runtime, not the
//! code of twenty pages it does not show (see docs/performance.md). The service worker
//! precaches every chunk after the first visit, so later visits and offline use never wait.
//!
//! The split points are `fallible`: a chunk that fails to download (a dropped link on a
//! phone) shows the usual network error with a retry, where Leptos' own `#[lazy]` would
//! abort the whole app.

use crate::{api::ApiError, components::{error_panel::ErrorPanel, loading::Loading}};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::{future::Future, pin::Pin};
use wasm_split_helpers::{wasm_split, SplitLoaderError};

// Four groups, by what a citizen does in one visit: read and comment on drafts; write or
// follow a case; search the agency's answers (the FAQ, with its search index and Persian
// word forms, which no other page needs); browse its services and reports. Code two groups
// share goes into a chunk of its own, so more groups mean more, smaller files on a first
// visit: eight groups made up to 51 requests for one page on a link where each round trip
// costs, five made 16; four make 8.

// generated from miz_core::routes by `cargo xtask codegen`: do not edit
#[derive(Clone, Copy)]
pub enum Drafts {
    DraftsPage,
    ReaderPage,
    ChangesPage,
    VersionPage,
}

#[wasm_split(drafts, fallible)]
pub fn drafts(page: Drafts) -> Result<AnyView, SplitLoaderError> {
    use crate::routes::drafts::list::DraftsPage;
    use crate::routes::drafts::reader::ReaderPage;
    use crate::routes::drafts::changes::ChangesPage;
    use crate::routes::drafts::version::VersionPage;
    Ok(match page {
        Drafts::DraftsPage => view! { <DraftsPage /> }.into_any(),
        Drafts::ReaderPage => view! { <ReaderPage /> }.into_any(),
        Drafts::ChangesPage => view! { <ChangesPage /> }.into_any(),
        Drafts::VersionPage => view! { <VersionPage /> }.into_any(),
    })
}

#[derive(Clone, Copy)]
pub enum Faq {
    FaqPage,
    FaqEntryPage,
}

#[wasm_split(faq, fallible)]
pub fn faq(page: Faq) -> Result<AnyView, SplitLoaderError> {
    use crate::routes::faq::list::FaqPage;
    use crate::routes::faq::entry::FaqEntryPage;
    Ok(match page {
        Faq::FaqPage => view! { <FaqPage /> }.into_any(),
        Faq::FaqEntryPage => view! { <FaqEntryPage /> }.into_any(),
    })
}

#[derive(Clone, Copy)]
pub enum Cases {
    StartPage,
    KindPage,
    TopicPage,
    DescriptionPage,
    AttachmentsPage,
    ContactPage,
    CheckPage,
    SentPage,
    TrackPage,
}

#[wasm_split(cases, fallible)]
pub fn cases(page: Cases) -> Result<AnyView, SplitLoaderError> {
    use crate::routes::cases::start::StartPage;
    use crate::routes::cases::kind::KindPage;
    use crate::routes::cases::topic::TopicPage;
    use crate::routes::cases::description::DescriptionPage;
    use crate::routes::cases::files::AttachmentsPage;
    use crate::routes::cases::contact::ContactPage;
    use crate::routes::cases::check::CheckPage;
    use crate::routes::cases::sent::SentPage;
    use crate::routes::track::TrackPage;
    Ok(match page {
        Cases::StartPage => view! { <StartPage /> }.into_any(),
        Cases::KindPage => view! { <KindPage /> }.into_any(),
        Cases::TopicPage => view! { <TopicPage /> }.into_any(),
        Cases::DescriptionPage => view! { <DescriptionPage /> }.into_any(),
        Cases::AttachmentsPage => view! { <AttachmentsPage /> }.into_any(),
        Cases::ContactPage => view! { <ContactPage /> }.into_any(),
        Cases::CheckPage => view! { <CheckPage /> }.into_any(),
        Cases::SentPage => view! { <SentPage /> }.into_any(),
        Cases::TrackPage => view! { <TrackPage /> }.into_any(),
    })
}

#[derive(Clone, Copy)]
pub enum Info {
    ReportsPage,
    ServicesPage,
    ServicePage,
}

#[wasm_split(info, fallible)]
pub fn info(page: Info) -> Result<AnyView, SplitLoaderError> {
    use crate::routes::reports::ReportsPage;
    use crate::routes::services::list::ServicesPage;
    use crate::routes::services::entry::ServicePage;
    Ok(match page {
        Info::ReportsPage => view! { <ReportsPage /> }.into_any(),
        Info::ServicesPage => view! { <ServicesPage /> }.into_any(),
        Info::ServicePage => view! { <ServicePage /> }.into_any(),
    })
}
// end of generated

/// How a route gets its page: a split function's future, boxed so that `lazy_page` below is
/// one function for every route rather than one copy per route.
pub type PageLoad = fn() -> Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>>>>;

/// A page whose code is in a chunk: "loading" while the chunk downloads (once; then it is
/// in memory and in the service worker's cache), the network error with a retry if it fails.
pub fn lazy_page(load: PageLoad) -> AnyView {
    // The page's data downloads beside its chunk, not after it.
    if let Some(api) = use_context::<crate::api::Api>() {
        let location = leptos_router::hooks::use_location();
        crate::prefetch::start(api.base(), &location.pathname.get_untracked(), &location.search.get_untracked());
    }
    let attempt = RwSignal::new(0u32);
    (move || {
        attempt.track();
        // The chunk loader's future is not Send; the app has one thread.
        let page = SendWrapper::new(load());
        view! {
            <Suspense fallback=|| view! { <Loading /> }>
                {Suspend::new(async move {
                    match page.await {
                        Ok(view) => {
                            // Once the page is drawn, its heading takes the focus a
                            // navigation moved (see app::FocusOnNavigate).
                            request_animation_frame(crate::app::focus_heading_if_pending);
                            view
                        }
                        Err(_) => {
                            leptos::task::spawn_local(reload_if_release_replaced());
                            let on_retry = Callback::new(move |_| attempt.update(|n| *n += 1));
                            view! { <ErrorPanel error=ApiError::Network on_retry /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        }
    })
    .into_any()
}

/// A chunk can also fail because a new release was deployed while this page was open: the
/// new service worker dropped the old files and the server no longer has them, so no retry
/// would help. If the app's own script is gone from the server too, that is what happened,
/// and a reload starts the new release (every half-written form is kept in storage).
async fn reload_if_release_replaced() {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let Some(script) = running_script(&window) else { return };
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let Ok(answer) = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(&script, &init)).await else {
        return; // no network: the error panel says so
    };
    let Ok(answer) = answer.dyn_into::<web_sys::Response>() else { return };
    if !matches!(answer.status(), 404 | 410) {
        return;
    }
    // Once a minute at most, should the new release be unreachable as well.
    let storage = window.session_storage().ok().flatten();
    // Whole seconds: parsing a float would bring 10 KB of code into the main part.
    let now = (js_sys::Date::now() / 1000.0) as u64;
    let last = storage.as_ref().and_then(|s| s.get_item("miz-release-reload").ok().flatten()).and_then(|v| v.parse::<u64>().ok());
    if last.is_some_and(|t| now.saturating_sub(t) < 60) {
        return;
    }
    if let Some(s) = &storage {
        let _ = s.set_item("miz-release-reload", &now.to_string());
    }
    let _ = window.location().reload();
}

/// The URL of the app's script (`miz-<hash>.js`) this page runs, from the resource timings,
/// which also name it when a portal embedded the desk from another origin.
fn running_script(window: &web_sys::Window) -> Option<String> {
    use wasm_bindgen::JsCast;
    let performance = js_sys::Reflect::get(window, &"performance".into()).ok()?;
    let get = js_sys::Reflect::get(&performance, &"getEntriesByType".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let entries = js_sys::Array::from(&get.call1(&performance, &"resource".into()).ok()?);
    entries.iter().find_map(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into()).ok()?.as_string()?;
        let file = name.split(['?', '#']).next()?.rsplit('/').next()?;
        (file.starts_with("miz-") && file.ends_with(".js")).then_some(name)
    })
}

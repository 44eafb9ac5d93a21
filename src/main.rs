//! miz, the citizen service desk: the browser app.

mod api;
mod app;
mod boot;
mod case_passes;
mod case_wizard;
mod components;
mod config;
mod embed;
mod resource;
mod feedback_outbox;
mod first_screen;
use ui::format;
mod i18n;
mod lasting;
mod lazy_pages;
mod paths;
mod prefetch;
mod remembered;
mod routes;
mod service_worker;
mod storage;
#[path = "../ui/mod.rs"]
mod ui;
mod upload;

use embed::Mode;
use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    let embedding = config::Embedding::read();
    let element = embedding.mount.as_deref().and_then(|selector| {
        let found = web_sys::window()?.document()?.query_selector(selector).ok().flatten()?.dyn_into::<web_sys::HtmlElement>().ok();
        if found.is_none() {
            // The host page names an element it does not have; show the desk anyway.
            web_sys::console::warn_1(&format!("miz: no element matches data-mount=\"{selector}\"; mounting at the end of <body>").into());
        }
        found
    });
    let mode = match (&element, embed::is_framed()) {
        (Some(_), _) => Mode::Mounted,
        (None, true) => Mode::Framed,
        (None, false) => Mode::Standalone,
    };
    embed::set_mode(mode);
    match element {
        // The handle unmounts the app when dropped; the app lives as long as the page.
        Some(e) => {
            // The portal's own words for "the desk is loading, or could not load" (see the
            // README's snippet) give way to the desk.
            e.set_text_content(None);
            std::mem::forget(leptos::mount::mount_to(e, app::App))
        }
        None => leptos::mount::mount_to_body(app::App),
    }
    // A service worker belongs to the desk's own pages, not to a portal that embeds it.
    if mode == Mode::Standalone {
        service_worker::register();
    }
}

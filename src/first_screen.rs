//! `index.html` may show the first screen of the page a visit opens (written from
//! `xtask/src/first_screen.rs`) while the wasm downloads. The app keeps it on screen until its
//! own drawing of the page is ready to replace it, then removes it in the same frame as it shows
//! its shell, so the text does not blink out and back in.

use wasm_bindgen::JsCast;

fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// Whether `index.html`'s loading notice is on the page (a desk on its own page, not one
/// mounted in a portal's): it speaks for the app until the app takes over.
pub fn notice_present() -> bool {
    element("miz-boot").is_some()
}

/// Whether the first screen is being shown: the app then waits for its page's heading before
/// showing itself instead.
pub fn shown() -> bool {
    element("miz-first").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|e| !e.hidden())
}

/// Removes the loading notice and the first screen: the app is showing itself.
pub fn remove() {
    for id in ["miz-boot", "miz-first"] {
        if let Some(e) = element(id) {
            e.remove();
        }
    }
}

/// Whether the app's page has drawn what replaces the first screen: its heading, or the error
/// that stands in for the page.
pub fn page_drawn() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("#main h1, #main [role=alert]").ok().flatten())
        .is_some()
}

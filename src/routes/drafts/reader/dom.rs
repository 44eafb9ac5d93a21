//! The few direct DOM touches the reader needs: the URL fragment, focus and scrolling after
//! the view has rendered.

use leptos::prelude::request_animation_frame;
use wasm_bindgen::{JsCast, JsValue};

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The fragment without its `#`, percent-decoded (paragraph ids may be Persian).
pub fn fragment() -> String {
    let raw = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let raw = raw.trim_start_matches('#');
    js_sys::decode_uri_component(raw).ok().and_then(|s| s.as_string()).unwrap_or_else(|| raw.to_owned())
}

pub fn replace_fragment(fragment: &str) {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let hash = if fragment.is_empty() { String::new() } else { format!("#{fragment}") };
    let url = loc.pathname().unwrap_or_default() + &loc.search().unwrap_or_default() + &hash;
    if loc.hash().ok().as_deref() == Some(hash.as_str()) {
        return;
    }
    if let Ok(h) = w.history() {
        // Keep the router's state object, so its own bookkeeping survives.
        let state = h.state().unwrap_or(JsValue::NULL);
        let _ = h.replace_state_with_url(&state, "", Some(&url));
    }
}

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// Focuses an element once the pending render has happened.
pub fn focus_later(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || {
        if let Some(e) = element(&id) {
            let _ = e.focus();
        }
    });
}

/// Scrolls an element into view and focuses it, after the render (a linked comment).
pub fn reveal_later(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || {
        if let Some(e) = element(&id) {
            e.scroll_into_view();
            let _ = e.focus();
        }
    });
}

/// Scrolls to an element and focuses it now (table of contents).
pub fn reveal(id: &str) {
    if let Some(e) = element(id) {
        e.scroll_into_view();
        let _ = e.focus();
    }
}

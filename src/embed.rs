//! How the app sits in the page: its own page, mounted into an element of an agency's
//! portal, or inside an `<iframe>`. Embedded, it leaves the host's title and scroll alone
//! and, in a frame, tells the parent its height so the host can size the frame
//! (`public/embed/host.js` does that).

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The app's own `index.html`.
    Standalone,
    /// Mounted into an element of a host page (`data-mount`).
    Mounted,
    /// The whole page of an `<iframe>` on a host page.
    Framed,
}

thread_local! {
    static MODE: std::cell::Cell<Mode> = const { std::cell::Cell::new(Mode::Standalone) };
}

pub fn set_mode(m: Mode) {
    MODE.with(|c| c.set(m));
}

pub fn mode() -> Mode {
    MODE.with(|c| c.get())
}

pub fn is_framed() -> bool {
    let Some(w) = web_sys::window() else { return false };
    match w.parent() {
        Ok(Some(p)) => !js_sys::Object::is(&p, &w),
        // A cross-origin parent cannot even be compared: that is a frame too.
        _ => true,
    }
}

/// The document's title belongs to the host page when the app is mounted in it.
pub fn set_title(title: &str) {
    if mode() == Mode::Mounted {
        return;
    }
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

fn post_to_parent(message: &JsValue) {
    if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
        // Only a height and "navigated" are sent, nothing private, so any host may hear them.
        let _ = parent.post_message(message, "*");
    }
}

fn message(kind: &str, height: Option<f64>) -> JsValue {
    let m = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&m, &"type".into(), &JsValue::from_str(kind));
    if let Some(h) = height {
        let _ = js_sys::Reflect::set(&m, &"height".into(), &JsValue::from_f64(h));
    }
    m.into()
}

/// In a frame, reports the app's height to the parent whenever it changes.
pub fn report_height(root: &web_sys::Element) {
    let send = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(e) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
            let h = e.target().get_bounding_client_rect().height().ceil();
            post_to_parent(&message("miz:height", Some(h)));
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(send.as_ref().unchecked_ref()) {
        observer.observe(root);
        // The observer lives as long as the page; so does its callback.
        send.forget();
        std::mem::forget(observer);
    }
}

/// After a route change: the standalone page scrolls to its top; mounted, the app's top is
/// brought into view if it is above it; framed, the host is asked to do that for the frame.
pub fn scroll_to_top(root: Option<web_sys::Element>) {
    let Some(w) = web_sys::window() else { return };
    match mode() {
        Mode::Standalone => w.scroll_to_with_x_and_y(0.0, 0.0),
        Mode::Mounted => {
            if let Some(r) = root.filter(|r| r.get_bounding_client_rect().top() < 0.0) {
                r.scroll_into_view();
            }
        }
        Mode::Framed => post_to_parent(&message("miz:navigated", None)),
    }
}

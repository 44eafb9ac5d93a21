use crate::i18n::use_i18n;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

/// Says so when the browser is offline: the desk keeps working from what it has kept, and the
/// citizen should know why nothing new arrives.
#[component]
pub fn OfflineBanner() -> impl IntoView {
    let i18n = use_i18n();
    let online = RwSignal::new(web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true));
    if let Some(w) = web_sys::window() {
        for (event, value) in [("online", true), ("offline", false)] {
            let cb = Closure::<dyn Fn()>::new(move || online.set(value));
            let _ = w.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
            // The listener lives as long as the page.
            cb.forget();
        }
    }
    move || {
        (!online.get()).then(|| {
            view! {
                <p class="offline-banner" role="status">{i18n.text(|m| m.offline_banner)}</p>
            }
        })
    }
}

//! Registers `sw.js`, relative to the document's base URL, so the worker's scope follows
//! the app wherever it is served (`/` or `/portal/miz/`).

use wasm_bindgen::JsValue;

pub fn register() {
    let Some(w) = web_sys::window() else { return };
    let nav = w.navigator();
    // Old browsers and some embedded webviews have no service workers: the app works without.
    if !js_sys::Reflect::has(&nav, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let promise = nav.service_worker().register("sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        // A refusal (private mode, file://) is not the citizen's problem; the desk still works.
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

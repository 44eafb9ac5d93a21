//! The desk's first two requests, `config.json` and the agency it names, are started by a
//! small script in `index.html` while the wasm is still downloading; the app takes their
//! answers from `window.__mizBoot` instead of asking again once it runs. On a link where a
//! round trip is 400 ms that is the agency's round trip off every first paint.
//!
//! Each answer is used once, and only for the very URL the app would fetch (an embedding
//! page's `data-config` or another API makes it ask itself, as without the script).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The status and body `index.html`'s script got for `url` under `key`, if it fetched that.
pub async fn take(key: &str, url: &str) -> Option<(u16, String)> {
    let window = web_sys::window()?;
    let boot = js_sys::Reflect::get(&window, &JsValue::from_str("__mizBoot")).ok()?;
    if !boot.is_object() {
        return None;
    }
    let promise = js_sys::Reflect::get(&boot, &JsValue::from_str(key)).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    // Once: a retry or a later visit to the page must reach the network.
    let _ = js_sys::Reflect::delete_property(boot.unchecked_ref::<js_sys::Object>(), &JsValue::from_str(key));
    let answer = JsFuture::from(promise).await.ok()?;
    let field = |name: &str| js_sys::Reflect::get(&answer, &JsValue::from_str(name)).ok();
    if field("url")?.as_string()? != url {
        return None;
    }
    Some((field("status")?.as_f64()? as u16, field("text")?.as_string()?))
}

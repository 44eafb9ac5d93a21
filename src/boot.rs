//! The desk's first requests, `config.json`, the agency it names and the data of the page the
//! desk opens on, are started by a small script in `index.html` while the wasm is still
//! downloading; the app takes their answers from `window.__mizBoot` instead of asking again
//! once it runs. On a link where a round trip is 400 ms that is one to three round trips off
//! every first paint.
//!
//! Each answer is used once, only for the very URL the app would fetch (an embedding page's
//! `data-config`, another API or a path built differently makes it ask itself, as without the
//! script), and a page's data only while the address is still the one the desk opened on, or
//! in the first seconds after it opened (a page that redirects at once, as a wizard step
//! opened without the steps before it, leaves for a page that asks for the same data).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn boot() -> Option<js_sys::Object> {
    let window: JsValue = web_sys::window()?.into();
    let boot = js_sys::Reflect::get(&window, &JsValue::from_str("__mizBoot")).ok()?;
    boot.dyn_into().ok()
}

/// `window.__mizBoot`, made when the page has none (an embedding page without the boot
/// script): where `prefetch` puts the requests it starts.
pub fn holder() -> Option<js_sys::Object> {
    if let Some(b) = boot() {
        return Some(b);
    }
    let window: JsValue = web_sys::window()?.into();
    let b = js_sys::Object::new();
    js_sys::Reflect::set(&window, &JsValue::from_str("__mizBoot"), &b).ok()?;
    Some(b)
}

/// The status and body `index.html`'s script got for `url` under `key`, if it fetched that.
pub async fn take(key: &str, url: &str) -> Option<(u16, String)> {
    take_from(&boot()?, key, url).await
}

/// The status and body `index.html`'s script got for the API path `path` (at `url`) of the
/// page the desk opened on, if it asked for it and the desk is still on that page.
/// How long after the desk opened its page's answers may serve the page it went on to.
const FRESH_MS: f64 = 10_000.0;

pub async fn take_get(path: &str, url: &str) -> Option<(u16, String)> {
    let boot = boot()?;
    let gets = js_sys::Reflect::get(&boot, &JsValue::from_str("gets")).ok()?.dyn_into::<js_sys::Object>().ok()?;
    let at = js_sys::Reflect::get(&boot, &JsValue::from_str("at")).ok()?.as_string()?;
    let location = web_sys::window()?.location();
    let here = format!("{}{}", location.pathname().ok()?, location.search().ok()?);
    let opened = js_sys::Reflect::get(&boot, &JsValue::from_str("t")).ok().and_then(|t| t.as_f64());
    if here != at && !opened.is_some_and(|t| js_sys::Date::now() - t < FRESH_MS) {
        // Answers from when the page opened would be stale on a page visited later.
        let _ = js_sys::Reflect::delete_property(&boot, &JsValue::from_str("gets"));
        return None;
    }
    take_from(&gets, path, url).await
}

async fn take_from(holder: &js_sys::Object, key: &str, url: &str) -> Option<(u16, String)> {
    let promise = js_sys::Reflect::get(holder, &JsValue::from_str(key)).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    // Once: a retry or a later visit to the page must reach the network.
    let _ = js_sys::Reflect::delete_property(holder, &JsValue::from_str(key));
    let answer = JsFuture::from(promise).await.ok()?;
    // The answer is usually here before the app asks, so the app would go on in the same task
    // (a resolved promise continues as a microtask): starting, drawing the shell and drawing
    // the page became one task of 300 ms on a slow phone, blocking input all along. Going on
    // in a task of its own lets the browser paint and answer taps in between.
    next_task().await;
    let field = |name: &str| js_sys::Reflect::get(&answer, &JsValue::from_str(name)).ok();
    if field("url")?.as_string()? != url {
        return None;
    }
    Some((field("status")?.as_f64()? as u16, field("text")?.as_string()?))
}

/// Resolves in a new task of the event loop (a `setTimeout` of 0).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().and_then(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).ok());
        if scheduled.is_none() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

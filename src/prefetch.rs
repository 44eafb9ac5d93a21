//! A page's data while its chunk downloads. On a first visit `index.html`'s script starts the
//! opening page's requests; within the app, a page of another chunk used to wait for its code
//! and only then ask for its data, one after the other. When a page's route is drawn (the
//! chunk starts loading then, `lazy_pages::lazy_page`), this starts the requests its first
//! paint makes, from the table of pages (`miz_core::routes`), and puts them where the boot
//! script puts its own (`window.__mizBoot.gets`): the page takes them (`boot::take_get`)
//! instead of asking. Requests started for a page the citizen has left before they were taken
//! are aborted.

use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// The requests this module started: (API path, the address they are for, abort).
    static STARTED: RefCell<Vec<(String, String, web_sys::AbortController)>> = const { RefCell::new(Vec::new()) };
}

/// The address as the app writes it: the base, the path below it, the query with its `?`.
fn address(pathname: &str, search: &str) -> String {
    let base = crate::paths::to("");
    let path = pathname.strip_prefix(base.as_str()).filter(|p| p.starts_with('/')).unwrap_or(pathname);
    let search = if search.is_empty() || search.starts_with('?') { search.to_owned() } else { format!("?{search}") };
    format!("{base}{path}{search}")
}

fn gets_of(holder: &js_sys::Object) -> Option<js_sys::Object> {
    js_sys::Reflect::get(holder, &"gets".into()).ok()?.dyn_into::<js_sys::Object>().ok()
}

/// Aborts what was started for another address than the router's and not taken yet: the
/// citizen has left that page. Called on every navigation.
pub fn forget_left_pages(pathname: &str, search: &str) {
    let Some(gets) = crate::boot::holder().as_ref().and_then(gets_of) else { return };
    abort_left(&gets, &address(pathname, search));
}

fn abort_left(gets: &js_sys::Object, here: &str) {
    STARTED.with(|s| {
        s.borrow_mut().retain(|(key, address, abort)| {
            if address == here {
                return true;
            }
            let key = JsValue::from_str(key);
            // Taken by its page (the key is gone): that page's own business now.
            if js_sys::Reflect::has(gets, &key).unwrap_or(false) {
                let _ = js_sys::Reflect::delete_property(gets, &key);
                abort.abort();
            }
            false
        })
    });
}

/// Starts the data requests of the page the router is drawing (`pathname`, with or without
/// the desk's base, and `search`: the router's location, which changes before the browser's
/// address does), against the API at `api`.
pub fn start(api: &str, pathname: &str, search: &str) {
    let Some(holder) = crate::boot::holder() else { return };
    let gets = match gets_of(&holder) {
        Some(g) => g,
        None => {
            let g = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&holder, &"gets".into(), &g);
            g
        }
    };
    let address = address(pathname, search);
    abort_left(&gets, &address);
    let base = crate::paths::to("");
    let path = address[base.len()..].split('?').next().unwrap_or("");
    let search = &address[base.len() + path.len()..];
    let Some((route, params)) = miz_core::routes::find(path) else { return };
    if route.data.is_empty() {
        return;
    }
    let _ = js_sys::Reflect::set(&holder, &"at".into(), &JsValue::from_str(&address));
    let _ = js_sys::Reflect::set(&holder, &"t".into(), &JsValue::from_f64(js_sys::Date::now()));
    let params: Vec<String> = params
        .iter()
        .map(|p| crate::api::encode_segment(&js_sys::decode_uri_component(p).ok().and_then(|s| s.as_string()).unwrap_or_default()))
        .collect();
    let query = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let filters: String = ["state", "kind", "q"]
        .iter()
        .filter_map(|name| {
            let value = query.as_ref()?.get(name)?;
            (!value.trim().is_empty()).then(|| format!("{name}={}&", crate::api::encode_segment(&value)))
        })
        .collect();
    let client_id = if route.data.iter().any(|d| d.contains("{client_id}")) { crate::storage::client_id() } else { String::new() };
    let (p1, p2) = (params.first().cloned().unwrap_or_default(), params.get(1).cloned().unwrap_or_default());
    let places = [("1", p1.as_str()), ("2", p2.as_str()), ("drafts_filters", filters.as_str()), ("client_id", client_id.as_str())];
    for template in route.data {
        let key = crate::i18n::fill(template, &places);
        if js_sys::Reflect::has(&gets, &JsValue::from_str(&key)).unwrap_or(false) {
            continue; // index.html's script asked already
        }
        let Ok(abort) = web_sys::AbortController::new() else { continue };
        let url = format!("{api}{key}");
        let promise = wasm_bindgen_futures::future_to_promise(answer(url, abort.signal()));
        let _ = js_sys::Reflect::set(&gets, &JsValue::from_str(&key), &promise);
        STARTED.with(|s| s.borrow_mut().push((key, address.clone(), abort)));
    }
}

/// `{url, status, text}` as the boot script keeps it, or `null` when nothing came (the page
/// then asks itself and says what went wrong). Never a rejection: nobody may be listening.
async fn answer(url: String, signal: web_sys::AbortSignal) -> Result<JsValue, JsValue> {
    let got = async {
        let window = web_sys::window()?;
        let init = web_sys::RequestInit::new();
        init.set_signal(Some(&signal));
        let headers = web_sys::Headers::new().ok()?;
        let _ = headers.set("Accept", "application/json, application/problem+json");
        init.set_headers(&headers);
        let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await.ok()?.dyn_into().ok()?;
        let text = JsFuture::from(resp.text().ok()?).await.ok()?.as_string()?;
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"url".into(), &JsValue::from_str(&url));
        let _ = js_sys::Reflect::set(&o, &"status".into(), &JsValue::from_f64(f64::from(resp.status())));
        let _ = js_sys::Reflect::set(&o, &"text".into(), &JsValue::from_str(&text));
        Some(JsValue::from(o))
    }
    .await;
    Ok(got.unwrap_or(JsValue::NULL))
}

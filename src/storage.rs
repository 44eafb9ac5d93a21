//! localStorage, which may be missing or refuse writes (private mode, quota, embedded frames):
//! the app must work without it, only forgetting more.

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

thread_local! {
    static NAMESPACE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Two desks embedded on one portal page (two agencies, two APIs) share the origin's storage;
/// keys are then kept apart by the API they talk to. The desk on its own origin, talking to
/// the API beside it, keeps plain keys.
pub fn set_namespace(api_base: &str) {
    let own = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .is_some_and(|o| api_base == format!("{o}/api/v1/") || crate::embed::mode() == crate::embed::Mode::Standalone);
    NAMESPACE.with(|n| *n.borrow_mut() = if own { String::new() } else { format!("{api_base}|") });
}

fn key_for(key: &str) -> String {
    NAMESPACE.with(|n| format!("{}{key}", n.borrow()))
}

pub fn get(key: &str) -> Option<String> {
    local()?.get_item(&key_for(key)).ok().flatten()
}

pub fn set(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(&key_for(key), value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(&key_for(key));
    }
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// For this tab only, gone when it closes: what must survive a reload but not stay on a
/// shared computer (a case's receipt with its access key).
pub fn session_get(key: &str) -> Option<String> {
    session()?.get_item(&key_for(key)).ok().flatten()
}

pub fn session_set(key: &str, value: &str) {
    if let Some(s) = session() {
        let _ = s.set_item(&key_for(key), value);
    }
}

/// A random id this browser keeps, so "was this helpful?" counts once per browser.
pub fn client_id() -> String {
    const KEY: &str = "miz.client";
    if let Some(id) = get(KEY).filter(|id| miz_core::api::valid_client_id(id)) {
        return id;
    }
    let id: String = (0..24)
        .map(|_| {
            let n = (js_sys::Math::random() * 36.0) as u32;
            char::from_digit(n.min(35), 36).unwrap_or('0')
        })
        .collect();
    set(KEY, &id);
    id
}

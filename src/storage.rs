//! localStorage, which may be missing or refuse writes (private mode, quota, embedded frames):
//! the app must work without it, only forgetting more.

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

pub fn set(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
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

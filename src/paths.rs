//! The app's own paths, below the base path from `config.json` (`/portal/miz` or none).
//! The router strips the base when matching, but an absolute link or navigation must carry
//! it, so every in-app path is built here.

thread_local! {
    static BASE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Set once, when the config is known (`""` or `/portal/miz`, no trailing slash).
pub fn set_base(base: &str) {
    BASE.with(|b| *b.borrow_mut() = base.trim_end_matches('/').to_owned());
}

/// `/drafts` → `/portal/miz/drafts`.
pub fn to(path: &str) -> String {
    BASE.with(|b| format!("{}{path}", b.borrow()))
}

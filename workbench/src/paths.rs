//! Where the workbench lives (`/staff` or `/portal/miz/staff`, from the page's `<base>`, which
//! trunk writes at build time) and where its API is (beside it: `…/api/v1/`).

/// The workbench's base path, without a trailing slash.
pub fn base() -> String {
    let href = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    let path = web_sys::Url::new(&href).map(|u| u.pathname()).unwrap_or_else(|_| "/staff/".into());
    path.trim_end_matches('/').to_owned()
}

/// `/cases/1` → `/staff/cases/1`.
pub fn to(path: &str) -> String {
    format!("{}{path}", base())
}

/// The API of the desk the workbench belongs to: `/api/v1/` beside `/staff/`.
pub fn api_base() -> String {
    let b = base();
    let desk = b.strip_suffix("/staff").unwrap_or("");
    format!("{desk}/api/v1/")
}

//! `config.json` says which API to talk to, where the app lives, and how it looks, so one
//! build serves any agency. It is fetched from next to the app, or from the URL in the
//! `data-config` attribute of the script tag that loaded it (see `embed.js`). Relative URLs
//! inside it are relative to the file itself.

use crate::{api, i18n::Lang};
use miz_core::theme::Theme;
use miz_core::json::FromJson;
use wasm_bindgen::JsValue;

#[derive(FromJson, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    api_base_url: Option<String>,
    base_path: Option<String>,
    default_language: Option<String>,
    #[serde(default)]
    theme: Theme,
    logo_url: Option<String>,
    font: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Absolute URL of the API, ending in `/` (e.g. `https://desk.example.ir/api/v1/`).
    pub api_base: String,
    /// Path the app's routes live under, without a trailing slash (`""` at the root).
    pub base_path: String,
    pub default_lang: Lang,
    /// CSS custom properties for the agency's colours and font, set on the app's root.
    pub style: Vec<(String, String)>,
    /// The agency's logo, instead of the one the API names.
    pub logo_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// The file could not be fetched (offline, 404, server down): where it was looked for.
    Unreachable(String),
    /// The file arrived but is not what the desk needs: what is wrong with it.
    Broken(String),
}

/// How the page asked for the app: set by `embed.js` from its script tag, absent on the app's
/// own `index.html`.
#[derive(Clone, Debug, Default)]
pub struct Embedding {
    pub config_url: Option<String>,
    /// CSS selector of the element to mount into, instead of `<body>`.
    pub mount: Option<String>,
}

impl Embedding {
    pub fn read() -> Embedding {
        let Some(w) = web_sys::window() else { return Embedding::default() };
        let Ok(e) = js_sys::Reflect::get(&w, &JsValue::from_str("__mizEmbed")) else { return Embedding::default() };
        let field = |k: &str| js_sys::Reflect::get(&e, &JsValue::from_str(k)).ok().and_then(|v| v.as_string()).filter(|s| !s.is_empty());
        Embedding { config_url: field("config"), mount: field("mount") }
    }
}

pub async fn load() -> Result<Config, ConfigError> {
    let base_uri = document_base();
    let url = match Embedding::read().config_url {
        Some(u) => api::resolve(&u, &base_uri),
        None => api::resolve("config.json", &base_uri),
    }
    .ok_or_else(|| ConfigError::Unreachable("config.json".into()))?;
    let fetched = match crate::boot::take("config", &url).await {
        Some(answer) => Ok(answer),
        None => api::fetch_text(&url).await,
    };
    let text = match fetched {
        Ok((200, text)) => text,
        Ok((status, _)) => return Err(ConfigError::Unreachable(format!("{url} (HTTP {status})"))),
        Err(_) => return Err(ConfigError::Unreachable(url)),
    };
    parse(&text, &url, &base_uri)
}

fn parse(text: &str, url: &str, base_uri: &str) -> Result<Config, ConfigError> {
    let raw: RawConfig = miz_core::json::from_str(text).map_err(|e| ConfigError::Broken(format!("{url}: {e}")))?;
    let api_rel = raw.api_base_url.unwrap_or_else(|| "api/v1/".to_owned());
    let mut api_base = api::resolve(&api_rel, url)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .ok_or_else(|| ConfigError::Broken(format!("api_base_url is not an http(s) URL: {api_rel}")))?;
    if !api_base.ends_with('/') {
        api_base.push('/');
    }
    let base_path = match raw.base_path {
        Some(p) if p.starts_with('/') => p,
        Some(p) => return Err(ConfigError::Broken(format!("base_path must start with /: {p}"))),
        None => path_of(base_uri),
    };
    let default_lang = match raw.default_language.as_deref() {
        None => Lang::Fa,
        Some(l) => Lang::parse(l).ok_or_else(|| ConfigError::Broken(format!("default_language must be fa or en: {l}")))?,
    };
    let problems = raw.theme.problems();
    if !problems.is_empty() {
        return Err(ConfigError::Broken(problems.join("; ")));
    }
    let mut style = raw.theme.properties();
    match raw.font.as_deref() {
        None | Some("vazirmatn") => {}
        // Fonts the phone already has: nothing to download.
        Some("system") => style.push(("--miz-font".into(), "Tahoma, \"Segoe UI\", system-ui, sans-serif".into())),
        Some(other) => return Err(ConfigError::Broken(format!("font must be vazirmatn or system: {other}"))),
    }
    let logo_url = match raw.logo_url {
        None => None,
        Some(l) => Some(
            api::resolve(&l, url)
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .ok_or_else(|| ConfigError::Broken(format!("logo_url is not an http(s) URL: {l}")))?,
        ),
    };
    Ok(Config { api_base, base_path: base_path.trim_end_matches('/').to_owned(), default_lang, style, logo_url })
}

/// The document's base URL: trunk writes `<base href>` from `--public-url`.
fn document_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".to_owned())
}

fn path_of(url: &str) -> String {
    web_sys::Url::new(url).map(|u| u.pathname()).unwrap_or_else(|_| "/".to_owned())
}

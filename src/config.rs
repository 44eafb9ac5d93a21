//! `config.json`, fetched from next to the app at start-up, says which API to talk to, so one
//! build serves any agency with a compatible backend.

use crate::{api, i18n::Lang};
use serde::Deserialize;

#[derive(Deserialize, Default)]
struct RawConfig {
    api_base_url: Option<String>,
    base_path: Option<String>,
    default_language: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Absolute URL of the API, ending in `/` (e.g. `https://desk.example.ir/api/v1/`).
    pub api_base: String,
    /// Path the app lives under, without a trailing slash (`""` at the root).
    pub base_path: String,
    pub default_lang: Lang,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// The file could not be fetched (offline, 404, server down).
    Unreachable,
    /// The file arrived but is not the JSON we expect.
    Broken(String),
}

pub async fn load() -> Result<Config, ConfigError> {
    let base_uri = document_base();
    let url = api::resolve("config.json", &base_uri).ok_or(ConfigError::Unreachable)?;
    let text = match api::fetch_text(&url).await {
        Ok((200, text)) => text,
        _ => return Err(ConfigError::Unreachable),
    };
    let raw: RawConfig = serde_json::from_str(&text).map_err(|e| ConfigError::Broken(e.to_string()))?;
    let api_rel = raw.api_base_url.unwrap_or_else(|| "api/v1/".to_owned());
    let mut api_base = api::resolve(&api_rel, &base_uri)
        .ok_or_else(|| ConfigError::Broken(format!("api_base_url is not a URL: {api_rel}")))?;
    if !api_base.ends_with('/') {
        api_base.push('/');
    }
    let base_path = raw.base_path.unwrap_or_else(|| path_of(&base_uri));
    Ok(Config {
        api_base,
        base_path: base_path.trim_end_matches('/').to_owned(),
        default_lang: raw.default_language.as_deref().and_then(Lang::parse).unwrap_or(Lang::Fa),
    })
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

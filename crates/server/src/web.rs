//! The whole service: the API under `/api/v1`, the built app everywhere else, and the headers
//! every response carries (CSP, caching, compression).

use crate::{problem, routes, state::AppState};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, Response, StatusCode},
    middleware::{self, Next},
    response::IntoResponse,
    routing::{any, get},
    Router,
};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::{convert::Infallible, path::Path};
use tower::service_fn;
use tower_http::{catch_panic::CatchPanicLayer, compression::CompressionLayer, services::ServeDir};

/// The built `index.html`, kept in memory, with the CSP that allows exactly its inline scripts.
pub struct IndexPage {
    pub html: Vec<u8>,
    pub csp: HeaderValue,
}

impl IndexPage {
    pub fn load(dist: &Path, connect_src: &str, frame_ancestors: &[String]) -> Option<IndexPage> {
        let html = std::fs::read(dist.join("index.html")).ok()?;
        let text = String::from_utf8_lossy(&html);
        let hashes = inline_script_hashes(&text);
        let csp = HeaderValue::from_str(&app_csp(&hashes, connect_src, frame_ancestors)).ok()?;
        Some(IndexPage { html, csp })
    }

    /// The staff workbench's page (`staff/index.html`): its own script hashes, its own API
    /// only, and no page may frame it (a framed sign-in invites clickjacking).
    pub fn load_staff(dist: &Path) -> Option<IndexPage> {
        let html = std::fs::read(dist.join("staff").join("index.html")).ok()?;
        let hashes = inline_script_hashes(&String::from_utf8_lossy(&html));
        let csp = app_csp(&hashes, "", &[]).replace("frame-ancestors 'self'", "frame-ancestors 'none'");
        Some(IndexPage { html, csp: HeaderValue::from_str(&csp).ok()? })
    }
}

/// The app's Content-Security-Policy. trunk's loader is an inline module script whose nonce is
/// fixed at build time (so it protects nothing); it is allowed by its sha256 instead, computed
/// from the built file, and `'wasm-unsafe-eval'` is the only other relaxation (the browser
/// needs it to compile the wasm). Nothing else inline runs or styles. Only the desk's own
/// origin and the configured portal origins may frame it.
pub fn app_csp(script_hashes: &[String], connect_src: &str, frame_ancestors: &[String]) -> String {
    let hashes: String = script_hashes.iter().map(|h| format!(" 'sha256-{h}'")).collect();
    let extra = connect_src.split_whitespace().filter(|s| is_csp_source(s)).collect::<Vec<_>>().join(" ");
    let connect = if extra.is_empty() { "'self'".to_owned() } else { format!("'self' {extra}") };
    // Images may come from an API elsewhere too: the agency's logo is served by its API.
    let img = if extra.is_empty() { "'self' data:".to_owned() } else { format!("'self' data: {extra}") };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src {img}; font-src 'self'; connect-src {connect}; manifest-src 'self'; \
         worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'self'{ancestors}",
        ancestors = frame_ancestors.iter().map(|o| format!(" {o}")).collect::<String>()
    )
}

/// Parses `--cors-origins`: each must be exactly an origin (`https://portal.example.ir`,
/// with an optional port), since it goes into headers and the CSP verbatim.
pub fn origins(list: &str) -> Result<Vec<String>, String> {
    list.split_whitespace()
        .map(|o| {
            let o = o.trim_end_matches('/');
            let rest = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://"));
            match rest {
                Some(host) if !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)) => Ok(o.to_owned()),
                _ => Err(format!("not an origin (scheme://host[:port]): '{o}'")),
            }
        })
        .collect()
}

/// CORS for the API: the configured origins may read answers and send the desk's headers.
fn cors(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let values: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    if values.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(values))
            .allow_methods([Method::GET, Method::POST, Method::PUT])
            // From the contract's own lists, so the preflight allows exactly what the app
            // sends and exposes what it reads; admin clients add Authorization.
            .allow_headers(header_names(miz_core::api::headers::SENT_BY_APP.iter().chain(&["Authorization"])))
            .expose_headers(header_names(miz_core::api::headers::READ_BY_APP.iter()))
            .max_age(std::time::Duration::from_secs(600)),
    )
}

fn header_names<'a>(names: impl Iterator<Item = &'a &'a str>) -> Vec<header::HeaderName> {
    names.filter_map(|n| header::HeaderName::from_bytes(n.to_ascii_lowercase().as_bytes()).ok()).collect()
}

/// Only origins may be added to `connect-src`: a stray `;` or keyword would rewrite the policy.
fn is_csp_source(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.chars().all(|c| c.is_ascii_alphanumeric() || ":/.-_*".contains(c))
}

/// base64 sha256 of the text of every `<script>` without a `src`, as CSP wants it.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|i| i + at) {
        let Some(open_end) = lower[start..].find('>').map(|i| i + start + 1) else { break };
        let Some(close) = lower[open_end..].find("</script").map(|i| i + open_end) else { break };
        let tag = &lower[start..open_end];
        if !tag.contains(" src=") && !tag.contains("\tsrc=") && !tag.contains("\nsrc=") {
            let digest = Sha256::digest(html[open_end..close].as_bytes());
            out.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        at = close;
    }
    out
}

pub fn router(state: AppState) -> Router {
    let index_state = state.clone();
    let spa_fallback = service_fn(move |req: Request| {
        let st = index_state.clone();
        async move { Ok::<_, Infallible>(nearest_index(&st, req.uri().path())) }
    });
    let files = ServeDir::new(state.dist.as_ref())
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa_fallback);

    let mut app = Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .fallback_service(files)
        .layer(middleware::from_fn(only_reads))
        .layer(middleware::map_response(problem::normalize))
        .with_state(state.clone());
    // A portal on another origin loads `embed.js`, the app's module, wasm and fonts from here:
    // module scripts, wasm fetches and fonts are CORS requests, so the portal's origin must
    // be allowed for the files too, not only for the API.
    if let Some(cors) = cors(&state.cors_origins) {
        app = app.layer(cors);
    }

    // The desk's own agency at /api/v1; every agency in the database (the demo has two) also
    // at /agencies/{id}/api/v1, so one reference server can back several embedded desks.
    let mut apis = Router::new().nest("/api/v1", routes::router(state.clone()));
    for id in state.agencies.iter() {
        apis = apis.nest(&format!("/agencies/{id}/api/v1"), routes::router(state.for_agency(id)));
    }
    if let Some(cors) = cors(&state.cors_origins) {
        apis = apis.layer(cors);
    }
    let desk = apis
        .route("/api", any(unknown_api))
        .route("/api/{*rest}", any(unknown_api))
        .route("/agencies/{*rest}", any(unknown_api))
        .merge(app)
        .layer(middleware::from_fn_with_state(state.clone(), headers));
    let desk = match state.base_path.trim_end_matches('/') {
        "" => desk,
        prefix => under_prefix(prefix.to_owned(), desk),
    };
    desk.layer(CompressionLayer::new()).layer(CatchPanicLayer::custom(problem::from_panic))
}

/// The desk below `prefix` (`/portal/miz/…` is the desk's `/…`, `/portal/miz` its `/`);
/// outside it nothing is served.
fn under_prefix(prefix: String, desk: Router) -> Router {
    use tower::ServiceExt;
    Router::new().fallback_service(service_fn(move |mut req: Request| {
        let (prefix, desk) = (prefix.clone(), desk.clone());
        async move {
            let path = req.uri().path();
            let rest = match path.strip_prefix(prefix.as_str()) {
                Some("") => "/".to_owned(),
                Some(r) if r.starts_with('/') => r.to_owned(),
                _ => {
                    return Ok::<_, Infallible>(
                        (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "not here: the desk is served under its base path")
                            .into_response(),
                    )
                }
            };
            let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
            if let Ok(uri) = format!("{rest}{query}").parse() {
                *req.uri_mut() = uri;
            }
            desk.oneshot(req).await
        }
    }))
}

/// A path that is not a file is a route of the app: it answers the nearest `index.html` above
/// it, so a page embedding the desk (`/embed/index.html`) keeps its own routes on reload, and
/// everything else gets the app's own page.
fn nearest_index(state: &AppState, path: &str) -> Response<Body> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let safe = segments.iter().all(|s| *s != ".." && *s != "." && !s.contains('\\'));
    if safe {
        for n in (1..=segments.len()).rev() {
            let file = segments[..n].iter().fold(state.dist.to_path_buf(), |p, s| p.join(s)).join("index.html");
            if let Ok(html) = std::fs::read(&file) {
                return (
                    [
                        (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
                        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                    ],
                    html,
                )
                    .into_response();
            }
        }
    }
    index_response(state)
}

async fn index(State(state): State<AppState>) -> Response<Body> {
    index_response(&state)
}

fn index_response(state: &AppState) -> Response<Body> {
    match &state.index {
        Some(page) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            page.html.clone(),
        )
            .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            NOT_BUILT_PAGE,
        )
            .into_response(),
    }
}

const NOT_BUILT_PAGE: &str = "<!doctype html><html lang=\"fa\" dir=\"rtl\"><meta charset=\"utf-8\">\
<title>میز</title><p>برنامه هنوز ساخته نشده است. The app has not been built: run <code>cargo xtask run</code>.</p></html>";

/// Versions other than v1, or no version: a problem, not the app's HTML.
async fn unknown_api(uri: axum::http::Uri) -> problem::ApiError {
    problem::ApiError::new(
        miz_core::problem::Problem::new(
            miz_core::problem::types::NOT_FOUND,
            404,
            "چنین نشانی‌ای در API وجود ندارد",
        )
        .with_detail("The API lives under /api/v1/")
        .with_instance(uri.path().to_owned()),
    )
}

/// The app is static: anything but GET and HEAD is a mistake.
async fn only_reads(req: Request, next: Next) -> Response<Body> {
    if req.method() == Method::GET || req.method() == Method::HEAD {
        next.run(req).await
    } else {
        let mut res = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are served here").into_response();
        res.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        res
    }
}

/// trunk names every built asset `name-<hash>.ext` (`miz-0123…_bg.wasm`), the hash a u64 in hex
/// (so up to 16 digits, fewer when it has leading zeros); its content never changes under that
/// name and it can be cached for a year.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = name.rsplit_once('.') else { return false };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response<Body> {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let is_api = path == "/api" || path.starts_with("/api/") || path.starts_with("/agencies/");
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    if is_api {
        if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
            );
        }
        if !h.contains_key(header::CACHE_CONTROL) {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        return res;
    }
    let staff = path == "/staff" || path.starts_with("/staff/");
    if staff {
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    let page = if staff { state.staff_index.as_ref() } else { state.index.as_ref() };
    let csp = match page {
        Some(page) => page.csp.clone(),
        None => HeaderValue::from_str(&app_csp(&[], "", &state.cors_origins)).unwrap_or(HeaderValue::from_static("default-src 'self'")),
    };
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    if !h.contains_key(header::CACHE_CONTROL) {
        let policy = if res.status().is_success() && is_hashed_asset(&path) {
            "public, max-age=31536000, immutable"
        } else {
            // config.json, fonts, icons: keep, but ask the server (a cheap 304) before use.
            "no-cache"
        };
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<html><head><script src="/a.js"></script>
<script type="module" nonce="abc">import init from '/miz.js';init();</script></head></html>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/miz.js';init();"));
        assert_eq!(hashes[0], expected);
    }

    #[test]
    fn csp_is_strict() {
        let csp = app_csp(&["AAA=".into()], "https://api.example.ir 'unsafe-inline' x; script-src *", &["https://portal.example.ir".into()]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-AAA='"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains("'unsafe-eval'"));
        assert!(csp.contains("connect-src 'self' https://api.example.ir;"), "{csp}");
        assert!(!csp.contains("script-src *"));
        assert!(csp.ends_with("frame-ancestors 'self' https://portal.example.ir"), "{csp}");
    }

    #[test]
    fn only_origins_are_accepted_for_cors() {
        assert_eq!(origins("https://portal.example.ir http://localhost:8080/").unwrap(), ["https://portal.example.ir", "http://localhost:8080"]);
        for bad in ["portal.example.ir", "https://a.ir/path", "https://a.ir;script-src", "javascript:alert(1)", "https://"] {
            assert!(origins(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed_asset("/miz-0123456789abcdef.js"));
        assert!(is_hashed_asset("/miz-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/config.json"));
        assert!(!is_hashed_asset("/fonts/vazirmatn-subset.woff2"));
        assert!(is_hashed_asset("/miz-33ad56978f9cee7.js"));
        assert!(!is_hashed_asset("/a-b.js"));
        assert!(!is_hashed_asset("/vazirmatn-regular-subset.woff2"));
    }
}

//! Serving the desk for embedding: under a path prefix, several agencies' APIs from one
//! server, CORS for a portal on another origin, and the nearest index.html for pages that
//! embed the app.

mod common;

use common::{client, start_with};
use serde_json::Value;

#[tokio::test]
async fn under_a_prefix_the_app_and_api_live_below_it() {
    let s = start_with(|c| c.base_path = "/portal/miz".into()).await;
    let agency = client().get(s.url("/portal/miz/api/v1/agency")).send().await.unwrap();
    assert_eq!(agency.status(), 200);
    let deep = client().get(s.url("/portal/miz/drafts/concert")).send().await.unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains(common::LOADER));
    let config = client().get(s.url("/portal/miz/config.json")).send().await.unwrap();
    assert_eq!(config.status(), 200);
    let outside = client().get(s.url("/drafts")).send().await.unwrap();
    assert_eq!(outside.status(), 404);
    let api_outside = client().get(s.url("/api/v1/agency")).send().await.unwrap();
    assert_eq!(api_outside.status(), 404);
}

#[tokio::test]
async fn every_agency_has_its_own_api_path() {
    let s = start_with(|_| {}).await;
    let default: Value = client().get(s.url("/api/v1/agency")).send().await.unwrap().json().await.unwrap();
    let museum: Value = client().get(s.url("/agencies/museum/api/v1/agency")).send().await.unwrap().json().await.unwrap();
    let tehran: Value = client().get(s.url("/agencies/tehran-culture/api/v1/agency")).send().await.unwrap().json().await.unwrap();
    assert_eq!(default["id"], "tehran-culture");
    assert_eq!(tehran["id"], "tehran-culture");
    assert_eq!(museum["id"], "museum");
    let unknown = client().get(s.url("/agencies/nobody/api/v1/agency")).send().await.unwrap();
    assert!(unknown.status().is_client_error());
}

#[tokio::test]
async fn cors_lets_configured_portals_call_the_api_and_no_one_else() {
    let s = start_with(|c| c.cors_origins = "https://portal.example.ir".into()).await;
    let preflight = client()
        .request(reqwest::Method::OPTIONS, s.url("/api/v1/cases"))
        .header("origin", "https://portal.example.ir")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,idempotency-key")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://portal.example.ir");
    let allowed = preflight.headers()["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(allowed.contains("idempotency-key"), "{allowed}");
    let get = client().get(s.url("/agencies/museum/api/v1/agency")).header("origin", "https://portal.example.ir").send().await.unwrap();
    assert_eq!(get.headers()["access-control-allow-origin"], "https://portal.example.ir");
    let other = client().get(s.url("/api/v1/agency")).header("origin", "https://evil.example").send().await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    let page = client().get(s.url("/")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'self' https://portal.example.ir"), "{csp}");
}

/// Every header the app sends is allowed by a preflight from a configured portal, one header
/// at a time (a browser refuses the whole request when one is missing: the access key of an
/// anonymous case was once allowed under another name), and every header it reads is exposed.
#[tokio::test]
async fn a_portal_on_another_origin_may_send_every_header_the_app_sends_and_read_what_it_reads() {
    use miz_core::api::headers::{READ_BY_APP, SENT_BY_APP};
    let portal = "https://portal.example.ir";
    let s = start_with(|c| {
        c.cors_origins = portal.into();
        c.lookup_failures = 1;
    })
    .await;
    for (method, path) in [("GET", "/api/v1/cases/123456789018"), ("POST", "/api/v1/cases"), ("POST", "/api/v1/drafts/concert/comments"), ("GET", "/api/v1/faq"), ("GET", "/agencies/museum/api/v1/agency")] {
        for name in SENT_BY_APP {
            let preflight = client()
                .request(reqwest::Method::OPTIONS, s.url(path))
                .header("origin", portal)
                .header("access-control-request-method", method)
                .header("access-control-request-headers", name.to_ascii_lowercase())
                .send()
                .await
                .unwrap();
            assert!(preflight.status().is_success(), "{method} {path} {name}: {}", preflight.status());
            assert_eq!(preflight.headers()["access-control-allow-origin"], portal);
            let allowed = preflight.headers()["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
            assert!(allowed.split(',').any(|h| h.trim() == name.to_ascii_lowercase()), "{method} {path}: {name} not in {allowed}");
            let methods = preflight.headers()["access-control-allow-methods"].to_str().unwrap().to_owned();
            assert!(methods.contains(method), "{methods}");
        }
    }
    // A real answer the app reads a header of: the second failed look-up is limited.
    let mut last = None;
    for _ in 0..3 {
        last = Some(
            client()
                .get(s.url("/api/v1/cases/123456789018"))
                .header("origin", portal)
                .header(miz_core::api::headers::CASE_MOBILE, "09121234567")
                .send()
                .await
                .unwrap(),
        );
    }
    let limited = last.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    let exposed = limited.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    for name in READ_BY_APP {
        assert!(exposed.split(',').any(|h| h.trim() == name.to_ascii_lowercase()), "{name} not in {exposed}");
    }
}

#[tokio::test]
async fn a_page_embedding_the_app_keeps_its_routes_on_reload() {
    let s = start_with(|_| {}).await;
    let embed = s.dir.path().join("dist/embed/museum");
    std::fs::create_dir_all(&embed).unwrap();
    std::fs::write(s.dir.path().join("dist/embed/index.html"), "<!doctype html><title>host</title>").unwrap();
    std::fs::write(embed.join("index.html"), "<!doctype html><title>frame</title>").unwrap();
    for (path, title) in [
        ("/embed/", "host"),
        ("/embed/drafts/concert", "host"),
        ("/embed/museum/", "frame"),
        ("/embed/museum/faq/x", "frame"),
        ("/drafts", "loader"),
        ("/embed/../../etc/passwd", "loader"),
    ] {
        let body = client().get(s.url(path)).send().await.unwrap().text().await.unwrap();
        let want = if title == "loader" { common::LOADER.to_owned() } else { format!("<title>{title}</title>") };
        assert!(body.contains(&want), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_malformed_origin_or_base_stops_the_server_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let dist = common::write_dist(dir.path());
    let mut cfg = miz_server::ServeConfig::for_test(common::fresh_db(dir.path()), dist.clone());
    cfg.cors_origins = "portal.example.ir".into();
    assert!(miz_server::spawn(cfg).await.unwrap_err().contains("origin"));
    let mut cfg = miz_server::ServeConfig::for_test(common::fresh_db(dir.path()), dist);
    cfg.base_path = "/../x".into();
    assert!(miz_server::spawn(cfg).await.unwrap_err().contains("--base"));
}

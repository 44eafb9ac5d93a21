//! The server over real HTTP: the app's fallback, caching, CSP, compression, and that bad
//! requests get problem+json and never a 5xx.

mod common;

use common::{client, post_case, start, start_with, LOADER};
use base64::Engine;
use sha2::{Digest, Sha256};

#[tokio::test]
async fn deep_links_answer_index_html_with_no_cache_and_a_csp_hash() {
    let s = start().await;
    for path in ["/", "/contact", "/drafts/42/comments", "/index.html", "/a/b/c?x=1"] {
        let res = client().get(s.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let h = res.headers().clone();
        assert_eq!(h["content-type"], "text/html; charset=utf-8", "{path}");
        assert_eq!(h["cache-control"], "no-cache", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap().to_owned();
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(LOADER.as_bytes()));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(res.text().await.unwrap().contains(LOADER));
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_config_is_revalidated() {
    let s = start().await;
    let js = client().get(s.url("/miz-0123456789abcdef.js")).send().await.unwrap();
    assert_eq!(js.status(), 200);
    assert_eq!(js.headers()["cache-control"], "public, max-age=31536000, immutable");
    let cfg = client().get(s.url("/config.json")).send().await.unwrap();
    assert_eq!(cfg.status(), 200);
    assert_eq!(cfg.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let s = start().await;
    for (enc, path) in [("br", "/api/v1/agency"), ("gzip", "/api/v1/agency"), ("br", "/miz-0123456789abcdef.js")] {
        let res = client().get(s.url(path)).header("accept-encoding", enc).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-encoding"], enc, "{path}");
    }
}

#[tokio::test]
async fn agency_supports_conditional_requests() {
    let s = start().await;
    let first = client().get(s.url("/api/v1/agency")).send().await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = client().get(s.url("/api/v1/agency")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_museum_can_be_the_agency() {
    let s = start_with(|c| c.agency = "museum".into()).await;
    let a: serde_json::Value = client().get(s.url("/api/v1/agency")).send().await.unwrap().json().await.unwrap();
    assert_eq!(a["name"]["fa"], "موزه ملی علوم و فناوری");
    let phones: Vec<&str> = a["channels"]["phones"].as_array().unwrap().iter().map(|p| p["number"].as_str().unwrap()).collect();
    assert_eq!(phones, ["88203530", "09198962007"]);
    assert!(a["comment_periods"].as_array().unwrap().iter().all(|p| p["days"] == 21));
}

#[tokio::test]
async fn an_unknown_agency_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = miz_server::ServeConfig::for_test(dir.path().join("x.sqlite3"), dir.path().join("dist"));
    cfg.agency = "nobody".into();
    let err = miz_server::build(&cfg).await.err().expect("refused");
    assert!(err.contains("nobody"), "{err}");
}

#[tokio::test]
async fn demo_content_is_seeded_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fresh_db(dir.path());
    for _ in 0..2 {
        let cfg = miz_server::ServeConfig::for_test(db.clone(), dir.path().join("dist"));
        let _ = miz_server::build(&cfg).await.unwrap();
    }
    assert_eq!(common::query_i64(&db, "SELECT count(*) FROM agencies"), 2);
}

/// Requests a hostile or careless client sends. None may get a 5xx; API paths answer
/// problem+json.
#[tokio::test]
async fn malformed_requests_never_get_a_5xx() {
    let s = start().await;
    let c = client();
    let big = vec![b'x'; 2 * 1024 * 1024];
    let cases: Vec<(reqwest::Method, &str, Option<Vec<u8>>, Option<&str>)> = vec![
        (reqwest::Method::GET, "/api/v1/nope", None, None),
        (reqwest::Method::GET, "/api", None, None),
        (reqwest::Method::GET, "/api/v2/agency", None, None),
        (reqwest::Method::DELETE, "/api/v1/agency", None, None),
        (reqwest::Method::POST, "/api/v1/agency", Some(b"{not json".to_vec()), Some("application/json")),
        (reqwest::Method::POST, "/api/v1/agency", Some(big.clone()), Some("application/json")),
        (reqwest::Method::PUT, "/api/v1/health", Some(b"\xff\xfe".to_vec()), Some("text/plain")),
        (reqwest::Method::GET, "/api/v1/media/..%2f..%2fCargo.toml", None, None),
        (reqwest::Method::GET, "/api/v1/media/%00", None, None),
        (reqwest::Method::GET, "/api/v1/media/%ZZ", None, None),
        (reqwest::Method::GET, "/api/v1/agency?%ZZ=%%", None, None),
        (reqwest::Method::POST, "/", Some(big), None),
        (reqwest::Method::DELETE, "/contact", None, None),
        (reqwest::Method::GET, "/../../etc/passwd", None, None),
        (reqwest::Method::GET, "/%2e%2e/%2e%2e/etc/passwd", None, None),
    ];
    for (method, path, body, ctype) in cases {
        let mut req = c.request(method.clone(), s.url(path));
        if let Some(b) = body {
            req = req.body(b);
        }
        if let Some(t) = ctype {
            req = req.header("content-type", t);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        assert!(status.as_u16() < 500, "{method} {path} -> {status}");
        let ctype = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        let text = res.text().await.unwrap();
        assert!(!text.contains("root:"), "{method} {path} leaked a file");
        if status.is_client_error() {
            assert_eq!(ctype, "application/problem+json", "{method} {path} -> {status}: {text}");
            let p: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(p["status"], status.as_u16());
            // The title is Persian.
            assert!(p["title"].as_str().unwrap().chars().any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch)));
        }
    }
}

#[tokio::test]
async fn without_a_built_app_the_api_still_works() {
    let s = start_with(|c| c.dist = c.dist.join("missing")).await;
    let api = client().get(s.url("/api/v1/agency")).send().await.unwrap();
    assert_eq!(api.status(), 200);
    let page = client().get(s.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.text().await.unwrap().contains("cargo xtask run"));
}

#[tokio::test]
async fn faq_feedback_is_once_per_browser_and_an_faq_change_changes_the_etag() {
    let s = start().await;
    let c = client();
    let post = |client_id: &'static str, helpful: bool| {
        c.post(s.url("/api/v1/faq/f09/feedback"))
            .json(&serde_json::json!({ "client_id": client_id, "helpful": helpful }))
            .send()
    };
    let t: serde_json::Value = post("browser-aaaa", true).await.unwrap().json().await.unwrap();
    assert_eq!(t, serde_json::json!({ "helpful": 1, "not_helpful": 0 }));
    // The same browser changing its mind replaces, not adds.
    let t: serde_json::Value = post("browser-aaaa", false).await.unwrap().json().await.unwrap();
    assert_eq!(t, serde_json::json!({ "helpful": 0, "not_helpful": 1 }));
    let t: serde_json::Value = post("browser-bbbb", true).await.unwrap().json().await.unwrap();
    assert_eq!(t, serde_json::json!({ "helpful": 1, "not_helpful": 1 }));

    let before = c.get(s.url("/api/v1/faq")).send().await.unwrap();
    let tag = before.headers()["etag"].to_str().unwrap().to_owned();
    let doc: serde_json::Value = before.json().await.unwrap();
    // The directorate's 41 of the demo's 48: the museum's own seven are the museum's.
    assert_eq!(doc["entries"].as_array().unwrap().len(), 41);
    let res = c
        .put(s.url("/api/v1/admin/faq/f09"))
        .bearer_auth("test-admin-token")
        .json(&serde_json::json!({ "category": "شکایات", "question": "چگونه شکایت ثبت کنم؟", "answer": "تازه." }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let after = c.get(s.url("/api/v1/faq")).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(after.status(), 200, "a changed FAQ must not answer 304 to the old ETag");
    let doc: serde_json::Value = after.json().await.unwrap();
    let f09 = doc["entries"].as_array().unwrap().iter().find(|e| e["id"] == "f09").unwrap();
    assert_eq!(f09["answer"], "تازه.");
}

#[tokio::test]
async fn without_the_admin_token_nobody_holds_it() {
    let s = start_with(|c| c.admin_token = None).await;
    let res = client()
        .put(s.url("/api/v1/admin/faq/x"))
        .bearer_auth("anything-at-all-long")
        .json(&serde_json::json!({ "category": "a", "question": "b", "answer": "c" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

/// Each agency of one server has its own FAQ: the museum's ticket prices are not in the
/// directorate's, an entry changed through one agency stays as it was in the other, and
/// feedback on an entry another agency has is refused like an entry that does not exist.
#[tokio::test]
async fn each_agency_has_its_own_faq() {
    let s = start().await;
    let c = client();
    let ids = |doc: serde_json::Value| -> Vec<String> {
        doc["entries"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect()
    };
    let tehran = ids(c.get(s.url("/api/v1/faq")).send().await.unwrap().json().await.unwrap());
    let museum = ids(c.get(s.url("/agencies/museum/api/v1/faq")).send().await.unwrap().json().await.unwrap());
    assert!(!tehran.contains(&"f30".to_owned()) && museum.contains(&"f30".to_owned()), "museum tickets");
    assert!(tehran.contains(&"f21".to_owned()) && !museum.contains(&"f21".to_owned()), "publishing licences");
    let res = c
        .put(s.url("/agencies/museum/api/v1/admin/faq/f01"))
        .bearer_auth("test-admin-token")
        .json(&serde_json::json!({ "category": "پیش‌نویس‌ها", "question": "پرسش موزه", "answer": "پاسخ موزه." }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let doc: serde_json::Value = c.get(s.url("/api/v1/faq")).send().await.unwrap().json().await.unwrap();
    let f01 = doc["entries"].as_array().unwrap().iter().find(|e| e["id"] == "f01").unwrap().clone();
    assert_ne!(f01["question"], "پرسش موزه");
    let fb = |url: &str| c.post(s.url(url)).json(&serde_json::json!({ "client_id": "browser-cccc", "helpful": true })).send();
    assert_eq!(fb("/api/v1/faq/f30/feedback").await.unwrap().status(), 404);
    assert_eq!(fb("/agencies/museum/api/v1/faq/f30/feedback").await.unwrap().status(), 200);
}

/// A NUL is stored by SQLite and refused by PostgreSQL's text: refused at the edge on both,
/// with the field it is in, like any other control character; tabs and line breaks are text.
#[tokio::test]
async fn control_characters_are_refused_with_their_field_on_every_engine() {
    let s = start().await;
    let c = client();
    let field = |v: serde_json::Value| v["errors"][0]["field"].as_str().unwrap_or_default().to_owned();
    let case = c
        .post(s.url("/api/v1/cases"))
        .header("idempotency-key", "nul-case")
        .json(&serde_json::json!({ "kind": "complaint", "topic_id": "c-licence-delay", "description": "شرح\u{0}با نویسه تهی در میان", "mobile": "09121234567" }))
        .send()
        .await
        .unwrap();
    assert_eq!(case.status(), 422);
    assert_eq!(field(case.json().await.unwrap()), "description");
    let comment = c
        .post(s.url("/api/v1/drafts/concert/comments"))
        .header("idempotency-key", "nul-comment")
        .json(&serde_json::json!({ "body": "نظری درست", "display_name": "نام\u{1b}[31m", "anchor": {}, "client_id": "nul-client-1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(comment.status(), 422);
    assert_eq!(field(comment.json().await.unwrap()), "display_name");
    let admin = c
        .put(s.url("/api/v1/admin/faq/f01"))
        .bearer_auth("test-admin-token")
        .json(&serde_json::json!({ "category": "الف", "question": "پرسش", "answer": "پاسخ\u{0}" }))
        .send()
        .await
        .unwrap();
    assert_eq!(admin.status(), 422);
    assert_eq!(field(admin.json().await.unwrap()), "answer");
    assert_eq!(c.get(s.url("/api/v1/drafts/con%00cert")).send().await.unwrap().status(), 404);
    assert_eq!(c.get(s.url("/api/v1/drafts?q=a%00b")).send().await.unwrap().status(), 422);
    // Tabs and line breaks are part of a citizen's text.
    let case = serde_json::json!({ "kind": "complaint", "topic_id": "c-licence-delay", "description": "بند یک\n\tبند دو با جدول\r\nپایان", "mobile": "09121234567" });
    let ok = post_case(&s.url(""), "tab-case", &case).await;
    assert_eq!(ok.status(), 201);
}

/// `Authorization: bearer …` is the same scheme as `Bearer …` (RFC 9110).
#[tokio::test]
async fn the_bearer_scheme_is_matched_in_any_case() {
    let s = start().await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let res = client()
            .put(s.url("/api/v1/admin/faq-synonyms"))
            .header("authorization", format!("{scheme} test-admin-token"))
            .json(&serde_json::json!({ "groups": [] }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{scheme}");
    }
}

/// One server, two agencies: every object of one, asked for through the other's prefix, gets
/// exactly the answer for an object that does not exist, for reads and for changes.
#[tokio::test]
async fn an_agencys_objects_do_not_exist_for_another_agency() {
    let s = start().await;
    let c = client();
    let (tehran, museum) = (s.url("/api/v1"), s.url("/agencies/museum/api/v1"));
    let body = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        let mut v: serde_json::Value = r.json().await.unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.remove("instance");
        }
        (status, v)
    };
    // A case filed with the directorate.
    let complaint = serde_json::json!({ "kind": "complaint", "topic_id": "c-licence-delay", "description": "مجوز کنسرت من هنوز صادر نشده است.", "mobile": "09121234567" });
    let receipt: serde_json::Value = post_case(&s.url(""), "apart-1", &complaint).await.json().await.unwrap();
    let code = receipt["tracking_code"].as_str().unwrap();
    let unknown = "123456789018";
    let lookup = |base: &str, code: &str| c.get(format!("{base}/cases/{code}")).header("x-case-mobile", "09121234567").send();
    assert_eq!(lookup(&tehran, code).await.unwrap().status(), 200);
    assert_eq!(body(lookup(&museum, code).await.unwrap()).await, body(lookup(&museum, unknown).await.unwrap()).await);
    let objection = |code: &str| {
        c.post(format!("{museum}/cases/{code}/objection"))
            .header("x-case-mobile", "09121234567")
            .json(&serde_json::json!({ "reason": "پاسخ به پرسش من نبود و دوباره بررسی شود." }))
            .send()
    };
    assert_eq!(body(objection(code).await.unwrap()).await, body(objection(unknown).await.unwrap()).await);
    for (path, payload) in [
        (format!("/admin/cases/{code}/status"), serde_json::json!({ "status": "in_review" })),
        (format!("/admin/cases/{code}/answer"), serde_json::json!({ "text": "پاسخ از دستگاهی دیگر" })),
    ] {
        let r = c.post(format!("{museum}{path}")).bearer_auth("test-admin-token").json(&payload).send().await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
    }
    let still: serde_json::Value = lookup(&tehran, code).await.unwrap().json().await.unwrap();
    // Untouched: a new case is routed to its unit and stays so.
    assert_eq!(still["status"], "routed");
    // The directorate's draft and its comments.
    for path in ["/drafts/concert", "/drafts/concert/versions/1", "/drafts/concert/comments"] {
        assert_eq!(c.get(format!("{museum}{path}")).send().await.unwrap().status(), 404, "{path}");
    }
    let comment = c
        .post(format!("{museum}/drafts/concert/comments"))
        .header("idempotency-key", "apart-comment")
        .json(&serde_json::json!({ "body": "نظری از جای دیگر", "anchor": {}, "client_id": "apart-client-1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(comment.status(), 404);
    let list: serde_json::Value = c.get(format!("{tehran}/drafts/concert/comments")).send().await.unwrap().json().await.unwrap();
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let support = c.post(format!("{museum}/comments/{id}/support")).json(&serde_json::json!({ "client_id": "apart-client-1" })).send().await.unwrap();
    assert_eq!(support.status(), 404);
    for (path, payload) in [
        (format!("/admin/comments/{id}/response"), serde_json::json!({ "text": "پاسخ", "outcome": "noted" })),
        (format!("/admin/comments/{id}/moderation"), serde_json::json!({ "moderation": "rejected" })),
        ("/admin/drafts/concert/versions".to_owned(), serde_json::json!({ "body": { "parts": [] } })),
    ] {
        let r = c.post(format!("{museum}{path}")).bearer_auth("test-admin-token").json(&payload).send().await.unwrap();
        assert!(r.status() == 404 || r.status() == 422, "{path}: {}", r.status());
    }
    // A file sent to the museum cannot go with a case filed with the directorate.
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(8, 8, image::Rgb([9, 9, 9])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let part = reqwest::multipart::Part::bytes(png).file_name("p.png").mime_str("image/png").unwrap();
    let up: serde_json::Value = c
        .post(format!("{museum}/uploads"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut with_file = complaint.clone();
    with_file["attachments"] = serde_json::json!([up["id"]]);
    let with_museum_file = post_case(&s.url(""), "apart-2", &with_file).await;
    assert_eq!(with_museum_file.status(), 422);
    let p: serde_json::Value = with_museum_file.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "attachments");
    // Services, the FAQ and the reports are each agency's own.
    let services: serde_json::Value = c.get(format!("{tehran}/services")).send().await.unwrap().json().await.unwrap();
    let service = services["items"][0]["id"].as_str().unwrap();
    let museum_services: serde_json::Value = c.get(format!("{museum}/services")).send().await.unwrap().json().await.unwrap();
    if !museum_services["items"].as_array().unwrap().iter().any(|x| x["id"] == service) {
        assert_eq!(c.get(format!("{museum}/services/{service}")).send().await.unwrap().status(), 404);
    }
}

//! The server against `api/openapi.yaml`: every operation the server routes is in the contract
//! and every operation in the contract is routed; every response of a set of requests (happy
//! and unhappy) has a documented status and content type, and its body validates against the
//! documented schema. So the file cannot drift from the code.

mod common;

use common::{client, start};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../api/openapi.yaml");
    let text = std::fs::read_to_string(path).expect("api/openapi.yaml");
    serde_yaml::from_str(&text).expect("openapi.yaml parses")
}

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

fn spec_operations(spec: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for m in METHODS {
            if item.get(m).is_some() {
                ops.insert((m.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

#[test]
fn contract_and_router_list_the_same_operations() {
    let spec = spec();
    assert_eq!(spec["openapi"].as_str().unwrap().get(..3), Some("3.1"));
    let documented = spec_operations(&spec);
    let routed: BTreeSet<(String, String)> = miz_server::routes::OPERATIONS
        .iter()
        .chain(miz_server::routes::STAFF_OPERATIONS)
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(routed, documented, "server routes vs api/openapi.yaml");
}

/// The path template (`/media/{name}`) that `path` (`/media/x.svg`) matches.
fn template_for<'a>(spec: &'a Value, path: &str) -> Option<&'a str> {
    let segs: Vec<&str> = path.split('/').collect();
    spec["paths"].as_object().unwrap().keys().map(String::as_str).find(|t| {
        let tsegs: Vec<&str> = t.split('/').collect();
        tsegs.len() == segs.len() && tsegs.iter().zip(&segs).all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s)
    })
}

fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let ptr = r.trim_start_matches('#');
            resolve(spec, spec.pointer(ptr).unwrap_or_else(|| panic!("dangling $ref {r}")))
        }
        None => v,
    }
}

/// Validates `body` against `schema`, resolving `#/components/...` references against the spec.
fn validate(spec: &Value, schema: &Value, body: &Value) -> Result<(), String> {
    let mut doc = schema.clone();
    if let Some(o) = doc.as_object_mut() {
        o.insert("components".into(), spec["components"].clone());
    } else {
        doc = json!({ "allOf": [schema], "components": spec["components"] });
    }
    let validator = jsonschema::validator_for(&doc).map_err(|e| format!("bad schema: {e}"))?;
    let errors: Vec<String> = validator.iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    if errors.is_empty() { Ok(()) } else { Err(errors.join("; ")) }
}

async fn check(spec: &Value, base: &str, method: &str, path: &str, headers: &[(&str, &str)], expect: u16) {
    check_body(spec, base, method, path, headers, None, expect).await
}

async fn check_body(
    spec: &Value,
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
    expect: u16,
) {
    let mut req = client().request(method.parse().unwrap(), format!("{base}/api/v1{path}"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req.body(b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    assert_eq!(status, expect, "{method} {path}");
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().trim().to_owned());
    let bytes = res.bytes().await.unwrap();

    let template = template_for(spec, path.split('?').next().unwrap());
    let op = template.and_then(|t| spec["paths"][t].get(method.to_lowercase()));
    let response = match op {
        Some(op) => {
            let r = op["responses"].get(status.to_string()).or_else(|| op["responses"].get("default"));
            resolve(spec, r.unwrap_or_else(|| panic!("{method} {path}: status {status} is not documented")))
        }
        // Not an operation (unknown path, wrong method): must still be a Problem.
        None => &Value::Null,
    };
    let (content_type, schema) = match response.get("content") {
        Some(content) => {
            let ct = ctype.clone().unwrap_or_else(|| panic!("{method} {path}: no content-type"));
            let media = content.get(&ct).unwrap_or_else(|| panic!("{method} {path}: content-type {ct} not documented"));
            (Some(ct), media.get("schema").cloned())
        }
        None if op.is_some() => {
            assert!(bytes.is_empty(), "{method} {path}: {status} documents no body but got one");
            (None, None)
        }
        None => (ctype.clone(), Some(json!({ "$ref": "#/components/schemas/Problem" }))),
    };
    if status >= 400 {
        assert_eq!(content_type.as_deref(), Some("application/problem+json"), "{method} {path}");
    }
    if let (Some(ct), Some(schema)) = (content_type, schema) {
        if ct.contains("json") {
            let body: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{method} {path}: not JSON: {e}"));
            validate(spec, &schema, &body).unwrap_or_else(|e| panic!("{method} {path}: {e}\n{body:#}"));
        }
    }
}

#[tokio::test]
async fn responses_match_the_contract() {
    let spec = spec();
    let s = start().await;
    let base = format!("http://{}", s.addr);
    check(&spec, &base, "GET", "/health", &[], 200).await;
    check(&spec, &base, "GET", "/agency", &[], 200).await;
    let etag = client().get(format!("{base}/api/v1/agency")).send().await.unwrap().headers()["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    check(&spec, &base, "GET", "/agency", &[("if-none-match", &etag)], 304).await;
    check(&spec, &base, "GET", "/agency", &[("if-none-match", "\"stale\"")], 200).await;
    check(&spec, &base, "GET", "/media/tehran-culture.svg", &[], 200).await;
    check(&spec, &base, "GET", "/media/museum.svg", &[], 200).await;
    check(&spec, &base, "GET", "/media/nothing.png", &[], 404).await;
    check(&spec, &base, "GET", "/no/such/path", &[], 404).await;
    check(&spec, &base, "POST", "/agency", &[], 405).await;

    check(&spec, &base, "GET", "/faq", &[], 200).await;
    let faq_tag = client().get(format!("{base}/api/v1/faq")).send().await.unwrap().headers()["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    check(&spec, &base, "GET", "/faq", &[("if-none-match", &faq_tag)], 304).await;

    let json = [("content-type", "application/json")];
    let fb = |v: Value| Some(v.to_string());
    let ok = json!({ "client_id": "browser-1234", "helpful": true });
    check_body(&spec, &base, "POST", "/faq/f01/feedback", &json, fb(ok.clone()), 200).await;
    check_body(&spec, &base, "POST", "/faq/f01/feedback", &json, fb(ok.clone()), 200).await;
    check_body(&spec, &base, "POST", "/faq/nope/feedback", &json, fb(ok.clone()), 404).await;
    check_body(&spec, &base, "POST", "/faq/f01/feedback", &json, fb(json!({ "client_id": "x", "helpful": true })), 422).await;
    check_body(&spec, &base, "POST", "/faq/f01/feedback", &json, fb(json!({ "client_id": "browser-1234" })), 422).await;
    check_body(&spec, &base, "POST", "/faq/f01/feedback", &json, Some("{nope".into()), 400).await;
    check_body(&spec, &base, "POST", "/faq/f01/feedback", &[], fb(ok.clone()), 415).await;
    let huge = json!({ "client_id": "browser-1234", "helpful": true, "comment": "ب".repeat(100_000) });
    check_body(&spec, &base, "POST", "/faq/f01/feedback", &json, fb(huge), 413).await;
    let long = json!({ "client_id": "browser-1234", "helpful": false, "comment": "ب".repeat(1001) });
    check_body(&spec, &base, "POST", "/faq/f01/feedback", &json, fb(long), 422).await;

    let entry = json!({ "category": "آزمون", "question": "پرسش تازه؟", "answer": "پاسخ تازه." });
    check_body(&spec, &base, "PUT", "/admin/faq/new-1", &json, fb(entry.clone()), 401).await;
    let auth = [("content-type", "application/json"), ("authorization", "Bearer wrong-token-wrong-token")];
    check_body(&spec, &base, "PUT", "/admin/faq/new-1", &auth, fb(entry.clone()), 401).await;
    let auth = [("content-type", "application/json"), ("authorization", "Bearer test-admin-token")];
    check_body(&spec, &base, "PUT", "/admin/faq/new-1", &auth, fb(entry.clone()), 200).await;
    check_body(&spec, &base, "PUT", "/admin/faq/new-1", &auth, fb(json!({ "category": "", "question": "x", "answer": "y" })), 422).await;
    check_body(&spec, &base, "PUT", "/admin/faq/bad%20id", &auth, fb(entry), 422).await;

    let syn = fb(json!({ "groups": [["تیکت", "بلیت"], ["تنها"]] }));
    check_body(&spec, &base, "PUT", "/admin/faq-synonyms", &auth, syn.clone(), 200).await;
    check_body(&spec, &base, "PUT", "/admin/faq-synonyms", &json, syn, 401).await;
    check_body(&spec, &base, "PUT", "/admin/faq-synonyms", &auth, fb(json!({ "groups": [["ب".repeat(41), "x"]] })), 422).await;
    let doc: Value = client().get(format!("{base}/api/v1/faq")).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc["synonyms"], json!([["تیکت", "بلیت"]]), "one-word groups are dropped");

    // Cases.
    check(&spec, &base, "GET", "/case-types", &[], 200).await;
    let complaint = json!({
        "kind": "complaint", "topic_id": "c-licence-delay",
        "description": "درخواست مجوز من دو ماه است بی‌پاسخ مانده است.", "mobile": "۰۹۱۲۱۲۳۴۵۶۷"
    });
    let with_key = |k: &'static str| [("content-type", "application/json"), ("idempotency-key", k)];
    check_body(&spec, &base, "POST", "/cases", &with_key("k-1"), fb(complaint.clone()), 201).await;
    check_body(&spec, &base, "POST", "/cases", &with_key("k-1"), fb(complaint.clone()), 201).await;
    check_body(&spec, &base, "POST", "/cases", &with_key("k-1"), fb(json!({ "kind": "suggestion" })), 422).await;
    check_body(&spec, &base, "POST", "/cases", &json, fb(complaint.clone()), 400).await;
    check_body(&spec, &base, "POST", "/cases", &with_key("k-2"), fb(json!({ "kind": "complaint", "topic_id": "x", "description": "" })), 422).await;
    check_body(&spec, &base, "POST", "/cases", &with_key("k-3"), Some("[".into()), 400).await;
    let receipt: Value = client()
        .post(format!("{base}/api/v1/cases"))
        .header("idempotency-key", "k-1")
        .json(&complaint)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = receipt["tracking_code"].as_str().unwrap().to_owned();
    let path = format!("/cases/{code}");
    check(&spec, &base, "GET", &path, &[("x-case-mobile", "+989121234567")], 200).await;
    check(&spec, &base, "GET", &path, &[("x-case-mobile", "09350000000")], 404).await;
    check(&spec, &base, "GET", &path, &[], 422).await;
    check(&spec, &base, "GET", "/cases/1234-5678-9012", &[("x-case-mobile", "09121234567")], 422).await;
    let objection = fb(json!({ "reason": "پاسخ به پرسش من ربطی نداشت و مشکل حل نشد." }));
    let obj_headers = [("content-type", "application/json"), ("x-case-mobile", "09121234567")];
    let obj_path = format!("{path}/objection");
    check_body(&spec, &base, "POST", &obj_path, &obj_headers, objection.clone(), 409).await;
    let admin = [("content-type", "application/json"), ("authorization", "Bearer test-admin-token")];
    check_body(&spec, &base, "POST", &format!("/admin/cases/{code}/status"), &admin, fb(json!({ "status": "in_review" })), 200).await;
    check_body(&spec, &base, "POST", &format!("/admin/cases/{code}/status"), &admin, fb(json!({ "status": "lost" })), 422).await;
    check_body(&spec, &base, "POST", &format!("/admin/cases/{code}/answer"), &admin, fb(json!({ "text": "مجوز شما صادر شد." })), 200).await;
    check_body(&spec, &base, "POST", &format!("/admin/cases/{code}/answer"), &json, fb(json!({ "text": "x" })), 401).await;
    check_body(&spec, &base, "POST", "/admin/cases/123456789012/answer", &admin, fb(json!({ "text": "x" })), 404).await;
    check_body(&spec, &base, "POST", &obj_path, &obj_headers, objection.clone(), 200).await;
    check_body(&spec, &base, "POST", &obj_path, &obj_headers, objection, 409).await;

    // Drafts.
    check(&spec, &base, "GET", "/drafts", &[], 200).await;
    check(&spec, &base, "GET", "/drafts?state=open&kind=licensing_instruction&q=%D9%83%D9%86%D8%B3%D8%B1%D8%AA", &[], 200).await;
    check(&spec, &base, "GET", "/drafts?state=lost", &[], 422).await;
    check(&spec, &base, "GET", "/drafts?page=0", &[], 422).await;
    check(&spec, &base, "GET", "/drafts?per_page=500", &[], 422).await;
    check(&spec, &base, "GET", "/drafts/concert", &[], 200).await;
    check(&spec, &base, "GET", "/drafts/nope", &[], 404).await;
    check(&spec, &base, "GET", "/drafts/schools/versions/1", &[], 200).await;
    check(&spec, &base, "GET", "/drafts/schools/versions/9", &[], 404).await;
    check(&spec, &base, "GET", "/drafts/schools/versions/x", &[], 404).await;
    check(&spec, &base, "GET", "/drafts/schools/comments", &[], 200).await;
    check(&spec, &base, "GET", "/drafts/concert/comments?paragraph=concert-a2-p1", &[], 200).await;
    check(&spec, &base, "GET", "/drafts/concert/comments?paragraph=nope", &[], 422).await;
    check(&spec, &base, "GET", "/drafts/nope/comments", &[], 404).await;
    let ck = |k: &'static str| [("content-type", "application/json"), ("idempotency-key", k)];
    let new_comment = json!({ "body": "ماده ۳ روشن نیست.", "anchor": { "paragraph_id": "concert-a3-p1" }, "client_id": "browser-1234" });
    check_body(&spec, &base, "POST", "/drafts/concert/comments", &ck("c-1"), fb(new_comment.clone()), 201).await;
    check_body(&spec, &base, "POST", "/drafts/concert/comments", &ck("c-1"), fb(new_comment.clone()), 201).await;
    check_body(&spec, &base, "POST", "/drafts/concert/comments", &json, fb(new_comment.clone()), 400).await;
    check_body(&spec, &base, "POST", "/drafts/bookshops/comments", &ck("c-2"), fb(new_comment.clone()), 409).await;
    check_body(&spec, &base, "POST", "/drafts/nope/comments", &ck("c-3"), fb(new_comment.clone()), 404).await;
    let bad = json!({ "body": " ", "anchor": { "paragraph_id": "zz", "quote": { "exact": "x" } }, "client_id": "x" });
    check_body(&spec, &base, "POST", "/drafts/concert/comments", &ck("c-4"), fb(bad), 422).await;
    check_body(&spec, &base, "POST", "/comments/c001/support", &json, fb(json!({ "client_id": "browser-1234" })), 200).await;
    check_body(&spec, &base, "POST", "/comments/c001/support", &json, fb(json!({ "client_id": "x" })), 422).await;
    check_body(&spec, &base, "POST", "/comments/nope/support", &json, fb(json!({ "client_id": "browser-1234" })), 404).await;

    // Drafts, agency side.
    let new_draft = json!({
        "id": "fees", "kind": "bill", "title": "لایحه تعرفه خدمات", "unit_id": "culture", "summary": "تعرفه‌ها",
        "body": { "parts": [{ "id": "p", "articles": [{ "id": "a1", "number": 1, "paragraphs": [{ "id": "a1-1", "number": 1, "text": "متن." }] }] }] }
    });
    check_body(&spec, &base, "POST", "/admin/drafts", &auth, fb(new_draft.clone()), 201).await;
    check_body(&spec, &base, "POST", "/admin/drafts", &auth, fb(new_draft.clone()), 409).await;
    check_body(&spec, &base, "POST", "/admin/drafts", &json, fb(new_draft), 401).await;
    check_body(&spec, &base, "POST", "/admin/drafts", &auth, fb(json!({ "id": "x", "kind": "poem", "title": "t", "unit_id": "culture", "summary": "", "body": { "parts": [] } })), 422).await;
    let v2 = json!({ "body": { "parts": [{ "id": "p", "articles": [{ "id": "a1", "number": 1, "paragraphs": [{ "id": "a1-1", "number": 1, "text": "متن تازه." }] }] }] }, "final": true });
    check_body(&spec, &base, "POST", "/admin/drafts/fees/versions", &auth, fb(v2.clone()), 201).await;
    check_body(&spec, &base, "POST", "/admin/drafts/none/versions", &auth, fb(v2), 404).await;
    check_body(&spec, &base, "POST", "/admin/comments/c001/response", &auth, fb(json!({ "text": "بررسی می‌شود.", "outcome": "noted" })), 204).await;
    check_body(&spec, &base, "POST", "/admin/comments/c001/response", &auth, fb(json!({ "text": "x", "outcome": "maybe" })), 422).await;
    check_body(&spec, &base, "POST", "/admin/comments/nope/response", &auth, fb(json!({ "text": "x", "outcome": "noted" })), 404).await;
    check_body(&spec, &base, "POST", "/admin/comments/c001/moderation", &auth, fb(json!({ "moderation": "published" })), 204).await;
    check_body(&spec, &base, "POST", "/admin/comments/c001/moderation", &auth, fb(json!({ "moderation": "hidden" })), 422).await;

    // The performance report.
    check(&spec, &base, "GET", "/reports", &[], 200).await;

    // Services and ratings.
    check(&spec, &base, "GET", "/services", &[], 200).await;
    check(&spec, &base, "GET", "/services?q=%D9%83%D9%86%D8%B3%D8%B1%D8%AA", &[], 200).await;
    check(&spec, &base, "GET", &format!("/services?q={}", "x".repeat(201)), &[], 422).await;
    check(&spec, &base, "GET", "/services/concert-licence", &[], 200).await;
    check(&spec, &base, "GET", "/services/nope", &[], 404).await;
    let rating = json!({ "rating": 4, "text": "خوب بود", "client_id": "browser-rate-1" });
    check_body(&spec, &base, "POST", "/services/concert-licence/feedback", &json, fb(rating.clone()), 201).await;
    check_body(&spec, &base, "POST", "/services/concert-licence/feedback", &json, fb(rating), 200).await;
    check_body(&spec, &base, "POST", "/services/concert-licence/feedback", &json, fb(json!({ "rating": 1, "client_id": "browser-rate-1" })), 409).await;
    check_body(&spec, &base, "POST", "/services/concert-licence/feedback", &json, fb(json!({ "rating": 6, "client_id": "browser-rate-2" })), 422).await;
    check_body(&spec, &base, "POST", "/services/concert-licence/feedback", &json, fb(json!({ "rating": "5", "client_id": "browser-rate-2" })), 422).await;
    check_body(&spec, &base, "POST", "/services/nope/feedback", &json, fb(json!({ "rating": 5, "client_id": "browser-rate-2" })), 404).await;
}

#[tokio::test]
async fn both_demo_agencies_match_the_schema() {
    let spec = spec();
    let schema = json!({ "$ref": "#/components/schemas/Agency" });
    for agency in [miz_server::demo::tehran_culture(), miz_server::demo::museum()] {
        let v = serde_json::to_value(&agency).unwrap();
        validate(&spec, &schema, &v).unwrap_or_else(|e| panic!("{}: {e}", agency.id));
    }
}

/// Every operation that takes a body documents its limit in `x-max-body-bytes`, and the
/// server holds it: one byte over is 413 problem+json, exactly at it is read (whatever the
/// handler then thinks of the bytes).
#[tokio::test]
async fn every_body_has_a_documented_limit_the_server_holds() {
    let spec = spec();
    let server = start().await;
    let mut report = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for m in METHODS {
            let Some(op) = item.get(m).filter(|op| op.get("requestBody").is_some()) else { continue };
            let limit = op["x-max-body-bytes"].as_u64().unwrap_or_else(|| panic!("{m} {path}: no x-max-body-bytes")) as usize;
            assert!(op["responses"].get("413").is_some(), "{m} {path}: 413 not documented");
            let concrete: String = path.split('/').map(|s| if s.starts_with('{') { "x" } else { s }).collect::<Vec<_>>().join("/");
            let url = server.url(&format!("/api/v1{concrete}"));
            let multipart = op["requestBody"]["content"].get("multipart/form-data").is_some();
            let ctype = if multipart { "multipart/form-data; boundary=b" } else { "application/json" };
            let send = |len: usize| {
                // A JSON string (or a multipart part) padded to exactly `len` bytes.
                let body = if multipart {
                    let head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n";
                    let tail = "\r\n--b--\r\n";
                    format!("{head}{}{tail}", "a".repeat(len - head.len() - tail.len()))
                } else {
                    format!("\"{}\"", "a".repeat(len - 2))
                };
                assert_eq!(body.len(), len);
                client()
                    .request(m.to_uppercase().parse().unwrap(), &url)
                    .header("content-type", ctype)
                    .header("authorization", "Bearer test-admin-token")
                    .header("idempotency-key", format!("limit-{len}"))
                    .body(body)
                    .send()
            };
            let over = send(limit + 1).await.unwrap();
            assert_eq!(over.status(), 413, "{m} {path}: {} bytes", limit + 1);
            assert_eq!(over.headers()["content-type"], "application/problem+json", "{m} {path}");
            let at = send(limit).await.unwrap();
            let status = at.status().as_u16();
            assert!(status < 500, "{m} {path}: {status}");
            if status == 413 {
                // Read, then refused for what it holds: a file over the file limit, named.
                let problem: Value = at.json().await.unwrap();
                assert_eq!(problem["errors"][0]["field"], "file", "{m} {path}: exactly {limit} bytes must be read");
            }
            report.push(format!("{:>6} {path:<36} {limit:>9} bytes", m.to_uppercase()));
        }
    }
    assert_eq!(report.len(), 32, "operations with a body");
    println!("body limits:\n{}", report.join("\n"));
}

/// The least a document can be and still keep the contract: only required properties, each at
/// its smallest (the first enum value, the minimum, one item in each list), plus a property no
/// version of the contract has (a backend may add its own).
fn minimal(spec: &Value, schema: &Value) -> Value {
    let s = resolve(spec, schema);
    if let Some(all) = s["allOf"].as_array() {
        let mut out = serde_json::Map::new();
        for part in all {
            if let Value::Object(o) = minimal(spec, part) {
                out.extend(o);
            }
        }
        return Value::Object(out);
    }
    if let Some(c) = s.get("const") {
        return c.clone();
    }
    if let Some(e) = s["enum"].as_array() {
        return e[0].clone();
    }
    match s["type"].as_str() {
        Some("object") => {
            let mut out = serde_json::Map::new();
            for name in s["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                out.insert(name.to_owned(), minimal(spec, &s["properties"][name]));
            }
            out.insert("x_backend_extension".into(), json!(true));
            Value::Object(out)
        }
        Some("array") => {
            // One item at least, so the items' own schema is read too.
            let n = s["minItems"].as_u64().unwrap_or(0).max(1).min(s["maxItems"].as_u64().unwrap_or(u64::MAX)) as usize;
            Value::Array((0..n).map(|_| minimal(spec, &s["items"])).collect())
        }
        Some("string") => match s["pattern"].as_str() {
            Some("^[0-9]{12}$") => json!("000000000000"),
            _ => json!("x".repeat(s["minLength"].as_u64().unwrap_or(0) as usize)),
        },
        Some("integer") | Some("number") => s["minimum"].clone().as_i64().map_or(json!(0), |m| json!(m)),
        Some("boolean") => json!(false),
        other => panic!("no minimal value for type {other:?} in {s}"),
    }
}

/// Every document the app reads, at the least the contract promises, is read by the app's own
/// types and reader (the ones `src/api.rs` decodes with): a field the app needs but the contract leaves
/// optional would fail here, long before an agency's own backend meets the app.
#[test]
fn the_app_reads_the_least_the_contract_promises() {
    use miz_core::{api, cases, drafts, reports, services};
    let spec = spec();
    fn read<T: miz_core::json::FromJson>(spec: &Value, name: &str) {
        let doc = minimal(spec, &spec["components"]["schemas"][name]);
        if let Err(e) = miz_core::json::from_str::<T>(&doc.to_string()) {
            panic!("the app cannot read the least {name} the contract allows: {e}\n{doc:#}");
        }
    }
    read::<api::Agency>(&spec, "Agency");
    read::<api::FaqDoc>(&spec, "FaqDoc");
    read::<api::FeedbackTotals>(&spec, "FeedbackTotals");
    read::<cases::CaseTypes>(&spec, "CaseTypes");
    read::<cases::CaseReceipt>(&spec, "CaseReceipt");
    read::<cases::CaseView>(&spec, "CaseView");
    read::<drafts::DraftList>(&spec, "DraftList");
    read::<drafts::Draft>(&spec, "Draft");
    read::<drafts::CommentList>(&spec, "CommentList");
    read::<drafts::Comment>(&spec, "Comment");
    read::<services::ServiceList>(&spec, "ServiceList");
    read::<services::Service>(&spec, "Service");
    read::<services::RatingReceipt>(&spec, "RatingReceipt");
    read::<reports::Report>(&spec, "Report");
}

/// The staff API's answers, signed in and not, against the contract.
#[tokio::test]
async fn staff_responses_match_the_contract() {
    use miz_server::staff::{accounts, password, roles::{Grant, Role}};
    let spec = spec();
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let hash = password::hash("contract password 1");
    common::with_db(&s.db, move |c| {
        for (name, grant) in [("officer.c", Grant { role: Role::Officer, unit: "books".into() }), ("admin.c", Grant { role: Role::Admin, unit: String::new() })] {
            let new = accounts::NewAccount { username: name, display_name: name, password_hash: Some(hash.clone()), oidc_subject: None, roles: &[grant] };
            accounts::create(c, "tehran-culture", &new).unwrap().unwrap();
        }
    });
    let json = [("content-type", "application/json")];
    let fb = |v: Value| Some(v.to_string());
    check(&spec, &base, "GET", "/staff/session", &[], 401).await;
    check(&spec, &base, "GET", "/staff/cases", &[], 401).await;
    check_body(&spec, &base, "POST", "/staff/session", &json, fb(json!({ "username": "officer.c", "password": "wrong wrong wrong" })), 401).await;
    check_body(&spec, &base, "POST", "/staff/session", &json, fb(json!({ "username": "", "password": "" })), 422).await;
    check_body(&spec, &base, "POST", "/staff/session", &json, fb(json!({ "username": 5 })), 422).await;
    let sign_in = |name: &'static str| {
        let base = base.clone();
        async move {
            let r = client()
                .post(format!("{base}/api/v1/staff/session"))
                .json(&json!({ "username": name, "password": "contract password 1" }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
            let csrf = r.json::<Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_owned();
            (cookie, csrf)
        }
    };
    let complaint = json!({
        "kind": "complaint", "topic_id": "c-books",
        "description": "مجوز نشر کتاب من پس از سه ماه هنوز صادر نشده است.", "mobile": "09121234567"
    });
    let r = common::post_case(&base, "contract-staff", &complaint).await;
    let code = r.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_owned();

    let (cookie, csrf) = sign_in("officer.c").await;
    let h = [("cookie", cookie.as_str()), ("x-csrf-token", csrf.as_str()), ("content-type", "application/json"), ("sec-fetch-site", "same-origin")];
    check(&spec, &base, "GET", "/staff/session", &h, 200).await;
    check(&spec, &base, "GET", "/staff/cases", &h, 200).await;
    check(&spec, &base, "GET", "/staff/cases?deadline=near&per_page=200", &h, 200).await;
    check(&spec, &base, "GET", "/staff/cases?per_page=500", &h, 422).await;
    check(&spec, &base, "GET", &format!("/staff/cases/{code}"), &h, 200).await;
    check(&spec, &base, "GET", "/staff/cases/123456789012", &h, 404).await;
    check(&spec, &base, "GET", &format!("/staff/cases/{code}/contact"), &h, 200).await;
    check(&spec, &base, "GET", &format!("/staff/cases/{code}/assignees"), &h, 200).await;
    check(&spec, &base, "GET", &format!("/staff/cases/{code}/attachments/none"), &h, 404).await;
    check_body(&spec, &base, "POST", &format!("/staff/cases/{code}/notes"), &h, fb(json!({ "text": "داخلی" })), 201).await;
    check_body(&spec, &base, "POST", &format!("/staff/cases/{code}/notes"), &h, fb(json!({ "text": " " })), 422).await;
    check_body(&spec, &base, "POST", &format!("/staff/cases/{code}/status"), &h, fb(json!({ "status": "in_review", "version": 1 })), 200).await;
    check_body(&spec, &base, "POST", &format!("/staff/cases/{code}/answer"), &h, fb(json!({ "text": "پاسخ", "version": 1 })), 409).await;
    check_body(&spec, &base, "POST", &format!("/staff/cases/{code}/answer"), &h, fb(json!({ "text": "پاسخ", "version": 2 })), 200).await;
    check_body(&spec, &base, "POST", &format!("/staff/cases/{code}/assign"), &h, fb(json!({ "assignee_id": 999, "version": 3 })), 422).await;
    check_body(&spec, &base, "POST", &format!("/staff/cases/{code}/refer"), &h, fb(json!({ "unit_id": "arts", "reason": "x", "version": 3 })), 403).await;
    check(&spec, &base, "GET", "/staff/accounts", &h, 403).await;
    check(&spec, &base, "GET", "/staff/deadlines", &h, 200).await;
    let no_csrf = [("cookie", cookie.as_str()), ("content-type", "application/json")];
    check_body(&spec, &base, "POST", &format!("/staff/cases/{code}/notes"), &no_csrf, fb(json!({ "text": "x" })), 403).await;
    check(&spec, &base, "GET", "/staff/templates", &h, 200).await;
    check(&spec, &base, "GET", "/staff/templates?kind=complaint", &h, 200).await;
    check(&spec, &base, "GET", &format!("/staff/cases/{code}/templates"), &h, 200).await;
    check_body(&spec, &base, "POST", "/staff/templates", &h, fb(json!({ "title": "x", "body": "y" })), 403).await;
    check_body(&spec, &base, "POST", "/staff/cases/bulk", &h, fb(json!({ "cases": [{ "code": code, "version": 1 }], "action": "status", "status": "closed" })), 409).await;
    check_body(&spec, &base, "POST", "/staff/cases/bulk", &h, fb(json!({ "cases": [], "action": "assign" })), 422).await;
    check_body(&spec, &base, "POST", "/staff/cases/bulk", &h, fb(json!({ "cases": [{ "code": code, "version": 3 }], "action": "status", "status": "closed" })), 200).await;
    check(&spec, &base, "POST", "/staff/me/totp", &h, 200).await;
    check_body(&spec, &base, "POST", "/staff/me/totp/confirm", &h, fb(json!({ "code": "000" })), 422).await;

    let (cookie, csrf) = sign_in("admin.c").await;
    let a = [("cookie", cookie.as_str()), ("x-csrf-token", csrf.as_str()), ("content-type", "application/json"), ("sec-fetch-site", "same-origin")];
    check(&spec, &base, "GET", "/staff/accounts", &a, 200).await;
    let new = json!({ "username": "new.officer", "display_name": "تازه", "password": "a new long password", "roles": [{ "role": "officer", "unit": "arts" }] });
    check_body(&spec, &base, "POST", "/staff/accounts", &a, fb(new.clone()), 201).await;
    check_body(&spec, &base, "POST", "/staff/accounts", &a, fb(new), 422).await;
    let made = common::query_i64(&s.db, "SELECT id FROM staff WHERE username = 'new.officer'");
    let acc = format!("/staff/accounts/{made}");
    check_body(&spec, &base, "PUT", &acc, &a, fb(json!({ "display_name": "دیگر", "roles": [], "disabled": true })), 200).await;
    check_body(&spec, &base, "PUT", "/staff/accounts/999", &a, fb(json!({ "display_name": "x", "roles": [], "disabled": false })), 404).await;
    check_body(&spec, &base, "PUT", "/staff/accounts/abc", &a, fb(json!({ "display_name": "x", "roles": [], "disabled": false })), 400).await;
    check_body(&spec, &base, "POST", &format!("{acc}/password"), &a, fb(json!({ "password": "short" })), 422).await;
    check_body(&spec, &base, "POST", &format!("{acc}/password"), &a, fb(json!({ "password": "another long password" })), 204).await;
    check(&spec, &base, "DELETE", &format!("{acc}/totp"), &a, 204).await;
    check(&spec, &base, "GET", "/staff/holidays/1405", &a, 200).await;
    check(&spec, &base, "GET", "/staff/holidays/99999", &a, 422).await;
    check_body(&spec, &base, "PUT", "/staff/holidays/1406", &a, fb(json!({ "text": "1406-01-01 نوروز" })), 200).await;
    check_body(&spec, &base, "PUT", "/staff/holidays/1406", &a, fb(json!({ "text": "1406-01-32 نوروز" })), 422).await;
    check_body(&spec, &base, "PUT", "/staff/deadlines", &a, fb(json!([{ "kind": "request", "working_days": 10 }])), 200).await;
    check_body(&spec, &base, "PUT", "/staff/deadlines", &a, fb(json!([{ "kind": "request", "working_days": 0 }])), 422).await;
    check(&spec, &base, "GET", "/staff/settings", &a, 200).await;
    check_body(&spec, &base, "PUT", "/staff/settings", &a, fb(json!({ "require_totp": false, "session_idle_minutes": 1 })), 422).await;
    check_body(&spec, &base, "PUT", "/staff/settings", &a, fb(json!({ "require_totp": false, "session_idle_minutes": 60 })), 200).await;
    check_body(&spec, &base, "POST", "/staff/templates", &a, fb(json!({ "title": "الگو", "body": "سلام {nope}" })), 422).await;
    check_body(&spec, &base, "POST", "/staff/templates", &a, fb(json!({ "title": "الگو", "body": "پیام {tracking_code}" })), 201).await;
    let tpl = common::query_i64(&s.db, "SELECT max(id) FROM response_templates");
    check_body(&spec, &base, "PUT", &format!("/staff/templates/{tpl}"), &a, fb(json!({ "kind": "request", "title": "الگو", "body": "پیام {tracking_code}" })), 200).await;
    check(&spec, &base, "DELETE", &format!("/staff/templates/{tpl}"), &a, 204).await;
    check(&spec, &base, "DELETE", &format!("/staff/templates/{tpl}"), &a, 404).await;
    check(&spec, &base, "GET", "/staff/audit", &a, 200).await;
    check(&spec, &base, "GET", "/staff/audit?action=case.view&limit=5", &a, 200).await;
    check(&spec, &base, "GET", "/staff/audit?limit=0", &a, 422).await;
    check(&spec, &base, "GET", "/staff/audit.csv", &a, 200).await;
    check(&spec, &base, "POST", "/staff/session/everywhere", &a, 200).await;
    check(&spec, &base, "DELETE", "/staff/session", &a, 401).await;
}

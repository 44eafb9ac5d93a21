//! The conformance kit's semantic checks: what JSON Schema cannot say about a backend. An
//! agency's own backend, written from `api/openapi.yaml`, passes only if a citizen's journey
//! works on it: it finds its own ids (nothing from the reference server's demo), creates a
//! case and a comment and reads them back, and holds the rules the app relies on
//! (idempotency, the second factor, the check digit it declares, rate limits, ETags,
//! moderation, the comment window, pagination, uploads checked by content, CORS).
//!
//! `broken.rs` proves each check can fail: the test command runs the kit against deliberately
//! broken variants of the reference server and expects each to be caught.

/// A check's `?`: an error fails the check with its message (also used by `staff`).
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Verdict::Fail(e.into()),
        }
    };
}

pub mod broken;
pub mod client;
pub mod staff;

use client::{nonce, Client, Resp};
use miz_core::api::headers;
use serde_json::{json, Value};

pub enum Verdict {
    Pass(String),
    Fail(String),
    Skip(String),
}

/// What the checks learn from the backend and from each other.
struct Ctx {
    c: Client,
    agency: Value,
    case_types: Value,
    case: Option<Case>,
    /// An open draft and the ids of its paragraphs.
    open_draft: Option<(String, Vec<String>)>,
    /// A draft whose comment window is over (closed or final).
    closed_draft: Option<String>,
    /// This run's browser id, so the kit also sees its own comments held for moderation.
    client_id: String,
    run: u64,
    /// The staff account the kit may sign in as, and its session once signed in.
    staff: Option<staff::StaffLogin>,
    staff_session: Option<staff::Session>,
}

struct Case {
    code: String,
    mobile: String,
    key: String,
    body: Value,
    first: Resp,
}

type Check = fn(&mut Ctx) -> Verdict;

/// In order: later checks use what earlier ones found; the rate limit comes last because it
/// locks this client out of look-ups for a while.
const CHECKS: &[(&str, Check)] = &[
    ("discovery", discovery),
    ("case-created", case_created),
    ("case-replay", case_replay),
    ("case-key-reuse", case_key_reuse),
    ("case-key-required", case_key_required),
    ("second-factor", second_factor),
    ("check-digit", check_digit),
    ("upload", upload),
    ("comment-created", comment_created),
    ("comment-moderation", comment_moderation),
    ("comment-closed-draft", comment_closed_draft),
    ("pagination", pagination),
    ("etag", etag),
    ("cors", cors),
    ("staff-session", staff::session),
    ("staff-csrf", staff::csrf),
    ("staff-notes-private", staff::notes_private),
    ("staff-inbox-search", staff::inbox_search),
    ("staff-sign-out", staff::sign_out),
    ("rate-limit", rate_limit),
    ("case-pass", case_pass),
];

/// Runs every check against the API at `base` (`…/api/v1/`); `origin`: check CORS for a
/// desk served from that origin; `staff`: an account for the staff checks (skipped without).
pub fn run(base: &str, origin: Option<String>, staff: Option<staff::StaffLogin>) -> Vec<(&'static str, Verdict)> {
    let run = nonce();
    let mut ctx = Ctx {
        c: Client::new(base, origin),
        agency: Value::Null,
        case_types: Value::Null,
        case: None,
        open_draft: None,
        closed_draft: None,
        client_id: format!("kit-{:016x}", run),
        run,
        staff,
        staff_session: None,
    };
    let mut out = Vec::new();
    for (name, check) in CHECKS {
        // Without the agency and case types nothing else can be judged.
        let v = if *name != "discovery" && ctx.agency.is_null() {
            Verdict::Fail("not run: discovery failed".into())
        } else {
            check(&mut ctx)
        };
        out.push((*name, v));
    }
    out
}

/// Prints the verdicts; `Err` names the failed checks.
pub fn report(verdicts: &[(&str, Verdict)]) -> Result<(), String> {
    let mut failed = Vec::new();
    for (name, v) in verdicts {
        match v {
            Verdict::Pass(note) => println!("  pass  {name:<22} {note}"),
            Verdict::Skip(why) => println!("  skip  {name:<22} {why}"),
            Verdict::Fail(why) => {
                println!("  FAIL  {name:<22} {why}");
                failed.push(*name);
            }
        }
    }
    let passed = verdicts.iter().filter(|(_, v)| matches!(v, Verdict::Pass(_))).count();
    let skipped = verdicts.iter().filter(|(_, v)| matches!(v, Verdict::Skip(_))).count();
    println!("kit: {passed} passed, {} failed, {skipped} skipped", failed.len());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("the backend does not keep the contract: {}", failed.join(", ")))
    }
}

fn fail(why: impl Into<String>) -> Verdict {
    Verdict::Fail(why.into())
}

fn expect_status(r: &Resp, want: u16, what: &str) -> Result<(), String> {
    if r.status == want {
        Ok(())
    } else {
        Err(format!("{what}: expected {want}, got {}", r.short()))
    }
}

fn discovery(ctx: &mut Ctx) -> Verdict {
    let agency = tri!(ctx.c.get("agency", &[]));
    tri!(expect_status(&agency, 200, "GET /agency"));
    ctx.agency = tri!(agency.expect_json("GET /agency"));
    let types = tri!(ctx.c.get("case-types", &[]));
    tri!(expect_status(&types, 200, "GET /case-types"));
    ctx.case_types = tri!(types.expect_json("GET /case-types"));
    let mut found = vec![];
    for state in ["open", "closed", "final"] {
        let list = tri!(ctx.c.get(&format!("drafts?state={state}&per_page=50"), &[]));
        tri!(expect_status(&list, 200, &format!("GET /drafts?state={state}")));
        let list = tri!(list.expect_json("GET /drafts"));
        let items = list["items"].as_array().cloned().unwrap_or_default();
        found.push(format!("{} {state}", items.len()));
        for d in items {
            let Some(id) = d["id"].as_str() else { continue };
            if d["state"].as_str() != Some(state) {
                return fail(format!("GET /drafts?state={state} listed draft {id} in state {}", d["state"]));
            }
            if state == "open" && ctx.open_draft.is_none() {
                let draft = tri!(ctx.c.get(&format!("drafts/{}", seg(id)), &[]));
                tri!(expect_status(&draft, 200, &format!("GET /drafts/{id}")));
                let draft = tri!(draft.expect_json("GET /drafts/{id}"));
                let paragraphs: Vec<String> = draft["body"]["parts"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|p| p["articles"].as_array().cloned().unwrap_or_default())
                    .flat_map(|a| a["paragraphs"].as_array().cloned().unwrap_or_default())
                    .filter_map(|p| p["id"].as_str().map(str::to_owned))
                    .collect();
                ctx.open_draft = Some((id.to_owned(), paragraphs));
            } else if state != "open" && ctx.closed_draft.is_none() {
                ctx.closed_draft = Some(id.to_owned());
            }
        }
    }
    let topics = ctx.case_types["types"].as_array().map_or(0, |t| t.iter().map(|t| t["topics"].as_array().map_or(0, Vec::len)).sum());
    Verdict::Pass(format!("agency {}, {topics} topics, drafts: {}", ctx.agency["id"], found.join(", ")))
}

/// A case type with a topic, and a description long enough for the backend's own limits.
fn new_case(ctx: &Ctx, mobile: &str) -> Result<Value, String> {
    let types = ctx.case_types["types"].as_array().ok_or("GET /case-types has no types")?;
    let (kind, topic) = types
        .iter()
        .find_map(|t| Some((t["kind"].as_str()?, t["topics"].as_array()?.first()?["id"].as_str()?)))
        .ok_or("no case type has a topic to send a case to")?;
    let min = ctx.case_types["limits"]["description_min"].as_u64().unwrap_or(10) as usize;
    let mut description = format!("این پیام را کیت سازگاری میز برای آزمودن این سامانه فرستاده است؛ شماره اجرا {}.", ctx.run);
    while description.chars().count() < min {
        description.push_str(" لطفاً آن را نادیده بگیرید.");
    }
    Ok(json!({ "kind": kind, "topic_id": topic, "description": description, "mobile": mobile }))
}

fn mobile_for(run: u64) -> String {
    format!("0912{:07}", run % 10_000_000)
}

fn case_created(ctx: &mut Ctx) -> Verdict {
    let mobile = mobile_for(ctx.run);
    let body = tri!(new_case(ctx, &mobile));
    let key = format!("kit-case-{}", ctx.run);
    let r = tri!(ctx.c.post_json("cases", &[(headers::IDEMPOTENCY_KEY, &key)], &body));
    tri!(expect_status(&r, 201, "POST /cases"));
    let receipt = tri!(r.expect_json("POST /cases"));
    let Some(code) = receipt["tracking_code"].as_str().map(str::to_owned) else {
        return fail(format!("POST /cases: no tracking_code in {}", r.short()));
    };
    if code.len() != 12 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return fail(format!("POST /cases: tracking_code {code:?} is not 12 ASCII digits"));
    }
    let view = tri!(ctx.c.get(&format!("cases/{code}"), &[(headers::CASE_MOBILE, &mobile)]));
    tri!(expect_status(&view, 200, "GET /cases/{code} with its mobile"));
    let view = tri!(view.expect_json("GET /cases/{code}"));
    if view["tracking_code"].as_str() != Some(&code) {
        return fail(format!("GET /cases/{code} answered another case: {}", view["tracking_code"]));
    }
    if view["description"].as_str().map(str::trim) != body["description"].as_str() {
        return fail("GET /cases/{code} does not give back the description that was sent");
    }
    ctx.case = Some(Case { code: code.clone(), mobile, key, body, first: r });
    Verdict::Pass(format!("case {code} sent and read back with its mobile"))
}

fn case_replay(ctx: &mut Ctx) -> Verdict {
    let Some(case) = &ctx.case else { return fail("not run: no case was created") };
    let r = tri!(ctx.c.post_json("cases", &[(headers::IDEMPOTENCY_KEY, &case.key)], &case.body));
    if r.status != case.first.status {
        return fail(format!("the same Idempotency-Key and body again: expected the first answer ({}), got {}", case.first.status, r.short()));
    }
    let code = r.json().and_then(|v| v["tracking_code"].as_str().map(str::to_owned));
    if code.as_deref() != Some(&case.code) {
        return fail(format!("the same Idempotency-Key and body again made another case: {} then {:?}", case.code, code));
    }
    if r.header(headers::IDEMPOTENT_REPLAYED) != Some("true") {
        return fail(format!("a replayed answer must carry {}: true", headers::IDEMPOTENT_REPLAYED));
    }
    Verdict::Pass("same key and body: the first answer, one case".into())
}

fn case_key_reuse(ctx: &mut Ctx) -> Verdict {
    let Some(case) = &ctx.case else { return fail("not run: no case was created") };
    let mut other = case.body.clone();
    other["description"] = json!(format!("{} (متن دیگر)", case.body["description"].as_str().unwrap_or_default()));
    let r = tri!(ctx.c.post_json("cases", &[(headers::IDEMPOTENCY_KEY, &case.key)], &other));
    tri!(expect_status(&r, 422, "the same Idempotency-Key with another body"));
    if !r.is_problem() {
        return fail(format!("422 without a problem document: {}", r.short()));
    }
    Verdict::Pass("same key, other body: 422".into())
}

fn case_key_required(ctx: &mut Ctx) -> Verdict {
    let Some(case) = &ctx.case else { return fail("not run: no case was created") };
    let r = tri!(ctx.c.post_json("cases", &[], &case.body));
    tri!(expect_status(&r, 400, "POST /cases without an Idempotency-Key"));
    Verdict::Pass("no key: 400".into())
}

/// A code no backend has issued (as far as anyone can know): random digits, and a Damm check
/// digit so that it passes either rule.
fn unknown_code(run: u64) -> String {
    let digits: Vec<u8> = format!("{:011}", (run ^ 0x5DEECE66D) % 100_000_000_000).bytes().map(|b| b - b'0').collect();
    let check = miz_core::tracking::damm(&digits);
    digits.iter().chain(std::iter::once(&check)).map(|d| char::from(b'0' + d)).collect()
}

/// Status and problem members, without `instance` (which may name the path).
fn answer_shape(r: &Resp) -> (u16, Value) {
    let mut v = r.json().unwrap_or(Value::String(r.body.clone()));
    if let Some(o) = v.as_object_mut() {
        o.remove("instance");
    }
    (r.status, v)
}

fn second_factor(ctx: &mut Ctx) -> Verdict {
    let Some(case) = &ctx.case else { return fail("not run: no case was created") };
    let unknown = unknown_code(ctx.run);
    let wrong_mobile = mobile_for(ctx.run.wrapping_add(1));
    let tries: [(&str, Vec<(&str, &str)>); 3] = [
        ("a wrong mobile", vec![(headers::CASE_MOBILE, wrong_mobile.as_str())]),
        ("a wrong access key", vec![(headers::CASE_KEY, "kit-not-the-key")]),
        ("no second factor", vec![]),
    ];
    for (what, hs) in tries {
        let real = tri!(ctx.c.get(&format!("cases/{}", case.code), &hs));
        let fake = tri!(ctx.c.get(&format!("cases/{unknown}"), &hs));
        if real.status == 200 {
            return fail(format!("the case was shown with {what}"));
        }
        if answer_shape(&real) != answer_shape(&fake) {
            return fail(format!("{what} is answered unlike an unknown code, which tells a guesser the code exists: {} vs {}", real.short(), fake.short()));
        }
        if real.status == 429 {
            return fail("limited before the second factor could be checked (fewer than 6 failed look-ups)");
        }
    }
    Verdict::Pass("a wrong or missing factor is answered exactly like an unknown code".into())
}

fn check_digit(ctx: &mut Ctx) -> Verdict {
    let Some(case) = &ctx.case else { return fail("not run: no case was created") };
    if ctx.agency["tracking_code_check"].as_str() != Some("damm") {
        return Verdict::Skip("the agency declares no check digit: the app sends any 12 digits".into());
    }
    let digits: Vec<u8> = case.code.bytes().map(|b| b - b'0').collect();
    if miz_core::tracking::damm(&digits) != 0 {
        return fail(format!("the agency declares Damm check digits, but issued {} whose check digit is wrong", case.code));
    }
    let mut wrong = case.code.clone();
    let last = wrong.pop().map_or(0, |c| c as u8 - b'0');
    wrong.push(char::from(b'0' + (last + 1) % 10));
    let r = tri!(ctx.c.get(&format!("cases/{wrong}"), &[(headers::CASE_MOBILE, &case.mobile)]));
    if !(r.status == 404 || r.status == 422) {
        return fail(format!("a code whose check digit fails: expected 404 or 422, got {}", r.short()));
    }
    Verdict::Pass("issued codes carry the declared Damm digit; a wrong one is refused".into())
}

/// The smallest PNG there is (1×1), a real image for backends that decode what they store.
const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn upload(ctx: &mut Ctx) -> Verdict {
    use base64::Engine;
    let png = base64::engine::general_purpose::STANDARD.decode(PNG_1X1).unwrap_or_default();
    let r = tri!(ctx.c.upload("kit.png", "image/png", &png));
    tri!(expect_status(&r, 201, "POST /uploads with a PNG"));
    let up = tri!(r.expect_json("POST /uploads"));
    let Some(id) = up["id"].as_str().map(str::to_owned) else { return fail("POST /uploads: no id") };
    if up["content_type"].as_str() != Some("image/png") {
        return fail(format!("POST /uploads: a PNG stored as {}", up["content_type"]));
    }
    // A file whose name and claimed type say PDF but whose content is text.
    let r = tri!(ctx.c.upload("kit.pdf", "application/pdf", b"not a pdf at all, only text"));
    tri!(expect_status(&r, 415, "POST /uploads with text named .pdf"));
    let p = r.json().unwrap_or_default();
    let message = p["errors"].as_array().and_then(|e| e.iter().find(|e| e["field"] == "file")).and_then(|e| e["message"].as_str());
    if !r.is_problem() || message.is_none_or(|m| m.trim().is_empty()) {
        return fail(format!("a file refused by its content must say why in errors[field=file]: {}", r.short()));
    }
    // The upload goes with a case.
    let mobile = mobile_for(ctx.run.wrapping_add(2));
    let mut body = tri!(new_case(ctx, &mobile));
    body["attachments"] = json!([id]);
    let r = tri!(ctx.c.post_json("cases", &[(headers::IDEMPOTENCY_KEY, &format!("kit-attach-{}", ctx.run))], &body));
    tri!(expect_status(&r, 201, "POST /cases with the upload attached"));
    Verdict::Pass("a PNG stored and attached; text named .pdf refused with 415 and a reason".into())
}

fn comment_body(run: u64) -> String {
    format!("کیت سازگاری میز این نظر را برای آزمودن سامانه نوشته است ({run}).")
}

fn list_comments(ctx: &Ctx, draft: &str, client: Option<&str>, page: u32, per_page: u32) -> Result<Value, String> {
    let mut path = format!("drafts/{}/comments?page={page}&per_page={per_page}", seg(draft));
    if let Some(c) = client {
        path.push_str(&format!("&client_id={c}"));
    }
    let r = ctx.c.get(&path, &[])?;
    expect_status(&r, 200, &format!("GET /{path}"))?;
    r.expect_json("GET comments")
}

fn all_comment_ids(ctx: &Ctx, draft: &str, client: Option<&str>) -> Result<Vec<String>, String> {
    let first = list_comments(ctx, draft, client, 1, 50)?;
    let total = first["total"].as_u64().unwrap_or(0) as u32;
    let mut ids: Vec<String> = vec![];
    for page in 1..=total.div_ceil(50).max(1) {
        let list = if page == 1 { first.clone() } else { list_comments(ctx, draft, client, page, 50)? };
        ids.extend(list["items"].as_array().into_iter().flatten().filter_map(|c| c["id"].as_str().map(str::to_owned)));
    }
    Ok(ids)
}

fn comment_created(ctx: &mut Ctx) -> Verdict {
    let Some((draft, paragraphs)) = ctx.open_draft.clone() else {
        return fail("no open draft to comment on (GET /drafts?state=open): a comment could not be proven");
    };
    let anchor = paragraphs.first().map_or(json!({}), |p| json!({ "paragraph_id": p }));
    let body = json!({ "body": comment_body(ctx.run), "anchor": anchor, "client_id": ctx.client_id });
    let key = format!("kit-comment-{}", ctx.run);
    let path = format!("drafts/{}/comments", seg(&draft));
    let r = tri!(ctx.c.post_json(&path, &[(headers::IDEMPOTENCY_KEY, &key)], &body));
    tri!(expect_status(&r, 201, &format!("POST /{path}")));
    let created = tri!(r.expect_json("POST comment"));
    let Some(id) = created["id"].as_str().map(str::to_owned) else { return fail("POST comment: no id") };
    if created["body"].as_str().map(str::trim) != body["body"].as_str() {
        return fail("POST comment: the stored body differs from what was sent");
    }
    let again = tri!(ctx.c.post_json(&path, &[(headers::IDEMPOTENCY_KEY, &key)], &body));
    if !(200..300).contains(&again.status) || again.json().and_then(|v| v["id"].as_str().map(str::to_owned)).as_deref() != Some(&id) {
        return fail(format!("the same Idempotency-Key and body again must return comment {id}: {}", again.short()));
    }
    let mut other = body.clone();
    other["body"] = json!(format!("{} دیگر", comment_body(ctx.run)));
    let reuse = tri!(ctx.c.post_json(&path, &[(headers::IDEMPOTENCY_KEY, &key)], &other));
    tri!(expect_status(&reuse, 422, "a comment's Idempotency-Key with another body"));
    let mine = tri!(all_comment_ids(ctx, &draft, Some(&ctx.client_id)));
    if !mine.contains(&id) {
        return fail(format!("comment {id} is not listed for its own browser (client_id)"));
    }
    Verdict::Pass(format!("comment {id} on {draft}: created once, listed for its author"))
}

fn comment_moderation(ctx: &mut Ctx) -> Verdict {
    let Some((draft, _)) = ctx.open_draft.clone() else { return fail("not run: no open draft") };
    let mine = tri!(list_comments(ctx, &draft, Some(&ctx.client_id), 1, 50));
    let total = mine["total"].as_u64().unwrap_or(0) as u32;
    let mut own = None;
    for page in 1..=total.div_ceil(50).max(1) {
        let list = tri!(list_comments(ctx, &draft, Some(&ctx.client_id), page, 50));
        own = list["items"].as_array().into_iter().flatten().find(|c| c["body"].as_str() == Some(&comment_body(ctx.run))).cloned().or(own);
    }
    let Some(own) = own else { return fail("the kit's comment is not listed for its author") };
    let id = own["id"].as_str().unwrap_or_default().to_owned();
    let others = tri!(all_comment_ids(ctx, &draft, Some("kit-someone-else")));
    let anyone = tri!(all_comment_ids(ctx, &draft, None));
    match own["moderation"].as_str() {
        Some("pending") => {
            if others.contains(&id) || anyone.contains(&id) {
                return fail(format!("comment {id} is held for moderation but shown to other browsers"));
            }
            Verdict::Pass("a comment held for moderation is shown to its author only".into())
        }
        Some("published") => {
            if !others.contains(&id) || !anyone.contains(&id) {
                return fail(format!("published comment {id} is not shown to other browsers"));
            }
            Verdict::Pass("published at once (no pre-moderation) and shown to everyone".into())
        }
        other => fail(format!("comment {id}: moderation {other:?} for its author")),
    }
}

fn comment_closed_draft(ctx: &mut Ctx) -> Verdict {
    let Some(draft) = ctx.closed_draft.clone() else {
        return Verdict::Skip("no closed or final draft to try".into());
    };
    let body = json!({ "body": comment_body(ctx.run), "anchor": {}, "client_id": ctx.client_id });
    let r = tri!(ctx.c.post_json(&format!("drafts/{}/comments", seg(&draft)), &[(headers::IDEMPOTENCY_KEY, &format!("kit-closed-{}", ctx.run))], &body));
    tri!(expect_status(&r, 409, &format!("a comment on {draft}, whose window is over")));
    Verdict::Pass(format!("{draft}: 409"))
}

/// Walks a list page by page with a small page size: no item twice, none missed, and a page
/// past the end is empty.
fn walk(ctx: &Ctx, path: &str, per_page: u32) -> Result<usize, String> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let get = |page: u32| -> Result<Value, String> {
        let p = format!("{path}{sep}page={page}&per_page={per_page}");
        let r = ctx.c.get(&p, &[])?;
        expect_status(&r, 200, &format!("GET /{p}"))?;
        r.expect_json(&p)
    };
    let first = get(1)?;
    let total = first["total"].as_u64().ok_or(format!("GET /{path}: no total"))? as usize;
    let pages = total.div_ceil(per_page as usize) as u32;
    let mut seen = std::collections::HashSet::new();
    for page in 1..=pages {
        let list = if page == 1 { first.clone() } else { get(page)? };
        let items = list["items"].as_array().cloned().unwrap_or_default();
        if items.len() > per_page as usize {
            return Err(format!("GET /{path} page {page}: {} items for per_page={per_page}", items.len()));
        }
        if list["page"].as_u64() != Some(page as u64) || list["per_page"].as_u64() != Some(per_page as u64) {
            return Err(format!("GET /{path} page {page}: the answer says page {} per_page {}", list["page"], list["per_page"]));
        }
        for it in items {
            let id = it["id"].as_str().unwrap_or_default().to_owned();
            if !seen.insert(id.clone()) {
                return Err(format!("GET /{path}: {id} appears twice across pages of {per_page}"));
            }
        }
    }
    if seen.len() != total {
        return Err(format!("GET /{path}: pages of {per_page} give {} items, total says {total}", seen.len()));
    }
    let past = get(pages + 1)?;
    if past["items"].as_array().is_none_or(|i| !i.is_empty()) {
        return Err(format!("GET /{path}: the page after the last must be empty"));
    }
    Ok(total)
}

fn pagination(ctx: &mut Ctx) -> Verdict {
    let Some((draft, paragraphs)) = ctx.open_draft.clone() else { return fail("not run: no open draft") };
    // At least three of the kit's own comments, so pages of two have something to split.
    let path = format!("drafts/{}/comments?client_id={}", seg(&draft), ctx.client_id);
    for n in 0..3 {
        let have = tri!(list_comments(ctx, &draft, Some(&ctx.client_id), 1, 1))["total"].as_u64().unwrap_or(0);
        if have >= 3 {
            break;
        }
        let anchor = paragraphs.get(n).map_or(json!({}), |p| json!({ "paragraph_id": p }));
        let body = json!({ "body": format!("{} {n}", comment_body(ctx.run)), "anchor": anchor, "client_id": ctx.client_id });
        let r = tri!(ctx.c.post_json(&format!("drafts/{}/comments", seg(&draft)), &[(headers::IDEMPOTENCY_KEY, &format!("kit-page-{}-{n}", ctx.run))], &body));
        tri!(expect_status(&r, 201, "POST comment"));
    }
    let comments = tri!(walk(ctx, &path, 2));
    let drafts = tri!(walk(ctx, "drafts", 1));
    Verdict::Pass(format!("{comments} comments in pages of 2, {drafts} drafts in pages of 1: none twice, none missed"))
}

fn etag(ctx: &mut Ctx) -> Verdict {
    for path in ["agency", "faq"] {
        let r = tri!(ctx.c.get(path, &[]));
        tri!(expect_status(&r, 200, &format!("GET /{path}")));
        let Some(tag) = r.header("etag").map(str::to_owned) else { return fail(format!("GET /{path}: no ETag")) };
        let same = tri!(ctx.c.get(path, &[("If-None-Match", &tag)]));
        tri!(expect_status(&same, 304, &format!("GET /{path} with If-None-Match: {tag}")));
        if !same.body.is_empty() {
            return fail(format!("GET /{path}: a 304 with a body"));
        }
        let other = tri!(ctx.c.get(path, &[("If-None-Match", "\"kit-other\"")]));
        tri!(expect_status(&other, 200, &format!("GET /{path} with a stale ETag")));
    }
    Verdict::Pass("agency and FAQ: ETag, 304 when unchanged".into())
}

fn cors(ctx: &mut Ctx) -> Verdict {
    let Some(origin) = ctx.c.origin.clone() else {
        return Verdict::Skip("no --origin given: a desk on the API's own origin needs no CORS".into());
    };
    let draft = ctx.open_draft.as_ref().map_or("x".to_owned(), |d| d.0.clone());
    let code = unknown_code(ctx.run);
    for (method, path) in [("GET", format!("cases/{code}")), ("POST", "cases".to_owned()), ("POST", format!("drafts/{}/comments", seg(&draft))), ("POST", "uploads".into())] {
        for name in headers::SENT_BY_APP {
            let r = tri!(ctx.c.send(
                "OPTIONS",
                &path,
                &[("Access-Control-Request-Method", method), ("Access-Control-Request-Headers", &name.to_ascii_lowercase())],
                None
            ));
            let allowed_origin = r.header("access-control-allow-origin").unwrap_or_default();
            if !(200..300).contains(&r.status) || (allowed_origin != origin && allowed_origin != "*") {
                return fail(format!("preflight of {method} /{path} from {origin}: {} (Allow-Origin {allowed_origin:?})", r.status));
            }
            let allowed = r.header("access-control-allow-headers").unwrap_or_default().to_ascii_lowercase();
            if !allowed.split(',').any(|h| h.trim() == name.to_ascii_lowercase() || h.trim() == "*") {
                return fail(format!("preflight of {method} /{path}: {name} is not allowed (allowed: {allowed:?})"));
            }
        }
    }
    let r = tri!(ctx.c.get("agency", &[]));
    let exposed = r.header("access-control-expose-headers").unwrap_or_default().to_ascii_lowercase();
    for name in headers::READ_BY_APP {
        if !exposed.split(',').any(|h| h.trim() == name.to_ascii_lowercase()) {
            return fail(format!("GET /agency from {origin}: {name} is not exposed (exposed: {exposed:?})"));
        }
    }
    Verdict::Pass(format!("every header the app sends is allowed from {origin}; what it reads is exposed"))
}

/// The contract's bound: a backend limits failed look-ups from one client no later than this.
pub const MAX_FAILED_LOOKUPS: usize = 30;

fn rate_limit(ctx: &mut Ctx) -> Verdict {
    let mobile = mobile_for(ctx.run.wrapping_add(3));
    for n in 1..=MAX_FAILED_LOOKUPS + 1 {
        let code = unknown_code(ctx.run.wrapping_add(n as u64 * 7919));
        let r = tri!(ctx.c.get(&format!("cases/{code}"), &[(headers::CASE_MOBILE, &mobile)]));
        match r.status {
            404 => continue,
            429 => {
                let wait = r.header("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
                if wait.is_none_or(|w| w == 0) {
                    return fail(format!("429 after {n} failed look-ups without a Retry-After in whole seconds"));
                }
                if !r.is_problem() {
                    return fail(format!("429 without a problem document: {}", r.short()));
                }
                return Verdict::Pass(format!("429 with Retry-After {} s after {n} failed look-ups (this run's and the earlier checks')", wait.unwrap_or(0)));
            }
            _ => return fail(format!("an unknown code: expected 404, got {}", r.short())),
        }
    }
    fail(format!("no 429 after {} failed look-ups from one client: tracking codes can be guessed", MAX_FAILED_LOOKUPS + 1))
}

/// Optional: a backend that gives case passes must let the device holding one through while
/// its address is held (the rate-limit check has just held this client), and only with the
/// pass of the case it asks for.
fn case_pass(ctx: &mut Ctx) -> Verdict {
    let Some(case) = &ctx.case else { return fail("not run: no case was created") };
    let Some(pass) = case.first.header(headers::CASE_PASS).map(str::to_owned) else {
        return Verdict::Skip("the backend gives no case passes (optional)".into());
    };
    if pass.is_empty() || pass.len() > 64 || !pass.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return fail(format!("{}: {pass:?} is not URL-safe text of at most 64 characters", headers::CASE_PASS));
    }
    let path = format!("cases/{}", case.code);
    let without = tri!(ctx.c.get(&path, &[(headers::CASE_MOBILE, &case.mobile)]));
    if without.status != 429 {
        return Verdict::Skip(format!("this client is not held after the rate-limit check ({}), so a pass cannot be told apart", without.status));
    }
    let made_up = "A".repeat(pass.len());
    let r = tri!(ctx.c.get(&path, &[(headers::CASE_MOBILE, &case.mobile), (headers::CASE_PASS, &made_up)]));
    if r.status != 429 {
        return fail(format!("a made-up pass let a held client through: {}", r.short()));
    }
    let r = tri!(ctx.c.get(&path, &[(headers::CASE_MOBILE, &case.mobile), (headers::CASE_PASS, &format!("{made_up} {pass}"))]));
    tri!(expect_status(&r, 200, "GET /cases/{code} with its pass while the client is held"));
    Verdict::Pass("while this client is held, its case's pass (among others) opens that case; a made-up one does not".into())
}

fn seg(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

//! The staff API over real HTTP against a real database: signing in with a password and a
//! TOTP code, sessions and CSRF, roles scoped to units (the whole matrix), the case desk, and
//! the audit log that the database itself keeps append-only.

mod common;

use common::{client, post_case, start, with_db, with_db_mut, TestServer};
use miz_server::staff::{
    accounts::{self, NewAccount},
    password,
    roles::{Grant, Role},
    totp,
};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

const PASSWORD: &str = "a long staff password";

/// Adds an account with `roles` (`("officer", "books")`, `("supervisor", "")`); with `totp`,
/// its second factor is on and the secret is returned.
fn add_staff(s: &TestServer, username: &str, roles: &[(&str, &str)], with_totp: bool) -> (i64, Option<String>) {
    let grants: Vec<Grant> = roles.iter().map(|(r, u)| Grant { role: Role::parse(r).unwrap(), unit: u.to_string() }).collect();
    let (username, hash) = (username.to_owned(), password::hash(PASSWORD));
    with_db(&s.db, move |c| {
        let new = NewAccount { username: &username, display_name: &format!("کارمند {username}"), password_hash: Some(hash), oidc_subject: None, roles: &grants };
        let id = accounts::create(c, "tehran-culture", &new).unwrap().unwrap();
        let secret = with_totp.then(totp::new_secret);
        if let Some(sec) = &secret {
            c.execute("UPDATE staff SET totp_secret = ?2 WHERE id = ?1", (id, sec)).unwrap();
        }
        (id, secret)
    })
}

fn code_now(secret: &str, offset_steps: i64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    totp::code_at(&totp::base32_decode(secret).unwrap(), totp::step_of(now) + offset_steps)
}

/// A signed-in browser: its cookie and the session's CSRF token.
struct Session {
    base: String,
    cookie: String,
    csrf: String,
}

impl Session {
    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        let mut req = client()
            .request(method.clone(), format!("{}/api/v1{path}", self.base))
            .header(header::COOKIE, &self.cookie)
            .header("sec-fetch-site", "same-origin");
        if method != Method::GET {
            req = req.header("x-csrf-token", &self.csrf);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap()
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.send(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.send(Method::POST, path, Some(body)).await
    }

    async fn json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }
}

async fn sign_in_raw(base: &str, username: &str, password: &str, code: Option<&str>) -> reqwest::Response {
    let mut body = json!({ "username": username, "password": password });
    if let Some(c) = code {
        body["code"] = json!(c);
    }
    client().post(format!("{base}/api/v1/staff/session")).json(&body).send().await.unwrap()
}

async fn sign_in(base: &str, username: &str, secret: Option<&str>) -> Session {
    let code = secret.map(|s| code_now(s, 0));
    let r = sign_in_raw(base, username, PASSWORD, code.as_deref()).await;
    assert_eq!(r.status(), 200, "sign in {username}");
    let set = r.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    let cookie = set.split(';').next().unwrap().to_owned();
    let me: Value = r.json().await.unwrap();
    Session { base: base.to_owned(), cookie, csrf: me["csrf_token"].as_str().unwrap().to_owned() }
}

async fn file_complaint(base: &str, key: &str, topic: &str) -> String {
    let body = json!({
        "kind": "complaint", "topic_id": topic,
        "description": "مجوز نشر کتاب من پس از سه ماه هنوز صادر نشده است.",
        "mobile": "0912 123 4567", "name": "سارا"
    });
    let r = post_case(base, key, &body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_owned()
}

fn audit_count(s: &TestServer, action: &str) -> i64 {
    let action = action.to_owned();
    with_db(&s.db, move |c| c.query_row("SELECT count(*) FROM audit_log WHERE action = ?1", [&action], |r| r.get::<_, i64>(0)).unwrap())
}

#[tokio::test]
async fn password_then_totp_and_each_failure_is_recorded() {
    let s = start().await;
    let base = s.url("");
    let (_, secret) = add_staff(&s, "officer.one", &[("officer", "books")], true);
    let secret = secret.unwrap();

    let r = sign_in_raw(&base, "officer.one", "wrong password here", None).await;
    assert_eq!(r.status(), 401);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["title"], "نام کاربری یا گذرواژه درست نیست");
    let r = sign_in_raw(&base, "nobody", PASSWORD, None).await;
    assert_eq!(r.status(), 401, "an unknown name is answered like a wrong password");

    let r = sign_in_raw(&base, "officer.one", PASSWORD, None).await;
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["type"], "https://miz.ir/problems/totp-required");
    let wrong = if code_now(&secret, 0) == "000000" { "111111" } else { "000000" };
    let r = sign_in_raw(&base, "officer.one", PASSWORD, Some(wrong)).await;
    assert_eq!(r.status(), 401);

    // Persian digits are accepted; the cookie is HttpOnly and SameSite=Strict.
    let code = code_now(&secret, 0);
    let fa = miz_core::digits::to_persian_digits(&code);
    let r = sign_in_raw(&base, "Officer.One", PASSWORD, Some(&fa)).await;
    assert_eq!(r.status(), 200);
    let set = r.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    assert!(set.starts_with("miz_staff=") && set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    // The same code again (someone watching over a shoulder): refused.
    let r = sign_in_raw(&base, "officer.one", PASSWORD, Some(&code)).await;
    assert_eq!(r.status(), 401, "a replayed code");

    assert_eq!(audit_count(&s, "sign_in"), 1);
    assert_eq!(audit_count(&s, "sign_in.failed"), 4);
}

#[tokio::test]
async fn guessing_one_account_is_held_from_any_address() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "target", &[("admin", "")], false);
    for _ in 0..5 {
        assert_eq!(sign_in_raw(&base, "target", "not the password", None).await.status(), 401);
    }
    let r = sign_in_raw(&base, "target", PASSWORD, None).await;
    assert_eq!(r.status(), 429, "held, even with the right password");
    assert!(r.headers().get(header::RETRY_AFTER).is_some());
    // Another account is not held.
    add_staff(&s, "other", &[("admin", "")], false);
    assert_eq!(sign_in_raw(&base, "other", PASSWORD, None).await.status(), 200);
}

#[tokio::test]
async fn sessions_need_their_csrf_token_and_end_when_told() {
    let s = start().await;
    let base = s.url("");
    let (id, _) = add_staff(&s, "admin.one", &[("admin", "")], false);
    let (other, _) = add_staff(&s, "officer.two", &[("officer", "books")], false);
    let admin = sign_in(&base, "admin.one", None).await;
    let officer = sign_in(&base, "officer.two", None).await;
    let me = admin.json("/staff/session").await;
    assert_eq!(me["username"], "admin.one");
    assert_eq!(me["roles"], json!([{ "role": "admin" }]));
    assert!(me["units"].as_array().unwrap().len() > 3);

    // No token, a wrong token, a cross-site request: refused, nothing changed.
    let body = json!({ "require_totp": true, "session_idle_minutes": 30 });
    let no_token = client()
        .put(format!("{base}/api/v1/staff/settings"))
        .header(header::COOKIE, &admin.cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 403);
    assert_eq!(no_token.json::<Value>().await.unwrap()["type"], "https://miz.ir/problems/csrf");
    let cross = client()
        .put(format!("{base}/api/v1/staff/settings"))
        .header(header::COOKIE, &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .header("sec-fetch-site", "cross-site")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    let stolen_token = client()
        .put(format!("{base}/api/v1/staff/settings"))
        .header(header::COOKIE, &admin.cookie)
        .header("x-csrf-token", &officer.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(stolen_token.status(), 403, "another session's token");
    assert_eq!(admin.json("/staff/settings").await["require_totp"], false);

    // Disabling an account ends its sessions at once.
    let r = admin.send(Method::PUT, &format!("/staff/accounts/{other}"), Some(json!({ "display_name": "x", "roles": [], "disabled": true }))).await;
    assert_eq!(r.status(), 200);
    assert_eq!(officer.get("/staff/session").await.status(), 401);
    assert_eq!(sign_in_raw(&base, "officer.two", PASSWORD, None).await.status(), 403);

    // Through another agency's prefix the session is not one, and it survives the visit.
    let museum = client()
        .get(format!("{base}/agencies/museum/api/v1/staff/session"))
        .header(header::COOKIE, &admin.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(museum.status(), 401);
    assert_eq!(admin.get("/staff/session").await.status(), 200);

    // An administrator cannot lock themselves out.
    let r = admin.send(Method::PUT, &format!("/staff/accounts/{id}"), Some(json!({ "display_name": "x", "roles": [], "disabled": false }))).await;
    assert_eq!(r.status(), 409);

    // Signing out ends this session only; everywhere ends all.
    let second = sign_in(&base, "admin.one", None).await;
    assert_eq!(admin.send(Method::DELETE, "/staff/session", None).await.status(), 204);
    assert_eq!(admin.get("/staff/session").await.status(), 401);
    assert_eq!(second.get("/staff/session").await.status(), 200);
    let third = sign_in(&base, "admin.one", None).await;
    assert_eq!(second.post("/staff/session/everywhere", json!({})).await.status(), 200);
    assert_eq!(third.get("/staff/session").await.status(), 401);
}

#[tokio::test]
async fn required_second_factor_is_enrolled_before_anything_else() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "admin.one", &[("admin", "")], false);
    let admin = sign_in(&base, "admin.one", None).await;
    let r = admin.send(Method::PUT, "/staff/settings", Some(json!({ "require_totp": true, "session_idle_minutes": 30 }))).await;
    assert_eq!(r.status(), 200);
    let r = admin.get("/staff/accounts").await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.unwrap()["type"], "https://miz.ir/problems/totp-enrolment-required");
    assert_eq!(admin.json("/staff/session").await["must_enrol_totp"], true);
    let enrol: Value = admin.post("/staff/me/totp", json!({})).await.json().await.unwrap();
    let secret = enrol["secret"].as_str().unwrap();
    assert!(enrol["otpauth_uri"].as_str().unwrap().starts_with("otpauth://totp/"));
    let r = admin.post("/staff/me/totp/confirm", json!({ "code": "12" })).await;
    assert_eq!(r.status(), 422);
    let r = admin.post("/staff/me/totp/confirm", json!({ "code": code_now(secret, 0) })).await;
    assert_eq!(r.status(), 204);
    assert_eq!(admin.get("/staff/accounts").await.status(), 200);
    // The next sign-in asks for the code (the one just used is spent).
    let r = sign_in_raw(&base, "admin.one", PASSWORD, None).await;
    assert_eq!(r.status(), 401);
    assert_eq!(sign_in_raw(&base, "admin.one", PASSWORD, Some(&code_now(secret, 0))).await.status(), 401);
}

/// Every role × every staff operation × a case of the role's own unit and of another unit.
#[tokio::test]
async fn the_whole_permission_matrix() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "books.officer", &[("officer", "books")], false);
    add_staff(&s, "arts.officer", &[("officer", "arts")], false);
    add_staff(&s, "sup.one", &[("supervisor", "")], false);
    add_staff(&s, "moderator", &[("moderator", "")], false);
    add_staff(&s, "editor", &[("editor", "")], false);
    let (admin_id, _) = add_staff(&s, "admin.one", &[("admin", "")], false);
    // c-books is routed to the books unit: the books officer's own, the arts officer's other.
    let code = file_complaint(&base, "matrix", "c-books").await;
    let names = ["books.officer", "arts.officer", "sup.one", "moderator", "editor", "admin.one"];
    let mut sessions = Vec::new();
    for n in names {
        sessions.push(sign_in(&base, n, None).await);
    }
    // (operation, request) → expected status per role, in `names` order.
    type Req = (Method, String, Option<Value>);
    let case = format!("/staff/cases/{code}");
    let rows: Vec<(&str, Req, [u16; 6])> = vec![
        ("inbox", (Method::GET, "/staff/cases".into(), None), [200, 200, 200, 403, 403, 403]),
        ("read case", (Method::GET, case.clone(), None), [200, 404, 200, 403, 403, 403]),
        ("contact", (Method::GET, format!("{case}/contact"), None), [200, 404, 200, 403, 403, 403]),
        ("assignees", (Method::GET, format!("{case}/assignees"), None), [200, 404, 200, 403, 403, 403]),
        ("note", (Method::POST, format!("{case}/notes"), Some(json!({ "text": "یادداشت" }))), [201, 404, 201, 403, 403, 403]),
        ("refer", (Method::POST, format!("{case}/refer"), Some(json!({ "unit_id": "arts", "reason": "r", "version": 999 }))), [403, 404, 409, 403, 403, 403]),
        ("status", (Method::POST, format!("{case}/status"), Some(json!({ "status": "in_review", "version": 999 }))), [409, 404, 409, 403, 403, 403]),
        ("accounts", (Method::GET, "/staff/accounts".into(), None), [403, 403, 403, 403, 403, 200]),
        ("holidays", (Method::GET, "/staff/holidays/1405".into(), None), [403, 403, 403, 403, 403, 200]),
        ("settings", (Method::GET, "/staff/settings".into(), None), [403, 403, 403, 403, 403, 200]),
        ("audit", (Method::GET, "/staff/audit".into(), None), [403, 403, 403, 403, 403, 200]),
        ("deadlines", (Method::GET, "/staff/deadlines".into(), None), [200, 200, 200, 200, 200, 200]),
        (
            "account change",
            (Method::PUT, format!("/staff/accounts/{admin_id}"), Some(json!({ "display_name": "x", "roles": [{ "role": "admin" }], "disabled": false }))),
            [403, 403, 403, 403, 403, 200],
        ),
        ("own API tokens", (Method::GET, "/staff/me/tokens".into(), None), [200, 200, 200, 200, 200, 200]),
        (
            "admin API: FAQ",
            (Method::PUT, "/admin/faq/matrix-1".into(), Some(json!({ "category": "آزمون", "question": "پرسش؟", "answer": "پاسخ." }))),
            [403, 403, 403, 403, 200, 200],
        ),
        (
            "admin API: moderation",
            (Method::POST, "/admin/comments/c-none/moderation".into(), Some(json!({ "moderation": "published" }))),
            [403, 403, 403, 404, 404, 403],
        ),
        (
            "admin API: case status",
            (Method::POST, format!("/admin/cases/{code}/status"), Some(json!({ "status": "in_review" }))),
            [200, 404, 200, 403, 403, 403],
        ),
    ];
    let mut wrong = Vec::new();
    for (op, (method, path, body), expected) in &rows {
        for (i, sess) in sessions.iter().enumerate() {
            let r = sess.send(method.clone(), path, body.clone()).await;
            let got = r.status().as_u16();
            if got != expected[i] {
                wrong.push(format!("{op} as {}: {got}, expected {}", names[i], expected[i]));
            }
            if got >= 400 {
                let ct = r.headers().get(header::CONTENT_TYPE).unwrap().to_str().unwrap().to_owned();
                assert_eq!(ct, "application/problem+json", "{op} as {}", names[i]);
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // A role that sees nothing sees nothing in search either.
    let arts: Value = sessions[1].json(&format!("/staff/cases?q={code}")).await;
    assert_eq!(arts["total"], 0);
    let books: Value = sessions[0].json(&format!("/staff/cases?q={code}")).await;
    assert_eq!(books["total"], 1);
}

#[tokio::test]
async fn an_officer_answers_and_the_citizen_sees_it_with_the_sms_in_the_outbox() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "books.officer", &[("officer", "books")], false);
    let code = file_complaint(&base, "answer", "c-books").await;
    let officer = sign_in(&base, "books.officer", None).await;

    // Found by the code in Persian digits with dashes, by the mobile in another form, by words.
    let grouped = miz_core::digits::to_persian_digits(&format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]));
    for q in [grouped.as_str(), "+98 912 123 4567", "مجوز نشر", "ماه كتاب"] {
        let page: Value = officer.json(&format!("/staff/cases?q={}", urlencode(q))).await;
        assert_eq!(page["total"], 1, "search {q}");
        assert_eq!(page["items"][0]["tracking_code"], code.as_str());
        assert_eq!(page["items"][0]["deadline"], "on_track");
    }
    let page: Value = officer.json("/staff/cases?q=%D8%B3%DB%8C%D9%86%D9%85%D8%A7").await;
    assert_eq!(page["total"], 0, "a word the case does not have");

    let case: Value = officer.json(&format!("/staff/cases/{code}")).await;
    assert_eq!(case["can"]["handle"], true);
    assert_eq!(case["has_contact"], true);
    assert!(case.get("mobile").is_none(), "contact details are a separate, audited request");
    let version = case["version"].as_i64().unwrap();
    let due = case["due_date"].as_str().unwrap().to_owned();
    assert_eq!(due.len(), 10);

    let r = officer.post(&format!("/staff/cases/{code}/notes"), json!({ "text": "یادداشت داخلی: با اداره کتاب هماهنگ شد" })).await;
    assert_eq!(r.status(), 201);
    let r = officer.post(&format!("/staff/cases/{code}/answer"), json!({ "text": "مجوز شما صادر شد.", "version": version })).await;
    assert_eq!(r.status(), 200);
    let after: Value = r.json().await.unwrap();
    assert_eq!(after["status"], "answered");
    assert_eq!(after["deadline"], "done");
    // The same answer sent from a view that is now old: refused, nothing doubled.
    let r = officer.post(&format!("/staff/cases/{code}/answer"), json!({ "text": "دوباره", "version": version })).await;
    assert_eq!(r.status(), 409);

    let citizen: Value = client()
        .get(format!("{base}/api/v1/cases/{code}"))
        .header(miz_core::api::headers::CASE_MOBILE, "09121234567")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(citizen["answer"]["text"], "مجوز شما صادر شد.");
    assert_eq!(citizen["due_date"], due.as_str());
    assert!(!citizen.to_string().contains("یادداشت داخلی"), "internal notes never reach the citizen");
    let code2 = code.clone();
    let sms = with_db(&s.db, move |c| {
        c.query_row("SELECT count(*) FROM outbox WHERE body LIKE '%پاسخ داده شد%'", [], |r| r.get::<_, i64>(0)).unwrap()
            + 0 * code2.len() as i64
    });
    assert_eq!(sms, 1);
    assert_eq!(audit_count(&s, "case.answer"), 1);
    assert_eq!(audit_count(&s, "case.view"), 1);
    assert_eq!(audit_count(&s, "case.search_mobile"), 1);

    // The citizen objects: back in the unit's inbox, marked.
    let r = client()
        .post(format!("{base}/api/v1/cases/{code}/objection"))
        .header(miz_core::api::headers::CASE_MOBILE, "09121234567")
        .json(&json!({ "reason": "مجوز هنوز در سامانه دیده نمی‌شود." }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let page: Value = officer.json("/staff/cases?status=reopened").await;
    assert_eq!(page["items"][0]["objected"], true);
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn the_audit_log_refuses_change_in_the_database_itself() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "admin.one", &[("admin", "")], false);
    sign_in(&base, "admin.one", None).await;
    let (update, delete) = with_db(&s.db, |c| {
        (c.execute("UPDATE audit_log SET actor = 'someone else'", []), c.execute("DELETE FROM audit_log", []))
    });
    assert!(update.unwrap_err().to_string().contains("append-only"));
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(audit_count(&s, "sign_in"), 1);
}

#[tokio::test]
async fn holidays_are_checked_line_by_line_and_move_due_dates() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "admin.one", &[("admin", "")], false);
    let admin = sign_in(&base, "admin.one", None).await;
    let shipped: Value = admin.json("/staff/holidays/1405").await;
    assert_eq!(shipped["holidays"].as_array().unwrap().len(), 25);
    assert_eq!(shipped["holidays"][0]["date"], "2026-03-21");

    let bad = admin.send(Method::PUT, "/staff/holidays/1405", Some(json!({ "text": "1405-01-01 نوروز\n1405-13-01 روز ناموجود" }))).await;
    assert_eq!(bad.status(), 422);
    let p: Value = bad.json().await.unwrap();
    assert!(p["errors"][0]["message"].as_str().unwrap().starts_with("سطر ۲"), "{p}");
    let other_year = admin.send(Method::PUT, "/staff/holidays/1405", Some(json!({ "text": "1404-01-01 نوروز" }))).await;
    assert_eq!(other_year.status(), 422);
    assert_eq!(admin.json("/staff/holidays/1405").await["holidays"].as_array().unwrap().len(), 25, "nothing half-done");

    let text = format!("{}۱۴۰۵-۰۹-۱۰ تعطیل به دستور استاندار\n", shipped["text"].as_str().unwrap());
    let ok = admin.send(Method::PUT, "/staff/holidays/1405", Some(json!({ "text": text }))).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<Value>().await.unwrap()["holidays"].as_array().unwrap().len(), 26);
    assert_eq!(audit_count(&s, "holidays.update"), 1);
}

#[tokio::test]
async fn a_supervisor_refers_and_the_case_leaves_the_first_unit() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "books.officer", &[("officer", "books")], false);
    add_staff(&s, "arts.officer", &[("officer", "arts")], false);
    add_staff(&s, "sup.one", &[("supervisor", "")], false);
    let code = file_complaint(&base, "refer", "c-books").await;
    let sup = sign_in(&base, "sup.one", None).await;
    let case: Value = sup.json(&format!("/staff/cases/{code}")).await;
    let r = sup.post(&format!("/staff/cases/{code}/refer"), json!({ "unit_id": "nowhere", "reason": "x", "version": case["version"] })).await;
    assert_eq!(r.status(), 422);
    let r = sup
        .post(&format!("/staff/cases/{code}/refer"), json!({ "unit_id": "arts", "reason": "موضوع هنری است", "copies": ["press"], "version": case["version"] }))
        .await;
    assert_eq!(r.status(), 200);
    let moved: Value = r.json().await.unwrap();
    assert_eq!(moved["unit"]["id"], "arts");
    assert_eq!(moved["copies"], json!(["press"]));
    let books = sign_in(&base, "books.officer", None).await;
    assert_eq!(books.get(&format!("/staff/cases/{code}")).await.status(), 404);
    let arts = sign_in(&base, "arts.officer", None).await;
    let case: Value = arts.json(&format!("/staff/cases/{code}")).await;
    let version = case["version"].clone();
    let assignees: Value = arts.json(&format!("/staff/cases/{code}/assignees")).await;
    let me = assignees.as_array().unwrap().iter().find(|a| a["display_name"] == "کارمند arts.officer").unwrap()["id"].clone();
    let r = arts.post(&format!("/staff/cases/{code}/assign"), json!({ "assignee_id": me, "version": version })).await;
    assert_eq!(r.status(), 200);
    let mine: Value = arts.json("/staff/cases?assignee=me").await;
    assert_eq!(mine["total"], 1);
    assert_eq!(StatusCode::OK, arts.get("/staff/cases?deadline=overdue").await.status());
    let bad = arts.get("/staff/cases?deadline=soon&per_page=0").await;
    assert_eq!(bad.status(), 422);
    let p: Value = bad.json().await.unwrap();
    assert_eq!(p["errors"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn templates_are_checked_when_saved_and_filled_for_a_case_in_persian() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "books.officer", &[("officer", "books")], false);
    add_staff(&s, "sup.one", &[("supervisor", "")], false);
    let code = file_complaint(&base, "tpl", "c-books").await;
    let sup = sign_in(&base, "sup.one", None).await;
    let bad = sup.post("/staff/templates", json!({ "title": "بد", "body": "سلام {name}، پیام {tracking_code}" })).await;
    assert_eq!(bad.status(), 422);
    let p: Value = bad.json().await.unwrap();
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("{name}"), "{p}");
    let r = sup
        .post("/staff/templates", json!({ "kind": "complaint", "title": "رسید", "body": "پیام {tracking_code} در {filed_date} رسید؛ پاسخ تا {due_date}." }))
        .await;
    assert_eq!(r.status(), 201);
    let officer = sign_in(&base, "books.officer", None).await;
    assert_eq!(officer.post("/staff/templates", json!({ "title": "x", "body": "y" })).await.status(), 403);
    let filled: Value = officer.json(&format!("/staff/cases/{code}/templates")).await;
    let mine = filled.as_array().unwrap().iter().find(|t| t["title"] == "رسید").unwrap();
    let text = mine["text"].as_str().unwrap();
    let grouped = miz_core::digits::to_persian_digits(&format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]));
    assert!(text.starts_with(&format!("پیام {grouped} در ")), "{text}");
    assert!(!text.contains('{') && !text.chars().any(|c| c.is_ascii_digit()), "{text}");
    assert_eq!(audit_count(&s, "template.create"), 1);
}

#[tokio::test]
async fn a_supervisor_assigns_twenty_cases_at_once_and_a_stale_one_stops_them_all() {
    let s = start().await;
    let base = s.url("");
    let (officer, _) = add_staff(&s, "books.officer", &[("officer", "books")], false);
    add_staff(&s, "sup.one", &[("supervisor", "")], false);
    let mut codes = Vec::new();
    for i in 0..20 {
        codes.push(file_complaint(&base, &format!("bulk-{i}"), "c-books").await);
    }
    let sup = sign_in(&base, "sup.one", None).await;
    let cases: Vec<Value> = codes.iter().map(|c| json!({ "code": c, "version": 1 })).collect();
    // One case changed meanwhile: nothing is stored, and that one is named.
    let first = &codes[0];
    let case: Value = sup.json(&format!("/staff/cases/{first}")).await;
    assert_eq!(sup.post(&format!("/staff/cases/{first}/notes"), json!({ "text": "x" })).await.status(), 201);
    let r = sup.post(&format!("/staff/cases/{first}/status"), json!({ "status": "in_review", "version": case["version"] })).await;
    assert_eq!(r.status(), 200);
    let r = sup.post("/staff/cases/bulk", json!({ "cases": cases, "action": "assign", "assignee_id": officer })).await;
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"].as_array().unwrap().len(), 1);
    assert_eq!(p["errors"][0]["field"], "cases[0]");
    let none: Value = sup.json(&format!("/staff/cases?assignee={officer}")).await;
    assert_eq!(none["total"], 0, "nothing half-done");
    // With the versions as they are now: all twenty, each audited on its own.
    let mut cases = cases;
    cases[0]["version"] = json!(2);
    let r = sup.post("/staff/cases/bulk", json!({ "cases": cases, "action": "assign", "assignee_id": officer })).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["done"], 20);
    let mine: Value = sup.json(&format!("/staff/cases?assignee={officer}&per_page=50")).await;
    assert_eq!(mine["total"], 20);
    assert_eq!(audit_count(&s, "case.assign"), 20);
    // Answered with a template, filled for each case.
    let templates: Value = sup.json("/staff/templates").await;
    let id = templates[0]["id"].clone();
    let cases: Vec<Value> = codes.iter().take(3).map(|c| json!({ "code": c, "version": if c == first { 3 } else { 2 } })).collect();
    let r = sup.post("/staff/cases/bulk", json!({ "cases": cases, "action": "answer", "template_id": id })).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let second = &codes[1];
    let answered: Value = sup.json(&format!("/staff/cases/{second}")).await;
    let grouped = miz_core::digits::to_persian_digits(&format!("{}-{}-{}", &second[..4], &second[4..8], &second[8..]));
    assert!(answered["answer"]["text"].as_str().unwrap().contains(&grouped));
}

#[tokio::test]
async fn an_overdue_case_goes_up_to_the_supervisors_exactly_once() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "sup.one", &[("supervisor", "")], false);
    let late = file_complaint(&base, "late", "c-books").await;
    let fresh = file_complaint(&base, "fresh", "c-books").await;
    let l = late.clone();
    with_db(&s.db, move |c| c.execute("UPDATE cases SET due_on = '2026-01-01' WHERE code = ?1", [&l]).unwrap());
    let runs = with_db(&s.db, |c| (miz_server::staff::escalation::run(c).unwrap(), miz_server::staff::escalation::run(c).unwrap()));
    assert_eq!(runs, (1, 0), "once, and never again");
    let sup = sign_in(&base, "sup.one", None).await;
    let page: Value = sup.json("/staff/cases?escalated=true").await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["tracking_code"], late.as_str());
    assert_eq!(page["items"][0]["deadline"], "overdue");
    assert_eq!(page["items"][0]["escalated"], true);
    let overdue: Value = sup.json("/staff/cases?deadline=overdue").await;
    assert_eq!(overdue["total"], 1);
    assert_ne!(overdue["items"][0]["tracking_code"], fresh.as_str());
    assert_eq!(audit_count(&s, "case.escalate"), 1);
}

/// A script acts as someone: a token made in a session works on the admin API with its owner's
/// roles, its changes are in the log under the owner's name, it cannot make more tokens, and
/// revoking it (or disabling the account) stops it at once.
#[tokio::test]
async fn api_tokens_are_someones_and_stop_when_revoked() {
    let s = start().await;
    let base = s.url("");
    let (editor_id, _) = add_staff(&s, "editor.one", &[("editor", "")], false);
    add_staff(&s, "books.officer", &[("officer", "books")], false);
    let editor = sign_in(&base, "editor.one", None).await;
    let officer = sign_in(&base, "books.officer", None).await;

    let r = editor.post("/staff/me/tokens", json!({ "name": "  " })).await;
    assert_eq!(r.status(), 422);
    let r = editor.post("/staff/me/tokens", json!({ "name": "FAQ import" })).await;
    assert_eq!(r.status(), 201);
    let made: Value = r.json().await.unwrap();
    let secret = made["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("mizs_"), "{secret}");
    let listed: Value = editor.json("/staff/me/tokens").await;
    assert_eq!(listed[0]["name"], "FAQ import");
    assert!(listed[0].get("secret").is_none(), "a listed token never shows its secret");
    let stored: String = with_db(&s.db, |c| c.query_row("SELECT token_hash FROM staff_tokens WHERE name = 'FAQ import'", [], |r| r.get(0)).unwrap());
    assert!(!stored.contains(&secret[5..]), "stored hashed");

    let faq = json!({ "category": "آزمون", "question": "پرسش؟", "answer": "پاسخ." });
    let faq_url = format!("{base}/api/v1/admin/faq/t-1");
    let put = |token: String, body: Value| {
        let url = faq_url.clone();
        async move { client().put(url).bearer_auth(token).json(&body).send().await.unwrap() }
    };
    assert_eq!(put(secret.clone(), faq.clone()).await.status(), 200);
    let who: (i64, String) = with_db(&s.db, |c| c.query_row("SELECT staff_id, actor FROM audit_log WHERE action = 'faq.put'", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap());
    assert_eq!(who, (editor_id, "editor.one".into()));

    // An officer's token has an officer's rights: no FAQ.
    let r = officer.post("/staff/me/tokens", json!({ "name": "report" })).await;
    let officer_secret = r.json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_owned();
    let r = put(officer_secret.clone(), faq.clone()).await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/problem+json");

    // A token cannot make tokens.
    let r = client().post(format!("{base}/api/v1/staff/me/tokens")).bearer_auth(&secret).json(&json!({ "name": "more" })).send().await.unwrap();
    assert_eq!(r.status(), 403);

    let id = made["id"].as_i64().unwrap();
    assert_eq!(officer.send(Method::DELETE, &format!("/staff/me/tokens/{id}"), None).await.status(), 404, "not the officer's token");
    assert_eq!(editor.send(Method::DELETE, &format!("/staff/me/tokens/{id}"), None).await.status(), 204);
    assert_eq!(put(secret.clone(), faq.clone()).await.status(), 401, "revoked at once");
    assert_eq!(audit_count(&s, "token.revoke"), 1);

    // Disabling the officer's account ends its token too.
    with_db(&s.db, |c| {
        let id: i64 = c.query_row("SELECT id FROM staff WHERE username = 'books.officer'", [], |r| r.get(0)).unwrap();
        c.execute("UPDATE staff SET disabled = 1 WHERE id = ?1", [id]).unwrap();
    });
    let r = client().get(format!("{base}/api/v1/staff/cases")).bearer_auth(&officer_secret).send().await.unwrap();
    assert_eq!(r.status(), 401);

    // The legacy admin token is the `automation` account's, and its changes are that account's.
    assert_eq!(put("test-admin-token".into(), faq).await.status(), 200);
    let actor: String = with_db(&s.db, |c| c.query_row("SELECT actor FROM audit_log WHERE action = 'faq.put' ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap());
    assert_eq!(actor, "automation");
}

/// Waiting for the citizen stops the clock: the case needs a note saying what is asked, it is
/// never overdue while it waits, the citizen sees the request, and when it moves on its due
/// date moves by exactly the working days it waited.
#[tokio::test]
async fn waiting_for_the_citizen_stops_the_clock_and_moves_the_due_date() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "books.officer", &[("officer", "books")], false);
    let code = file_complaint(&base, "waiting", "c-books").await;
    let officer = sign_in(&base, "books.officer", None).await;
    let case: Value = officer.json(&format!("/staff/cases/{code}")).await;
    let version = case["version"].as_i64().unwrap();
    let status = format!("/staff/cases/{code}/status");

    let r = officer.post(&status, json!({ "status": "awaiting_citizen", "version": version })).await;
    assert_eq!(r.status(), 422, "a wait without saying what is asked");
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["field"], "note");
    let r = officer.post(&status, json!({ "status": "awaiting_citizen", "note": "تصویر مجوز قبلی را بفرستید.", "version": version })).await;
    assert_eq!(r.status(), 200);
    let waiting: Value = r.json().await.unwrap();

    // Twelve days of waiting, already past its due date: still not overdue.
    let c2 = code.clone();
    let due_before: String = with_db(&s.db, move |c| {
        let today = miz_server::clock::tehran_today();
        c.execute("UPDATE cases SET waiting_since = ?2, due_on = ?3 WHERE code = ?1", (&c2, miz_server::deadlines::iso_date(today - 12), miz_server::deadlines::iso_date(today - 2))).unwrap();
        c.query_row("SELECT due_on FROM cases WHERE code = ?1", [&c2], |r| r.get(0)).unwrap()
    });
    let page: Value = officer.json(&format!("/staff/cases?q={code}")).await;
    assert_eq!(page["items"][0]["deadline"], "on_track");
    let overdue: Value = officer.json("/staff/cases?deadline=overdue").await;
    assert!(!overdue["items"].as_array().unwrap().iter().any(|i| i["tracking_code"] == code.as_str()));

    // The citizen sees the request on the tracking page.
    let view: Value = client().get(format!("{base}/api/v1/cases/{code}")).header("x-case-mobile", "09121234567").send().await.unwrap().json().await.unwrap();
    assert_eq!(view["status"], "awaiting_citizen");
    assert!(view.to_string().contains("تصویر مجوز قبلی را بفرستید."));

    let r = officer.post(&status, json!({ "status": "in_review", "version": waiting["version"] })).await;
    assert_eq!(r.status(), 200);
    let c3 = code.clone();
    let (due_after, since): (String, Option<String>) =
        with_db(&s.db, move |c| c.query_row("SELECT due_on, waiting_since FROM cases WHERE code = ?1", [&c3], |r| Ok((r.get(0)?, r.get(1)?))).unwrap());
    assert_eq!(since, None);
    let today = miz_server::clock::tehran_today();
    let cal = with_db(&s.db, |c| miz_server::deadlines::calendar(c, "tehran-culture").unwrap());
    let waited = cal.working_days_between(today - 12, today);
    let before = miz_server::deadlines::day_of(&due_before).unwrap();
    let after = miz_server::deadlines::day_of(&due_after).unwrap();
    assert!(waited > 0);
    assert_eq!(cal.working_days_between(before, after), waited, "moved by the {waited} working days waited");
    let entry: String = with_db(&s.db, |c| c.query_row("SELECT after FROM audit_log WHERE action = 'case.status' ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap());
    assert!(entry.contains(&due_after), "the move is in the audit log: {entry}");
}

/// Changes made outside the workbench (the citizen's objection, a script through the admin
/// API) make an officer's open view stale too: the officer's next change is refused, not
/// laid over what happened meanwhile.
#[tokio::test]
async fn a_citizens_objection_or_a_scripts_change_makes_an_open_view_stale() {
    let s = start().await;
    let base = s.url("");
    add_staff(&s, "books.officer", &[("officer", "books")], false);
    let code = file_complaint(&base, "stale-outside", "c-books").await;
    let officer = sign_in(&base, "books.officer", None).await;
    let r = officer.post(&format!("/staff/cases/{code}/answer"), json!({ "text": "پاسخ نخست.", "version": officer.json(&format!("/staff/cases/{code}")).await["version"] })).await;
    assert_eq!(r.status(), 200);
    let seen = r.json::<Value>().await.unwrap()["version"].as_i64().unwrap();

    let r = client()
        .post(format!("{base}/api/v1/cases/{code}/objection"))
        .header("x-case-mobile", "09121234567")
        .json(&json!({ "reason": "پاسخ به پرسش من ربطی نداشت و مشکل حل نشد." }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = officer.post(&format!("/staff/cases/{code}/status"), json!({ "status": "closed", "version": seen })).await;
    assert_eq!(r.status(), 409, "the objection came after the officer's view");

    let fresh = officer.json(&format!("/staff/cases/{code}")).await["version"].as_i64().unwrap();
    let r = client().post(format!("{base}/api/v1/admin/cases/{code}/status")).bearer_auth("test-admin-token").json(&json!({ "status": "in_review" })).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = officer.post(&format!("/staff/cases/{code}/status"), json!({ "status": "closed", "version": fresh })).await;
    assert_eq!(r.status(), 409, "the script's change came after the officer's view");
}

#[tokio::test]
async fn past_the_counting_limit_the_inbox_says_more_and_pages_on() {
    let s = start().await;
    let base = s.url("");
    let limit = miz_server::staff::desk::COUNT_LIMIT;
    with_db_mut(&s.db, move |c| miz_server::admin_cli::fill_cases(c, "tehran-culture", limit as u64 * 3).unwrap());
    add_staff(&s, "sup", &[("supervisor", "")], false);
    let sup = sign_in(&base, "sup", None).await;
    let in_db = |condition: &'static str| with_db(&s.db, move |c| c.query_row(&format!("SELECT count(*) FROM cases WHERE {condition}"), [], |r| r.get::<_, i64>(0)).unwrap());

    // Everything, and a word in a third of all cases (the trigram index is not asked to collect them
    // all): counted to the limit, said to be more, and still in due order, page after page.
    for q in ["", "&q=%D9%85%D8%AC%D9%88%D8%B2"] {
        let mut last_due = String::new();
        for page in 1..=3 {
            let p: Value = sup.json(&format!("/staff/cases?per_page=100&page={page}{q}")).await;
            assert_eq!((p["total"].as_i64(), p["total_exact"].as_bool()), (Some(limit), Some(false)), "{q} page {page}");
            let items = p["items"].as_array().unwrap();
            assert_eq!(items.len(), 100);
            for item in items {
                let due = item["due_date"].as_str().unwrap().to_owned();
                assert!(due >= last_due, "{q}: {due} after {last_due}");
                last_due = due;
                if !q.is_empty() {
                    assert!(item["excerpt"].as_str().unwrap().contains("مجوز"));
                }
            }
        }
    }
    // Past the last case the page is empty, not an error.
    let far: Value = sup.json("/staff/cases?per_page=100&page=1000").await;
    assert_eq!(far["items"].as_array().unwrap().len(), 0);
    // Fewer matches than the limit are counted exactly, with a common word as with a rare one.
    let rare: Value = sup.json("/staff/cases?q=%D9%85%D8%A7%D9%87%D8%B4%D9%87%D8%B1").await;
    assert_eq!(rare["total_exact"], true);
    assert_eq!(rare["total"].as_i64().unwrap(), in_db("search_text LIKE '%ماهشهر%'"));
    let closed: Value = sup.json("/staff/cases?status=closed&kind=complaint&q=%D9%85%D8%AC%D9%88%D8%B2").await;
    assert_eq!(closed["total_exact"], true);
    assert_eq!(closed["total"].as_i64().unwrap(), in_db("status = 'closed' AND kind = 'complaint' AND search_text LIKE '%مجوز%'"));
}

/// A desk that opened empty and grew keeps its planner's statistics up to date without a
/// restart: the server's hourly refresh analyses the tables that have grown.
#[tokio::test]
async fn the_planners_statistics_follow_a_growing_desk() {
    let s = start().await;
    if miz_server::db::is_postgres_url(&s.db.to_string_lossy()) {
        return; // PostgreSQL's autovacuum analyses on its own.
    }
    with_db(&s.db, |c| {
        let rows = |c: &miz_server::sql::Connection| -> i64 {
            let stat: Option<String> = c
                .query_row("SELECT stat FROM sqlite_stat1 WHERE idx = 'cases_by_due'", [], |r| r.get(0))
                .ok();
            stat.and_then(|s| s.split(' ').next().and_then(|n| n.parse().ok())).unwrap_or(0)
        };
        c.execute(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000)
             INSERT INTO cases (code, agency_id, kind, topic_id, unit_id, description, mobile, status, created_at, due_on, search_text)
             SELECT printf('9%011d', x), 'tehran-culture', 'complaint', 'c-books', 'books', 'متن', '09120000000', 'received',
                    '2026-01-01T08:00:00Z', '2026-02-01', 'متن' FROM n",
            [],
        )
        .unwrap();
        let before = rows(c);
        assert!(before < 20_000, "the statistics already knew: {before}");
        miz_server::db::refresh_statistics(c).unwrap();
        let after = rows(c);
        assert!(after >= 20_000, "the statistics still say {after} rows");
    });
}

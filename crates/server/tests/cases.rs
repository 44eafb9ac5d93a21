//! Cases over real HTTP against a real SQLite file: idempotency, second factors, rate limits,
//! uploads checked by content, the outbox and the admin CLI.

mod common;

use common::{client, post_case, start};
use serde_json::{json, Value};

fn complaint() -> Value {
    json!({
        "kind": "complaint", "topic_id": "c-books",
        "description": "مجوز نشر کتاب من پس از سه ماه هنوز صادر نشده است.",
        "mobile": "0912 123 4567", "name": "سارا"
    })
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    common::query_i64(db, sql)
}

#[tokio::test]
async fn the_same_key_sent_many_times_at_once_makes_one_case() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let base = base.clone();
            tokio::spawn(async move {
                let r = post_case(&base, "double-click", &complaint()).await;
                (r.status().as_u16(), r.json::<Value>().await.unwrap())
            })
        })
        .collect();
    let mut codes = Vec::new();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, 201);
        codes.push(body["tracking_code"].as_str().unwrap().to_owned());
    }
    codes.dedup();
    assert_eq!(codes.len(), 1, "one case for one key: {codes:?}");
    assert_eq!(count(&s.db, "SELECT count(*) FROM cases"), 1);
    // The SMS with the tracking code was queued in the same transaction.
    assert_eq!(count(&s.db, "SELECT count(*) FROM outbox WHERE recipient = '09121234567'"), 1);
}

#[tokio::test]
async fn a_reused_key_with_another_body_is_refused() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    assert_eq!(post_case(&base, "k", &complaint()).await.status(), 201);
    let mut other = complaint();
    other["description"] = json!("متن دیگری برای همان کلید که نباید پذیرفته شود.");
    let r = post_case(&base, "k", &other).await;
    assert_eq!(r.status(), 422);
    assert_eq!(count(&s.db, "SELECT count(*) FROM cases"), 1);
}

#[tokio::test]
async fn every_bad_field_gets_its_own_persian_message() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let bad = json!({
        "kind": "complaint", "topic_id": "no-such-topic", "description": "کوتاه",
        "mobile": "+44 7911 123456", "attachments": ["a", "b", "c", "d"]
    });
    let r = post_case(&base, "bad", &bad).await;
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["topic_id", "description", "mobile", "attachments"]);
    for e in p["errors"].as_array().unwrap() {
        assert!(e["message"].as_str().unwrap().chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)));
    }
    let r = post_case(&base, "bad2", &json!({ "kind": "praise", "topic_id": "x", "description": "xxxxxxxxxxxx" })).await;
    assert_eq!(r.status(), 422);
    let r = post_case(&base, "bad3", &json!({ "kind": 5 })).await;
    assert_eq!(r.status(), 422);
    assert_eq!(count(&s.db, "SELECT count(*) FROM cases"), 0);
}

#[tokio::test]
async fn unknown_code_and_wrong_mobile_look_the_same_and_guessing_is_limited() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let receipt: Value = post_case(&base, "k", &complaint()).await.json().await.unwrap();
    let code = receipt["tracking_code"].as_str().unwrap();
    let get = |code: String, mobile: &'static str| {
        let base = base.clone();
        async move {
            client().get(format!("{base}/api/v1/cases/{code}")).header("x-case-mobile", mobile).send().await.unwrap()
        }
    };
    let ok = get(code.to_owned(), "۰۹۱۲۱۲۳۴۵۶۷").await;
    assert_eq!(ok.status(), 200);
    let view: Value = ok.json().await.unwrap();
    assert_eq!(view["status"], "routed");
    assert_eq!(view["unit"]["id"], "books");
    let statuses: Vec<&str> = view["timeline"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["received", "routed"]);

    let wrong = get(code.to_owned(), "09350000000").await;
    let other = miz_core::tracking::TrackingCode::from_random([9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 8]);
    let unknown = get(other.as_str().to_owned(), "09121234567").await;
    assert_eq!(wrong.status(), 404);
    assert_eq!(unknown.status(), 404);
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());

    // 10 failures in the window are allowed (2 used above); then 429 with Retry-After.
    for _ in 0..8 {
        assert_eq!(get(code.to_owned(), "09350000000").await.status(), 404);
    }
    let limited = get(code.to_owned(), "09121234567").await;
    assert_eq!(limited.status(), 429);
    let wait: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 600);
}

#[tokio::test]
async fn an_anonymous_suggestion_is_looked_up_with_its_access_key() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let body = json!({ "kind": "suggestion", "topic_id": "s-reading", "description": "کتابخانه‌ها تا شب باز باشند.", "anonymous": true });
    let r = post_case(&base, "anon", &body).await;
    assert_eq!(r.status(), 201);
    let receipt: Value = r.json().await.unwrap();
    let key = receipt["access_key"].as_str().unwrap();
    assert_eq!(key.len(), 19);
    let code = receipt["tracking_code"].as_str().unwrap();
    let ok = client()
        .get(format!("{base}/api/v1/cases/{code}"))
        .header("x-case-key", key.to_lowercase().replace('-', " "))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(count(&s.db, "SELECT count(*) FROM cases WHERE mobile IS NULL AND name IS NULL"), 1);
    assert_eq!(count(&s.db, "SELECT count(*) FROM outbox"), 0);
}

#[tokio::test]
async fn uploads_are_checked_by_content_and_size_and_go_with_one_case() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let upload = |name: &'static str, bytes: Vec<u8>, claimed: &'static str| {
        let base = base.clone();
        async move {
            let part = reqwest::multipart::Part::bytes(bytes).file_name(name).mime_str(claimed).unwrap();
            client()
                .post(format!("{base}/api/v1/uploads"))
                .multipart(reqwest::multipart::Form::new().part("file", part))
                .send()
                .await
                .unwrap()
        }
    };
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(40, 30, image::Rgb([1, 2, 3])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    // A PNG named as a JPEG, with a right-to-left override hiding an .exe: stored as what it is.
    let ok = upload("photo\u{202E}gpj.exe.jpg", png.clone(), "image/jpeg").await;
    assert_eq!(ok.status(), 201);
    let up: Value = ok.json().await.unwrap();
    assert_eq!(up["content_type"], "image/png");
    assert_eq!(up["name"], "photogpj.png");
    // A header with nothing behind it is no image.
    let header_only = upload("h.png", b"\x89PNG\r\n\x1a\n".to_vec(), "image/png").await;
    assert_eq!(header_only.status(), 422);
    let p: Value = header_only.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "file");
    // A script named .jpg and claimed as JPEG is still a script.
    let liar = upload("photo.jpg", b"<script>alert(1)</script>".to_vec(), "image/jpeg").await;
    assert_eq!(liar.status(), 415);
    let p: Value = liar.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "file");
    let huge = upload("big.pdf", [b"%PDF-1.7\n".to_vec(), vec![b'x'; 6 * 1024 * 1024]].concat(), "application/pdf").await;
    assert_eq!(huge.status(), 413);
    let empty = upload("e.pdf", vec![], "application/pdf").await;
    assert!(empty.status() == 422 || empty.status() == 415);

    let mut c = complaint();
    c["attachments"] = json!([up["id"]]);
    assert_eq!(post_case(&base, "with-file", &c).await.status(), 201);
    // The same upload cannot be attached to a second case.
    assert_eq!(post_case(&base, "with-file-again", &c).await.status(), 422);
    assert_eq!(count(&s.db, "SELECT count(*) FROM uploads WHERE case_code IS NOT NULL"), 1);
}

#[tokio::test]
async fn the_admin_cli_moves_and_answers_a_case_while_the_server_runs() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let receipt: Value = post_case(&base, "cli", &complaint()).await.json().await.unwrap();
    let code = receipt["tracking_code"].as_str().unwrap().to_owned();
    let db = s.db.clone();
    let bin = env!("CARGO_BIN_EXE_miz-server");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).arg("--db").arg(&db).arg("admin").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["case-status", &code, "in_review", "--note", "در حال بررسی در اداره کتاب"]);
    let shown = run(&["answer", &code, "مجوز شما صادر شد و از سامانه خانه کتاب قابل دریافت است."]);
    assert!(shown.contains("\"answered\""));
    let view: Value = client()
        .get(format!("{base}/api/v1/cases/{code}"))
        .header("x-case-mobile", "09121234567")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = view["timeline"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["received", "routed", "in_review", "answered"]);
    assert_eq!(view["can_object"], true);
    assert!(view["answer"]["text"].as_str().unwrap().contains("صادر شد"));
    let bad = std::process::Command::new(bin).arg("--db").arg(&db).args(["admin", "answer", "1234-5678-9012", "x"]).output().unwrap();
    assert!(!bad.status.success());
}

/// Behind the agency's reverse proxy every request comes from the proxy; with the proxy
/// trusted, each citizen has their own look-up limit, and a client cannot reset its own by
/// sending a made-up X-Forwarded-For.
#[tokio::test]
async fn behind_a_trusted_proxy_each_citizen_has_their_own_limit() {
    let s = common::start_with(|c| {
        c.trusted_proxies = "127.0.0.1".into();
        c.lookup_failures = 3;
    })
    .await;
    // A new code for every try, so that only the per-address count is tested here.
    let tries = std::sync::atomic::AtomicU8::new(0);
    let lookup = |xff: &'static str| {
        let n = tries.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let code = miz_core::tracking::TrackingCode::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9, n / 10, n % 10]);
        let url = s.url(&format!("/api/v1/cases/{}", code.as_str()));
        async move { client().get(url).header("x-case-mobile", "09121234567").header("x-forwarded-for", xff).send().await.unwrap().status() }
    };
    for _ in 0..3 {
        assert_eq!(lookup("5.6.7.8").await, 404);
    }
    assert_eq!(lookup("5.6.7.8").await, 429);
    // Another citizen behind the same proxy is not held back by the first.
    assert_eq!(lookup("8.8.4.4").await, 404);
    // The first cannot escape by claiming another address on the left: the proxy's entry counts.
    assert_eq!(lookup("1.2.3.4, 5.6.7.8").await, 429);
}

/// A mobile carrier puts many subscribers behind one address. A neighbour guessing codes from
/// it must not lock a citizen out of their own case: the device that filed the case carries
/// its pass, and its look-ups go through while the address is held. Without the pass (or with
/// a made-up one) the limit holds as before, so guessing stays bounded.
#[tokio::test]
async fn a_citizen_behind_an_address_under_attack_still_tracks_their_case() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let filed = post_case(&base, "mine", &complaint()).await;
    assert_eq!(filed.status(), 201);
    let pass = filed.headers()["x-case-pass"].to_str().unwrap().to_owned();
    let receipt: Value = filed.json().await.unwrap();
    let code = receipt["tracking_code"].as_str().unwrap().to_owned();
    let other: Value = post_case(&base, "theirs", &complaint()).await.json().await.unwrap();
    let other_pass = client()
        .get(format!("{base}/api/v1/cases/{}", other["tracking_code"].as_str().unwrap()))
        .header("x-case-mobile", "09121234567")
        .send()
        .await
        .unwrap()
        .headers()["x-case-pass"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(pass, other_pass);
    let get = |code: String, mobile: &'static str, pass: Option<String>| {
        let base = base.clone();
        async move {
            let mut r = client().get(format!("{base}/api/v1/cases/{code}")).header("x-case-mobile", mobile);
            if let Some(p) = pass {
                r = r.header("x-case-pass", p);
            }
            r.send().await.unwrap()
        }
    };
    // The neighbour guesses until the address is held.
    let mut digits = [3u8; 11];
    let mut held = false;
    for n in 0..20u8 {
        digits[9] = n / 10;
        digits[10] = n % 10;
        let guess = miz_core::tracking::TrackingCode::from_random(digits);
        match get(guess.as_str().to_owned(), "09350000000", None).await.status().as_u16() {
            404 => {}
            429 => {
                held = true;
                break;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(held, "the guesser was never held");
    // The neighbour's guesses, even the right code with the right mobile, stay held …
    let r = get(code.clone(), "09121234567", None).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "a held address waits a minute at most for its next try, not {wait} s");
    // … as are tries with a made-up pass or another case's pass …
    assert_eq!(get(code.clone(), "09121234567", Some("AAAAAAAAAAAAAAAAAAAAAA".into())).await.status(), 429);
    assert_eq!(get(code.clone(), "09121234567", Some(other_pass.clone())).await.status(), 429);
    // … while the citizen's own device, with its pass among others, sees the case.
    let mine = get(code.clone(), "09121234567", Some(format!("{other_pass} {pass}"))).await;
    assert_eq!(mine.status(), 200);
    assert_eq!(mine.headers()["x-case-pass"].to_str().unwrap(), pass);
    let view: Value = mine.json().await.unwrap();
    assert_eq!(view["tracking_code"].as_str().unwrap(), code);
    // The pass is no second factor: with a wrong mobile it is the usual 404.
    assert_eq!(get(code.clone(), "09350000000", Some(pass.clone())).await.status(), 404);
}

/// A guesser who knows a code and tries mobiles from many addresses is held per code.
#[tokio::test]
async fn guessing_the_factor_of_one_code_from_many_addresses_is_held() {
    let s = common::start_with(|c| c.trusted_proxies = "127.0.0.1".into()).await;
    let filed = post_case(&format!("http://{}", s.addr), "known", &complaint()).await;
    let pass = filed.headers()["x-case-pass"].to_str().unwrap().to_owned();
    let code = filed.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_owned();
    let url = s.url(&format!("/api/v1/cases/{code}"));
    let mut statuses = Vec::new();
    for n in 0..12 {
        let r = client()
            .get(&url)
            .header("x-case-mobile", format!("093500000{n:02}"))
            .header("x-forwarded-for", format!("10.9.0.{n}"))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses[..10], [404; 10]);
    assert_eq!(statuses[10..], [429; 2]);
    // A fresh address with the right mobile is held too (the code is) …
    let fresh = || client().get(&url).header("x-case-mobile", "09121234567").header("x-forwarded-for", "10.9.1.1");
    assert_eq!(fresh().send().await.unwrap().status(), 429);
    // … but not the device that filed it.
    assert_eq!(fresh().header("x-case-pass", pass).send().await.unwrap().status(), 200);
}

//! Drafts and comments over real HTTP: filters, Persian-normalised text search, comments
//! re-attached on a new version, the comment window, idempotent comments, support once,
//! pre-moderation.

mod common;

use common::{client, start, start_with};
use serde_json::{json, Value};

async fn get(base: &str, path: &str) -> Value {
    client().get(format!("{base}/api/v1{path}")).send().await.unwrap().json().await.unwrap()
}

fn ids(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn filters_and_spelling_variants_find_the_same_drafts() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    assert_eq!(ids(&get(&base, "/drafts").await).len(), 3);
    assert_eq!(ids(&get(&base, "/drafts?state=open").await), ["concert"]);
    assert_eq!(ids(&get(&base, "/drafts?state=closed").await), ["bookshops"]);
    assert_eq!(ids(&get(&base, "/drafts?state=final").await), ["schools"]);
    assert_eq!(ids(&get(&base, "/drafts?kind=circular").await), ["bookshops"]);
    // Arabic ي/ك, a space for the half-space, and no space at all.
    for q in ["كتاب‌فروشي", "کتاب فروشی", "کتابفروشی"] {
        let path = format!("/drafts?q={}", urlencode(q));
        assert_eq!(ids(&get(&base, &path).await), ["bookshops"], "{q}");
    }
    let page: Value = get(&base, "/drafts?per_page=2&page=2").await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn comments_on_the_first_version_are_placed_on_the_final_text_or_kept_as_earlier() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let draft = get(&base, "/drafts/schools").await;
    assert_eq!(draft["state"], "final");
    assert_eq!(draft["shown_version"], 2);
    assert_eq!(draft["versions"].as_array().unwrap().len(), 2);
    assert_eq!(draft["outcomes"]["accepted"], 4);
    let v1 = get(&base, "/drafts/schools/versions/1").await;
    assert!(v1["body"].to_string().contains("آزادانه"));
    let comments = get(&base, "/drafts/schools/comments").await;
    let by_body = |needle: &str| -> Value {
        comments["items"].as_array().unwrap().iter().find(|c| c["body"].as_str().unwrap().contains(needle)).unwrap().clone()
    };
    // The phrase is unchanged in the final text: placed, on the same words.
    let kept = by_body("کم‌برخوردار");
    assert_eq!(kept["placement"]["on"], "phrase");
    assert_eq!(kept["placement"]["paragraph_id"], "schools-a1-p1");
    // The words the comment was about were rewritten: never attached to other words.
    let rewritten = by_body("سقف تعیین کنید");
    assert_eq!(rewritten["placement"]["on"], "earlier_version");
    // A comment on a whole paragraph that still exists stays on it.
    let whole = by_body("نتیجه بازرسی را به آموزشگاه اعلام کنید");
    assert_eq!(whole["placement"], json!({ "on": "paragraph", "paragraph_id": "schools-a4-p1" }));
    let total = comments["total"].as_u64().unwrap();
    let mut all = 0;
    for d in ["concert", "bookshops", "schools"] {
        all += get(&base, &format!("/drafts/{d}/comments")).await["total"].as_u64().unwrap();
    }
    assert!(total >= 7 && all >= 20, "{total} / {all}");
}

#[tokio::test]
async fn a_phrase_comment_is_idempotent_and_the_window_is_enforced() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let text = "درخواست صدور مجوز دست‌کم سی روز پیش از تاریخ اجرا از طریق سامانه ثبت می‌شود.";
    let phrase = "تاریخ اجرا";
    let start_c = text[..text.find(phrase).unwrap()].chars().count() as u32;
    let body = json!({
        "body": "<b>تاریخ اجرا</b> را دقیق تعریف کنید",
        "anchor": {
            "paragraph_id": "concert-a2-p1",
            "quote": miz_core::anchor::quote_of(text, start_c as usize, start_c as usize + 10),
            "start": start_c, "end": start_c + 10
        },
        "client_id": "browser-abcd"
    });
    let post = |key: &'static str, body: Value| {
        let base = base.clone();
        async move {
            client().post(format!("{base}/api/v1/drafts/concert/comments")).header("idempotency-key", key).json(&body).send().await.unwrap()
        }
    };
    let first = post("k1", body.clone()).await;
    assert_eq!(first.status(), 201);
    let c: Value = first.json().await.unwrap();
    assert_eq!(c["placement"]["on"], "phrase");
    // Stored as text: markup is kept as typed, never interpreted.
    assert_eq!(c["body"], "<b>تاریخ اجرا</b> را دقیق تعریف کنید");
    let again: Value = post("k1", body.clone()).await.json().await.unwrap();
    assert_eq!(again["id"], c["id"]);
    let on_paragraph = get(&base, "/drafts/concert/comments?paragraph=concert-a2-p1").await;
    assert_eq!(on_paragraph["items"].as_array().unwrap().iter().filter(|x| x["id"] == c["id"]).count(), 1);

    let closed = client()
        .post(format!("{base}/api/v1/drafts/bookshops/comments"))
        .header("idempotency-key", "k2")
        .json(&json!({ "body": "دیر است؟", "anchor": {}, "client_id": "browser-abcd" }))
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 409);
    let p: Value = closed.json().await.unwrap();
    assert!(p["title"].as_str().unwrap().contains("مهلت"));
    assert!(p["detail"].as_str().unwrap().contains("closes_at"));
}

#[tokio::test]
async fn support_counts_once_per_browser() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let support = |client_id: &'static str| {
        let base = base.clone();
        async move {
            let v: Value = client()
                .post(format!("{base}/api/v1/comments/c001/support"))
                .json(&json!({ "client_id": client_id }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["support_count"].as_u64().unwrap()
        }
    };
    let a = support("browser-one1").await;
    assert_eq!(support("browser-one1").await, a);
    assert_eq!(support("browser-two2").await, a + 1);
}

#[tokio::test]
async fn pre_moderated_comments_are_seen_only_by_their_author() {
    let s = start_with(|c| c.premoderate = true).await;
    let base = format!("http://{}", s.addr);
    let r = client()
        .post(format!("{base}/api/v1/drafts/concert/comments"))
        .header("idempotency-key", "m1")
        .json(&json!({ "body": "نظری که باید تأیید شود.", "anchor": {}, "client_id": "author-1234" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["moderation"], "pending");
    let public = get(&base, "/drafts/concert/comments").await;
    assert!(!public["items"].as_array().unwrap().iter().any(|x| x["id"] == c["id"]));
    let own = get(&base, "/drafts/concert/comments?client_id=author-1234").await;
    assert!(own["items"].as_array().unwrap().iter().any(|x| x["id"] == c["id"]));
}

#[tokio::test]
async fn a_new_version_from_the_cli_re_attaches_comments_by_their_quotes() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let draft = get(&base, "/drafts/concert").await;
    let mut body = draft["body"].clone();
    // Article 2 gains words before the phrase «دست‌کم سی روز»; article 4 is deleted.
    let p = &mut body["parts"][0]["articles"][1]["paragraphs"][0]["text"];
    *p = json!("درخواست صدور مجوز برای هر اجرا دست‌کم سی روز پیش از تاریخ اجرا از طریق سامانه ثبت می‌شود.");
    body["parts"][0]["articles"].as_array_mut().unwrap().remove(3);
    let file = s.dir.path().join("v2.json");
    std::fs::write(&file, body.to_string()).unwrap();
    let db = s.db.clone();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_miz-server"))
        .arg("--db")
        .arg(&db)
        .args(["admin", "new-version", "concert"])
        .arg(&file)
        .args(["--note", "ویرایش پس از نظرها"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let draft = get(&base, "/drafts/concert").await;
    assert_eq!(draft["version"], 2);
    let comments = get(&base, "/drafts/concert/comments").await;
    let find = |needle: &str| -> Value {
        comments["items"].as_array().unwrap().iter().find(|c| c["body"].as_str().unwrap().contains(needle)).unwrap().clone()
    };
    let moved = find("سی روز برای اجراهای کوچک");
    assert_eq!(moved["placement"]["on"], "phrase");
    let start = moved["placement"]["start"].as_u64().unwrap() as usize;
    let end = moved["placement"]["end"].as_u64().unwrap() as usize;
    let text = draft["body"]["parts"][0]["articles"][1]["paragraphs"][0]["text"].as_str().unwrap();
    assert_eq!(text.chars().skip(start).take(end - start).collect::<String>(), "دست‌کم سی روز");
    assert_eq!(find("ده روز برای اعتراض")["placement"]["on"], "earlier_version");

    // The agency answers from the CLI; the response shows under the comment.
    let id = moved["id"].as_str().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_miz-server"))
        .arg("--db")
        .arg(&db)
        .args(["admin", "respond", id, "partly_accepted", "برای سالن‌های کوچک بیست روز شد."])
        .output()
        .unwrap();
    assert!(out.status.success());
    let comments = get(&base, "/drafts/concert/comments").await;
    let answered = comments["items"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(answered["response"]["outcome"], "partly_accepted");
}

#[tokio::test]
async fn pages_of_comments_add_up_to_every_comment_once() {
    let s = start_with(|c| {
        c.writes_per_minute = 100_000;
        c.premoderate = false;
    })
    .await;
    let base = format!("http://{}", s.addr);
    for i in 0..61 {
        let anchor = if i % 2 == 0 { json!({ "paragraph_id": "concert-a1-p1" }) } else { json!({}) };
        let r = client()
            .post(format!("{base}/api/v1/drafts/concert/comments"))
            .header("idempotency-key", format!("page-{i}"))
            .json(&json!({ "body": format!("نظر شماره {i} برای صفحه‌بندی"), "anchor": anchor, "client_id": "pager-1234" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let all = get(&base, "/drafts/concert/comments?per_page=50").await;
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 61);
    let mut seen = Vec::new();
    for page in 1.. {
        let p = get(&base, &format!("/drafts/concert/comments?per_page=7&page={page}")).await;
        assert_eq!(p["total"].as_u64().unwrap(), total);
        let got = ids(&p);
        if got.is_empty() {
            break;
        }
        seen.extend(got);
    }
    assert_eq!(seen.len() as u64, total);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "a comment appeared on two pages");
    // The paragraph filter pages the same way.
    let on_p = get(&base, "/drafts/concert/comments?paragraph=concert-a1-p1&per_page=50").await;
    let first = get(&base, "/drafts/concert/comments?paragraph=concert-a1-p1&per_page=20&page=2").await;
    assert_eq!(on_p["total"], first["total"]);
    assert_eq!(ids(&first), ids(&on_p)[20..40.min(ids(&on_p).len())].to_vec());
}

/// Found by the conformance kit: a retry of a comment the agency had since refused answered
/// 500 ("comment vanished"). The retry gets the first answer again, marked rejected.
#[tokio::test]
async fn a_retry_after_the_comment_was_rejected_gets_the_comment_not_a_500() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let body = json!({ "body": "مهلت سی‌روزه زیاد است.", "anchor": { "paragraph_id": "concert-a2-p1" }, "client_id": "retry-rejected-1" });
    let post = || client().post(format!("{base}/api/v1/drafts/concert/comments")).header("idempotency-key", "same-key").json(&body).send();
    let first: Value = post().await.unwrap().json().await.unwrap();
    let id = first["id"].as_str().unwrap().to_owned();
    let rejected = client()
        .post(format!("{base}/api/v1/admin/comments/{id}/moderation"))
        .header("authorization", "Bearer test-admin-token")
        .json(&json!({ "moderation": "rejected" }))
        .send()
        .await
        .unwrap();
    assert!(rejected.status().is_success());
    let again = post().await.unwrap();
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["moderation"], "rejected");
    let list = get(&base, "/drafts/concert/comments?per_page=50&client_id=retry-rejected-1").await;
    assert!(!list["items"].as_array().unwrap().iter().any(|c| c["id"] == first["id"]));
}

/// A "Zalgo" name (one letter and 79 combining marks, within the 80-character limit) would be
/// drawn as a tower over the lines around it: stored with at most four marks on a letter.
#[tokio::test]
async fn towers_of_combining_marks_are_cut_on_input() {
    let s = start().await;
    let base = format!("http://{}", s.addr);
    let zalgo: String = std::iter::once('ز').chain((0..79).map(|i| char::from_u32(0x0300 + i % 0x70).unwrap())).collect();
    let r = client()
        .post(format!("{base}/api/v1/drafts/concert/comments"))
        .header("idempotency-key", "zalgo-1")
        .json(&json!({ "body": format!("نظر {zalgo} با نشانه‌های بسیار"), "display_name": zalgo, "anchor": {}, "client_id": "zalgo-client-1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["display_name"].as_str().unwrap().chars().count(), 1 + miz_core::normalize::MAX_MARKS);
    assert!(!c["body"].as_str().unwrap().contains(&zalgo));
    // Persian with its harakat is stored as written.
    let r = client()
        .post(format!("{base}/api/v1/drafts/concert/comments"))
        .header("idempotency-key", "zalgo-2")
        .json(&json!({ "body": "مُحَمَّد این را نوشت", "anchor": {}, "client_id": "zalgo-client-1" }))
        .send()
        .await
        .unwrap();
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["body"], "مُحَمَّد این را نوشت");
}

/// One address with a hundred fresh browser ids moves a comment's support by the daily cap,
/// not by a hundred; the same for "was this helpful?".
#[tokio::test]
async fn a_hundred_browser_ids_from_one_address_move_the_counts_by_the_cap() {
    let s = start_with(|c| c.writes_per_minute = 10_000).await;
    let base = format!("http://{}", s.addr);
    let list = get(&base, "/drafts/concert/comments").await;
    let comment = list["items"].as_array().unwrap().iter().find(|c| c["moderation"] == "published").unwrap().clone();
    let (id, before) = (comment["id"].as_str().unwrap().to_owned(), comment["support_count"].as_u64().unwrap());
    let mut last = 0;
    for n in 0..100 {
        let r = client()
            .post(format!("{base}/api/v1/comments/{id}/support"))
            .json(&json!({ "client_id": format!("stuffer-{n:04}") }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        last = r.json::<Value>().await.unwrap()["support_count"].as_u64().unwrap();
    }
    assert_eq!(last, before + miz_server::routes::SUPPORTS_PER_NETWORK_PER_DAY as u64);
    let mut totals = json!(null);
    for n in 0..100 {
        let r = client()
            .post(format!("{base}/api/v1/faq/f09/feedback"))
            .json(&json!({ "client_id": format!("stuffer-{n:04}"), "helpful": false }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        totals = r.json().await.unwrap();
    }
    assert_eq!(totals["not_helpful"], miz_server::routes::ANSWERS_PER_NETWORK_PER_DAY);
    // A browser that already answered may still change its mind.
    let r: Value = client()
        .post(format!("{base}/api/v1/faq/f09/feedback"))
        .json(&json!({ "client_id": "stuffer-0000", "helpful": true }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["helpful"], 1);
}

/// Support and "was this helpful?" count against the write limit like every other write.
#[tokio::test]
async fn support_and_feedback_are_writes_under_the_limit() {
    let s = start_with(|c| c.writes_per_minute = 3).await;
    let base = format!("http://{}", s.addr);
    let mut statuses = vec![];
    for n in 0..5 {
        let r = client().post(format!("{base}/api/v1/faq/f09/feedback")).json(&json!({ "client_id": format!("limited-{n:04}"), "helpful": true })).send().await.unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, vec![200, 200, 200, 429, 429]);
}

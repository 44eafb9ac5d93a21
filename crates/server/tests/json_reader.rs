//! The app reads the API with `miz_core::json` (a few KB of wasm) while this server writes with
//! serde. Every answer the reference server gives with its demo content, read both ways, must
//! give the same value: a difference here is a page that would draw wrong, or not at all.

mod common;

use common::{client, post_case, start_with};
use miz_core::{
    api::{Agency, FaqDoc, FeedbackTotals},
    cases::{CaseReceipt, CaseTypes, CaseView},
    drafts::{Comment, CommentList, Draft, DraftList},
    json::FromJson,
    problem::Problem,
    reports::Report,
    services::{RatingReceipt, Service, ServiceList},
};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::fmt::Debug;

/// `text` read by the app's reader and by serde: both succeed, with equal values.
fn same<T: FromJson + DeserializeOwned + PartialEq + Debug>(what: &str, text: &str) -> T {
    let ours = miz_core::json::from_str::<T>(text).unwrap_or_else(|e| panic!("{what}: the app's reader failed: {e}\n{text}"));
    let serde = serde_json::from_str::<T>(text).unwrap_or_else(|e| panic!("{what}: serde failed: {e}"));
    assert_eq!(ours, serde, "{what}");
    ours
}

async fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> String {
    let mut r = client().get(format!("{base}/api/v1/{path}"));
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn every_demo_answer_reads_the_same_as_with_serde() {
    let s = start_with(|c| c.writes_per_minute = 1000).await;
    let base = format!("http://{}", s.addr);
    let mut read = 0;

    same::<Agency>("agency", &get(&base, "agency", &[]).await);
    same::<FaqDoc>("faq", &get(&base, "faq", &[]).await);
    same::<CaseTypes>("case-types", &get(&base, "case-types", &[]).await);
    same::<Report>("reports", &get(&base, "reports", &[]).await);
    read += 4;

    let services: ServiceList = same("services", &get(&base, "services", &[]).await);
    for service in &services.items {
        same::<Service>(&service.id, &get(&base, &format!("services/{}", service.id), &[]).await);
        read += 1;
    }
    let rated = client()
        .post(format!("{base}/api/v1/services/{}/feedback", services.items[0].id))
        .json(&json!({ "rating": 4, "client_id": "browser-json-1" }))
        .send()
        .await
        .unwrap();
    same::<RatingReceipt>("rating", &rated.text().await.unwrap());

    let feedback = client()
        .post(format!("{base}/api/v1/faq/f01/feedback"))
        .json(&json!({ "client_id": "browser-json-1", "helpful": true }))
        .send()
        .await
        .unwrap();
    same::<FeedbackTotals>("faq feedback", &feedback.text().await.unwrap());

    // Every state of draft the demo has, every version and every comment page.
    for state in ["open", "closed", "final"] {
        let list: DraftList = same(state, &get(&base, &format!("drafts?state={state}&per_page=50"), &[]).await);
        for d in &list.items {
            let draft: Draft = same(&d.id, &get(&base, &format!("drafts/{}", d.id), &[]).await);
            for v in &draft.versions {
                same::<Draft>(&format!("{} v{}", d.id, v.number), &get(&base, &format!("drafts/{}/versions/{}", d.id, v.number), &[]).await);
            }
            let comments: CommentList = same(&format!("{} comments", d.id), &get(&base, &format!("drafts/{}/comments?per_page=50", d.id), &[]).await);
            read += 2 + draft.versions.len() + comments.items.len();
        }
    }

    // A comment the app posts, anchored on a phrase, as the server answers it.
    let list: DraftList = same("open", &get(&base, "drafts?state=open&per_page=50", &[]).await);
    let draft: Draft = same("draft", &get(&base, &format!("drafts/{}", list.items[0].id), &[]).await);
    let paragraph = &draft.body.parts[0].articles[0].paragraphs[0];
    let exact: String = paragraph.text.chars().take(6).collect();
    let posted = client()
        .post(format!("{base}/api/v1/drafts/{}/comments", draft.summary.id))
        .header("idempotency-key", "json-reader-comment-1")
        .json(&json!({
            "body": "این بند روشن‌تر نوشته شود تا همه بفهمند.",
            "client_id": "browser-json-1",
            "anchor": { "paragraph_id": paragraph.id, "quote": { "exact": exact, "prefix": "", "suffix": "" }, "start": 0, "end": 6 }
        }))
        .send()
        .await
        .unwrap();
    let text = posted.text().await.unwrap();
    let comment: Comment = same("posted comment", &text);
    assert!(comment.anchor.quote.is_some(), "the phrase's quote comes back");

    // A case, its receipt and its page.
    let receipt = post_case(
        &base,
        "json-reader-case-1",
        &json!({ "kind": "complaint", "topic_id": "c-licence-delay", "description": "درخواست مجوز من دو ماه است بی‌پاسخ مانده است.", "mobile": "09121234567" }),
    )
    .await;
    let receipt: CaseReceipt = same("receipt", &receipt.text().await.unwrap());
    same::<CaseView>("case", &get(&base, &format!("cases/{}", receipt.tracking_code), &[("x-case-mobile", "09121234567")]).await);

    // Problems, with and without per-field errors.
    same::<Problem>("404", &get(&base, "drafts/no-such-draft", &[]).await);
    same::<Problem>("no factor", &get(&base, &format!("cases/{}", receipt.tracking_code), &[]).await);
    let invalid = post_case(&base, "json-reader-case-2", &json!({ "kind": "complaint", "topic_id": "nope", "description": "" })).await;
    let problem: Problem = same("422", &invalid.text().await.unwrap());
    assert!(!problem.errors.is_empty(), "a validation problem names its fields");

    println!("{read} answers read both ways");
    assert!(read > 30, "the demo gave only {read} answers to read");
}

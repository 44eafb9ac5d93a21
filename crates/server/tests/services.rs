//! The e-service catalogue over real HTTP: filtering with Persian spelling variants, a rating
//! updating the score, once per browser, and each agency its own catalogue.

mod common;

use common::{client, start_with};
use serde_json::{json, Value};

#[tokio::test]
async fn ratings_update_the_score_once_per_browser() {
    let s = start_with(|c| c.writes_per_minute = 1000).await;
    let before: Value = client().get(s.url("/api/v1/services/gallery-exhibition")).send().await.unwrap().json().await.unwrap();
    let count = before["satisfaction"]["count"].as_u64().unwrap();
    let rate = |rating: i64, who: &str| {
        let url = s.url("/api/v1/services/gallery-exhibition/feedback");
        let body = json!({ "rating": rating, "client_id": who });
        async move { client().post(url).json(&body).send().await.unwrap() }
    };
    let r = rate(1, "browser-one-1").await;
    assert_eq!(r.status(), 201);
    let receipt: Value = r.json().await.unwrap();
    assert_eq!(receipt["satisfaction"]["count"].as_u64().unwrap(), count + 1);
    assert_eq!(receipt["satisfaction"]["distribution"][0].as_u64().unwrap(), before["satisfaction"]["distribution"][0].as_u64().unwrap() + 1);
    assert!(receipt["satisfaction"]["average"].as_f64().unwrap() < before["satisfaction"]["average"].as_f64().unwrap());
    // A retry of the same rating changes nothing; a different one is refused.
    assert_eq!(rate(1, "browser-one-1").await.status(), 200);
    assert_eq!(rate(5, "browser-one-1").await.status(), 409);
    let after: Value = client().get(s.url("/api/v1/services/gallery-exhibition")).send().await.unwrap().json().await.unwrap();
    assert_eq!(after["satisfaction"]["count"].as_u64().unwrap(), count + 1);
    // Another browser counts.
    assert_eq!(rate(5, "browser-two-2").await.status(), 201);
}

#[tokio::test]
async fn the_filter_forgives_spelling_and_each_agency_has_its_catalogue() {
    let s = start_with(|_| {}).await;
    let get = |path: &str| {
        let url = s.url(path);
        async move { client().get(url).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let ids = |v: &Value| v["items"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let all = get("/api/v1/services").await;
    assert!(ids(&all).len() >= 5);
    // Arabic kaf and yeh, no half-space.
    let found = get("/api/v1/services?q=%D9%83%D9%86%D8%B3%D8%B1%D8%AA").await;
    assert_eq!(ids(&found), ["concert-licence"]);
    let museum = get("/agencies/museum/api/v1/services").await;
    assert!(ids(&museum).contains(&"school-group-booking".to_owned()));
    assert!(!ids(&museum).contains(&"concert-licence".to_owned()));
    let other = client().get(s.url("/agencies/museum/api/v1/services/concert-licence")).send().await.unwrap();
    assert_eq!(other.status(), 404);
}

#[tokio::test]
async fn the_report_counts_the_desks_own_records_over_two_jalali_years() {
    let s = start_with(|c| c.writes_per_minute = 1000).await;
    let report: Value = client().get(s.url("/api/v1/reports")).send().await.unwrap().json().await.unwrap();
    let years = report["years"].as_array().unwrap();
    assert!(years.len() >= 2, "{years:?}");
    assert_eq!(report["deadline_working_days"], 15);
    let this_year = &years[0];
    let received = |v: &Value| ["complaint", "criticism", "suggestion", "request"].iter().map(|k| v["received"][k].as_u64().unwrap()).sum::<u64>();
    let months_sum: u64 = this_year["months"].as_array().unwrap().iter().map(received).sum();
    assert_eq!(months_sum, received(&this_year["totals"]));
    // A case sent now is counted in this month.
    let last = this_year["months"].as_array().unwrap().last().unwrap().clone();
    let r = client()
        .post(s.url("/api/v1/cases"))
        .header("idempotency-key", "report-1")
        .json(&json!({ "kind": "complaint", "topic_id": "c-licence-delay", "description": "مجوز من پس از یک ماه هنوز صادر نشده است.", "mobile": "09121234567" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let again: Value = client().get(s.url("/api/v1/reports")).send().await.unwrap().json().await.unwrap();
    let now = again["years"][0]["months"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(now["received"]["complaint"].as_u64().unwrap(), last["received"]["complaint"].as_u64().unwrap() + 1);
    let share = now["within_deadline"].as_f64().unwrap_or(1.0);
    assert!((0.0..=1.0).contains(&share));
}

//! `#[derive(FromJson)]` follows each type's serde attributes: the same documents are
//! accepted, refused and read alike. The reference server's every answer is compared in
//! `crates/server/tests/json_reader.rs`; these are the edges its demo content does not reach.

use miz_core::{
    anchor::{Anchor, Placement},
    api::Agency,
    cases::{CaseReceipt, CaseStatus, CaseView},
    drafts::{Comment, Draft, DraftState, Outcome},
    json::{self, FromJson},
    problem::Problem,
    reports::Report,
    services::Satisfaction,
    theme::Theme,
};
use serde::de::DeserializeOwned;
use std::fmt::Debug;

/// Both readers accept `text` with equal values, or both refuse it.
fn agree<T: FromJson + DeserializeOwned + PartialEq + Debug>(text: &str) -> Option<T> {
    let ours = json::from_str::<T>(text);
    let serde = serde_json::from_str::<T>(text);
    match (ours, serde) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{text}");
            Some(a)
        }
        (Err(_), Err(_)) => None,
        (a, b) => panic!("the readers disagree on {text}:\n ours {a:?}\n serde {b:?}"),
    }
}

const COMMENT: &str = r#"{"id":"c1","version":2,"anchor":{"paragraph_id":"p1","quote":{"exact":"مهلت"},"start":3,"end":7},
  "placement":{"on":"phrase","paragraph_id":"p1","start":3,"end":7},"body":"متن","created_at":"2026-11-01T10:00:00Z",
  "support_count":4,"moderation":"published",
  "response":{"text":"پذیرفته شد","outcome":"partly_accepted","at":"2026-11-02T09:00:00Z"}}"#;

#[test]
fn a_tagged_placement_reads_every_variant() {
    let c = agree::<Comment>(COMMENT).expect("a full comment reads");
    assert_eq!(c.placement, Placement::Phrase { paragraph_id: "p1".into(), start: 3, end: 7 });
    assert_eq!(c.response.map(|r| r.outcome), Some(Outcome::PartlyAccepted));
    for (placement, want) in [
        (r#"{"on":"draft"}"#, Some(Placement::Draft)),
        (r#"{"on":"paragraph","paragraph_id":"p9"}"#, Some(Placement::Paragraph { paragraph_id: "p9".into() })),
        (r#"{"on":"earlier_version","extra":1}"#, Some(Placement::EarlierVersion)),
        (r#"{"on":"phrase","paragraph_id":"p1","start":3}"#, None),
        (r#"{"on":"nowhere"}"#, None),
        (r#"{"paragraph_id":"p1"}"#, None),
        (r#""draft""#, None),
    ] {
        assert_eq!(agree::<Placement>(placement), want, "{placement}");
    }
}

#[test]
fn absent_null_and_unknown_members() {
    // Optional members absent or null, a member no version of the contract has.
    let a = agree::<Anchor>(r#"{"paragraph_id":null,"x_backend_extension":[1,{"a":2}]}"#).unwrap();
    assert_eq!(a, Anchor { paragraph_id: None, quote: None, start: None, end: None });
    // `#[serde(default)]` members of a quote, and a required one missing.
    assert!(agree::<Anchor>(r#"{"quote":{"exact":"x"}}"#).is_some());
    assert!(agree::<Anchor>(r#"{"quote":{"prefix":"x"}}"#).is_none());
    // A required member null is refused, as serde does.
    assert!(agree::<Comment>(&COMMENT.replace(r#""body":"متن""#, r#""body":null"#)).is_none());
    assert!(agree::<Comment>(&COMMENT.replace(r#""support_count":4,"#, "")).is_none());
}

#[test]
fn wrong_types_and_values_are_refused_by_both() {
    for bad in [
        COMMENT.replace(r#""support_count":4"#, r#""support_count":-4"#),
        COMMENT.replace(r#""support_count":4"#, r#""support_count":4.5"#),
        COMMENT.replace(r#""support_count":4"#, r#""support_count":"4""#),
        COMMENT.replace(r#""moderation":"published""#, r#""moderation":"Published""#),
        COMMENT.replace(r#""version":2"#, r#""version":4294967296"#),
        COMMENT.replace(r#""anchor":{"#, r#""anchor":[{"#).replace(r#""end":7},"#, r#""end":7}],"#),
        format!("[{COMMENT}]"),
        COMMENT[..COMMENT.len() - 1].to_owned(),
    ] {
        assert!(agree::<Comment>(&bad).is_none(), "accepted: {bad}");
    }
    assert_eq!(agree::<DraftState>(r#""final""#), Some(DraftState::Final));
    assert_eq!(agree::<CaseStatus>(r#""awaiting_citizen""#), Some(CaseStatus::AwaitingCitizen));
    assert_eq!(agree::<CaseStatus>(r#""in-review""#), None);
}

#[test]
fn a_flattened_summary_reads_from_the_same_object() {
    let text = r#"{"id":"concert","title":"آیین‌نامه","kind":"licensing_instruction","unit":{"id":"u1","name":{"fa":"واحد"}},
      "summary":"خلاصه","opens_at":"2026-11-01","closes_at":"2026-11-15","state":"open","comment_count":3,"version":2,
      "shown_version":2,"body":{"parts":[{"id":"p","articles":[{"id":"a","number":1,"paragraphs":[{"id":"p1","number":1,"text":"متن"}]}]}]},
      "versions":[{"number":1,"published_at":"2026-10-01"},{"number":2,"published_at":"2026-11-01","note":"بازنگری"}],
      "outcomes":{"accepted":1,"partly_accepted":0,"not_accepted":0,"noted":2,"unanswered":0}}"#;
    let d = agree::<Draft>(text).expect("a full draft reads");
    assert_eq!(d.summary.id, "concert");
    assert_eq!(d.versions.len(), 2);
    // Without one of the summary's own members, neither reader has a draft.
    assert!(agree::<Draft>(&text.replace(r#""comment_count":3,"#, "")).is_none());
}

#[test]
fn a_problem_without_a_type_is_about_blank() {
    let p = agree::<Problem>(r#"{"title":"یافت نشد","status":404}"#).unwrap();
    assert_eq!(p.kind, "about:blank");
    let p = agree::<Problem>(r#"{"type":"https://miz.ir/problems/validation","title":"t","status":422,"errors":[{"field":"body","message":"کوتاه"}]}"#)
        .unwrap();
    assert_eq!(p.errors.len(), 1);
}

#[test]
fn a_theme_refuses_an_unknown_key_as_serde_does() {
    assert!(agree::<Theme>(r##"{"brand":"#0b5394"}"##).is_some());
    assert!(agree::<Theme>(r##"{"brand":"#0b5394","brnad":"#000"}"##).is_none());
    let e = json::from_str::<Theme>(r##"{"brnad":"#000"}"##).unwrap_err();
    assert_eq!(e.to_string(), "unknown field `brnad`");
}

#[test]
fn numbers_arrays_and_floats() {
    let s = agree::<Satisfaction>(r#"{"average":4.25,"count":4,"distribution":[0,0,1,1,2]}"#).unwrap();
    assert_eq!(s.average, Some(4.25));
    assert!(agree::<Satisfaction>(r#"{"average":null,"count":0,"distribution":[0,0,0,0]}"#).is_none());
    assert!(agree::<Satisfaction>(r#"{"average":4.5,"count":2,"distribution":[0,0,0,1,1,0]}"#).is_none());
}

#[test]
fn a_case_with_its_answer_and_a_receipt() {
    let view = r#"{"tracking_code":"762162029589","kind":"complaint","topic":{"fa":"مجوز","en":"Licence"},
      "unit":{"id":"u","name":{"fa":"واحد"}},"status":"answered","created_at":"2026-11-01T10:00:00Z","description":"شرح",
      "timeline":[{"status":"received","at":"2026-11-01T10:00:00Z","unit":{"id":"u","name":{"fa":"واحد"}}},
        {"status":"answered","at":"2026-11-03T10:00:00Z","unit":{"id":"u","name":{"fa":"واحد"}},"note":"پاسخ"}],
      "answer":{"text":"پاسخ داده شد","at":"2026-11-03T10:00:00Z"},"can_object":true,"due_date":"2026-11-20"}"#;
    let v = agree::<CaseView>(view).expect("a full case reads");
    assert_eq!(v.timeline.len(), 2);
    assert!(v.answer.is_some());
    let receipt = r#"{"tracking_code":"762162029589","kind":"suggestion","unit":{"id":"u","name":{"fa":"واحد"}},
      "access_key":"ABCD-EFGH","created_at":"2026-11-01T10:00:00Z"}"#;
    assert_eq!(agree::<CaseReceipt>(receipt).and_then(|r| r.access_key).as_deref(), Some("ABCD-EFGH"));
}

#[test]
fn an_empty_object_lacks_the_required_members() {
    assert!(agree::<Agency>("{}").is_none());
    assert!(agree::<Report>("{}").is_none());
}

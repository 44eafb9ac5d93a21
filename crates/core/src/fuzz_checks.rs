//! The properties the fuzz targets (`fuzz/`) check, as plain functions over bytes, so a crash
//! input becomes a regression test (`tests/fuzz_regressions.rs`) that runs on stable with
//! `cargo test`. Each panics when a property fails.

use crate::{
    anchor::{place, quote_of, Anchor, Placement},
    mobile::Mobile,
    national_code::NationalCode,
    normalize::{contains, normalize, tokenize},
    search::{FaqEntry, Field, Index},
    tracking::TrackingCode,
};
use std::sync::OnceLock;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Parsing never panics; a parsed code prints back (ASCII and Persian groups) to itself.
pub fn tracking_code(data: &[u8]) {
    let Some(input) = text(data) else { return };
    if let Ok(code) = TrackingCode::parse(input) {
        assert_eq!(code.as_str().len(), 12);
        assert_eq!(TrackingCode::parse(&code.grouped()).as_ref(), Ok(&code));
        assert_eq!(TrackingCode::parse(&code.grouped_fa()).as_ref(), Ok(&code));
    }
}

/// Parsing never panics; a parsed number parses again to itself.
pub fn mobile(data: &[u8]) {
    let Some(input) = text(data) else { return };
    if let Ok(m) = Mobile::parse(input) {
        assert_eq!(Mobile::parse(m.as_str()).as_ref(), Ok(&m));
    }
}

/// Parsing never panics; a parsed code is ten ASCII digits that parse again to itself.
pub fn national_code(data: &[u8]) {
    let Some(input) = text(data) else { return };
    if let Ok(c) = NationalCode::parse(input) {
        assert!(c.as_str().len() == 10 && c.as_str().bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(NationalCode::parse(c.as_str()).as_ref(), Ok(&c));
    }
}

/// Normalising is idempotent; tokens point at character boundaries of the original text.
pub fn normalization(data: &[u8]) {
    let Some(input) = text(data) else { return };
    let once = normalize(input);
    assert_eq!(normalize(&once), once, "normalize is not idempotent");
    for t in tokenize(input) {
        assert!(t.start <= t.end && t.end <= input.len());
        assert!(input.is_char_boundary(t.start) && input.is_char_boundary(t.end));
    }
    assert!(contains(input, input));
}

fn faq() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let e = |id: &str, c: &str, q: &str, a: &str| FaqEntry { id: id.into(), category: c.into(), question: q.into(), answer: a.into() };
        Index::build(
            vec![
                e("1", "مجوزها", "مجوز برگزاری کنسرت را از کجا بگیرم؟", "در پنجره واحد خدمات «وفا» ثبت کنید؛ بررسی ده روز کاری است."),
                e("2", "پیگیری", "کد رهگیری را گم کرده‌ام", "با شماره موبایل و کد ملی در بخش پیگیری جستجو کنید."),
                e("3", "موزه", "ساعت بازدید موزه", "شنبه تا پنجشنبه ۹ تا ۱۷؛ کودکان زیر ۶ سال رایگان."),
            ],
            &[vec!["مجوز".into(), "پروانه".into()]],
        )
    })
}

/// Any query: hits name real entries; highlights are character ranges of their field.
pub fn faq_query(data: &[u8]) {
    let Some(query) = text(data) else { return };
    let idx = faq();
    for hit in idx.search(query, 10) {
        let entry = &idx.entries()[hit.entry];
        for h in hit.highlights {
            let field = match h.field {
                Field::Question => &entry.question,
                Field::Answer => &entry.answer,
                Field::Category => &entry.category,
            };
            assert!(h.start <= h.end && h.end <= field.len());
            assert!(field.is_char_boundary(h.start) && field.is_char_boundary(h.end));
        }
    }
}

/// Bytes 0–1: where the selection starts; byte 2: its length; byte 3: whether the paragraph
/// moved to a new id; the rest: the old and the new text, separated by U+0001. The quote of
/// the selection, placed on the new text, lands inside a real paragraph on non-blank words.
pub fn anchor(data: &[u8]) {
    if data.len() < 4 {
        return;
    }
    let (start, len, moved) = (usize::from(u16::from_le_bytes([data[0], data[1]])), usize::from(data[2]), data[3] & 1 == 1);
    let Some(rest) = text(&data[4..]) else { return };
    let (old, new) = rest.split_once('\u{1}').unwrap_or((rest, rest));
    let n = old.chars().count();
    let start = start % (n + 1);
    let end = (start + len).min(n);
    let Some(quote) = quote_of(old, start, end) else { return };
    let anchor = Anchor { paragraph_id: Some("p1".into()), quote: Some(quote), start: Some(start as u32), end: Some(end as u32) };
    let paragraphs: Vec<(&str, &str)> = if moved { vec![("p0", "مقدمه"), ("p2", new)] } else { vec![("p1", new)] };
    match place(&anchor, &paragraphs) {
        Placement::Phrase { paragraph_id, start, end } => {
            let text = paragraphs.iter().find(|(id, _)| *id == paragraph_id).map(|p| p.1).expect("placed in a real paragraph");
            let chars: Vec<char> = text.chars().collect();
            assert!(start < end && (end as usize) <= chars.len(), "phrase outside its paragraph");
            let got: String = chars[start as usize..end as usize].iter().collect();
            assert!(!got.trim().is_empty(), "placed on blank text");
        }
        Placement::Paragraph { paragraph_id } => assert!(paragraphs.iter().any(|(id, _)| *id == paragraph_id)),
        Placement::Draft | Placement::EarlierVersion => {}
    }
}

/// Every target by name, for the fuzz runner and the regression test.
pub const TARGETS: [(&str, fn(&[u8])); 6] = [
    ("tracking_code", tracking_code),
    ("mobile", mobile),
    ("national_code", national_code),
    ("normalize", normalization),
    ("faq_query", faq_query),
    ("anchor", anchor),
];

use super::*;

fn entry(id: &str, category: &str, question: &str, answer: &str) -> FaqEntry {
    FaqEntry { id: id.into(), category: category.into(), question: question.into(), answer: answer.into() }
}

fn corpus() -> Vec<FaqEntry> {
    vec![
        entry("draft", "پیش‌نویس‌ها", "پیش‌نویس مقررات را کجا می‌توانم ببینم؟", "در بخش پیش‌نویس‌ها منتشر می‌شوند."),
        entry("complain", "شکایات", "چگونه شکایت خود را ثبت کنم؟", "از بخش ثبت درخواست، نوع «شکایت» را انتخاب کنید."),
        entry("ticket", "موزه", "قیمت بلیت موزه چقدر است؟", "بلیت ورودی برای دانش‌آموزان تخفیف دارد."),
        entry("time", "شکایات", "پاسخ شکایت چند روز طول می‌کشد؟", "حداکثر پانزده روز کاری."),
        entry("publish", "مجوزها", "چگونه مجوز نشر کتاب بگیرم؟", "از سامانه خانه کتاب."),
        entry("press", "مجوزها", "چگونه برای نشریه یا پایگاه خبری مجوز بگیرم؟", "از معاونت مطبوعاتی."),
        entry("versions", "پیش‌نویس‌ها", "چطور نسخه‌های پیش‌نویس را مقایسه کنم؟", "دکمه «مقایسه نسخه‌ها» را بزنید."),
    ]
}

fn top(idx: &Index, q: &str) -> Option<String> {
    idx.search(q, 5).first().map(|h| idx.entries()[h.entry].id.clone())
}

#[test]
fn finds_exact_words() {
    let idx = Index::build(corpus(), &[]);
    assert_eq!(top(&idx, "ثبت شکایت").as_deref(), Some("complain"));
}

#[test]
fn arabic_letters_and_half_spaces_do_not_matter() {
    let idx = Index::build(corpus(), &[]);
    assert_eq!(top(&idx, "شكايت ثبت").as_deref(), Some("complain"));
    assert_eq!(top(&idx, "پيش نويس مقررات").as_deref(), Some("draft"));
    assert_eq!(top(&idx, "پیشنویس مقررات").as_deref(), Some("draft"));
}

#[test]
fn forgives_a_typo_and_homophones() {
    let idx = Index::build(corpus(), &[]);
    assert_eq!(top(&idx, "ثبت شکایط").as_deref(), Some("complain"));
    assert_eq!(top(&idx, "بلیط موزه").as_deref(), Some("ticket"));
    assert_eq!(top(&idx, "مقاسیه نسخه").as_deref(), Some("versions"));
}

#[test]
fn completes_the_word_being_typed() {
    let idx = Index::build(corpus(), &[]);
    // «نش» is closer to «نشر» than to «نشریه».
    assert_eq!(top(&idx, "مجوز نش").as_deref(), Some("publish"));
    assert_eq!(top(&idx, "مجوز نشری").as_deref(), Some("press"));
}

#[test]
fn understands_spoken_forms_and_endings() {
    let idx = Index::build(corpus(), &[]);
    assert_eq!(top(&idx, "چند روز طول میکشه جواب").as_deref(), Some("time"));
    assert_eq!(top(&idx, "مقایسه نسخه ها").as_deref(), Some("versions"));
}

#[test]
fn the_agency_can_add_synonyms() {
    let without = Index::build(corpus(), &[]);
    assert_eq!(top(&without, "تیکت"), None);
    let with = Index::build(corpus(), &[vec!["بلیت".into(), "تیکت".into()]]);
    assert_eq!(top(&with, "تیکت").as_deref(), Some("ticket"));
}

#[test]
fn prefers_the_question_over_the_answer() {
    let idx = Index::build(
        vec![
            entry("a", "x", "ساعت کاری", "درباره بلیت هم بپرسید."),
            entry("b", "x", "بلیت", "قیمت ساعت."),
        ],
        &[],
    );
    assert_eq!(top(&idx, "بلیت").as_deref(), Some("b"));
}

#[test]
fn highlights_point_at_the_original_words() {
    let idx = Index::build(corpus(), &[]);
    let hits = idx.search("شكايت", 1);
    let e = &idx.entries()[hits[0].entry];
    let q: Vec<&str> = hits[0]
        .highlights
        .iter()
        .filter(|h| h.field == Field::Question)
        .map(|h| &e.question[h.start..h.end])
        .collect();
    assert!(q.contains(&"شکایت"), "{q:?}");
}

#[test]
fn hostile_queries_return_quickly_and_safely() {
    let idx = Index::build(corpus(), &[]);
    assert!(idx.search("", 5).is_empty());
    assert!(idx.search("   ", 5).is_empty());
    assert!(idx.search("؟!…🙂🙂🙂", 5).is_empty());
    assert!(idx.search("\u{202E}\u{200F}\u{2066}", 5).is_empty());
    let long = "شکایت ".repeat(5000);
    assert_eq!(top(&idx, &long).as_deref(), Some("complain"));
    let word = "ب".repeat(10_000);
    let _ = idx.search(&word, 5);
    let mixed = "complaint شکایت 123 ۱۲۳ كد";
    let _ = idx.search(mixed, 5);
}

#[test]
fn an_empty_index_answers_nothing() {
    let idx = Index::build(vec![], &[]);
    assert!(idx.search("شکایت", 5).is_empty());
}

//! Light Persian morphology for matching: endings stripped, spoken forms mapped to written
//! ones, and a key that makes homophone letters equal. All work on normalised words.

/// Endings removed to find a word's stem, longest first: plurals, possessives (written and
/// spoken), comparatives, the indefinite/relative ی, personal endings.
const SUFFIXES: &[&str] = &[
    "هایمان", "هایتان", "هایشان", "هایمون", "هایتون", "هاشون", "هامون", "هاتون", "هایم", "هایت", "هایش",
    "هایی", "های", "ها", "ترین", "تر", "یمان", "یتان", "یشان", "مان", "تان", "شان", "مون", "تون", "شون",
    "ان", "ات", "ام", "اش", "ای", "یم", "ید", "ند",
    // Spoken possessive + object marker: «رمزمو» is «رمزم را».
    "مونو", "تونو", "شونو", "مو", "تو", "شو",
    "ی", "م", "ت", "ش",
];

/// The forms of `word` with one ending removed (and `word` itself), as candidate stems.
/// Both sides of a comparison are expanded, so `شکایتم` and `شکایت` share `شکایت`.
pub fn stems(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    let len = word.chars().count();
    for s in SUFFIXES {
        if let Some(stem) = word.strip_suffix(s) {
            let slen = stem.chars().count();
            let min = if s.chars().count() == 1 { 3 } else { 2 };
            if slen >= min && len > slen {
                let stem = stem.to_owned();
                if !out.contains(&stem) {
                    out.push(stem);
                }
            }
        }
    }
    out
}

/// Spoken forms citizens type, and the written word they mean.
const SPOKEN: &[(&str, &str)] = &[
    ("یه", "یک"),
    ("چیه", "چیست"),
    ("چی", "چه"),
    ("چجوری", "چگونه"),
    ("چطوری", "چگونه"),
    ("چطور", "چگونه"),
    ("چیکار", "چهکار"),
    ("کجاست", "کجا"),
    ("میخوام", "میخواهم"),
    ("میخوای", "میخواهی"),
    ("میخواد", "میخواهد"),
    ("میخوایم", "میخواهیم"),
    ("میخواین", "میخواهید"),
    ("نمیخوام", "نمیخواهم"),
    ("میشه", "میشود"),
    ("نمیشه", "نمیشود"),
    ("بشه", "بشود"),
    ("میشم", "میشوم"),
    ("شده", "شده"),
    ("میدم", "میدهم"),
    ("بدم", "بدهم"),
    ("بدین", "بدهید"),
    ("بدید", "بدهید"),
    ("میدونم", "میدانم"),
    ("نمیدونم", "نمیدانم"),
    ("میتونم", "میتوانم"),
    ("نمیتونم", "نمیتوانم"),
    ("بتونم", "بتوانم"),
    ("میگه", "میگوید"),
    ("میگن", "میگویند"),
    ("بگین", "بگویید"),
    ("هست", "است"),
    ("هستش", "است"),
    ("رو", "را"),
    ("واسه", "برای"),
    ("برا", "برای"),
    ("اگه", "اگر"),
    ("الان", "اکنون"),
    ("کی", "چهوقت"),
    ("کدوم", "کدام"),
    ("چقد", "چقدر"),
    ("اینجوری", "اینگونه"),
    ("همون", "همان"),
    ("اون", "ان"),
    ("اونها", "انها"),
    ("خونه", "خانه"),
    ("نون", "نان"),
    ("تموم", "تمام"),
    ("میمونه", "میماند"),
];

/// Written forms a spoken word may stand for, with how sure we are (1.0 = certain).
pub fn written_forms(word: &str) -> Vec<(String, f32)> {
    let mut out = Vec::new();
    for (spoken, written) in SPOKEN {
        if *spoken == word {
            out.push(((*written).to_owned(), 0.95));
        }
    }
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    // Spoken third person: «میکنه» for «میکند», «میکشه» for «میکشد».
    if n >= 4 && (word.starts_with("می") || word.starts_with("نمی")) && word.ends_with('ه') {
        let base: String = chars[..n - 1].iter().collect();
        out.push((format!("{base}د"), 0.9));
    }
    // Spoken plural/verb endings: «میکنن» for «میکنند», «بدن» for «بدهند» (only the first).
    if n >= 5 && (word.starts_with("می") || word.starts_with("نمی")) && word.ends_with('ن') && !word.ends_with("ان") {
        out.push((format!("{word}د"), 0.85));
    }
    // A spoken copula: «لازمه» for «لازم است», «چقدره» for «چقدر است».
    if n >= 4 && word.ends_with('ه') && !word.starts_with("می") {
        let base: String = chars[..n - 1].iter().collect();
        out.push((base, 0.8));
    }
    // Spoken possessives on nouns: «شکایتمون» → «شکایت» is left to the stemmer; spoken
    // «-و» for «را» after a word («کدو» for «کد را») is too ambiguous to guess.
    out
}

/// A key in which letters that sound alike are one letter, so `شکایط` meets `شکایت` and
/// `بلیط` meets `بلیت`: the commonest Persian misspellings are homophones.
pub fn sound_key(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'ط' => 'ت',
            'ص' | 'ث' => 'س',
            'ذ' | 'ض' | 'ظ' => 'ز',
            'ح' => 'ه',
            'غ' => 'ق',
            'ع' => 'ا',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_share_a_stem() {
        let shares = |a: &str, b: &str| stems(a).iter().any(|s| stems(b).contains(s));
        assert!(shares("شکایتم", "شکایت"));
        assert!(shares("درخواستم", "درخواست"));
        assert!(shares("نسخهها", "نسخه"));
        assert!(shares("پیشنویسهای", "پیشنویس"));
        assert!(shares("فراموشی", "فراموش"));
        assert!(shares("کتابهایمان", "کتاب"));
        assert!(shares("شکایتمون", "شکایت"));
        assert!(shares("رمزمو", "رمز"));
        assert!(!shares("کتاب", "کتیبه"));
    }

    #[test]
    fn short_words_keep_their_last_letter() {
        assert_eq!(stems("ثبت"), ["ثبت"]);
        assert_eq!(stems("کد"), ["کد"]);
    }

    #[test]
    fn spoken_forms_map_to_written_ones() {
        let has = |w: &str, target: &str| written_forms(w).iter().any(|(f, _)| f == target);
        assert!(has("میخوام", "میخواهم"));
        assert!(has("میکنه", "میکند"));
        assert!(has("میکشه", "میکشد"));
        assert!(has("یه", "یک"));
        assert!(has("چجوری", "چگونه"));
        assert!(has("لازمه", "لازم"));
        assert!(has("میکنن", "میکنند"));
        assert!(written_forms("کتاب").is_empty());
    }

    #[test]
    fn homophones_share_a_key() {
        assert_eq!(sound_key("شکایط"), sound_key("شکایت"));
        assert_eq!(sound_key("بلیط"), sound_key("بلیت"));
        assert_eq!(sound_key("ثبت"), sound_key("سبت"));
        assert_ne!(sound_key("کتاب"), sound_key("کباب"));
    }
}

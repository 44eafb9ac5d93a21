//! Persian normalisation for matching, never for display: what the citizen and the agency
//! wrote is shown as written, while search and comparison see one spelling per word.
//!
//! The rules (see DESIGN.md): Arabic ي ى ئ → ی, ك → ک, ة ۀ ھ → ه, أ إ ٱ آ → ا, ؤ → و;
//! diacritics (U+064B–U+065F, U+0670) and tatweel (U+0640) removed; every digit script → ASCII;
//! Latin case-folded; ZWNJ, space and no space between the parts of one word made equal
//! (`می‌شود`, `می شود`, `میشود` all become `میشود`).

use crate::digits::digit_value;

/// What one character becomes for matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// Part of a word, as this character.
    Char(char),
    /// Part of a word but contributes nothing (diacritics, tatweel, ZWNJ, bidi controls).
    Ignore,
    /// Ends a word.
    Break,
}

pub fn fold_char(c: char) -> Fold {
    match c {
        'ي' | 'ى' | 'ئ' | 'ې' => Fold::Char('ی'),
        'ك' | 'ڪ' => Fold::Char('ک'),
        'ة' | 'ۀ' | 'ھ' | 'ە' => Fold::Char('ه'),
        'أ' | 'إ' | 'ٱ' | 'آ' | 'ٲ' | 'ٳ' => Fold::Char('ا'),
        'ؤ' => Fold::Char('و'),
        'ء' => Fold::Ignore,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => Fold::Ignore,
        // ZWNJ and ZWJ join the parts of one word; bidi marks and overrides are invisible and
        // must not split or change a word (a classic trick to dodge filters).
        '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' | '\u{00AD}' | '\u{200B}' => Fold::Ignore,
        // The common cases first, without Unicode table look-ups: Persian letters and ASCII.
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{067E}' | '\u{0686}' | '\u{0698}' | '\u{06A9}'
        | '\u{06AF}' | '\u{06CC}' | 'a'..='z' | '0'..='9' => Fold::Char(c),
        'A'..='Z' => Fold::Char(c.to_ascii_lowercase()),
        ' ' | '\n' | '\t' | '\r' | '.' | ',' | '،' | '؟' | '?' | '!' | ':' | '؛' | ';' | '(' | ')' | '«' | '»' | '"'
        | '\'' | '-' | '/' => Fold::Break,
        _ => {
            if let Some(d) = digit_value(c) {
                return Fold::Char(char::from(b'0' + d));
            }
            if c.is_alphanumeric() {
                // Latin (and other cased scripts) fold to lower case; one char in, one out
                // for everything the desk expects, else keep it as is.
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => Fold::Char(l),
                    _ => Fold::Char(c),
                }
            } else if is_mark(c) {
                Fold::Ignore
            } else {
                Fold::Break
            }
        }
    }
}

/// Combining marks outside the Arabic block (e.g. on Latin letters) are dropped too.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{06D6}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}')
}

/// `text` with every character folded and runs of separators made one space; for comparing
/// whole strings (draft titles, unit names).
pub fn normalize(text: &str) -> String {
    let tokens = tokenize(text);
    let mut out = String::new();
    for t in tokens {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&t.norm);
    }
    out
}

/// Whether `needle` occurs in `haystack` once both are normalised (spaces and half-spaces
/// ignored), for text filters such as the drafts list's.
pub fn contains(haystack: &str, needle: &str) -> bool {
    let squash = |s: &str| normalize(s).replace(' ', "");
    let n = squash(needle);
    n.is_empty() || squash(haystack).contains(&n)
}

/// A word of the original text: its normalised form and where it is (byte offsets into the
/// original string, so highlights land on what the citizen sees).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub norm: String,
    pub start: usize,
    pub end: usize,
}

/// Verbal prefixes that are written as a separate word, with a space instead of a ZWNJ.
const PREFIXES: &[&str] = &["می", "نمی", "همی"];

/// Endings that are written as a separate word (`کتاب ها`, `بهتر ین`): they belong to the
/// word before.
const SUFFIX_WORDS: &[&str] = &[
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "ای", "ام", "اید", "اند",
    "ایم", "ترین", "تر",
];

/// Splits `text` into words, folds each, and joins the parts of one word that are written
/// apart (`می شود` → `میشود`, `کتاب ها` → `کتابها`).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut raw: Vec<Token> = Vec::new();
    let mut cur: Option<Token> = None;
    for (i, c) in text.char_indices() {
        match fold_char(c) {
            Fold::Char(f) => {
                let t = cur.get_or_insert_with(|| Token { norm: String::new(), start: i, end: i });
                t.norm.push(f);
                t.end = i + c.len_utf8();
            }
            Fold::Ignore => {
                if let Some(t) = cur.as_mut() {
                    t.end = i + c.len_utf8();
                }
            }
            Fold::Break => {
                if let Some(t) = cur.take() {
                    raw.push(t);
                }
            }
        }
    }
    if let Some(t) = cur.take() {
        raw.push(t);
    }
    // An ignorable character before any letter opened nothing, but one after a word was
    // counted into its span; trim spans that end in ZWNJ etc. back to the last letter.
    for t in raw.iter_mut() {
        while let Some(c) = text[t.start..t.end].chars().next_back() {
            if matches!(fold_char(c), Fold::Ignore) && t.end > t.start + c.len_utf8() {
                t.end -= c.len_utf8();
            } else {
                break;
            }
        }
    }
    raw.retain(|t| !t.norm.is_empty());
    join_parts(raw)
}

fn is_persian_word(s: &str) -> bool {
    s.chars().next().is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// A word joined with its ending can itself read as an ending (`ه` + `ای` = `های`); it then
/// belongs to the word before it too, as it would when the result is normalised again
/// (found by fuzzing: normalising must be idempotent).
fn merge_suffixes(out: &mut Vec<Token>) {
    while out.len() >= 2 && SUFFIX_WORDS.contains(&out[out.len() - 1].norm.as_str()) && is_persian_word(&out[out.len() - 2].norm) {
        let last = out.pop().expect("two tokens");
        let prev = out.last_mut().expect("one token");
        prev.norm.push_str(&last.norm);
        prev.end = last.end;
    }
}

fn join_parts(raw: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(raw.len());
    let mut pending_prefix: Option<Token> = None;
    for t in raw {
        let t = match pending_prefix.take() {
            // Prefixes in a row (`می می`, not Persian but typed) wait together for the word,
            // so normalising the result again changes nothing (found by fuzzing).
            Some(p) if PREFIXES.contains(&t.norm.as_str()) => {
                pending_prefix = Some(Token { norm: format!("{}{}", p.norm, t.norm), start: p.start, end: t.end });
                continue;
            }
            Some(p) if is_persian_word(&t.norm) => Token { norm: format!("{}{}", p.norm, t.norm), start: p.start, end: t.end },
            Some(p) => {
                out.push(p);
                t
            }
            None => t,
        };
        if PREFIXES.contains(&t.norm.as_str()) {
            pending_prefix = Some(t);
            continue;
        }
        if SUFFIX_WORDS.contains(&t.norm.as_str()) {
            if let Some(prev) = out.last_mut().filter(|p| is_persian_word(&p.norm)) {
                prev.norm.push_str(&t.norm);
                prev.end = t.end;
                merge_suffixes(&mut out);
                continue;
            }
        }
        out.push(t);
    }
    if let Some(p) = pending_prefix {
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn arabic_letters_become_persian() {
        assert_eq!(normalize("شكايت"), "شکایت");
        assert_eq!(normalize("پيگيري"), "پیگیری");
        assert_eq!(normalize("مسئول"), "مسیول");
        assert_eq!(normalize("مسیول"), "مسیول");
        assert_eq!(normalize("مدرسة"), "مدرسه");
        assert_eq!(normalize("خانۀ"), "خانه");
        assert_eq!(normalize("مؤسسه"), "موسسه");
        assert_eq!(normalize("أحمد إسلامی"), "احمد اسلامی");
        assert_eq!(normalize("آموزش"), "اموزش");
    }

    #[test]
    fn diacritics_and_tatweel_are_dropped() {
        assert_eq!(normalize("مُدَرِّس"), "مدرس");
        assert_eq!(normalize("کتـــاب"), "کتاب");
        assert_eq!(normalize("تأسیس"), "تاسیس");
        assert_eq!(normalize("رحمٰن"), "رحمن");
    }

    #[test]
    fn half_space_space_and_joined_forms_match() {
        assert_eq!(normalize("می‌شود"), "میشود");
        assert_eq!(normalize("می شود"), "میشود");
        assert_eq!(normalize("میشود"), "میشود");
        assert_eq!(normalize("نمی خواهم"), "نمیخواهم");
        assert_eq!(normalize("پیش‌نویس"), "پیشنویس");
        assert_eq!(normalize("پیشنویس"), "پیشنویس");
        assert_eq!(normalize("کتاب ها"), "کتابها");
        assert_eq!(normalize("کتاب‌های"), "کتابهای");
        assert_eq!(normalize("بزرگ ترین"), "بزرگترین");
    }

    #[test]
    fn digits_of_every_script_become_ascii() {
        assert_eq!(normalize("۱۴۰۵"), "1405");
        assert_eq!(normalize("٤٥"), "45");
        assert_eq!(normalize("کد ۱۲۳"), "کد 123");
    }

    #[test]
    fn latin_is_case_folded() {
        assert_eq!(normalize("SMS Online"), "sms online");
    }

    #[test]
    fn punctuation_and_emoji_separate_words() {
        assert_eq!(norms("سلام، دنیا؟! 🙂 (آزمایش)"), ["سلام", "دنیا", "ازمایش"]);
        assert!(tokenize("؟!…  🙂🙂").is_empty());
    }

    #[test]
    fn bidi_controls_do_not_split_words() {
        assert_eq!(normalize("شک\u{202E}ایت"), "شکایت");
        assert_eq!(normalize("\u{200F}شکایت\u{200E}"), "شکایت");
    }

    #[test]
    fn spans_point_at_the_original_text() {
        let text = "پیگیری   می‌شود؛ شكايت";
        let tokens = tokenize(text);
        assert_eq!(tokens.len(), 3);
        assert_eq!(&text[tokens[0].start..tokens[0].end], "پیگیری");
        assert_eq!(&text[tokens[1].start..tokens[1].end], "می‌شود");
        assert_eq!(&text[tokens[2].start..tokens[2].end], "شكايت");
    }

    #[test]
    fn a_lone_prefix_stays_a_word() {
        assert_eq!(norms("می"), ["می"]);
        assert_eq!(norms("می 12"), ["می", "12"]);
    }

    #[test]
    fn contains_ignores_spelling_variants() {
        assert!(contains("دستورالعمل صدور مجوز", "صدور  مجوز"));
        assert!(contains("پیش‌نویس آیین‌نامه", "پیش نویس"));
        assert!(contains("پیش‌نویس آیین‌نامه", "آيين نامه"));
        assert!(!contains("پیش‌نویس", "لایحه"));
        assert!(contains("anything", "   "));
    }
}

/// Combining marks (accents, Arabic harakat, enclosing marks) that stack on the letter before
/// them. Persian text needs at most three on one letter (a shadda, a vowel, a tanwin).
fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED | 0x08D3..=0x08FF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The most combining marks kept on one letter of citizens' text.
pub const MAX_MARKS: usize = 4;

/// Citizens' text as stored: a run of more than `MAX_MARKS` combining marks on one letter (a
/// "Zalgo" name, drawn as a tower over the lines around it) is cut to `MAX_MARKS`.
pub fn cap_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if is_combining(c) {
            run += 1;
            if run > MAX_MARKS {
                continue;
            }
        } else {
            run = 0;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    #[test]
    fn towers_of_marks_are_cut_and_persian_is_kept() {
        let zalgo: String = std::iter::once('ز').chain((0..79).map(|i| char::from_u32(0x0300 + i % 0x70).unwrap())).collect();
        let capped = cap_marks(&zalgo);
        assert_eq!(capped.chars().count(), 1 + MAX_MARKS);
        // شدّه and فتحه on one letter, and tanwin: untouched.
        let persian = "مُحَمَّد و کتاباً";
        assert_eq!(cap_marks(persian), persian);
        assert_eq!(cap_marks("a\u{301}\u{301}\u{301}\u{301}\u{301}b"), "a\u{301}\u{301}\u{301}\u{301}b");
    }
}

//! Digits in the three scripts citizens type: ASCII, Persian (U+06F0…) and Arabic-Indic (U+0660…).
//!
//! Every input accepts all three; everything stored or sent is ASCII; the UI shows Persian.

/// The ASCII value of a digit in any of the three scripts, if `c` is one.
pub fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{06F0}'..='\u{06F9}' => Some((c as u32 - 0x06F0) as u8),
        '\u{0660}'..='\u{0669}' => Some((c as u32 - 0x0660) as u8),
        _ => None,
    }
}

/// Rewrites Persian and Arabic-Indic digits as ASCII, leaving every other character alone.
pub fn to_ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match digit_value(c) {
            Some(d) => char::from(b'0' + d),
            None => c,
        })
        .collect()
}

/// Rewrites ASCII and Arabic-Indic digits as Persian digits, for display.
pub fn to_persian_digits(s: &str) -> String {
    s.chars()
        .map(|c| match digit_value(c) {
            Some(d) => char::from_u32(0x06F0 + d as u32).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Keeps only the digits of `s` (any script), as ASCII: for phone numbers typed with
/// spaces, dashes or parentheses.
pub fn ascii_digits_only(s: &str) -> String {
    s.chars()
        .filter_map(digit_value)
        .map(|d| char::from(b'0' + d))
        .collect()
}

/// Characters that take no room and carry no letter: joiners and non-joiners, direction marks
/// and embeddings, the byte-order mark, soft hyphens. People paste them into codes and phone
/// numbers without seeing them, so every field that reads digits ignores the same set.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_reads_as_ascii() {
        assert_eq!(to_ascii_digits("۱۲۳"), "123");
        assert_eq!(to_ascii_digits("٤٥٦"), "456");
        assert_eq!(to_ascii_digits("7۸٩"), "789");
        assert_eq!(to_ascii_digits("کد ۰۱-a"), "کد 01-a");
    }

    #[test]
    fn display_is_persian() {
        assert_eq!(to_persian_digits("42991"), "۴۲۹۹۱");
        assert_eq!(to_persian_digits("٠٩"), "۰۹");
        assert_eq!(to_persian_digits("tel: 021-88"), "tel: ۰۲۱-۸۸");
    }

    #[test]
    fn digits_only_strips_separators() {
        assert_eq!(ascii_digits_only("۰۲۱ - ۸۸۲۰ ۳۵۳۰"), "02188203530");
        assert_eq!(ascii_digits_only("(+98) 912"), "98912");
        assert_eq!(ascii_digits_only("بدون عدد"), "");
    }

    #[test]
    fn round_trip() {
        for n in 0..2000u32 {
            let s = n.to_string();
            assert_eq!(to_ascii_digits(&to_persian_digits(&s)), s);
        }
    }
}

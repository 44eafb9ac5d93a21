//! Tracking codes (کد رهگیری): 12 digits, 11 random and a Damm check digit, shown as
//! `1234-5678-9012`. The Damm algorithm catches every single-digit error and every swap of
//! two neighbouring digits, so the app rejects a mistyped code at once, offline, before any
//! request; and random digits mean codes cannot be walked in sequence.

use crate::digits::digit_value;

/// Damm's quasigroup of order 10 (weakly totally anti-symmetric).
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

pub const LEN: usize = 12;

/// The Damm interim digit of `digits`: 0 exactly when a code with its check digit is valid.
pub fn damm(digits: &[u8]) -> u8 {
    digits.iter().fold(0u8, |interim, &d| DAMM[interim as usize][d as usize])
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackingCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackingCodeError {
    Empty,
    /// A character that is not a digit, space or dash (e.g. a letter).
    NotADigit,
    /// Fewer or more than 12 digits; carries how many were given.
    WrongLength(usize),
    /// 12 digits whose check digit does not match: a typo.
    CheckDigit,
}

impl TrackingCodeError {
    /// What to tell the citizen, in Persian.
    pub fn message_fa(self) -> String {
        match self {
            TrackingCodeError::Empty => "کد رهگیری را وارد کنید".into(),
            TrackingCodeError::NotADigit => "کد رهگیری فقط رقم دارد؛ حرف یا نشانه دیگری در آن نیست".into(),
            TrackingCodeError::WrongLength(n) => format!(
                "کد رهگیری ۱۲ رقم است؛ شما {} رقم وارد کرده‌اید",
                crate::digits::to_persian_digits(&n.to_string())
            ),
            TrackingCodeError::CheckDigit => {
                "این کد رهگیری درست نیست؛ احتمالاً یک رقم اشتباه یا جابه‌جا تایپ شده است. دوباره بررسی کنید".into()
            }
        }
    }

    pub fn message_en(self) -> String {
        match self {
            TrackingCodeError::Empty => "Enter the tracking code".into(),
            TrackingCodeError::NotADigit => "A tracking code has only digits".into(),
            TrackingCodeError::WrongLength(n) => format!("A tracking code has 12 digits; you entered {n}"),
            TrackingCodeError::CheckDigit => {
                "This tracking code is not valid: a digit is probably mistyped or two are swapped. Please check it".into()
            }
        }
    }
}

/// Characters people put between digit groups, which we ignore.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || crate::digits::is_invisible(c) || matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '−' | '_' | '.' | '/')
}

/// Whether a backend's codes end in a check digit the app can verify before asking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CheckDigit {
    /// Any 12 digits may be a code; only the backend can tell.
    #[default]
    None,
    /// The twelfth digit is the Damm check digit of the first eleven (the reference server's).
    Damm,
}

impl TrackingCode {
    /// Reads a code as citizens type it: Persian, Arabic-Indic or ASCII digits, with spaces or
    /// dashes anywhere; the check digit must hold (the reference server's own codes).
    pub fn parse(input: &str) -> Result<TrackingCode, TrackingCodeError> {
        Self::parse_with(input, CheckDigit::Damm)
    }

    /// As `parse`, verifying the check digit only when the backend declares one.
    pub fn parse_with(input: &str, check: CheckDigit) -> Result<TrackingCode, TrackingCodeError> {
        let mut digits = Vec::with_capacity(LEN);
        for c in input.chars() {
            if is_separator(c) {
                continue;
            }
            match digit_value(c) {
                Some(d) => digits.push(d),
                None => return Err(TrackingCodeError::NotADigit),
            }
            if digits.len() > 64 {
                break;
            }
        }
        if digits.is_empty() {
            return Err(TrackingCodeError::Empty);
        }
        if digits.len() != LEN {
            return Err(TrackingCodeError::WrongLength(digits.len()));
        }
        if check == CheckDigit::Damm && damm(&digits) != 0 {
            return Err(TrackingCodeError::CheckDigit);
        }
        Ok(TrackingCode(digits.iter().map(|d| char::from(b'0' + d)).collect()))
    }

    /// A code from 11 random digits (each 0–9) and its check digit.
    pub fn from_random(random: [u8; LEN - 1]) -> TrackingCode {
        let body: Vec<u8> = random.iter().map(|d| d % 10).collect();
        let check = damm(&body);
        let mut s: String = body.iter().map(|d| char::from(b'0' + d)).collect();
        s.push(char::from(b'0' + check));
        TrackingCode(s)
    }

    /// The 12 ASCII digits, as stored and sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `1234-5678-9012`.
    pub fn grouped(&self) -> String {
        format!("{}-{}-{}", &self.0[0..4], &self.0[4..8], &self.0[8..12])
    }

    /// `۱۲۳۴-۵۶۷۸-۹۰۱۲`.
    pub fn grouped_fa(&self) -> String {
        crate::digits::to_persian_digits(&self.grouped())
    }
}

impl std::fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.grouped())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_damm_values() {
        // The worked example of the Damm algorithm: 572 → check digit 4.
        assert_eq!(damm(&[5, 7, 2]), 4);
        assert_eq!(damm(&[5, 7, 2, 4]), 0);
    }

    #[test]
    fn parses_every_digit_script_and_separator() {
        let code = TrackingCode::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
        let g = code.grouped();
        assert_eq!(TrackingCode::parse(&g), Ok(code.clone()));
        assert_eq!(TrackingCode::parse(&code.grouped_fa()), Ok(code.clone()));
        let arabic: String = code.as_str().chars().map(|c| char::from_u32(0x0660 + (c as u32 - 48)).unwrap()).collect();
        assert_eq!(TrackingCode::parse(&arabic), Ok(code.clone()));
        let spaced = g.replace('-', " ");
        assert_eq!(TrackingCode::parse(&format!("  {spaced} ")), Ok(code.clone()));
        assert_eq!(TrackingCode::parse(&format!("\u{200F}{}", g.replace('-', "–"))), Ok(code));
    }

    #[test]
    fn without_a_declared_check_any_twelve_digits_are_a_code() {
        let code = TrackingCode::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
        let mut wrong = code.as_str().to_owned();
        let last = wrong.pop().unwrap().to_digit(10).unwrap();
        wrong.push(char::from_digit((last + 1) % 10, 10).unwrap());
        assert_eq!(TrackingCode::parse(&wrong), Err(TrackingCodeError::CheckDigit));
        assert_eq!(TrackingCode::parse_with(&wrong, CheckDigit::None).map(|c| c.as_str().to_owned()), Ok(wrong.clone()));
        assert_eq!(TrackingCode::parse_with("۱۲۳۴-۵۶۷۸-۹۰۱۲", CheckDigit::None).map(|c| c.grouped()), Ok("1234-5678-9012".into()));
        assert_eq!(TrackingCode::parse_with("1234", CheckDigit::None), Err(TrackingCodeError::WrongLength(4)));
    }

    #[test]
    fn every_invisible_separator_is_ignored_alike() {
        let code = TrackingCode::from_random([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9]);
        let g = code.grouped();
        for sep in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{202E}', '\u{00AD}', '\u{061C}', '\u{2066}'] {
            let typed = g.replace('-', &sep.to_string());
            assert_eq!(TrackingCode::parse(&typed), Ok(code.clone()), "U+{:04X}", sep as u32);
            assert_eq!(crate::mobile::Mobile::parse(&format!("0912{sep}123{sep}4567")).map(|m| m.as_str().to_owned()), Ok("09121234567".to_owned()), "U+{:04X}", sep as u32);
        }
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(TrackingCode::parse(""), Err(TrackingCodeError::Empty));
        assert_eq!(TrackingCode::parse(" - "), Err(TrackingCodeError::Empty));
        assert_eq!(TrackingCode::parse("1234-5678-901a"), Err(TrackingCodeError::NotADigit));
        assert_eq!(TrackingCode::parse("1234"), Err(TrackingCodeError::WrongLength(4)));
        assert_eq!(TrackingCode::parse(&"1".repeat(500)), Err(TrackingCodeError::WrongLength(65)));
        assert!(TrackingCode::parse("1234-5678-9012").is_err());
        assert!(TrackingCodeError::WrongLength(4).message_fa().contains('۴'));
    }

    fn digits_of(c: &TrackingCode) -> Vec<u8> {
        c.as_str().bytes().map(|b| b - b'0').collect()
    }

    fn code_of(d: &[u8]) -> String {
        d.iter().map(|d| char::from(b'0' + d)).collect()
    }

    proptest! {
        #[test]
        fn generated_codes_parse(random in prop::array::uniform11(0u8..10)) {
            let code = TrackingCode::from_random(random);
            prop_assert_eq!(TrackingCode::parse(code.as_str()), Ok(code.clone()));
            prop_assert_eq!(TrackingCode::parse(&code.grouped_fa()), Ok(code));
        }

        #[test]
        fn every_single_digit_error_is_caught(random in prop::array::uniform11(0u8..10), pos in 0usize..12, delta in 1u8..10) {
            let mut d = digits_of(&TrackingCode::from_random(random));
            d[pos] = (d[pos] + delta) % 10;
            prop_assert_eq!(TrackingCode::parse(&code_of(&d)), Err(TrackingCodeError::CheckDigit));
        }

        #[test]
        fn every_adjacent_swap_is_caught(random in prop::array::uniform11(0u8..10), pos in 0usize..11) {
            let mut d = digits_of(&TrackingCode::from_random(random));
            prop_assume!(d[pos] != d[pos + 1]);
            d.swap(pos, pos + 1);
            prop_assert_eq!(TrackingCode::parse(&code_of(&d)), Err(TrackingCodeError::CheckDigit));
        }
    }
}

//! The Iranian national code (کد ملی): 10 digits, the last a check digit over the first nine.

use crate::digits::digit_value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NationalCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NationalCodeError {
    Empty,
    NotADigit,
    WrongLength,
    CheckDigit,
}

impl NationalCodeError {
    pub fn message_fa(self) -> &'static str {
        match self {
            NationalCodeError::Empty => "کد ملی را وارد کنید",
            NationalCodeError::NotADigit => "کد ملی فقط رقم دارد",
            NationalCodeError::WrongLength => "کد ملی ۱۰ رقم است",
            NationalCodeError::CheckDigit => "این کد ملی معتبر نیست؛ رقم‌ها را دوباره بررسی کنید",
        }
    }
}

impl NationalCode {
    /// Accepts any digit script with spaces or dashes; codes written without their leading
    /// zeros (8 or 9 digits) are padded, as the registry does.
    pub fn parse(input: &str) -> Result<NationalCode, NationalCodeError> {
        let mut digits = Vec::new();
        for c in input.chars() {
            match digit_value(c) {
                Some(d) => digits.push(d),
                None if c.is_whitespace() || c == '-' || crate::digits::is_invisible(c) => {}
                None => return Err(NationalCodeError::NotADigit),
            }
            if digits.len() > 10 {
                return Err(NationalCodeError::WrongLength);
            }
        }
        if digits.is_empty() {
            return Err(NationalCodeError::Empty);
        }
        if digits.len() < 8 {
            return Err(NationalCodeError::WrongLength);
        }
        while digits.len() < 10 {
            digits.insert(0, 0);
        }
        // All ten digits the same passes the arithmetic but is never issued.
        if digits.iter().all(|&d| d == digits[0]) {
            return Err(NationalCodeError::CheckDigit);
        }
        let sum: u32 = digits[..9].iter().enumerate().map(|(i, &d)| d as u32 * (10 - i as u32)).sum();
        let r = sum % 11;
        let check = if r < 2 { r } else { 11 - r };
        if digits[9] as u32 != check {
            return Err(NationalCodeError::CheckDigit);
        }
        Ok(NationalCode(digits.iter().map(|d| char::from(b'0' + d)).collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes() {
        for c in ["0499370899", "0790419904", "0084575948", "۰۴۹۹۳۷۰۸۹۹", "049-937089-9", "84575948"] {
            assert!(NationalCode::parse(c).is_ok(), "{c}");
        }
        assert_eq!(NationalCode::parse("84575948").unwrap().as_str(), "0084575948");
    }

    #[test]
    fn invalid_codes() {
        assert_eq!(NationalCode::parse(""), Err(NationalCodeError::Empty));
        assert_eq!(NationalCode::parse("0499370898"), Err(NationalCodeError::CheckDigit));
        assert_eq!(NationalCode::parse("1111111111"), Err(NationalCodeError::CheckDigit));
        assert_eq!(NationalCode::parse("12345"), Err(NationalCodeError::WrongLength));
        assert_eq!(NationalCode::parse("04993708991"), Err(NationalCodeError::WrongLength));
        assert_eq!(NationalCode::parse("04993a0899"), Err(NationalCodeError::NotADigit));
    }
}

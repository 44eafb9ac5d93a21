//! Iranian mobile numbers, as citizens type them: `09121234567`, `+989121234567`,
//! `00989121234567`, `989121234567`, `9121234567`, in any digit script, with spaces, dashes or
//! parentheses. Stored in one form: `09121234567`.

use crate::digits::digit_value;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mobile(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MobileError {
    Empty,
    /// Letters or other characters that are not part of a phone number.
    NotADigit,
    /// A number of another country (`+44…`, `001…`).
    Foreign,
    /// An Iranian number that is not a mobile (landlines start 01–08).
    NotMobile,
    /// The right start but too few or too many digits.
    WrongLength,
}

impl MobileError {
    pub fn message_fa(self) -> &'static str {
        match self {
            MobileError::Empty => "شماره تلفن همراه را وارد کنید",
            MobileError::NotADigit => "شماره تلفن همراه فقط رقم دارد، مانند ۰۹۱۲۱۲۳۴۵۶۷",
            MobileError::Foreign => "فقط شماره تلفن همراه ایران پذیرفته می‌شود (با ۰۹ یا ‎+۹۸۹ شروع می‌شود)",
            MobileError::NotMobile => "این شماره تلفن ثابت است؛ شماره تلفن همراه با ۰۹ شروع می‌شود",
            MobileError::WrongLength => "شماره تلفن همراه ۱۱ رقم است، مانند ۰۹۱۲۱۲۳۴۵۶۷",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            MobileError::Empty => "Enter your mobile number",
            MobileError::NotADigit => "A mobile number has only digits, like 09121234567",
            MobileError::Foreign => "Only Iranian mobile numbers are accepted (starting 09 or +989)",
            MobileError::NotMobile => "This is a landline; a mobile number starts with 09",
            MobileError::WrongLength => "A mobile number has 11 digits, like 09121234567",
        }
    }
}

impl Mobile {
    pub fn parse(input: &str) -> Result<Mobile, MobileError> {
        let mut digits = String::new();
        let mut plus = false;
        for c in input.chars() {
            if let Some(d) = digit_value(c) {
                digits.push(char::from(b'0' + d));
                if digits.len() > 20 {
                    return Err(MobileError::WrongLength);
                }
            } else if c == '+' && digits.is_empty() && !plus {
                plus = true;
            } else if !(c.is_whitespace() || crate::digits::is_invisible(c) || matches!(c, '-' | '(' | ')' | '.' | '‐' | '–')) {
                return Err(MobileError::NotADigit);
            }
        }
        if digits.is_empty() {
            return Err(MobileError::Empty);
        }
        // Reduce every international form to the national significant number.
        let national = if plus {
            digits.strip_prefix("98").ok_or(MobileError::Foreign)?
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.strip_prefix("98").ok_or(MobileError::Foreign)?
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest
        } else if digits.len() == 12 && digits.starts_with("98") {
            &digits[2..]
        } else {
            &digits[..]
        };
        let national = national.strip_prefix('0').unwrap_or(national);
        if !national.starts_with('9') {
            return Err(if national.is_empty() { MobileError::WrongLength } else { MobileError::NotMobile });
        }
        if national.len() != 10 {
            return Err(MobileError::WrongLength);
        }
        Ok(Mobile(format!("0{national}")))
    }

    /// `09121234567`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `+989121234567`, for SMS gateways.
    pub fn e164(&self) -> String {
        format!("+98{}", &self.0[1..])
    }

    /// `۰۹۱۲ ۱۲۳ ۴۵۶۷` style masking for display to someone else: `۰۹۱۲***۴۵۶۷`.
    pub fn masked(&self) -> String {
        format!("{}***{}", &self.0[..4], &self.0[7..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_form_is_one_number() {
        for input in [
            "09121234567",
            "۰۹۱۲۱۲۳۴۵۶۷",
            "٠٩١٢١٢٣٤٥٦٧",
            "+989121234567",
            "+98 912 123 4567",
            "00989121234567",
            "989121234567",
            "9121234567",
            "0912-123-4567",
            "(0912) 123 4567",
            "+98 (0)912 123 4567",
            "\u{200E}+۹۸۹۱۲۱۲۳۴۵۶۷",
        ] {
            assert_eq!(Mobile::parse(input).map(|m| m.0), Ok("09121234567".to_owned()), "{input}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_iranian_mobile() {
        assert_eq!(Mobile::parse(""), Err(MobileError::Empty));
        assert_eq!(Mobile::parse("   "), Err(MobileError::Empty));
        assert_eq!(Mobile::parse("0912abc4567"), Err(MobileError::NotADigit));
        assert_eq!(Mobile::parse("+447911123456"), Err(MobileError::Foreign));
        assert_eq!(Mobile::parse("0014155552671"), Err(MobileError::Foreign));
        assert_eq!(Mobile::parse("02188203530"), Err(MobileError::NotMobile));
        assert_eq!(Mobile::parse("0912123456"), Err(MobileError::WrongLength));
        assert_eq!(Mobile::parse("091212345678"), Err(MobileError::WrongLength));
        assert_eq!(Mobile::parse(&"9".repeat(100)), Err(MobileError::WrongLength));
        assert_eq!(Mobile::parse("++989121234567"), Err(MobileError::NotADigit));
    }

    #[test]
    fn formats() {
        let m = Mobile::parse("09121234567").unwrap();
        assert_eq!(m.e164(), "+989121234567");
        assert_eq!(m.masked(), "0912***4567");
    }
}

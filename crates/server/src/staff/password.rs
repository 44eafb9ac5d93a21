//! Staff passwords: Argon2id (RFC 9106) in the PHC string format, with OWASP's minimum
//! parameters (19 MiB, 2 passes, 1 lane): about 30 ms a check here, so a stolen table costs
//! an attacker the same per guess, and the sign-in rate limit does the rest.

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters"))
}

pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random generator works");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a salt");
    hasher().hash_password(password.as_bytes(), &salt).expect("Argon2 hashes any password").to_string()
}

/// Whether `password` is the one `stored` was made from; a malformed `stored` matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
}

/// Checked against a made-up hash when the account does not exist, so that a wrong name takes
/// as long as a wrong password and timing does not tell which names exist.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not a password anyone has"));
    let _ = verify(password, stored);
}

/// Why a new password is refused, in Persian; `None` when it is acceptable. Length is what
/// matters (NIST SP 800-63B): at least 10 characters, at most 128, and not the user name.
pub fn weakness(password: &str, username: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < 10 {
        return Some("گذرواژه باید دست‌کم ۱۰ نویسه باشد");
    }
    if n > 128 {
        return Some("گذرواژه نباید بیش از ۱۲۸ نویسه باشد");
    }
    if password.trim().eq_ignore_ascii_case(username.trim()) {
        return Some("گذرواژه نباید همان نام کاربری باشد");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let h = hash("درست و طولانی ۱۲۳");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("درست و طولانی ۱۲۳", &h));
        assert!(!verify("درست و طولانی ۱۲۴", &h));
        assert!(!verify("x", "not a hash"));
        assert_ne!(hash("same"), hash("same"), "salted");
    }

    #[test]
    fn weak_passwords_are_named() {
        assert!(weakness("short", "u").is_some());
        assert!(weakness("officer.one", "officer.one").is_some());
        assert_eq!(weakness("a long enough phrase", "u"), None);
    }
}

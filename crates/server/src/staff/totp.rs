//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps,
//! 6 digits, which is what every authenticator app reads from an `otpauth://` address. A code
//! of the previous or the next step is accepted (a phone's clock drifts), and each step is
//! accepted once per account, so an overheard code cannot be replayed.

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
const DIGITS: u32 = 6;

/// A new 160-bit secret, in base32 (what apps and the `otpauth` address take).
pub fn new_secret() -> String {
    let mut raw = [0u8; 20];
    getrandom::fill(&mut raw).expect("the OS random generator works");
    base32_encode(&raw)
}

/// The code for time step `step` (Unix seconds / 30).
pub fn code_at(secret: &[u8], step: i64) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(&(step as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([h[offset] & 0x7f, h[offset + 1], h[offset + 2], h[offset + 3]]);
    format!("{:06}", bin % 10u32.pow(DIGITS))
}

pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The step `code` is right for (now, one before or one after), if it is right and later than
/// `last_used`. `code` may be written in Persian or Arabic digits and with spaces.
pub fn check(secret_b32: &str, code: &str, now_seconds: i64, last_used: i64) -> Option<i64> {
    let secret = base32_decode(secret_b32)?;
    let code: String = miz_core::digits::to_ascii_digits(code).chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_of(now_seconds);
    [now, now - 1, now + 1].into_iter().find(|&step| step > last_used && constant_eq(code_at(&secret, step).as_bytes(), code.as_bytes()))
}

/// The address an authenticator app takes (by QR code or typed in): RFC 6238 defaults spelled
/// out, since some apps assume nothing.
pub fn otpauth_uri(issuer: &str, account: &str, secret_b32: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret_b32}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

pub fn base32_encode(data: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in data {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Base32 without padding, any case, spaces ignored; `None` for anything else.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET.iter().position(|&a| a as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buffer >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B, SHA-1 column (8 digits there; the last 6 of each are ours).
    #[test]
    fn rfc6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (t, eight) in [(59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"), (1234567890, "89005924"), (2000000000, "69279037"), (20000000000, "65353130")] {
            assert_eq!(code_at(secret, step_of(t)), &eight[2..], "t = {t}");
        }
    }

    #[test]
    fn a_code_is_good_once_and_only_near_now() {
        let secret = new_secret();
        let raw = base32_decode(&secret).unwrap();
        assert_eq!(raw.len(), 20);
        let now = 1_800_000_000;
        let code = code_at(&raw, step_of(now));
        let step = check(&secret, &code, now, 0).expect("right now");
        assert_eq!(check(&secret, &code, now, step), None, "replayed");
        let fa: String = miz_core::digits::to_persian_digits(&code);
        assert_eq!(check(&secret, &fa, now, 0), Some(step), "Persian digits");
        assert_eq!(check(&secret, &code, now + 31, 0), Some(step), "a step late");
        assert_eq!(check(&secret, &code, now + 95, 0), None, "three steps late");
        assert_eq!(check(&secret, "12345", now, 0), None);
        assert_eq!(check("not base32!", &code, now, 0), None);
    }

    #[test]
    fn base32_round_trip_and_uri() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        let uri = otpauth_uri("میز", "officer.one", "ABC");
        assert!(uri.starts_with("otpauth://totp/%D9%85"), "{uri}");
        assert!(uri.contains("secret=ABC&issuer="));
    }
}

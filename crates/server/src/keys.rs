//! The desk's own secret, shared by its servers through the database: it signs case passes
//! and keys the hash of client networks. Made at first start; a second server starting at the
//! same moment keeps the first one's (the insert does nothing when the row exists).

use crate::sql::{self, Connection};
use sha2::{Digest, Sha256};

const NAME: &str = "desk-v1";

#[derive(Clone)]
pub struct ServerKey([u8; 32]);

impl ServerKey {
    pub fn load_or_create(c: &Connection) -> sql::Result<ServerKey> {
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh).expect("the OS random generator works");
        c.execute(
            "INSERT INTO server_keys (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
            (NAME, hex(&fresh)),
        )?;
        let text: String = c.query_row("SELECT value FROM server_keys WHERE name = ?1", [NAME], |r| r.get(0))?;
        let mut key = [0u8; 32];
        for (i, b) in key.iter_mut().enumerate() {
            *b = text.get(2 * i..2 * i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
        }
        Ok(ServerKey(key))
    }

    /// For tests: a key that is the same in every run.
    pub fn fixed(byte: u8) -> ServerKey {
        ServerKey([byte; 32])
    }

    /// HMAC-SHA256 of the parts, each followed by a separator so that ("ab", "c") and
    /// ("a", "bc") differ.
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut msg = Vec::new();
        for p in parts {
            msg.extend_from_slice(p);
            msg.push(0x1f);
        }
        hmac_sha256(&self.0, &msg)
    }

    /// The pass for one case: proof that this device filed or opened the case, which lets its
    /// look-ups through while its address is being limited. It grants nothing else: the
    /// look-up still needs the code and the second factor.
    pub fn case_pass(&self, agency: &str, code: &str) -> String {
        let mac = self.mac(&[b"case-pass", agency.as_bytes(), code.as_bytes()]);
        base64url(&mac[..16])
    }
}

/// RFC 2104 with SHA-256, for keys of at most one block (ours are 32 bytes).
fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut ipad = [0x36u8; 64];
    let mut opad = [0x5cu8; 64];
    for (i, k) in key.iter().take(64).enumerate() {
        ipad[i] ^= k;
        opad[i] ^= k;
    }
    let inner = Sha256::new().chain_update(ipad).chain_update(msg).finalize();
    Sha256::new().chain_update(opad).chain_update(inner).finalize().into()
}

/// Lower-case hex, as every digest and key the server stores is written.
/// Compares without leaking, through timing, how much of a guess was right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_is_rfc_4231() {
        // Test cases 1 and 2.
        let mac = hmac_sha256(&[0x0b; 20], b"Hi There");
        assert_eq!(hex(&mac), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        let key = ServerKey::fixed(1);
        assert_ne!(key.mac(&[b"a", b"bc"]), key.mac(&[b"ab", b"c"]));
    }

    #[test]
    fn passes_differ_by_code_and_agency() {
        let k = ServerKey::fixed(7);
        let p = k.case_pass("tehran-culture", "123456789012");
        assert_eq!(p.len(), 22);
        assert!(p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_ne!(p, k.case_pass("museum", "123456789012"));
        assert_ne!(p, k.case_pass("tehran-culture", "123456789013"));
        assert_ne!(p, ServerKey::fixed(8).case_pass("tehran-culture", "123456789012"));
    }

    #[test]
    fn base64url_of_known_bytes() {
        assert_eq!(base64url(b"Man"), "TWFu");
        assert_eq!(base64url(b"Ma"), "TWE");
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
    }
}

//! Unguessable values from the operating system's generator.

/// `n` random decimal digits, without modulo bias (bytes ≥ 250 are drawn again).
pub fn digits<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    let mut filled = 0;
    let mut buf = [0u8; 32];
    while filled < N {
        getrandom::fill(&mut buf).expect("the OS random generator works");
        for &b in &buf {
            if b < 250 && filled < N {
                out[filled] = b % 10;
                filled += 1;
            }
        }
    }
    out
}

/// A token of `groups` groups of four characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L), easy to read aloud and type: `K7QM-2XPA-9DFR-HW3C`.
pub fn readable_token(groups: usize) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut out = String::new();
    let mut buf = [0u8; 64];
    let mut i = 0;
    getrandom::fill(&mut buf).expect("the OS random generator works");
    for g in 0..groups {
        if g > 0 {
            out.push('-');
        }
        let mut n = 0;
        while n < 4 {
            if i == buf.len() {
                getrandom::fill(&mut buf).expect("the OS random generator works");
                i = 0;
            }
            let b = buf[i];
            i += 1;
            // 248 = 8 × 31: keeps the draw uniform.
            if b < 248 {
                out.push(ALPHABET[(b % 31) as usize] as char);
                n += 1;
            }
        }
    }
    out
}

/// `bytes` random bytes as unpadded base64url: session tokens, API tokens, OpenID Connect's
/// state, nonce and PKCE verifier.
pub fn url_token(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    getrandom::fill(&mut raw).expect("the OS random generator works");
    crate::keys::base64url(&raw)
}

/// 128 random bits in hex, for ids.
pub fn id() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("the OS random generator works");
    crate::keys::hex(&b)
}

#[cfg(test)]
mod tests {
    #[test]
    fn shapes() {
        let d = super::digits::<11>();
        assert!(d.iter().all(|&x| x < 10));
        let t = super::readable_token(4);
        assert_eq!(t.len(), 19);
        assert!(t.split('-').all(|g| g.len() == 4));
        assert_eq!(super::id().len(), 32);
        assert_ne!(super::id(), super::id());
    }
}

/// A random number for jitter (not for secrets).
pub fn u64() -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("the OS random generator works");
    u64::from_le_bytes(b)
}

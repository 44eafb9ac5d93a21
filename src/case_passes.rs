//! The passes the API gave this device for the cases it filed or opened (`X-Case-Pass`), sent
//! back with every look-up: with one, the look-up is not held while the address (which a
//! mobile carrier shares among many subscribers) is being limited because of someone else.
//! A pass is worth nothing without its case's code and second factor, so passes are kept
//! without them, and may stay on a shared computer without telling anyone anything.

const KEY: &str = "miz.case_passes";
/// A device follows a few cases at a time; the oldest pass is dropped first.
const KEEP: usize = 8;

/// Every pass kept, space separated, as the header carries them.
pub fn all() -> String {
    crate::storage::get(KEY).unwrap_or_default()
}

/// Keeps `pass` first (a pass the API gives is short URL-safe text; anything else is ignored).
pub fn keep(pass: &str) {
    let pass = pass.trim();
    if pass.is_empty() || pass.len() > 64 || !pass.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return;
    }
    let kept = all();
    let mut passes = vec![pass];
    passes.extend(kept.split(' ').filter(|p| !p.is_empty() && *p != pass).take(KEEP - 1));
    crate::storage::set(KEY, &passes.join(" "));
}

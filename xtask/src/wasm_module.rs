//! A wasm module's sections, read and rewritten one at a time: the split build changes a few
//! sections (exports, imports) and drops others, and copies every other byte as it is.

use std::ops::Range;

pub fn leb(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let b = *bytes.get(*at).ok_or("wasm: truncated number")?;
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(value);
        }
        shift += 7;
        if shift > 63 {
            return Err("wasm: number too long".into());
        }
    }
}

pub fn put_leb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// A name (length, then UTF-8) at `at`.
pub fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a str, String> {
    let len = leb(bytes, at)? as usize;
    let s = bytes.get(*at..at.saturating_add(len)).ok_or("wasm: name past the end")?;
    *at += len;
    std::str::from_utf8(s).map_err(|_| "wasm: name not UTF-8".into())
}

pub fn put_name(out: &mut Vec<u8>, s: &str) {
    put_leb(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A section: its id, its bytes with the header, and its body's.
pub struct Section {
    pub id: u8,
    pub whole: Range<usize>,
    pub body: Range<usize>,
}

/// The module's sections, in order, after checking the header.
pub fn sections(wasm: &[u8]) -> Result<Vec<Section>, String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module (version 1)".into());
    }
    let mut out = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let mut p = at + 1;
        let size = leb(wasm, &mut p)? as usize;
        let end = p.checked_add(size).filter(|&e| e <= wasm.len()).ok_or("wasm: section past the end")?;
        out.push(Section { id, whole: at..end, body: p..end });
        at = end;
    }
    Ok(out)
}

/// The module with each section of `id` replaced by what `rewrite` makes of its body.
pub fn rewrite_section(wasm: &[u8], id: u8, mut rewrite: impl FnMut(&[u8]) -> Result<Vec<u8>, String>) -> Result<Vec<u8>, String> {
    let mut out = wasm[..8.min(wasm.len())].to_vec();
    for s in sections(wasm)? {
        if s.id == id {
            let body = rewrite(&wasm[s.body])?;
            out.push(id);
            put_leb(&mut out, body.len() as u64);
            out.extend_from_slice(&body);
        } else {
            out.extend_from_slice(&wasm[s.whole]);
        }
    }
    Ok(out)
}

/// The module with its exports renamed or dropped: `rename` answers, for each export's name,
/// its new name (the same to keep it), or `None` to drop it. Kinds and indices stay.
pub fn rewrite_exports(wasm: &[u8], mut rename: impl FnMut(&str) -> Option<String>) -> Result<Vec<u8>, String> {
    rewrite_section(wasm, 7, |body| {
        let mut at = 0;
        let count = leb(body, &mut at)?;
        let (mut entries, mut kept) = (Vec::new(), 0u64);
        for _ in 0..count {
            let field = name(body, &mut at)?;
            let rest = at;
            at += 1; // the kind
            leb(body, &mut at)?; // the index
            if let Some(new) = rename(field) {
                put_name(&mut entries, &new);
                entries.extend_from_slice(body.get(rest..at).ok_or("wasm: export past the end")?);
                kept += 1;
            }
        }
        check_end(body, at, "export")?;
        let mut new = Vec::new();
        put_leb(&mut new, kept);
        new.extend_from_slice(&entries);
        Ok(new)
    })
}

/// A vector section's entries must end where the section does.
pub fn check_end(body: &[u8], at: usize, what: &str) -> Result<(), String> {
    if at == body.len() {
        Ok(())
    } else {
        Err(format!("wasm: the {what} section's size does not match its entries"))
    }
}

/// A module of these sections (id, body), for the tests of the rewrites.
#[cfg(test)]
pub fn module_of(sections: &[(u8, &[u8])]) -> Vec<u8> {
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    for (id, body) in sections {
        m.push(*id);
        put_leb(&mut m, body.len() as u64);
        m.extend_from_slice(body);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for v in [0u64, 1, 127, 128, 300, 624_485, u32::MAX as u64, u64::MAX] {
            let mut b = Vec::new();
            put_leb(&mut b, v);
            let mut at = 0;
            assert_eq!(leb(&b, &mut at).unwrap(), v);
            assert_eq!(at, b.len());
        }
        assert!(leb(&[0x80, 0x80], &mut 0).is_err());
    }

    #[test]
    fn rewrites_one_section_and_copies_the_others() {
        let m = b"\0asm\x01\0\0\0\x01\x02ab\x07\x01x\x00\x01c".to_vec();
        let out = rewrite_section(&m, 7, |body| {
            assert_eq!(body, b"x");
            Ok(b"yz".to_vec())
        })
        .unwrap();
        assert_eq!(out, b"\0asm\x01\0\0\0\x01\x02ab\x07\x02yz\x00\x01c");
        assert!(sections(b"\0asm\x01\0\0\0\x01\x09ab").is_err());
        assert!(sections(b"not wasm").is_err());
    }
}

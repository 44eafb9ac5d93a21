//! The main wasm and its JS glue, made smaller together.
//!
//! wasm-bindgen names each function the wasm imports from the glue after the Rust item and a
//! hash (`__wbg_classList_97e966c261669b85`), and writes the name twice: in the wasm's import
//! section and as a key of the glue's import object. 260 such names, mostly random hex, were
//! about 5 KB brotli of every first visit. Here they become `a`, `b`, … `aa`, … in both places
//! (the glue is then minified, `crate::minify`). Likewise the exports the glue calls, such as
//! `__wbindgen_malloc` (28 calls) and the closures' mangled entry points, become `$a`, `$b`, ….
//! Every renamed key must be found exactly once in the glue and nowhere else, or the build
//! fails: an unexpected glue is an error, never a broken app.


fn leb(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
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

fn put_leb(out: &mut Vec<u8>, mut v: u64) {
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

fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a str, String> {
    let len = leb(bytes, at)? as usize;
    let s = bytes.get(*at..*at + len).ok_or("wasm: name past the end")?;
    *at += len;
    std::str::from_utf8(s).map_err(|_| "wasm: name not UTF-8".into())
}

/// Skips an import's description (what follows its kind byte).
fn skip_description(bytes: &[u8], at: &mut usize, kind: u8) -> Result<(), String> {
    let limits = |at: &mut usize| -> Result<(), String> {
        let flags = *bytes.get(*at).ok_or("wasm: truncated limits")?;
        *at += 1;
        if flags & !0x07 != 0 {
            return Err(format!("wasm: limits with flags {flags:#x} are not known here"));
        }
        leb(bytes, at)?;
        if flags & 1 != 0 {
            leb(bytes, at)?;
        }
        Ok(())
    };
    match kind {
        0 => leb(bytes, at).map(drop),
        1 => {
            let reftype = *bytes.get(*at).ok_or("wasm: truncated table")?;
            if reftype != 0x70 && reftype != 0x6f {
                return Err(format!("wasm: a table of type {reftype:#x} is not known here"));
            }
            *at += 1;
            limits(at)
        }
        2 => limits(at),
        3 => {
            *at += 2;
            Ok(())
        }
        4 => {
            *at += 1;
            leb(bytes, at).map(drop)
        }
        k => Err(format!("wasm: an import of kind {k} is not known here")),
    }
}

/// `a`, `b`, … `Z`, `aa`, `ab`, …: short, and valid both as a JS key and as a wasm name.
fn short_name(mut i: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = Vec::new();
    loop {
        out.push(LETTERS[i % LETTERS.len()]);
        i /= LETTERS.len();
        if i == 0 {
            break;
        }
        i -= 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Where `word` occurs in `text` as a whole identifier.
fn occurrences(text: &str, word: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    text.match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = i.checked_sub(1).map_or(false, |j| is_word_byte(bytes[j]));
            let after = bytes.get(i + word.len()).is_some_and(|&b| is_word_byte(b));
            !before && !after
        })
        .collect()
}

/// Renames the functions the wasm imports from `module` (the glue), in the import section and
/// in the glue's import object (`NAME: function(`).
pub fn shorten_imports(wasm: &[u8], js: &str, module: &str) -> Result<(Vec<u8>, String), String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut renames = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let mut p = at + 1;
        let size = leb(wasm, &mut p)? as usize;
        let end = p.checked_add(size).filter(|&e| e <= wasm.len()).ok_or("wasm: section past the end")?;
        if id != 2 {
            out.extend_from_slice(&wasm[at..end]);
            at = end;
            continue;
        }
        let mut q = p;
        let count = leb(wasm, &mut q)?;
        let mut body = Vec::new();
        put_leb(&mut body, count);
        for _ in 0..count {
            let from = name(wasm, &mut q)?;
            let field = name(wasm, &mut q)?;
            let kind = *wasm.get(q).ok_or("wasm: truncated import")?;
            let desc = q;
            q += 1;
            skip_description(wasm, &mut q, kind)?;
            let new = if from == module && kind == 0 {
                let new = short_name(renames.len());
                renames.push((field.to_owned(), new.clone()));
                new
            } else {
                field.to_owned()
            };
            for s in [from, new.as_str()] {
                put_leb(&mut body, s.len() as u64);
                body.extend_from_slice(s.as_bytes());
            }
            body.extend_from_slice(&wasm[desc..q]);
        }
        if q != end {
            return Err("wasm: the import section's size does not match its entries".into());
        }
        out.push(2);
        put_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
        at = end;
    }
    if renames.is_empty() {
        return Err(format!("the wasm imports nothing from {module}"));
    }
    let mut js = js.to_owned();
    for (old, new) in &renames {
        if occurrences(&js, new).iter().any(|&i| js[i..].starts_with(&format!("{new}: function("))) {
            return Err(format!("the glue's import object already has a key {new}"));
        }
        let key = format!("{old}: function(");
        let found = occurrences(&js, old);
        if found.len() != 1 || !js[found[0]..].starts_with(&key) {
            return Err(format!("the glue names the import {old} {} times, not once as a key", found.len()));
        }
        js.replace_range(found[0]..found[0] + old.len(), new);
    }
    Ok((out, js))
}

/// Renames the module's exports that the glue reaches only as `wasm.NAME` (and, for the
/// closures' entry points, declares as functions of the same name), to `$a`, `$b`, …, in the
/// export section and in those property accesses. An export named anywhere in `others` (the
/// split loader, which takes the memory and the table by name) keeps its name.
pub fn shorten_exports(wasm: &[u8], js: &str, others: &str) -> Result<(Vec<u8>, String), String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let mut p = at + 1;
        let size = leb(wasm, &mut p)? as usize;
        let end = p.checked_add(size).filter(|&e| e <= wasm.len()).ok_or("wasm: section past the end")?;
        if id != 7 {
            out.extend_from_slice(&wasm[at..end]);
            at = end;
            continue;
        }
        let mut q = p;
        let count = leb(wasm, &mut q)?;
        let mut body = Vec::new();
        put_leb(&mut body, count);
        for _ in 0..count {
            let field = name(wasm, &mut q)?;
            let rest = q;
            q += 1;
            leb(wasm, &mut q)?;
            let found = occurrences(js, field);
            let accessed = |i: usize| js[..i].ends_with("wasm.");
            let declared = |i: usize| js[..i].ends_with("function ") && js[i + field.len()..].starts_with('(');
            let reached_only_as_export = found.iter().any(|&i| accessed(i))
                && found.iter().all(|&i| accessed(i) || declared(i))
                && occurrences(others, field).is_empty();
            let new = if reached_only_as_export {
                let new = format!("${}", short_name(renames.len()));
                renames.push((field.to_owned(), new.clone()));
                new
            } else {
                field.to_owned()
            };
            put_leb(&mut body, new.len() as u64);
            body.extend_from_slice(new.as_bytes());
            body.extend_from_slice(&wasm[rest..q]);
        }
        if q != end {
            return Err("wasm: the export section's size does not match its entries".into());
        }
        out.push(7);
        put_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
        at = end;
    }
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    for (old, new) in &renames {
        for i in occurrences(js, old).into_iter().filter(|&i| js[..i].ends_with("wasm.")) {
            edits.push((i, old.len(), new));
        }
    }
    edits.sort_by(|a, b| b.0.cmp(&a.0));
    let mut js = js.to_owned();
    for (at, len, new) in edits {
        js.replace_range(at..at + len, new);
    }
    Ok((out, js))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(imports: &[(&str, &str)]) -> Vec<u8> {
        let mut body = Vec::new();
        put_leb(&mut body, imports.len() as u64 + 1);
        for (m, f) in imports {
            for s in [m, f] {
                put_leb(&mut body, s.len() as u64);
                body.extend_from_slice(s.as_bytes());
            }
            body.extend_from_slice(&[0, 3]);
        }
        // A memory import with a maximum, copied as it is.
        body.extend_from_slice(&[1, b'm', 3, b'm', b'e', b'm', 2, 1, 17, 0x80, 0x01]);
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        m.push(2);
        put_leb(&mut m, body.len() as u64);
        m.extend_from_slice(&body);
        m.extend_from_slice(&[0, 3, 1, b'x', 9]);
        m
    }

    fn exports(names: &[&str]) -> Vec<u8> {
        let mut body = Vec::new();
        put_leb(&mut body, names.len() as u64);
        for (i, n) in names.iter().enumerate() {
            put_leb(&mut body, n.len() as u64);
            body.extend_from_slice(n.as_bytes());
            body.extend_from_slice(&[0, i as u8]);
        }
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.push(7);
        put_leb(&mut m, body.len() as u64);
        m.extend_from_slice(&body);
        m
    }

    #[test]
    fn renames_the_exports_the_glue_reaches_as_wasm_dot_name() {
        let wasm = exports(&["__wbindgen_malloc", "__wbindgen_malloc_2", "memory", "_ZN4calls", "used_otherwise"]);
        let js = "wasm.__wbindgen_malloc(1); wasm.__wbindgen_malloc_2(2); const m = wasm.memory;\nfunction _ZN4calls(a) { wasm._ZN4calls(a); }\nwasm.used_otherwise(); const x = used_otherwise;\n";
        let (w, j) = shorten_exports(&wasm, js, "const { memory } = initSync();").unwrap();
        assert_eq!(w, exports(&["$a", "$b", "memory", "$c", "used_otherwise"]));
        assert_eq!(j, "wasm.$a(1); wasm.$b(2); const m = wasm.memory;\nfunction _ZN4calls(a) { wasm.$c(a); }\nwasm.used_otherwise(); const x = used_otherwise;\n");
    }

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[52], "aa");
        let set: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(set.len(), names.len());
        assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_alphabetic())));
    }

    #[test]
    fn renames_in_the_wasm_and_the_glue_alike() {
        let wasm = module(&[("./app_bg.js", "__wbg_log_0123456789abcdef"), ("./other.js", "keep"), ("./app_bg.js", "__wbindgen_init")]);
        let js = "const import0 = {\n    __wbg_log_0123456789abcdef: function(arg0) { console.log(arg0); },\n    __wbindgen_init: function() {},\n};\nwasm.__wbindgen_start();\n";
        let (w, j) = shorten_imports(&wasm, js, "./app_bg.js").unwrap();
        assert_eq!(w, module(&[("./app_bg.js", "a"), ("./other.js", "keep"), ("./app_bg.js", "b")]));
        assert_eq!(j, "const import0 = {\n    a: function(arg0) { console.log(arg0); },\n    b: function() {},\n};\nwasm.__wbindgen_start();\n");
    }

    #[test]
    fn an_import_the_glue_names_elsewhere_stops_the_build() {
        let wasm = module(&[("./app_bg.js", "__wbg_log_1")]);
        let twice = "const import0 = {\n    __wbg_log_1: function() {},\n};\nconst x = __wbg_log_1;\n";
        assert!(shorten_imports(&wasm, twice, "./app_bg.js").is_err());
        assert!(shorten_imports(&wasm, "const import0 = {};\n", "./app_bg.js").is_err());
        assert!(shorten_imports(&module(&[]), "", "./app_bg.js").is_err());
    }
}

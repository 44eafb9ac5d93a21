//! The main wasm and its JS glue, made smaller together.
//!
//! wasm-bindgen names each function the wasm imports from the glue after the Rust item and a
//! hash (`__wbg_classList_97e966c261669b85`), and writes the name twice: in the wasm's import
//! section and as a key of the glue's import object. 260 such names, mostly random hex, were
//! about 5 KB brotli of every first visit. Here they become `a`, `b`, … `aa`, … in both places
//! (the glue is then minified, `crate::minify`). Likewise the exports the glue calls, such as
//! `__wbindgen_malloc` (28 calls) and the closures' mangled entry points, become `$a`, `$b`, ….
//! Every renamed import must be found exactly once in the glue, as a key of its import object,
//! or the build fails: an unexpected glue is an error, never a broken app.

use crate::wasm_module::{check_end, leb, name, put_leb, put_name, rewrite_exports, rewrite_section};

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
    let mut renames = Vec::new();
    let out = rewrite_section(wasm, 2, |body| {
        let mut at = 0;
        let count = leb(body, &mut at)?;
        let mut new = Vec::new();
        put_leb(&mut new, count);
        for _ in 0..count {
            let from = name(body, &mut at)?;
            let field = name(body, &mut at)?;
            let kind = *body.get(at).ok_or("wasm: truncated import")?;
            let desc = at;
            at += 1;
            skip_description(body, &mut at, kind)?;
            let field = if from == module && kind == 0 {
                let short = short_name(renames.len());
                renames.push((field.to_owned(), short.clone()));
                short
            } else {
                field.to_owned()
            };
            put_name(&mut new, from);
            put_name(&mut new, &field);
            new.extend_from_slice(body.get(desc..at).ok_or("wasm: import past the end")?);
        }
        check_end(body, at, "import")?;
        Ok(new)
    })?;
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
    let mut renames: Vec<(String, String)> = Vec::new();
    let out = rewrite_exports(wasm, |field| {
        let found = occurrences(js, field);
        let accessed = |i: usize| js[..i].ends_with("wasm.");
        let declared = |i: usize| js[..i].ends_with("function ") && js[i + field.len()..].starts_with('(');
        let reached_only_as_export = found.iter().any(|&i| accessed(i))
            && found.iter().all(|&i| accessed(i) || declared(i))
            && occurrences(others, field).is_empty();
        if !reached_only_as_export {
            return Some(field.to_owned());
        }
        let short = format!("${}", short_name(renames.len()));
        renames.push((field.to_owned(), short.clone()));
        Some(short)
    })?;
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
            put_name(&mut body, m);
            put_name(&mut body, f);
            body.extend_from_slice(&[0, 3]);
        }
        // A memory import with a maximum, copied as it is.
        body.extend_from_slice(&[1, b'm', 3, b'm', b'e', b'm', 2, 1, 17, 0x80, 0x01]);
        crate::wasm_module::module_of(&[(1, &[1, 0x60, 0, 0]), (2, &body), (0, &[1, b'x', 9])])
    }

    fn exports(names: &[&str]) -> Vec<u8> {
        let mut body = Vec::new();
        put_leb(&mut body, names.len() as u64);
        for (i, n) in names.iter().enumerate() {
            put_name(&mut body, n);
            body.extend_from_slice(&[0, i as u8]);
        }
        crate::wasm_module::module_of(&[(7, &body)])
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

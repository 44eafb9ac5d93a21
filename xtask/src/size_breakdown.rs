//! `cargo xtask size-breakdown [--top N] [--wasm FILE]`: where the app's wasm goes, by crate, from the
//! release build's function names (the wasm rustc writes, before wasm-bindgen and wasm-opt
//! strip them). Sizes are of that module's code section, so they are larger than what ships,
//! but the shares are what decides what to cut.

use std::collections::HashMap;

pub fn run(args: &[String]) -> Result<(), String> {
    let top: usize = crate::flag(args, "--top").and_then(|s| s.parse().ok()).unwrap_or(25);
    // --wasm: a module as it is, e.g. target/wasm-split/main.wasm, the main part after the split.
    let path = match crate::flag(args, "--wasm") {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            crate::dist::build("/")?;
            crate::split::linker_output()
        }
    };
    let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let module = parse(&data)?;
    let total: usize = module.functions.iter().map(|(_, s)| s).sum();
    let mut by_crate: HashMap<String, usize> = HashMap::new();
    for (name, size) in &module.functions {
        *by_crate.entry(owner(name)).or_default() += size;
    }
    let mut crates: Vec<(String, usize)> = by_crate.into_iter().collect();
    crates.sort_by(|a, b| b.1.cmp(&a.1));
    println!("{}: code {total} bytes in {} functions, data {} bytes", path.display(), module.functions.len(), module.data);
    println!("\n{:>9} {:>6}  crate (by the first crate named in each function's path)", "bytes", "share");
    for (c, s) in &crates {
        println!("{s:>9} {:>5.1}%  {c}", 100.0 * *s as f64 / total as f64);
    }
    let mut fns = module.functions.clone();
    fns.sort_by(|a, b| b.1.cmp(&a.1));
    println!("\nlargest functions:");
    for (name, size) in fns.iter().take(top) {
        println!("{size:>9}  {}", demangle(name).chars().take(140).collect::<String>());
    }
    Ok(())
}

struct Module {
    functions: Vec<(String, usize)>,
    data: usize,
}

fn leb(b: &[u8], i: &mut usize) -> Result<usize, String> {
    let (mut r, mut shift) = (0usize, 0);
    loop {
        let x = *b.get(*i).ok_or("truncated wasm")?;
        *i += 1;
        r |= ((x & 0x7f) as usize) << shift;
        shift += 7;
        if x < 0x80 {
            return Ok(r);
        }
    }
}

fn parse(b: &[u8]) -> Result<Module, String> {
    let mut i = 8;
    let (mut imported, mut sizes, mut names, mut data) = (0usize, Vec::new(), HashMap::new(), 0);
    while i < b.len() {
        let id = b[i];
        i += 1;
        let len = leb(b, &mut i)?;
        let (start, end) = (i, i + len);
        let mut j = start;
        match id {
            2 => {
                for _ in 0..leb(b, &mut j)? {
                    for _ in 0..2 {
                        let l = leb(b, &mut j)?;
                        j += l;
                    }
                    let kind = b[j];
                    j += 1;
                    match kind {
                        0 => {
                            leb(b, &mut j)?;
                            imported += 1;
                        }
                        1 => {
                            j += 1;
                            let flags = leb(b, &mut j)?;
                            leb(b, &mut j)?;
                            if flags & 1 == 1 {
                                leb(b, &mut j)?;
                            }
                        }
                        2 => {
                            let flags = leb(b, &mut j)?;
                            leb(b, &mut j)?;
                            if flags & 1 == 1 {
                                leb(b, &mut j)?;
                            }
                        }
                        _ => j += 2,
                    }
                }
            }
            10 => {
                for _ in 0..leb(b, &mut j)? {
                    let before = j;
                    let l = leb(b, &mut j)?;
                    j += l;
                    sizes.push(j - before);
                }
            }
            11 => data += len,
            0 => {
                let l = leb(b, &mut j)?;
                if &b[j..j + l] == b"name" {
                    j += l;
                    while j < end {
                        let sub = b[j];
                        j += 1;
                        let sl = leb(b, &mut j)?;
                        let sub_end = j + sl;
                        if sub == 1 {
                            let mut k = j;
                            for _ in 0..leb(b, &mut k)? {
                                let idx = leb(b, &mut k)?;
                                let nl = leb(b, &mut k)?;
                                names.insert(idx, String::from_utf8_lossy(&b[k..k + nl]).into_owned());
                                k += nl;
                            }
                        }
                        j = sub_end;
                    }
                }
            }
            _ => {}
        }
        i = end;
    }
    if names.is_empty() {
        return Err("the wasm has no name section (was it stripped?)".into());
    }
    let functions = sizes.into_iter().enumerate().map(|(k, s)| (names.get(&(k + imported)).cloned().unwrap_or_else(|| "?".into()), s)).collect();
    Ok(Module { functions, data })
}

/// `_ZN6tachys4view3Foo17h…E` → `tachys::view::Foo`; `<T as tachys::…>` stays readable.
fn demangle(name: &str) -> String {
    let Some(body) = name.strip_prefix("_ZN") else { return name.to_owned() };
    let bytes = body.as_bytes();
    let (mut parts, mut i) = (Vec::new(), 0);
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let n: usize = body[start..i].parse().unwrap_or(0);
        let part = body.get(i..i + n).unwrap_or("");
        if !(part.starts_with('h') && part.len() == 17) {
            parts.push(part.replace("$LT$", "<").replace("$GT$", ">").replace("$u20$", " ").replace("$RF$", "&").replace("$C$", ",").replace("..", "::"));
        }
        i += n;
    }
    parts.join("::")
}

/// The crate a function belongs to, for the tally: the first known crate in its name (so a
/// `<serde::…Visitor for miz_core::Draft>` counts as serde, the code that was generated).
fn owner(name: &str) -> String {
    let d = demangle(name);
    const KNOWN: &[&str] = &[
        "serde_json", "serde", "leptos_router", "reactive_graph", "tachys", "leptos", "miz_core", "wasm_bindgen", "js_sys",
        "web_sys", "hashbrown", "dlmalloc", "futures", "either_of", "core::fmt", "alloc", "core", "std",
    ];
    // The earliest mention; at the same place the longer name (leptos_router, not leptos).
    let first = KNOWN.iter().filter_map(|k| d.find(k).map(|at| (at, *k))).min_by_key(|(at, k)| (*at, std::cmp::Reverse(k.len())));
    match first {
        Some((_, k)) => k.to_owned(),
        None if d.starts_with("miz::") || d.contains("<miz::") => "miz (the app)".into(),
        None => "other".into(),
    }
}

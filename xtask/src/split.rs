//! Route-level code splitting after trunk: trunk builds the app as one wasm; this cuts the
//! pages marked in `src/lazy_pages.rs` out of the linker's output (kept with its relocations
//! by `-Clink-args=--emit-relocs`), runs wasm-bindgen and wasm-opt over the main part and
//! each chunk, and puts them in place of trunk's wasm under the same names, so trunk's
//! `index.html`, preload links and the embed loader stay right.
//!
//! Chunk files and the loader `__wasm_split-<hash>.js` are named by their content (the
//! server caches hashed names for a year; the service worker needs no revision for them).
//! `wasm-split.json` lists, for each split point, the files its first use downloads: the size
//! report reads it to count a first visit to the heaviest page.

use crate::sh;
use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

/// A placeholder as long as the final name, so it can be replaced in the wasm's import section
/// without moving a byte.
const LINK_PLACEHOLDER: &str = "__wasm_split-0000000000000000.js";
pub const MANIFEST: &str = "wasm-split.json";

// A link that lands on a page of a chunk fetches the page's chunks at once, beside the main
// wasm, instead of after the app has started: one download time less before the page appears.

/// The wasm starts downloading once the page's first screen is shown (`window.__mizFirst`,
/// index.html; at most 300 ms): trunk's preload of it, which would start it as the `<head>` is
/// read, goes, and its loader waits.
fn after_first_screen(html: &str, wasm_href: &str) -> Result<String, String> {
    let at = html.find(&format!("href=\"{wasm_href}\"")).ok_or("index.html has no preload of the wasm")?;
    let start = html[..at].rfind('<').ok_or("index.html: no tag around the wasm's preload")?;
    let end = at + html[at..].find('>').ok_or("index.html: unclosed link")? + 1;
    if !html[start..end].starts_with("<link rel=\"preload\"") {
        return Err(format!("index.html: the wasm's link is not a preload: {}", &html[start..end]));
    }
    let html = format!("{}{}", &html[..start], &html[end..]);
    let init = html.find("const wasm = await init(").ok_or("index.html: trunk's loader has no `const wasm = await init(`")?;
    Ok(format!("{}await window.__mizFirst;\n{}", &html[..init], &html[init..]))
}

/// The inline script that preloads the chunks of the page being opened: each page of a chunk
/// by its route's pattern (`miz_core::routes`), with the files its split point's first use
/// downloads.
fn preload_script(manifest: &BTreeMap<String, Vec<String>>) -> Result<String, String> {
    let patterns = crate::codegen::chunk_patterns();
    let mut routes = Vec::new();
    for (pattern, point) in &patterns {
        if !manifest.contains_key(*point) {
            return Err(format!("wasm-split: no chunk was cut for split point '{point}'"));
        }
        routes.push(format!("[{pattern}, '{point}']"));
    }
    let chunks = serde_json::to_string(manifest).map_err(|e| e.to_string())?;
    for point in manifest.keys() {
        if !patterns.iter().any(|(_, p)| p == point) {
            return Err(format!("wasm-split: split point '{point}' has no pages in miz_core::routes"));
        }
    }
    Ok(format!(
        // A classic script: it runs as it is parsed, before the app's modules have loaded.
        r#"<script>
{{
// Preload the chunks of the page this visit opens (written by `cargo xtask dist`).
const chunks = {};
const routes = [{}];
const base = new URL(document.baseURI);
const path = (location.pathname.startsWith(base.pathname) ? location.pathname.slice(base.pathname.length) : '').replace(/\/$/, '');
const hit = routes.find(([pattern]) => pattern.test(path));
// With the main wasm, once the page's first screen is shown (index.html's window.__mizFirst,
// made when the page has been read).
const preload = () => {{
  for (const file of hit ? chunks[hit[1]] : []) {{
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = new URL(file, base).href;
    document.head.append(link);
  }}
}};
const read = () => (window.__mizFirst ?? Promise.resolve()).then(preload);
if (document.readyState === 'loading') document.addEventListener('readystatechange', read, {{ once: true }});
else read();
}}
</script>
"#,
        chunks,
        routes.join(", ")
    ))
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| crate::root().join("target"))
}

/// The app's wasm as the linker wrote it for trunk's release build, with its relocations.
pub fn linker_output() -> PathBuf {
    target_dir().join("wasm32-unknown-unknown/release/miz.wasm")
}

fn hash16(data: &[u8]) -> String {
    // FNV-1a, 64 bits: a cache-busting name, not a security property.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn sri(data: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(data)))
}

/// The link to `href` in `html` with its integrity attribute set to `integrity`, or without
/// one for `None`.
pub fn with_integrity(html: &str, href: &str, integrity: Option<&str>) -> Result<String, String> {
    let at = html.find(&format!("href=\"{href}\"")).ok_or_else(|| format!("index.html has no link to {href}"))?;
    let tag_start = html[..at].rfind('<').unwrap_or(0);
    let tag_end = at + html[at..].find('>').ok_or("index.html: unclosed link")?;
    let tag = &html[tag_start..tag_end];
    let Some(i) = tag.find(" integrity=\"") else { return Ok(html.to_owned()) };
    let attr = tag_start + i;
    let from = attr + " integrity=\"".len();
    let to = from + html[from..].find('"').ok_or("index.html: unclosed integrity")?;
    Ok(match integrity {
        Some(integrity) => format!("{}{integrity}{}", &html[..from], &html[to..]),
        None => format!("{}{}", &html[..attr], &html[to + 1..]),
    })
}

/// The stylesheet without comments (`css.rs`), its link's integrity recomputed.
pub fn minify_css(out: &Path) -> Result<(), String> {
    crate::css::minify_built(out, sri, with_integrity)
}

fn read(p: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn write(p: &Path, data: impl AsRef<[u8]>) -> Result<(), String> {
    std::fs::write(p, data).map_err(|e| format!("{}: {e}", p.display()))
}

fn replace_bytes(haystack: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= haystack.len() {
        if &haystack[i..i + from.len()] == from {
            haystack[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    n
}

pub fn wasm_opt(input: &Path, output: &Path) -> Result<(), String> {
    let mut c = sh::cmd("wasm-opt", &["-Oz", &input.to_string_lossy(), "-o", &output.to_string_lossy()]);
    // For a profile that names the app's functions (larger files; never for a release).
    if std::env::var_os("MIZ_WASM_NAMES").is_some() {
        c.arg("-g");
    }
    c.env("PATH", crate::tools::tool_path());
    sh::run(c)
}

pub fn split(out: &Path) -> Result<(), String> {
    let html_path = out.join("index.html");
    let html = std::fs::read_to_string(&html_path).map_err(|e| format!("index.html: {e}"))?;
    let (js_name, wasm_name) = crate::dist::app_files(&html)?;
    let stem = js_name.strip_suffix(".js").ok_or("trunk's script is not a .js")?.to_owned();
    let input = read(&linker_output())?;
    let work = target_dir().join("wasm-split");
    let _ = std::fs::remove_dir_all(&work);
    let chunks_dir = work.join("chunks");
    std::fs::create_dir_all(&chunks_dir).map_err(|e| e.to_string())?;
    let main_split = work.join("main.wasm");
    let main_module = format!("./{js_name}");
    let link_name = format!("./{LINK_PLACEHOLDER}");
    let split = wasm_split_cli_support::transform({
        let mut o = wasm_split_cli_support::Options::new(&input);
        o.output_dir = &chunks_dir;
        o.main_out_path = &main_split;
        o.main_module = &main_module;
        o.link_name = &link_name;
        o
    })
    .map_err(|e| format!("wasm-split: {e:#}"))?;

    // wasm-bindgen over the main part, as trunk runs it, keeping the exports the chunks link to.
    let bindgen_dir = work.join("bindgen");
    let mut c = sh::cmd(
        "wasm-bindgen",
        &[
            "--target=web",
            "--no-typescript",
            "--keep-lld-exports",
            "--no-demangle",
            &format!("--out-name={stem}"),
            &format!("--out-dir={}", bindgen_dir.display()),
            &main_split.to_string_lossy(),
        ],
    );
    c.env("PATH", crate::tools::tool_path());
    sh::run(c)?;
    // Without server_fn's stream adapters (crate::unused_exports), before wasm-opt drops
    // what only they reached.
    let bindgen_wasm = bindgen_dir.join(format!("{stem}_bg.wasm"));
    let glue = std::fs::read_to_string(bindgen_dir.join(&js_name)).map_err(|e| e.to_string())?;
    let (stripped, glue) = crate::unused_exports::strip(&read(&bindgen_wasm)?, &glue)?;
    // Short names between the wasm and its glue (crate::glue), and the glue minified.
    let (shortened, glue) = crate::glue::shorten_imports(&stripped, &glue, &format!("./{stem}_bg.js"))?;
    let split_loader = std::fs::read_to_string(chunks_dir.join(LINK_PLACEHOLDER)).map_err(|e| format!("split loader: {e}"))?;
    let (shortened, glue) = crate::glue::shorten_exports(&shortened, &glue, &split_loader)?;
    write(&bindgen_wasm, shortened)?;
    write(&bindgen_dir.join(&js_name), crate::minify::module(&glue, &bindgen_dir.join(format!("{stem}.full.js")))?)?;
    // Optimised beside the input, which keeps its names for `size-breakdown --wasm`.
    let main_wasm = bindgen_dir.join(format!("{stem}_bg.opt.wasm"));
    wasm_opt(&bindgen_wasm, &main_wasm)?;

    // Chunks: optimised, then named by content, and the loader told their names.
    let mut loader = std::fs::read_to_string(chunks_dir.join(LINK_PLACEHOLDER)).map_err(|e| format!("split loader: {e}"))?;
    let mut renamed = BTreeMap::new();
    for chunk in &split.split_modules {
        let optimised = work.join("optimised.wasm");
        wasm_opt(chunk, &optimised)?;
        let data = read(&optimised)?;
        let old = chunk.file_name().and_then(|n| n.to_str()).ok_or("chunk name")?.to_owned();
        let new = format!("{}-{}.wasm", old.trim_end_matches(".wasm"), hash16(&data));
        let quoted = format!("\"./{old}\"");
        if !loader.contains(&quoted) {
            return Err(format!("wasm-split: the loader does not name {old}"));
        }
        loader = loader.replace(&quoted, &format!("\"./{new}\""));
        write(&out.join(&new), &data)?;
        renamed.insert(old.trim_end_matches(".wasm").to_owned(), new);
    }
    let loader = crate::minify::module(&loader, &work.join("loader.full.js"))?;
    let link_final = format!("__wasm_split-{}.js", hash16(loader.as_bytes()));
    write(&out.join(&link_final), &loader)?;

    // The main part imports the loader by name: same length, replaced in place.
    let mut js = read(&bindgen_dir.join(&js_name))?;
    let mut wasm = read(&main_wasm)?;
    if replace_bytes(&mut js, LINK_PLACEHOLDER.as_bytes(), link_final.as_bytes()) == 0
        || replace_bytes(&mut wasm, LINK_PLACEHOLDER.as_bytes(), link_final.as_bytes()) == 0
    {
        return Err("wasm-split: the main part does not import its loader".into());
    }
    write(&out.join(&js_name), js)?;
    write(&out.join(&wasm_name), wasm)?;
    if bindgen_dir.join("snippets").is_dir() {
        return Err("wasm-bindgen wrote JS snippets, which the split build does not copy yet".into());
    }

    // For each split point, the files its first use fetches (an empty part has no file).
    let manifest: BTreeMap<String, Vec<String>> = split
        .prefetch_map
        .iter()
        .map(|(point, stems)| (point.clone(), stems.iter().filter_map(|stem| renamed.get(stem).cloned()).collect()))
        .collect();

    // The loader is a static import of the app's script: fetch it alongside, not after.
    let preload_js = html
        .find("<link rel=\"modulepreload\"")
        .ok_or("index.html has no modulepreload link from trunk")?;
    // trunk writes the public URL (`--public-url`) into <base href> and every link.
    let base = html
        .split_once("<base href=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or_else(|| "/".to_owned(), |(href, _)| href.to_owned());
    let link = format!(
        "<link rel=\"modulepreload\" href=\"{base}{link_final}\" crossorigin=\"anonymous\" integrity=\"{}\">",
        sri(loader.as_bytes())
    );
    let mut html = format!("{}{link}\n{}", &html[..preload_js], &html[preload_js..]);
    // Before the stylesheet, which would hold a classic script until it has loaded.
    let after_base = html.find("<base ").and_then(|i| html[i..].find('>').map(|j| i + j + 1)).ok_or("index.html has no <base>")?;
    html.insert_str(after_base, &format!("\n{}", preload_script(&manifest)?));
    // trunk's integrity attributes describe its files; these are new.
    html = with_integrity(&html, &format!("{base}{js_name}"), Some(&sri(&read(&out.join(&js_name))?)))?;
    // trunk's preload of the wasm goes (and with it the integrity Chromium ignored on it): the
    // wasm is asked for once the first screen is shown.
    let html = after_first_screen(&html, &format!("{base}{wasm_name}"))?;
    write(&html_path, html)?;

    write(&out.join(MANIFEST), serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?)?;
    println!(
        "wasm-split: {} chunks for {} split points; loader {link_final}",
        split.split_modules.len(),
        manifest.len()
    );
    Ok(())
}

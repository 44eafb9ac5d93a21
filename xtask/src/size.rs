//! What a citizen downloads: every file of `dist/` raw, gzip and brotli, and the first visit's
//! total. Also writes `.br`/`.gz` next to each compressible file for the server to send as is.

use std::{
    collections::{BTreeMap, BTreeSet},
    io::Write,
    path::Path,
};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let _ = brotli::BrotliCompress(&mut &data[..], &mut out, &params);
    out
}

/// Fonts and images are compressed already; compressing them again only costs CPU.
fn compressible(name: &str) -> bool {
    [".html", ".js", ".wasm", ".css", ".json", ".svg", ".txt", ".md"].iter().any(|e| name.ends_with(e))
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&d) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if !matches!(p.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

pub fn precompress(dist: &Path) -> Result<(), String> {
    for f in files(dist) {
        let name = f.to_string_lossy().into_owned();
        if !compressible(&name) {
            continue;
        }
        let data = std::fs::read(&f).map_err(|e| format!("{name}: {e}"))?;
        std::fs::write(format!("{name}.br"), brotli(&data)).map_err(|e| e.to_string())?;
        std::fs::write(format!("{name}.gz"), gzip(&data)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Whether a first visit to any page downloads this file: not docs and licences, not the
/// embedding kit (`embed.js`, `embed/`), which only a portal that embeds the desk loads, and
/// not the split's manifest, which is for this report.
/// The workbench's files, beside the desk's: never part of a citizen's visit.
const STAFF: &str = "staff/";

fn first_visit(rel: &str) -> bool {
    !(rel.ends_with(".md")
        || rel.ends_with(".txt")
        || rel == "embed.js"
        || rel.starts_with("embed/")
        || rel.starts_with(STAFF)
        || rel == crate::split::MANIFEST)
}

pub struct Totals {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
    /// Bytes over the wire for a first visit to the home page, which needs no chunk: brotli
    /// where the server would compress.
    pub wire: usize,
    pub wire_without_fonts: usize,
    /// The workbench's first visit (staff only), brotli, without fonts.
    pub staff: usize,
    /// For each page group (split point), the brotli bytes of the chunks a first visit that
    /// lands on one of its pages downloads on top of the home page's, heaviest first.
    pub groups: Vec<(String, usize)>,
    /// All chunks: what the service worker fetches in the background after a first visit.
    pub chunks: usize,
}

impl Totals {
    /// The heaviest first visit without fonts: the home page's files and the heaviest group.
    pub fn heaviest_without_fonts(&self) -> usize {
        self.wire_without_fonts + self.groups.first().map_or(0, |g| g.1)
    }
}

/// For each split point (`wasm-split.json`), the chunk files its first use downloads.
fn split_groups(dist: &Path) -> Result<BTreeMap<String, Vec<String>>, String> {
    let path = dist.join(crate::split::MANIFEST);
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(BTreeMap::new()) };
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn measure(dist: &Path) -> Result<(Vec<(String, usize, usize, usize)>, Totals), String> {
    let groups = split_groups(dist)?;
    let chunk_names: BTreeSet<&str> = groups.values().flatten().map(String::as_str).collect();
    let mut rows = Vec::new();
    let mut t = Totals { raw: 0, gzip: 0, brotli: 0, wire: 0, wire_without_fonts: 0, staff: 0, groups: Vec::new(), chunks: 0 };
    let mut chunk_bytes = BTreeMap::new();
    for f in files(dist) {
        let rel = f.strip_prefix(dist).unwrap_or(&f).to_string_lossy().into_owned();
        let data = std::fs::read(&f).map_err(|e| format!("{rel}: {e}"))?;
        let (g, b) = if compressible(&rel) { (gzip(&data).len(), brotli(&data).len()) } else { (data.len(), data.len()) };
        if rel.starts_with(STAFF) {
            if !rel.ends_with(".woff2") && !rel.ends_with(".txt") {
                t.staff += b;
            }
        } else if chunk_names.contains(rel.as_str()) {
            chunk_bytes.insert(rel.clone(), b);
            t.chunks += b;
        } else if first_visit(&rel) {
            t.raw += data.len();
            t.gzip += g;
            t.brotli += b;
            t.wire += b;
            if !rel.ends_with(".woff2") {
                t.wire_without_fonts += b;
            }
        }
        rows.push((rel, data.len(), g, b));
    }
    t.groups = groups.iter().map(|(name, files)| (name.clone(), files.iter().filter_map(|f| chunk_bytes.get(f)).sum())).collect();
    t.groups.sort_by_key(|g| std::cmp::Reverse(g.1));
    Ok((rows, t))
}

/// The committed budgets (`size-budget.json`), brotli bytes without fonts.
fn budget(key: &str) -> Result<usize, String> {
    let path = crate::root().join("size-budget.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    v[key].as_u64().map(|n| n as usize).ok_or_else(|| format!("{}: no {key}", path.display()))
}

/// Fails when a first visit (from `report`) is over its committed budget: the home page's,
/// and the heaviest page's (a link straight to a draft, say).
pub fn check_budget(t: &Totals) -> Result<(), String> {
    for (key, what, bytes) in [
        ("first_visit_brotli_without_fonts_bytes", "the first visit (home page)", t.wire_without_fonts),
        ("heaviest_first_visit_brotli_without_fonts_bytes", "the heaviest first visit", t.heaviest_without_fonts()),
    ] {
        let budget = budget(key)?;
        if bytes > budget {
            return Err(format!(
                "size budget: {what} without fonts is {bytes} bytes brotli, over the budget of {budget} ({key} in size-budget.json)"
            ));
        }
        println!("size budget: {what}: {bytes} of {budget} bytes ({:.0}%)", 100.0 * bytes as f64 / budget as f64);
    }
    Ok(())
}

/// Prints every file and the first visit's totals, and returns the totals.
pub fn report(dist: &Path) -> Result<Totals, String> {
    let (rows, t) = measure(dist)?;
    println!("\n{:<44} {:>10} {:>10} {:>10}", "file (dist/)", "raw", "gzip", "brotli");
    for (name, raw, g, b) in &rows {
        println!("{name:<44} {raw:>10} {g:>10} {b:>10}");
    }
    println!("{:<44} {:>10} {:>10} {:>10}", "total (first visit, home page)", t.raw, t.gzip, t.brotli);
    if !t.groups.is_empty() {
        println!("\nfirst visit landing on a page of each chunk group (brotli, without fonts):");
        println!("{:<28} {:>10}", "home (no chunk)", t.wire_without_fonts);
        for (group, bytes) in &t.groups {
            println!("{group:<28} {:>10}  (+{bytes} of chunks)", t.wire_without_fonts + bytes);
        }
        println!("after the first visit, the service worker fetches every chunk ({} bytes brotli in all) in the background", t.chunks);
    }
    println!(
        "\nfirst visit over the wire (brotli, fonts as woff2): {} bytes ({:.1} KB); without fonts: {} bytes ({:.1} KB)",
        t.wire,
        t.wire as f64 / 1024.0,
        t.wire_without_fonts,
        t.wire_without_fonts as f64 / 1024.0
    );
    if t.staff > 0 {
        println!("the workbench (staff/, never sent to citizens): first visit {} bytes brotli without fonts ({:.1} KB)", t.staff, t.staff as f64 / 1024.0);
    }
    Ok(t)
}

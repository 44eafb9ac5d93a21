//! What a citizen downloads: every file of `dist/` raw, gzip and brotli, and the first visit's
//! total. Also writes `.br`/`.gz` next to each compressible file for the server to send as is.

use std::{io::Write, path::Path};

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

/// Whether a first visit to any page downloads this file: not docs and licences, and not the
/// embedding kit (`embed.js`, `embed/`), which only a portal that embeds the desk loads.
fn first_visit(rel: &str) -> bool {
    !(rel.ends_with(".md") || rel.ends_with(".txt") || rel == "embed.js" || rel.starts_with("embed/"))
}

pub struct Totals {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
    /// Bytes over the wire for a first visit: brotli where the server would compress.
    pub wire: usize,
    pub wire_without_fonts: usize,
}

pub fn measure(dist: &Path) -> Result<(Vec<(String, usize, usize, usize)>, Totals), String> {
    let mut rows = Vec::new();
    let mut t = Totals { raw: 0, gzip: 0, brotli: 0, wire: 0, wire_without_fonts: 0 };
    for f in files(dist) {
        let rel = f.strip_prefix(dist).unwrap_or(&f).to_string_lossy().into_owned();
        let data = std::fs::read(&f).map_err(|e| format!("{rel}: {e}"))?;
        let (g, b) = if compressible(&rel) { (gzip(&data).len(), brotli(&data).len()) } else { (data.len(), data.len()) };
        if first_visit(&rel) {
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
    Ok((rows, t))
}

/// The committed budget (`size-budget.json`): the first visit's brotli bytes without fonts.
fn budget() -> Result<usize, String> {
    let path = crate::root().join("size-budget.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    v["first_visit_brotli_without_fonts_bytes"].as_u64().map(|n| n as usize).ok_or_else(|| format!("{}: no first_visit_brotli_without_fonts_bytes", path.display()))
}

/// Fails when the first visit without fonts (from `report`) is over the committed budget.
pub fn check_budget(t: &Totals) -> Result<(), String> {
    let budget = budget()?;
    if t.wire_without_fonts > budget {
        return Err(format!(
            "size budget: the first visit without fonts is {} bytes brotli, over the budget of {budget} in size-budget.json",
            t.wire_without_fonts
        ));
    }
    println!("size budget: {} of {budget} bytes ({:.0}%)", t.wire_without_fonts, 100.0 * t.wire_without_fonts as f64 / budget as f64);
    Ok(())
}

/// Prints every file and the first visit's totals, and returns the totals.
pub fn report(dist: &Path) -> Result<Totals, String> {
    let (rows, t) = measure(dist)?;
    println!("\n{:<44} {:>10} {:>10} {:>10}", "file (dist/)", "raw", "gzip", "brotli");
    for (name, raw, g, b) in &rows {
        println!("{name:<44} {raw:>10} {g:>10} {b:>10}");
    }
    println!("{:<44} {:>10} {:>10} {:>10}", "total (first visit)", t.raw, t.gzip, t.brotli);
    println!(
        "\nfirst visit over the wire (brotli, fonts as woff2): {} bytes ({:.1} KB); without fonts: {} bytes ({:.1} KB)",
        t.wire,
        t.wire as f64 / 1024.0,
        t.wire_without_fonts,
        t.wire_without_fonts as f64 / 1024.0
    );
    Ok(t)
}

//! Installing the toolchain pieces, each skipped when the right version is already there, so a
//! second run starts building within seconds. Nothing here downloads a browser or a binary at
//! run time except through the package registries (crates.io, npm, PyPI, Debian).

use crate::sh::{self, cmd, output};
use std::path::PathBuf;

pub const TRUNK_VERSION: &str = "0.21";
const FONTTOOLS: &str = "fonttools==4.60.1";
const BROTLI_PY: &str = "brotli==1.1.0";

pub fn setup_all() -> Result<(), String> {
    ensure_build_tools()?;
    crate::font::build(false)?;
    ensure_chromium()
}

/// Everything `trunk build --release` needs.
pub fn ensure_build_tools() -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_npm()
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin")
}

/// PATH with cargo's bin (trunk, wasm-bindgen) and node_modules/.bin (wasm-opt) in front, so
/// trunk finds the pinned tools and never tries to fetch its own.
pub fn tool_path() -> String {
    let mut parts = vec![cargo_bin(), crate::root().join("node_modules/.bin")];
    if let Some(p) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(parts).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default()
}

pub fn trunk() -> String {
    let p = cargo_bin().join("trunk");
    if p.exists() { p.to_string_lossy().into_owned() } else { "trunk".into() }
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    sh::run(cmd("rustup", &["target", "add", "wasm32-unknown-unknown"]))
}

fn ensure_trunk() -> Result<(), String> {
    let have = output(&trunk(), &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1).is_some_and(|v| v.starts_with(&format!("{TRUNK_VERSION}."))) {
        return Ok(());
    }
    eprintln!("xtask: installing trunk {TRUNK_VERSION} (about 9 minutes on 2 cores, once)");
    // 0.22 needs a newer rustc than 1.95; --locked keeps its dependencies at tested versions.
    sh::run(cmd("cargo", &["install", "trunk", "--version", &format!("~{TRUNK_VERSION}"), "--locked"]))
}

/// The wasm-bindgen CLI must equal the library version in Cargo.lock exactly.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(crate::root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("no wasm-bindgen in Cargo.lock".into())
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let want = wasm_bindgen_version()?;
    let bin = cargo_bin().join("wasm-bindgen");
    let have = output(&bin.to_string_lossy(), &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {want} (about 3 minutes, once)");
    // Without --locked: with it, the install fails on a yanked dependency.
    sh::run(cmd("cargo", &["install", "wasm-bindgen-cli", "--version", &want]))
}

/// `npm ci` when node_modules is missing or older than package-lock.json.
pub fn ensure_npm() -> Result<(), String> {
    let root = crate::root();
    let lock = root.join("package-lock.json");
    let stamp = root.join("node_modules/.package-lock.json");
    let mtime = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = matches!((mtime(&lock), mtime(&stamp)), (Some(l), Some(s)) if s >= l);
    if fresh {
        return Ok(());
    }
    let mut c = cmd("npm", &["ci", "--no-audit", "--no-fund"]);
    // Playwright must never fetch a browser: the tests drive Debian's Chromium.
    c.env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    sh::run(c)
}

pub const CHROMIUM: &str = "/usr/bin/chromium";

pub fn ensure_chromium() -> Result<(), String> {
    if std::path::Path::new(CHROMIUM).exists() && std::path::Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

/// `path` if it exists, else the Debian `packages` that provide it, installed with apt.
pub fn ensure_debian(path: &str, packages: &[&str]) -> Result<(), String> {
    if std::path::Path::new(path).exists() {
        return Ok(());
    }
    apt_install(packages)
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    eprintln!("xtask: installing Debian {}", packages.join(", "));
    let root = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut c = if root { cmd("apt-get", args) } else {
            let mut all = vec!["apt-get"];
            all.extend_from_slice(args);
            cmd("sudo", &all)
        };
        c.env("DEBIAN_FRONTEND", "noninteractive");
        sh::run(c)
    };
    apt(&["update"])?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    apt(&args)
}

/// A Python virtual environment under target/ with the pinned fonttools, for the font subset.
pub fn python_venv() -> Result<PathBuf, String> {
    let venv = crate::root().join("target/xtask/venv");
    let pyftsubset = venv.join("bin/pyftsubset");
    if pyftsubset.exists() {
        return Ok(venv);
    }
    let python = if output("python3", &["--version"]).is_some() { "python3" } else { "python" };
    sh::run(cmd(python, &["-m", "venv", &venv.to_string_lossy()]))?;
    sh::run(cmd(&venv.join("bin/pip").to_string_lossy(), &["install", "--quiet", FONTTOOLS, BROTLI_PY]))?;
    Ok(venv)
}

//! `cargo xtask dist [--base /prefix/]`: the release build of the app into `dist/`, with
//! precompressed copies for the server and a size report.

use crate::{sh, size, tools};

pub fn run(args: &[String]) -> Result<(), String> {
    let base = crate::flag(args, "--base").unwrap_or_else(|| "/".to_owned());
    build(&base)?;
    size::report(&crate::root().join("dist"))
}

/// Builds the app in release mode under `base` (`/` or `/portal/miz/`).
pub fn build(base: &str) -> Result<(), String> {
    if !base.starts_with('/') {
        return Err(format!("--base must be an absolute path like /portal/miz/, not '{base}'"));
    }
    tools::ensure_build_tools()?;
    crate::font::build(false)?;
    let mut c = sh::cmd(&tools::trunk(), &["build", "--release", "--offline", "--public-url", base]);
    c.env("PATH", tools::tool_path());
    // trunk 0.21 cannot parse NO_COLOR=1 (a common CI setting); it accepts true/false.
    if std::env::var_os("NO_COLOR").is_some() {
        c.env("NO_COLOR", "true");
    }
    sh::run(c)?;
    size::precompress(&crate::root().join("dist"))
}

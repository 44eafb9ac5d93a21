//! `cargo xtask fuzz [--seconds N] [target…]`: each cargo-fuzz target (fuzz/) for a bounded
//! time on nightly, with a table of executions and crashes. A crash input is copied to
//! `crates/core/tests/fuzz_regressions/<target>/`, where a stable `cargo test` runs it again
//! through the same property (`miz_core::fuzz_checks`), so fixing it leaves a regression test.

use crate::sh;
use std::{path::Path, time::Instant};

const TARGETS: [&str; 6] = ["tracking_code", "mobile", "national_code", "normalize", "faq_query", "anchor"];
/// cargo-fuzz builds with stable; its runs need nightly (`-Zsanitizer`).
const CARGO_FUZZ: &str = "0.13.2";

fn ensure_tools() -> Result<(), String> {
    let toolchains = sh::output("rustup", &["toolchain", "list"]).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        return Err("fuzzing needs the nightly toolchain: rustup toolchain install nightly --profile minimal".into());
    }
    if sh::output("cargo", &["fuzz", "--version"]).is_some_and(|v| v.contains("cargo-fuzz")) {
        return Ok(());
    }
    eprintln!("xtask: installing cargo-fuzz {CARGO_FUZZ} (about 2 minutes, once)");
    sh::run(sh::cmd("cargo", &["install", "cargo-fuzz", "--version", CARGO_FUZZ, "--locked"]))
}

pub fn run(args: &[String]) -> Result<(), String> {
    let seconds: u64 = crate::flag(args, "--seconds").and_then(|s| s.parse().ok()).unwrap_or(30);
    let chosen: Vec<&str> = TARGETS.iter().copied().filter(|t| args.iter().any(|a| a == t)).collect();
    let targets = if chosen.is_empty() { TARGETS.to_vec() } else { chosen };
    ensure_tools()?;
    let root = crate::root();
    let mut rows = Vec::new();
    for t in &targets {
        let corpus = root.join("target/fuzz-corpus").join(t);
        std::fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
        let artifacts = root.join("target/fuzz-artifacts").join(t);
        std::fs::create_dir_all(&artifacts).map_err(|e| e.to_string())?;
        let mut c = sh::cmd(
            "cargo",
            &[
                "+nightly",
                "fuzz",
                "run",
                "--fuzz-dir",
                "fuzz",
                t,
                &corpus.to_string_lossy(),
                "--",
                &format!("-max_total_time={seconds}"),
                "-print_final_stats=1",
                &format!("-artifact_prefix={}/", artifacts.display()),
            ],
        );
        c.current_dir(&root);
        let started = Instant::now();
        let out = c.output().map_err(|e| format!("cargo fuzz: {e}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        let execs: u64 = log
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0);
        let crashes = save_crashes(t, &artifacts)?;
        if !out.status.success() && crashes == 0 {
            eprintln!("{log}");
            return Err(format!("fuzz target {t} failed to run"));
        }
        rows.push((t.to_string(), started.elapsed().as_secs(), execs, crashes));
    }
    println!("\nfuzzing, {seconds} s per target (libFuzzer, nightly)");
    println!("{:<16} {:>8} {:>14} {:>10} {:>8}", "target", "seconds", "executions", "per second", "crashes");
    for (t, s, e, c) in &rows {
        println!("{t:<16} {s:>8} {e:>14} {:>10} {c:>8}", e / (*s).max(1));
    }
    let total: usize = rows.iter().map(|r| r.3).sum();
    if total > 0 {
        return Err(format!("{total} crash input(s) saved under crates/core/tests/fuzz_regressions/; fix them, then `cargo test -p miz-core`"));
    }
    Ok(())
}

/// Copies crash inputs into the regression folder of their target; returns how many.
fn save_crashes(target: &str, artifacts: &Path) -> Result<usize, String> {
    let dest = crate::root().join("crates/core/tests/fuzz_regressions").join(target);
    let mut n = 0;
    for f in std::fs::read_dir(artifacts).map_err(|e| e.to_string())?.flatten() {
        let name = f.file_name().to_string_lossy().into_owned();
        if name.starts_with("crash-") || name.starts_with("oom-") || name.starts_with("timeout-") {
            std::fs::create_dir_all(&dest).map_err(|e| e.to_string())?;
            std::fs::copy(f.path(), dest.join(&name)).map_err(|e| e.to_string())?;
            std::fs::remove_file(f.path()).map_err(|e| e.to_string())?;
            n += 1;
        }
    }
    Ok(n)
}

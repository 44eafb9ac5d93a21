//! `cargo xtask lighthouse [--runs N]`: Lighthouse 12.2.3 (installed on demand into
//! tools/lighthouse) with Debian Chromium, mobile emulation and its default simulated
//! throttling, on the pages citizens use, against the release server and the built app.
//! Prints the four category scores and LCP, TBT and CLS per page; the JSON reports are kept in
//! target/lighthouse/. With `--runs N` each page is measured N times and the median run (by
//! performance score) is shown, as Lighthouse's own docs advise for noisy machines.

use crate::{dist, sh, test::start_server_bin, tools};
use std::path::Path;

const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("drafts list", "/drafts"),
    ("draft reader", "/drafts/concert"),
    ("case wizard, first step", "/cases/new/type"),
    ("tracking", "/track"),
    ("FAQ", "/faq"),
    ("e-services", "/services"),
    ("reports", "/reports"),
];

struct Score {
    page: &'static str,
    performance: f64,
    accessibility: f64,
    best_practices: f64,
    seo: f64,
    lcp_ms: f64,
    tbt_ms: f64,
    cls: f64,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let runs: usize = crate::flag(args, "--runs").and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
    // `--pages home,reader`: the pages whose name contains one of these words.
    let only: Vec<String> = crate::flag(args, "--pages").map(|s| s.split(',').map(str::to_owned).collect()).unwrap_or_default();
    let pages: Vec<&(&str, &str)> = PAGES.iter().filter(|(name, _)| only.is_empty() || only.iter().any(|w| name.contains(w.as_str()))).collect();
    if pages.is_empty() {
        return Err(format!("--pages matches none of: {}", PAGES.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")));
    }
    tools::ensure_chromium()?;
    ensure_lighthouse()?;
    dist::build("/")?;
    sh::run(sh::cmd("cargo", &["build", "--profile", "server", "-p", "miz-server"]))?;
    let root = crate::root();
    let bin = root.join("target/server/miz-server");
    let (server, port) = start_server_bin(&bin, "lighthouse.sqlite3", &[], None)?;
    let out = root.join("target/lighthouse");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut scores = Vec::new();
    for (name, path) in pages {
        let mut tries = Vec::new();
        for i in 0..runs {
            let report = out.join(format!("{}-{i}.json", name.replace([' ', ','], "-")));
            lighthouse(&format!("http://127.0.0.1:{port}{path}"), &report)?;
            tries.push(read(name, &report)?);
        }
        tries.sort_by(|a, b| a.performance.total_cmp(&b.performance));
        scores.push(tries.swap_remove(tries.len() / 2));
    }
    drop(server);
    println!(
        "\n{:<26} {:>5} {:>5} {:>5} {:>5} {:>8} {:>7} {:>6}",
        "page (mobile, throttled)", "perf", "a11y", "b-p", "seo", "LCP ms", "TBT ms", "CLS"
    );
    for s in &scores {
        println!(
            "{:<26} {:>5.0} {:>5.0} {:>5.0} {:>5.0} {:>8.0} {:>7.0} {:>6.3}",
            s.page,
            s.performance * 100.0,
            s.accessibility * 100.0,
            s.best_practices * 100.0,
            s.seo * 100.0,
            s.lcp_ms,
            s.tbt_ms,
            s.cls
        );
    }
    println!("reports: {}", out.display());
    Ok(())
}

fn ensure_lighthouse() -> Result<(), String> {
    let dir = crate::root().join("tools/lighthouse");
    if dir.join("node_modules/lighthouse/cli/index.js").exists() {
        return Ok(());
    }
    let mut c = sh::cmd("npm", &["ci", "--no-audit", "--no-fund", "--prefix", &dir.to_string_lossy()]);
    c.env("PUPPETEER_SKIP_DOWNLOAD", "1");
    sh::run(c)
}

fn lighthouse(url: &str, report: &Path) -> Result<(), String> {
    let cli = crate::root().join("tools/lighthouse/node_modules/lighthouse/cli/index.js");
    let mut c = sh::cmd(
        "node",
        &[
            &cli.to_string_lossy(),
            url,
            "--output=json",
            &format!("--output-path={}", report.display()),
            "--only-categories=performance,accessibility,best-practices,seo",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--quiet",
        ],
    );
    c.env("CHROME_PATH", tools::CHROMIUM);
    sh::run(c)
}

fn read(page: &'static str, report: &Path) -> Result<Score, String> {
    let text = std::fs::read_to_string(report).map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let cat = |k: &str| v["categories"][k]["score"].as_f64().unwrap_or(0.0);
    let audit = |k: &str| v["audits"][k]["numericValue"].as_f64().unwrap_or(f64::NAN);
    Ok(Score {
        page,
        performance: cat("performance"),
        accessibility: cat("accessibility"),
        best_practices: cat("best-practices"),
        seo: cat("seo"),
        lcp_ms: audit("largest-contentful-paint"),
        tbt_ms: audit("total-blocking-time"),
        cls: audit("cumulative-layout-shift"),
    })
}

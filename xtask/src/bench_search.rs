//! `cargo xtask bench-search`: the FAQ search compiled to wasm and MiniSearch, timed in the
//! same Chromium page (bench/search-browser.mjs), with the ratio.

use crate::{sh, tools};

pub fn run(_args: &[String]) -> Result<(), String> {
    tools::ensure_build_tools()?;
    tools::ensure_chromium()?;
    let root = crate::root();
    sh::run(sh::cmd("cargo", &["build", "--release", "--target", "wasm32-unknown-unknown", "-p", "miz-search-wasm"]))?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/miz_search_wasm.wasm");
    let out = root.join("target/bench-web/pkg");
    let mut c = sh::cmd("wasm-bindgen", &["--target", "web", "--out-dir", &out.to_string_lossy(), &wasm.to_string_lossy()]);
    c.env("PATH", tools::tool_path());
    sh::run(c)?;
    let shared = root.join("../shared/faq-eval");
    let corpus = root.join("crates/server/demo/faq.json");
    let queries = if shared.join("queries.dev.jsonl").exists() {
        shared.join("queries.dev.jsonl")
    } else {
        root.join("bench/faq-eval/queries.extra.jsonl")
    };
    sh::run(sh::cmd(
        "node",
        &["bench/search-browser.mjs", &root.to_string_lossy(), &corpus.to_string_lossy(), &queries.to_string_lossy()],
    ))
}

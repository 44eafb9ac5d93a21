//! `cargo xtask faq-eval [corpus.json queries.jsonl]`: miz's FAQ search and its peers
//! (MiniSearch, Fuse.js) on the same files, in one run, one metrics line each.

use crate::{sh, tools};

pub fn run(args: &[String]) -> Result<(), String> {
    let root = crate::root();
    let shared = root.join("../shared/faq-eval");
    let (corpus, queries) = match args {
        [c, q, ..] => (c.clone(), q.clone()),
        _ => (
            shared.join("corpus.json").to_string_lossy().into_owned(),
            shared.join("queries.dev.jsonl").to_string_lossy().into_owned(),
        ),
    };
    tools::ensure_npm()?;
    println!("miz");
    sh::run(sh::cmd(
        "cargo",
        &["run", "--release", "--quiet", "-p", "miz-core", "--example", "faq_eval", "--", &corpus, &queries],
    ))?;
    sh::run(sh::cmd("node", &["bench/faq-baseline.mjs", &corpus, &queries]))
}

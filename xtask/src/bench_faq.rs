//! `cargo xtask bench-faq`: the FAQ page with 5,000 entries in Debian Chromium while a citizen
//! types (bench/faq-typing.mjs), against the release server and the built app.

use crate::{dist, sh, test::start_server_bin, test::E2E_ADMIN_TOKEN, tools};

pub fn run(_args: &[String]) -> Result<(), String> {
    tools::ensure_chromium()?;
    dist::build("/")?;
    sh::run(sh::cmd("cargo", &["build", "--profile", "server", "-p", "miz-server"]))?;
    let bin = crate::root().join("target/server/miz-server");
    let (server, port) = start_server_bin(&bin, "bench-faq.sqlite3", &["--writes-per-minute", "100000000"], None)?;
    let corpus = crate::root().join("../shared/faq-eval/corpus.json");
    let result = sh::run(sh::cmd(
        "node",
        &["bench/faq-typing.mjs", &format!("http://127.0.0.1:{port}"), E2E_ADMIN_TOKEN, &corpus.to_string_lossy()],
    ));
    drop(server);
    result
}

//! `cargo xtask bench-reader`: the draft reader with 300 articles and 3,000 comments, timed in
//! Debian Chromium (bench/reader.mjs) against the release server and the built app.

use crate::{dist, sh, test::start_server_bin, test::E2E_ADMIN_TOKEN, tools};

pub fn run(_args: &[String]) -> Result<(), String> {
    tools::ensure_chromium()?;
    dist::build("/")?;
    sh::run(sh::cmd("cargo", &["build", "--profile", "server", "-p", "miz-server"]))?;
    let bin = crate::root().join("target/server/miz-server");
    let (server, port) = start_server_bin(&bin, "bench-reader.sqlite3", &["--writes-per-minute", "100000000"], None)?;
    let result = sh::run(sh::cmd("node", &["bench/reader.mjs", &format!("http://127.0.0.1:{port}"), E2E_ADMIN_TOKEN]));
    drop(server);
    result
}

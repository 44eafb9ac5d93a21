//! `cargo xtask bench-reader`: the draft reader with 300 articles and 3,000 comments, timed in
//! Debian Chromium (bench/reader.mjs) against the release server and the built app.

use crate::{sh, test::serve_release_app, test::E2E_ADMIN_TOKEN};

pub fn run(_args: &[String]) -> Result<(), String> {
    let (server, port) = serve_release_app("bench-reader.sqlite3")?;
    let result = sh::run(sh::cmd("node", &["bench/reader.mjs", &format!("http://127.0.0.1:{port}"), E2E_ADMIN_TOKEN]));
    drop(server);
    result
}

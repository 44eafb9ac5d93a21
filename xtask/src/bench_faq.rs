//! `cargo xtask bench-faq`: the FAQ page with 5,000 entries in Debian Chromium while a citizen
//! types (bench/faq-typing.mjs), against the release server and the built app.

use crate::{sh, test::serve_release_app, test::E2E_ADMIN_TOKEN};

pub fn run(_args: &[String]) -> Result<(), String> {
    let (server, port) = serve_release_app("bench-faq.sqlite3")?;
    let corpus = crate::root().join("../shared/faq-eval/corpus.json");
    let result = sh::run(sh::cmd(
        "node",
        &["bench/faq-typing.mjs", &format!("http://127.0.0.1:{port}"), E2E_ADMIN_TOKEN, &corpus.to_string_lossy()],
    ));
    drop(server);
    result
}

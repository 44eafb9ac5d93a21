//! `cargo xtask run [--port N]`: the whole desk on this machine, with demo content.

use crate::{dist, sh};

pub fn run(args: &[String]) -> Result<(), String> {
    let port = crate::flag(args, "--port").unwrap_or_else(|| "8080".to_owned());
    port.parse::<u16>().map_err(|_| format!("--port must be a number, not '{port}'"))?;
    dist::build("/")?;
    let root = crate::root();
    let db = root.join("data/miz.sqlite3");
    let mut c = sh::cmd(
        "cargo",
        &["run", "--profile", "server", "-p", "miz-server", "--", "--port", &port, "--db", &db.to_string_lossy(), "--dist", &root.join("dist").to_string_lossy()],
    );
    for (k, v) in args_passthrough(args) {
        c.args([k, v]);
    }
    // Ctrl-C reaches the server too (same process group); it finishes requests and exits.
    sh::run(c)
}

/// `--agency museum`, `--host 0.0.0.0`, `--cors-origins "https://portal.example.ir"` (a
/// portal on another origin that serves the app and calls this API) and `--connect-src` (an
/// API elsewhere that this desk's app may call) go to the server as they are.
fn args_passthrough(args: &[String]) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    for name in ["--agency", "--host", "--cors-origins", "--connect-src"] {
        if let Some(i) = args.iter().position(|a| a == name) {
            if let Some(v) = args.get(i + 1) {
                out.push((name, v.as_str()));
            }
        }
    }
    out
}

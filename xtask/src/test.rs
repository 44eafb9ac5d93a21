//! `cargo xtask test`: every test. Rust unit and integration tests first (fast, no browser),
//! then the browser tests: Playwright driving Debian Chromium against the real server, with a
//! fresh SQLite file, on a free port.

use crate::{dist, sh, tools};
use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    process::{Child, Command},
    time::{Duration, Instant},
};

pub fn run(args: &[String]) -> Result<(), String> {
    let only_browser = args.iter().any(|a| a == "--browser-only");
    // The files made from the table of pages must be what the table makes.
    crate::codegen::run(&["--check".into()])?;
    if !only_browser {
        sh::run(sh::cmd("cargo", &["test", "--workspace", "--exclude", "miz", "--exclude", "miz-workbench"]))?;
    }
    if !only_browser {
        crate::bench_cases::durability(12, 6, 4, "durability.sqlite3")?;
        crate::faults::run(&[])?;
        // The same server suite, the conformance kit and two servers on one database, on a
        // real PostgreSQL.
        crate::postgres::run(&[])?;
        // The reference server against its own contract, by an outside tool.
        crate::conformance::run(&["--examples".into(), "25".into()])?;
        // The kit must catch every broken backend, or its passes mean nothing.
        crate::conformance::prove(&[])?;
    }
    tools::ensure_chromium()?;
    dist::build("/")?;
    // Measured once (brotli at quality 11 over the whole dist takes seconds), then held.
    let totals = crate::size::report(&crate::root().join("dist"))?;
    crate::size::check_budget(&totals)?;
    // The same app built for a path prefix, which a browser test serves under /portal/miz/.
    dist::build_into(PORTAL_BASE, &crate::root().join(PORTAL_DIST))?;
    browser_tests(args)
}

pub const PORTAL_BASE: &str = "/portal/miz/";
pub const PORTAL_DIST: &str = "target/dist-portal";

/// Kills the server when the tests end, however they end.
pub struct ServerGuard(Child);

/// The admin token of the servers the browser tests use (never a real deployment's).
pub const E2E_ADMIN_TOKEN: &str = "e2e-admin-token-not-secret";

impl ServerGuard {
    pub fn pid(&self) -> u32 {
        self.0.id()
    }

    /// SIGKILL: the process gets no chance to shut down.
    pub fn kill_hard(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn healthy(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /api/v1/health HTTP/1.0\r\nHost: localhost\r\n\r\n").is_err() {
        return false;
    }
    let mut buf = [0u8; 16];
    s.read(&mut buf).is_ok_and(|n| buf[..n].starts_with(b"HTTP/1.0 200") || buf[..n].starts_with(b"HTTP/1.1 200"))
}

/// The built release app (`dist/`) on the release server with limits out of the way: what
/// the browser benchmarks measure.
pub fn serve_release_app(db_name: &str) -> Result<(ServerGuard, u16), String> {
    tools::ensure_chromium()?;
    dist::build("/")?;
    sh::run(sh::cmd("cargo", &["build", "--profile", "server", "-p", "miz-server"]))?;
    let bin = crate::root().join("target/server/miz-server");
    start_server_bin(&bin, db_name, &["--writes-per-minute", "100000000"], None)
}

pub fn start_server(db_name: &str, extra: &[&str]) -> Result<(ServerGuard, u16), String> {
    sh::run(sh::cmd("cargo", &["build", "-p", "miz-server"]))?;
    start_server_bin(&crate::root().join("target/debug/miz-server"), db_name, extra, None)
}

/// A staff account made with the agency's CLI on database `db` (a file path or a PostgreSQL
/// URL), its password given on standard input as an administrator would.
pub fn add_staff(bin: &std::path::Path, db: &str, username: &str, name: &str, role: &str, password: &str) -> Result<(), String> {
    use std::io::Write;
    let mut child = Command::new(bin)
        .args(["--db", db, "admin", "add-staff", username, "--name", name, "--role", role, "--password-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("add-staff {username}: {e}"))?;
    child.stdin.take().ok_or("add-staff: no stdin")?.write_all(format!("{password}\n").as_bytes()).map_err(|e| e.to_string())?;
    if child.wait().map_err(|e| e.to_string())?.success() {
        Ok(())
    } else {
        Err(format!("add-staff {username} failed"))
    }
}

/// Starts `bin` on a free port with `target/xtask/<db_name>`: a fresh file, or the existing
/// one when `reuse` names it (a restart).
pub fn start_server_bin(
    bin: &std::path::Path,
    db_name: &str,
    extra: &[&str],
    reuse: Option<&std::path::Path>,
) -> Result<(ServerGuard, u16), String> {
    let root = crate::root();
    let dir = root.join("target/xtask");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    // A PostgreSQL URL is used as it is; a name is a file under target/xtask.
    let is_url = db_name.starts_with("postgres://") || db_name.starts_with("postgresql://");
    let db = if is_url { std::path::PathBuf::from(db_name) } else { dir.join(db_name) };
    if reuse.is_none() && !is_url {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.to_string_lossy()));
        }
    }
    let port = free_port()?;
    let mut c = Command::new(bin);
    c.current_dir(&root).args([
        "--port",
        &port.to_string(),
        "--db",
        &db.to_string_lossy(),
        "--dist",
        &root.join("dist").to_string_lossy(),
        "--admin-token",
        E2E_ADMIN_TOKEN,
    ]);
    c.args(extra);
    c.stdout(std::process::Stdio::null());
    let child = c.spawn().map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let mut guard = ServerGuard(child);
    let started = Instant::now();
    while !healthy(port) {
        if let Ok(Some(status)) = guard.0.try_wait() {
            return Err(format!("miz-server exited at start ({status})"));
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err("miz-server did not become healthy within 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((guard, port))
}

fn browser_tests(args: &[String]) -> Result<(), String> {
    // Many tests share this server from one address; the limits have tests of their own.
    let (_server, port) = start_server("e2e.sqlite3", &["--writes-per-minute", "10000", "--lookup-failures", "10000"])?;
    let root = crate::root();
    let mut c = sh::cmd(
        &root.join("node_modules/.bin/playwright").to_string_lossy(),
        &["test", "--config", "tests/playwright.config.ts"],
    );
    // Anything after `--` goes to Playwright (e.g. a file or --grep).
    if let Some(i) = args.iter().position(|a| a == "--") {
        c.args(&args[i + 1..]);
    }
    c.env("MIZ_BASE_URL", format!("http://127.0.0.1:{port}"));
    // Tests that stop a server (offline) or change data start their own from these.
    c.env("MIZ_SERVER_BIN", root.join("target/debug/miz-server"));
    c.env("MIZ_DIST", root.join("dist"));
    c.env("MIZ_PORTAL_DIST", root.join(PORTAL_DIST));
    c.env("MIZ_PORTAL_BASE", PORTAL_BASE);
    c.env("MIZ_ADMIN_TOKEN", E2E_ADMIN_TOKEN);
    c.env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    c.env("CHROMIUM_PATH", tools::CHROMIUM);
    let result = sh::run(c);
    // Also after a green run: a test that passed only on its retry left its first failure.
    print_failure_contexts(&root.join("tests/results"));
    result
}

/// For each failed test, Playwright writes what the page showed at the failure (its
/// accessibility tree) to `error-context.md`, and `tests/e2e/test.ts` what the page did (console
/// errors, navigations, API answers) to `page-log.txt`. CI keeps only the log, so they are
/// printed there: a failure that happens once in a hundred runs can then be read.
fn print_failure_contexts(results: &std::path::Path) {
    let Ok(dirs) = std::fs::read_dir(results) else { return };
    for dir in dirs.flatten() {
        for name in ["error-context.md", "page-log.txt"] {
            let file = dir.path().join(name);
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            const MAX: usize = 12_000;
            let cut = text.char_indices().nth(MAX).map_or(text.len(), |(i, _)| i);
            eprintln!("\n---- {} ----\n{}{}", file.display(), &text[..cut], if cut < text.len() { "\n[…]" } else { "" });
        }
    }
}

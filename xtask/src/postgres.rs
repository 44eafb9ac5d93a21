//! A throwaway PostgreSQL server (Debian's `postgresql`) for the test command, and the checks
//! that the reference server is as sound on it as on SQLite:
//!
//! - the server's Rust test suite, every test on its own fresh database;
//! - the conformance kit against a server on PostgreSQL;
//! - two `miz-server`s on one database, as behind a load balancer: the same Idempotency-Key
//!   sent to both at once makes one case, and what one wrote the other reads;
//! - the durability run: servers SIGKILLed while clients write lose no acknowledged write.
//!
//! `cargo xtask postgres` runs just this part.

use crate::{
    bench_cases::{complaint, MOBILE},
    http, sh,
    test::start_server_bin,
    tools,
};
use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::{Arc, Mutex},
    thread,
    time::Duration,
};

/// A PostgreSQL cluster in a temporary directory on a free port, stopped and removed on drop.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
    as_postgres: bool,
    /// Settings beyond Debian's defaults (`-c name=value` each).
    settings: Vec<String>,
}

impl Cluster {
    pub fn start() -> Result<Cluster, String> {
        Cluster::start_with(&[])
    }

    /// A cluster with these settings (`("shared_buffers", "2GB")`) on top of the defaults.
    pub fn start_with(settings: &[(&str, &str)]) -> Result<Cluster, String> {
        let bin = match find_bin() {
            Some(b) => b,
            None => {
                tools::ensure_debian("/usr/lib/postgresql", &["postgresql"])?;
                find_bin().ok_or("postgresql is installed but no initdb was found under /usr/lib/postgresql")?
            }
        };
        // initdb refuses to run as root: then the cluster belongs to Debian's postgres user.
        let as_postgres = sh::output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
        let dir = std::env::temp_dir().join(format!("miz-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        if as_postgres {
            sh::run(sh::cmd("chown", &["postgres:", &dir.to_string_lossy()]))?;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let settings = settings.iter().map(|(k, v)| format!("-c {k}={v}")).collect();
        let c = Cluster { bin, dir, port, as_postgres, settings };
        let data = c.dir.join("data");
        c.run("initdb", &["-D", &data.to_string_lossy(), "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8"])?;
        c.pg_ctl("start")?;
        Ok(c)
    }

    fn pg_ctl(&self, action: &str) -> Result<(), String> {
        let data = self.dir.join("data");
        let mut opts = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200", self.port, self.dir.display());
        for s in &self.settings {
            opts.push(' ');
            opts.push_str(s);
        }
        let log = self.dir.join("log");
        match action {
            "start" => self.run("pg_ctl", &["-D", &data.to_string_lossy(), "-l", &log.to_string_lossy(), "-o", &opts, "-w", "start"]),
            _ => self.run("pg_ctl", &["-D", &data.to_string_lossy(), "-m", "fast", "-w", "stop"]),
        }
    }

    /// `postgres://postgres@127.0.0.1:PORT` (no database).
    pub fn server_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// A new, empty database; its URL.
    pub fn create_db(&self, name: &str) -> Result<String, String> {
        self.run("psql", &["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", "-qc", &format!("CREATE DATABASE {name}")])?;
        Ok(format!("{}/{name}", self.server_url()))
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(tool);
        let mut c = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        c.args(args).stdout(std::process::Stdio::null());
        sh::run(c)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self.run("pg_ctl", &["-D", &data.to_string_lossy(), "-m", "immediate", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The newest Debian PostgreSQL's binaries, e.g. /usr/lib/postgresql/15/bin.
fn find_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, b): &(u32, PathBuf)| b.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b)
}

/// Everything that proves the PostgreSQL engine; part of `cargo xtask test`.
pub fn run(_args: &[String]) -> Result<(), String> {
    let cluster = Cluster::start()?;
    println!("postgres: a fresh cluster on port {}", cluster.port);
    let mut c = sh::cmd("cargo", &["test", "-p", "miz-server"]);
    c.env("MIZ_TEST_POSTGRES", cluster.server_url());
    sh::run(c)?;
    let db = cluster.create_db("miz_conformance")?;
    crate::conformance::run(&["--examples".into(), "25".into(), "--db".into(), db])?;
    two_servers_one_database(&cluster)?;
    database_down_and_back(&cluster)?;
    // miz-server SIGKILLed while writing: PostgreSQL keeps every acknowledged write.
    let db = cluster.create_db("miz_durability")?;
    crate::bench_cases::durability(8, 6, 3, &db)?;
    Ok(())
}

/// Two servers on one database, as behind a load balancer that spreads a citizen's retries.
fn two_servers_one_database(cluster: &Cluster) -> Result<(), String> {
    sh::run(sh::cmd("cargo", &["build", "-p", "miz-server"]))?;
    let bin = crate::root().join("target/debug/miz-server");
    let db = cluster.create_db("miz_two_servers")?;
    let flags = ["--writes-per-minute", "100000000"];
    let (a, port_a) = start_server_bin(&bin, &db, &flags, None)?;
    let (b, port_b) = start_server_bin(&bin, &db, &flags, None)?;
    let ports = [port_a, port_b];
    const KEYS: usize = 40;
    // Each key is sent by four clients at once, two to each server.
    let receipts: Arc<Mutex<Vec<(usize, String)>>> = Arc::default();
    let handles: Vec<_> = (0..4)
        .map(|client| {
            let receipts = receipts.clone();
            thread::spawn(move || {
                for k in 0..KEYS {
                    let port = ports[(client + k) % 2];
                    let body = complaint(&format!("یک شکایت که به دو سرور رسید ({k})."));
                    for _ in 0..20 {
                        match http::request(port, "POST", "/api/v1/cases", &[("Idempotency-Key", &format!("two-{k}"))], Some(&body)) {
                            Ok(r) if r.status == 201 => {
                                if let Some(code) = http::json_str(&r.body, "tracking_code") {
                                    receipts.lock().unwrap().push((k, code.to_owned()));
                                }
                                break;
                            }
                            _ => thread::sleep(Duration::from_millis(20)),
                        }
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().map_err(|_| "a client thread panicked")?;
    }
    let receipts = receipts.lock().unwrap().clone();
    let mut wrong = 0;
    for k in 0..KEYS {
        let mut codes: Vec<&String> = receipts.iter().filter(|(key, _)| *key == k).map(|(_, c)| c).collect();
        codes.dedup();
        if receipts.iter().filter(|(key, _)| *key == k).count() != 4 || codes.len() != 1 {
            wrong += 1;
        }
    }
    // What one server wrote, the other reads.
    let mut unread = 0;
    for (i, (_, code)) in receipts.iter().enumerate() {
        let r = http::request(ports[i % 2], "GET", &format!("/api/v1/cases/{code}"), &[("X-Case-Mobile", MOBILE)], None)
            .map_err(|e| e.to_string())?;
        if r.status != 200 {
            unread += 1;
        }
    }
    // Many different cases at once through both servers: none refused. (Under SERIALIZABLE a
    // third of these failed on index-page conflicts that were not real ones.)
    const BURST: usize = 16;
    let refused = Arc::new(Mutex::new(0usize));
    let handles: Vec<_> = (0..BURST)
        .map(|client| {
            let refused = refused.clone();
            thread::spawn(move || {
                for n in 0..25 {
                    let body = complaint(&format!("شکایت همزمان {client}-{n} از چند شهروند."));
                    let r = http::request(ports[(client + n) % 2], "POST", "/api/v1/cases", &[("Idempotency-Key", &format!("burst-{client}-{n}"))], Some(&body));
                    if !r.is_ok_and(|r| r.status == 201) {
                        *refused.lock().unwrap() += 1;
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().map_err(|_| "a client thread panicked")?;
    }
    let refused = *refused.lock().unwrap();
    drop((a, b));
    let stored = count_cases(&bin, &db)? - (BURST * 25 - refused);
    println!(
        "postgres: two servers, one database: {} requests for {KEYS} keys, each sent 4 times at once to both; \
         {stored} cases stored, {wrong} keys answered with different codes, {unread} receipts unreadable from a server; \
         {} different cases from {BURST} clients at once, {refused} refused",
        receipts.len(),
        BURST * 25
    );
    if wrong > 0 || unread > 0 || stored != KEYS || refused > 0 {
        return Err(format!("postgres: two servers on one database: {stored} cases for {KEYS} keys, {wrong} split keys, {unread} unreadable"));
    }
    Ok(())
}

/// The database server stops under a running miz-server: writes get 503 with Retry-After,
/// and once it is back the same request (same key) is stored, once.
fn database_down_and_back(cluster: &Cluster) -> Result<(), String> {
    let bin = crate::root().join("target/debug/miz-server");
    let db = cluster.create_db("miz_down_and_back")?;
    let (server, port) = start_server_bin(&bin, &db, &["--writes-per-minute", "100000000"], None)?;
    let post = |key: &str| {
        let body = complaint("شکایتی که وقتی پایگاه داده خاموش بود رسید.");
        http::request(port, "POST", "/api/v1/cases", &[("Idempotency-Key", key)], Some(&body)).map_err(|e| e.to_string())
    };
    if post("before")?.status != 201 {
        return Err("postgres: the case before the outage was not stored".into());
    }
    cluster.pg_ctl("stop")?;
    let during: Vec<http::Response> = (0..5).map(|_| post("during")).collect::<Result<_, _>>()?;
    let unavailable = during.iter().filter(|r| r.status == 503 && r.header("retry-after").is_some()).count();
    cluster.pg_ctl("start")?;
    let back = std::time::Instant::now();
    let mut after = 0;
    while after != 201 && back.elapsed() < Duration::from_secs(10) {
        after = post("during")?.status;
        if after != 201 {
            thread::sleep(Duration::from_millis(100));
        }
    }
    let recovered_ms = back.elapsed().as_millis();
    drop(server);
    let stored = count_cases(&bin, &db)?;
    println!(
        "postgres: database stopped under a running server: {unavailable}/{} writes answered 503 with Retry-After; \
         after the restart the retried write was stored in {recovered_ms} ms; {stored} cases stored (expected 2)",
        during.len()
    );
    if unavailable != during.len() || after != 201 || stored != 2 {
        return Err(format!("postgres: down and back: {unavailable}/{} 503s, last status {after}, {stored} stored", during.len()));
    }
    Ok(())
}

fn count_cases(bin: &Path, db: &str) -> Result<usize, String> {
    let out = Command::new(bin).args(["--db", db, "admin", "list-cases", "--limit", "100000"]).output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.trim().is_empty()).count())
}

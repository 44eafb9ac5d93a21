//! Cases under load and under failure, on the real server and SQLite file:
//!
//! - `cargo xtask bench-cases [--seconds N] [--clients N]`: cases accepted per second and
//!   p50/p99 latency of submit and lookup, from concurrent clients on loopback.
//! - the durability run (part of `cargo xtask test`, or `cargo xtask durability`): clients send
//!   cases and comments while the server is killed with SIGKILL and restarted; each client
//!   retries with the same Idempotency-Key until it gets its receipt, as the app does.
//!   Afterwards every acknowledged case must be there, exactly once, with both of its first
//!   events, and every acknowledged comment exactly once in its draft's list.

use crate::{http, sh, test::start_server_bin};
use std::{
    sync::{
        atomic::{AtomicBool, AtomicU16, Ordering},
        Arc, Mutex,
    },
    thread,
    time::{Duration, Instant},
};

pub const MOBILE: &str = "09121234567";

/// A complaint from MOBILE with this description (which must not need JSON escaping).
pub fn complaint(description: &str) -> String {
    format!(r#"{{"kind":"complaint","topic_id":"c-licence-delay","description":"{description}","mobile":"{MOBILE}"}}"#)
}

pub fn case_body(n: usize) -> String {
    complaint(&format!("پیام آزمون بار شماره {n}: مجوز من صادر نشده است."))
}

/// Comments go to this open demo draft's first paragraph.
const COMMENT_PATH: &str = "/api/v1/drafts/concert/comments";

fn comment_body(c: usize, n: usize) -> String {
    format!(r#"{{"body":"نظر آزمون دوام {c}-{n}: مهلت سی‌روزه زیاد است.","anchor":{{"paragraph_id":"concert-a1-p1"}},"client_id":"durable-{c}"}}"#)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let seconds: u64 = crate::flag(args, "--seconds").and_then(|s| s.parse().ok()).unwrap_or(10);
    let clients: usize = crate::flag(args, "--clients").and_then(|s| s.parse().ok()).unwrap_or(8);
    sh::run(sh::cmd("cargo", &["build", "--profile", "server", "-p", "miz-server"]))?;
    let bin = crate::root().join("target/server/miz-server");
    let (server, port) = start_server_bin(&bin, "bench.sqlite3", &["--writes-per-minute", "100000000"], None)?;
    let submit = Arc::new(Mutex::new(Vec::new()));
    let lookup = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(Mutex::new(0usize));
    let until = Instant::now() + Duration::from_secs(seconds);
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (submit, lookup, errors) = (submit.clone(), lookup.clone(), errors.clone());
            thread::spawn(move || {
                let mut n = 0;
                while Instant::now() < until {
                    n += 1;
                    let key = format!("bench-{c}-{n}");
                    let t = Instant::now();
                    let r = http::request(port, "POST", "/api/v1/cases", &[("Idempotency-Key", &key)], Some(&case_body(n)));
                    let took = t.elapsed();
                    let Some(code) = r.ok().filter(|r| r.status == 201).and_then(|r| http::json_str(&r.body, "tracking_code").map(str::to_owned)) else {
                        *errors.lock().unwrap() += 1;
                        continue;
                    };
                    submit.lock().unwrap().push(took);
                    let t = Instant::now();
                    let r = http::request(port, "GET", &format!("/api/v1/cases/{code}"), &[("X-Case-Mobile", MOBILE)], None);
                    if r.is_ok_and(|r| r.status == 200) {
                        lookup.lock().unwrap().push(t.elapsed());
                    } else {
                        *errors.lock().unwrap() += 1;
                    }
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    drop(server);
    let mut s = submit.lock().unwrap().clone();
    let mut l = lookup.lock().unwrap().clone();
    s.sort();
    l.sort();
    println!("\ncases under load: {clients} clients, {seconds} s, release build, SQLite WAL synchronous=FULL");
    println!("  accepted: {} cases, {:.0} cases/s (each followed by its lookup)", s.len(), s.len() as f64 / seconds as f64);
    println!("  submit  p50 {:.2} ms  p99 {:.2} ms", percentile(&s, 0.5), percentile(&s, 0.99));
    println!("  lookup  p50 {:.2} ms  p99 {:.2} ms", percentile(&l, 0.5), percentile(&l, 0.99));
    println!("  errors: {}", errors.lock().unwrap());
    Ok(())
}

/// The durability run; `kills` SIGKILLs spread over the run.
/// `db`: a file name under target/xtask, or a PostgreSQL URL.
pub fn durability(seconds: u64, clients: usize, kills: usize, db_name: &str) -> Result<(), String> {
    sh::run(sh::cmd("cargo", &["build", "-p", "miz-server"]))?;
    let bin = crate::root().join("target/debug/miz-server");
    let (server, port) = start_server_bin(&bin, db_name, &["--writes-per-minute", "100000000"], None)?;
    let server = Arc::new(Mutex::new(Some(server)));
    let port = Arc::new(AtomicU16::new(port));
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let acked_comments: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let retries = Arc::new(Mutex::new(0usize));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (port, stop, retries) = (port.clone(), stop.clone(), retries.clone());
            // Half the clients send cases, half comment on a draft.
            let comments = c % 2 == 1;
            let (acked, path, id_key) = if comments {
                (acked_comments.clone(), COMMENT_PATH, "id")
            } else {
                (acked.clone(), "/api/v1/cases", "tracking_code")
            };
            thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let key = format!("durable-{c}-{n}");
                    let body = if comments { comment_body(c, n) } else { case_body(n) };
                    // Like the app: the same key until the receipt arrives.
                    loop {
                        let p = port.load(Ordering::SeqCst);
                        match http::request(p, "POST", path, &[("Idempotency-Key", &key)], Some(&body)) {
                            Ok(r) if r.status == 201 => {
                                if let Some(id) = http::json_str(&r.body, id_key) {
                                    acked.lock().unwrap().push((key.clone(), id.to_owned()));
                                }
                                break;
                            }
                            _ => {
                                *retries.lock().unwrap() += 1;
                                thread::sleep(Duration::from_millis(50));
                            }
                        }
                    }
                }
            })
        })
        .collect();
    let db = if db_name.contains("://") { std::path::PathBuf::from(db_name) } else { crate::root().join("target/xtask").join(db_name) };
    for _ in 0..kills {
        thread::sleep(Duration::from_millis(seconds * 1000 / (kills as u64 + 1)));
        // SIGKILL: no shutdown, no flush beyond what SQLite already made durable.
        if let Some(mut s) = server.lock().unwrap().take() {
            s.kill_hard();
        }
        let (s, p) = start_server_bin(&bin, db_name, &["--writes-per-minute", "100000000"], Some(&db))?;
        port.store(p, Ordering::SeqCst);
        *server.lock().unwrap() = Some(s);
    }
    while Instant::now() < deadline {
        thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::SeqCst);
    for h in handles {
        let _ = h.join();
    }
    let acked = acked.lock().unwrap().clone();
    // Every acknowledged case: present, reachable, both first events written.
    let p = port.load(Ordering::SeqCst);
    let mut missing = 0;
    for (_, code) in &acked {
        match http::request(p, "GET", &format!("/api/v1/cases/{code}"), &[("X-Case-Mobile", MOBILE)], None) {
            Ok(r) if r.status == 200 && r.body.contains("\"received\"") && r.body.contains("\"routed\"") => {}
            _ => missing += 1,
        }
    }
    // Every acknowledged comment: in the draft's list exactly once.
    let acked_comments = acked_comments.lock().unwrap().clone();
    let listed = list_comment_ids(p)?;
    let comments_missing = acked_comments.iter().filter(|(_, id)| listed.iter().filter(|l| *l == id).count() != 1).count();
    let durable_listed = listed.len();
    drop(server.lock().unwrap().take());
    let out = std::process::Command::new(&bin)
        .arg("--db")
        .arg(&db)
        .args(["admin", "list-cases", "--limit", "100000000"])
        .output()
        .map_err(|e| e.to_string())?;
    let stored = String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.trim().is_empty()).count();
    let mut keys: Vec<&String> = acked.iter().map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    println!(
        "durability ({}): {} cases and {} comments acknowledged by {clients} clients in {seconds} s with {kills} SIGKILLs; \
         {} retried requests; {} cases stored, {missing} acknowledged but missing or half-written; \
         {durable_listed} comments listed, {comments_missing} acknowledged but missing or doubled",
        if db_name.contains("://") { "PostgreSQL" } else { "SQLite" },
        acked.len(),
        acked_comments.len(),
        retries.lock().unwrap(),
        stored
    );
    if comments_missing > 0 || durable_listed != acked_comments.len() {
        return Err(format!(
            "durability failed: {} comments acknowledged, {durable_listed} listed, {comments_missing} missing or doubled",
            acked_comments.len()
        ));
    }
    if missing > 0 || stored != acked.len() || keys.len() != acked.len() {
        return Err(format!(
            "durability failed: {} acknowledged, {stored} stored, {} distinct keys, {missing} missing",
            acked.len(),
            keys.len()
        ));
    }
    Ok(())
}

/// The ids of the durability run's comments on the draft (the demo's own are left out),
/// page by page.
fn list_comment_ids(port: u16) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    for page in 1.. {
        let r = http::request(port, "GET", &format!("{COMMENT_PATH}?per_page=50&page={page}"), &[], None).map_err(|e| e.to_string())?;
        if r.status != 200 {
            return Err(format!("listing comments: {}", r.status));
        }
        let doc: serde_json::Value = serde_json::from_str(&r.body).map_err(|e| e.to_string())?;
        let items = doc["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        ids.extend(
            items
                .iter()
                .filter(|c| c["body"].as_str().is_some_and(|b| b.starts_with("نظر آزمون دوام")))
                .filter_map(|c| c["id"].as_str().map(str::to_owned)),
        );
    }
    Ok(ids)
}

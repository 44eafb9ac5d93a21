//! `cargo xtask bench-inbox [--count N] [--runs N] [--postgres [--pg-defaults]] [--reuse DB]`: the workbench's inbox at an
//! agency's real size. Fills a SQLite database (or, with `--postgres`, a database on a
//! throwaway PostgreSQL cluster) with N synthetic cases (default 1,000,000) over the demo
//! agency's units and three years, starts the release server on it, signs in as a supervisor
//! and as an officer, and prints p50/p95 of the inbox's first page with each filter, of the
//! searches (code, mobile, common and rare words) and of opening a case. `--reuse` measures a
//! database an earlier run filled (a file or a PostgreSQL URL), to try a change in minutes.

use crate::{http, sh, test::start_server_bin};
use std::time::Instant;

const PASSWORD: &str = "bench inbox password";
/// The bench's accounts: a supervisor (every unit) and an officer of one unit.
const ACCOUNTS: [(&str, &str); 2] = [("bench.sup", "supervisor"), ("bench.books", "officer:books")];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~=&".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn sign_in(port: u16, username: &str) -> Result<String, String> {
    let body = format!("{{\"username\":\"{username}\",\"password\":\"{PASSWORD}\"}}");
    let r = http::request(port, "POST", "/api/v1/staff/session", &[], Some(&body)).map_err(|e| e.to_string())?;
    if r.status != 200 {
        return Err(format!("sign in as {username}: {} {}", r.status, r.body));
    }
    let cookie = r.header("set-cookie").ok_or("no session cookie")?;
    Ok(cookie.split(';').next().unwrap_or_default().to_owned())
}

pub fn run(args: &[String]) -> Result<(), String> {
    let count: u64 = crate::flag(args, "--count").and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let runs: usize = crate::flag(args, "--runs").and_then(|s| s.parse().ok()).unwrap_or(20);
    sh::run(sh::cmd("cargo", &["build", "--profile", "server", "-p", "miz-server"]))?;
    let root = crate::root();
    let bin = root.join("target/server/miz-server");
    let dir = root.join("target/xtask");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    if let Some(db) = crate::flag(args, "--reuse") {
        // The accounts are there when an earlier bench made the database; else they are added.
        for (user, role) in ACCOUNTS {
            let _ = crate::test::add_staff(&bin, &db, user, user, role, PASSWORD);
        }
        return measure(&bin, &db, runs, count);
    }
    let postgres = args.iter().any(|a| a == "--postgres");
    // Sized for a table of a million cases, as the README's deployment notes say a desk of
    // that size should be (Debian's 128 MB of shared buffers made the same requests 2–10 times
    // slower and their times vary from run to run: docs/performance.md §6). `--pg-defaults`
    // measures with Debian's settings.
    let sized: &[(&str, &str)] = &[("shared_buffers", "2GB"), ("effective_cache_size", "8GB")];
    let settings = if args.iter().any(|a| a == "--pg-defaults") { &[][..] } else { sized };
    let cluster = if postgres { Some(crate::postgres::Cluster::start_with(settings)?) } else { None };
    let db_str = match &cluster {
        Some(c) => c.create_db("miz_bench_inbox")?,
        // An earlier run's file is removed by the server's first start below.
        None => dir.join("bench-inbox.sqlite3").to_string_lossy().into_owned(),
    };
    // The server's first start makes the database (the demo agency, its units and topics);
    // the cases and accounts go in beside it, through the agency's CLI.
    let (first, _) = start_server_bin(&bin, &db_str, &[], None)?;
    let started = Instant::now();
    sh::run(sh::cmd(&bin.to_string_lossy(), &["--db", &db_str, "admin", "fill-cases", "--count", &count.to_string()]))?;
    println!("filled {count} cases in {:.0} s", started.elapsed().as_secs_f64());
    // Measured on a server started on the grown database, as after an upgrade or a restart: a
    // server that watched a million cases arrive in one go holds SQLite's plans of the empty
    // file (a rare word took 220 ms there, 20 ms after a restart).
    drop(first);
    for (user, role) in ACCOUNTS {
        crate::test::add_staff(&bin, &db_str, user, user, role, PASSWORD)?;
    }
    measure(&bin, &db_str, runs, count)?;
    drop(cluster);
    Ok(())
}

/// The requests, on the release server started on `db` (a file or a URL) with the bench's two
/// accounts in it.
fn measure(bin: &std::path::Path, db: &str, runs: usize, count: u64) -> Result<(), String> {
    let engine = if db.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    let path = std::path::Path::new(db);
    let (server, port) = start_server_bin(bin, db, &[], Some(path))?;
    let sup = sign_in(port, "bench.sup")?;
    let officer = sign_in(port, "bench.books")?;
    // A case, its code and its mobile, to look up.
    let first = http::request(port, "GET", "/api/v1/staff/cases?per_page=1&status=in_review", &[("Cookie", &sup)], None).map_err(|e| e.to_string())?;
    let code = http::json_str(&first.body, "tracking_code").ok_or("no case in the inbox")?.to_owned();
    let mobile: String = {
        let r = http::request(port, "GET", &format!("/api/v1/staff/cases/{code}/contact"), &[("Cookie", &sup)], None).map_err(|e| e.to_string())?;
        http::json_str(&r.body, "mobile").unwrap_or("09120000000").to_owned()
    };
    let dashed = format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]);
    let month_ago = crate::root_date_days_ago(30);
    let queries: Vec<(&str, &str, String)> = vec![
        ("inbox, due first (supervisor)", "sup", "/api/v1/staff/cases".into()),
        ("inbox of one unit (officer)", "officer", "/api/v1/staff/cases".into()),
        ("status = in_review", "sup", "/api/v1/staff/cases?status=in_review".into()),
        ("kind = complaint", "sup", "/api/v1/staff/cases?kind=complaint".into()),
        ("topic = c-books", "sup", "/api/v1/staff/cases?topic=c-books".into()),
        ("unit = books", "sup", "/api/v1/staff/cases?unit=books".into()),
        ("assignee = none", "sup", "/api/v1/staff/cases?assignee=none".into()),
        ("deadline = overdue", "sup", "/api/v1/staff/cases?deadline=overdue".into()),
        ("deadline = near", "sup", "/api/v1/staff/cases?deadline=near".into()),
        ("filed in the last 30 days", "sup", format!("/api/v1/staff/cases?from={month_ago}")),
        ("page 1000 of 25", "sup", "/api/v1/staff/cases?page=1000".into()),
        ("search: tracking code with dashes", "sup", format!("/api/v1/staff/cases?q={}", encode(&dashed))),
        ("search: mobile in Persian digits", "sup", format!("/api/v1/staff/cases?q={}", encode(&miz_core::digits::to_persian_digits(&mobile)))),
        ("search: two words", "sup", format!("/api/v1/staff/cases?q={}", encode("مجوز نشر"))),
        ("search: two words (officer)", "officer", format!("/api/v1/staff/cases?q={}", encode("مجوز نشر"))),
        ("search: a rare word (1 case in 1,000)", "sup", format!("/api/v1/staff/cases?q={}", encode("ماهشهر"))),
        ("search: a word in 1 case in 150", "sup", format!("/api/v1/staff/cases?q={}", encode("اردبیل"))),
        ("search: a word in 1 case in 300", "sup", format!("/api/v1/staff/cases?q={}", encode("بوشهر"))),
        ("open a case", "sup", format!("/api/v1/staff/cases/{code}")),
    ];
    println!("\n{:<38} {:>9} {:>9} {:>9}  ({engine}, {count} cases, {runs} runs each)", "request", "p50 ms", "p95 ms", "total");
    let mut worst: f64 = 0.0;
    for (name, who, path) in &queries {
        let cookie = if *who == "sup" { &sup } else { &officer };
        let mut times = Vec::new();
        let mut total = String::new();
        for i in 0..runs + 2 {
            let t = Instant::now();
            let r = http::request(port, "GET", path, &[("Cookie", cookie)], None).map_err(|e| e.to_string())?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if r.status != 200 {
                return Err(format!("{name}: {} {}", r.status, r.body));
            }
            total = r.body.split("\"total\":").nth(1).map(|t| t.split([',', '}']).next().unwrap_or("").to_owned()).unwrap_or_else(|| "-".into());
            if i >= 2 {
                times.push(ms);
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let p95 = percentile(&times, 0.95);
        worst = worst.max(p95);
        println!("{name:<38} {:>9.1} {:>9.1} {total:>9}", percentile(&times, 0.5), p95);
    }
    println!("\nslowest p95: {worst:.1} ms (target 300 ms)");
    drop(server);
    Ok(())
}

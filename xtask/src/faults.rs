//! `cargo xtask faults` (also part of `cargo xtask test`): the real server on its real SQLite
//! file while the storage under it fails, the way it fails on a real machine:
//!
//! - **file-size limit**: `prlimit --fsize=0` on the running server, so every write to the
//!   database gets EFBIG (works without privileges);
//! - **disk full**: the database on a small tmpfs filled to the last byte (needs `mount`);
//! - **read-only**: the database file and its WAL made immutable with `chattr +i`, which even
//!   root cannot write through (needs root on ext4/xfs/btrfs).
//!
//! In each, writes must get 503 problem+json with `Retry-After` (nothing half-stored), reads
//! must keep working, and once the fault is fixed the same requests, retried with the same
//! Idempotency-Key as the app does, must succeed exactly once.

use crate::{
    bench_cases::{complaint, MOBILE},
    http, sh,
    test::start_server_bin,
};
use std::{
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, Instant},
};

/// Writes tried while the fault lasts.
const DURING: usize = 12;

struct Outcome {
    name: &'static str,
    during: Vec<u16>,
    reads_ok: usize,
    reads: usize,
    recovered_ms: u128,
    after_ok: usize,
}

pub fn run(_args: &[String]) -> Result<(), String> {
    sh::run(sh::cmd("cargo", &["build", "-p", "miz-server"]))?;
    let root = crate::root();
    let bin = root.join("target/debug/miz-server");
    let dir = root.join("target/xtask/faults");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut results = Vec::new();

    let db = dir.join("fsize.sqlite3");
    results.push(scenario("file-size limit (prlimit --fsize=0)", &bin, &db, &|pid| prlimit(pid, "0:unlimited"), &|pid| {
        prlimit(pid, "unlimited:unlimited")
    })?);

    let mnt = dir.join("tmpfs");
    match TmpFs::mount(&mnt, "64m") {
        Ok(fs) => {
            let db = mnt.join("full.sqlite3");
            let filler = mnt.join("filler");
            results.push(scenario("disk full (tmpfs filled)", &bin, &db, &|_| fill(&filler), &|_| {
                std::fs::remove_file(&filler).map_err(|e| e.to_string())
            })?);
            drop(fs);
        }
        Err(why) => println!("faults: disk full skipped: {why}"),
    }

    let db = dir.join("readonly.sqlite3");
    if chattr(&dir.join("probe"), true).is_ok() {
        let _ = chattr(&dir.join("probe"), false);
        let files = [db.clone(), wal(&db)];
        results.push(scenario(
            "read-only (chattr +i on the database and its WAL)",
            &bin,
            &db,
            &|_| files.iter().try_for_each(|f| chattr(f, true)),
            &|_| files.iter().try_for_each(|f| chattr(f, false)),
        )?);
    } else {
        println!("faults: read-only skipped: chattr +i is not permitted here");
    }

    let mut failed = Vec::new();
    for o in &results {
        let unavailable = o.during.iter().filter(|&&s| s == 503).count();
        println!(
            "faults: {:<52} writes during: {unavailable}/{} answered 503; reads during: {}/{} ok; \
             first write after the fix: {} ms; retried writes stored: {}/{DURING}",
            o.name,
            o.during.len(),
            o.reads_ok,
            o.reads,
            o.recovered_ms,
            o.after_ok
        );
        if unavailable != o.during.len() || o.reads_ok != o.reads || o.after_ok != DURING {
            failed.push(o.name);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("faults: not survived: {}", failed.join(", ")))
    }
}

/// Starts a server on `db`, breaks the storage, checks what citizens get, fixes it, checks
/// that everything they retried is there once.
fn scenario(
    name: &'static str,
    bin: &Path,
    db: &Path,
    break_it: &dyn Fn(u32) -> Result<(), String>,
    fix_it: &dyn Fn(u32) -> Result<(), String>,
) -> Result<Outcome, String> {
    for f in [db.to_path_buf(), wal(db), db.with_extension("sqlite3-shm")] {
        let _ = chattr(&f, false);
        let _ = std::fs::remove_file(f);
    }
    let (server, port) = start_server_bin(bin, &db.to_string_lossy(), &["--writes-per-minute", "100000000"], None)?;
    // A case before the fault, so the WAL exists and the fault hits a desk in use.
    let first = post_case(port, "before")?;
    if first.status != 201 {
        return Err(format!("{name}: a case before the fault got {}", first.status));
    }
    break_it(server.pid())?;
    let mut during = Vec::new();
    for n in 0..DURING {
        let r = post_case(port, &format!("k{n}"))?;
        if r.status != 503 {
            println!("faults: {name}: write {n} got {}: {}", r.status, r.body);
        } else {
            let problem = r.header("content-type").is_some_and(|c| c.starts_with("application/problem+json"));
            let retry = r.header("retry-after").and_then(|v| v.parse::<u64>().ok()).is_some();
            if !problem || !retry {
                return Err(format!("{name}: a 503 without problem+json or Retry-After:\n{}", r.head));
            }
        }
        during.push(r.status);
    }
    let reads: Vec<u16> = ["/api/v1/faq", "/api/v1/agency", "/api/v1/drafts", "/api/v1/health"]
        .iter()
        .map(|p| http::request(port, "GET", p, &[], None).map(|r| r.status).unwrap_or(0))
        .collect();
    let reads_ok = reads.iter().filter(|&&s| s == 200).count();
    fix_it(server.pid())?;
    let fixed = Instant::now();
    let mut recovered_ms = None;
    let mut after_ok = 0;
    for n in 0..DURING {
        // The app retries with the key it used during the fault.
        let mut tries = 0;
        loop {
            let r = post_case(port, &format!("k{n}"))?;
            if r.status == 201 {
                recovered_ms.get_or_insert(fixed.elapsed().as_millis());
                if let Some(code) = http::json_str(&r.body, "tracking_code") {
                    let look = http::request(port, "GET", &format!("/api/v1/cases/{code}"), &[("X-Case-Mobile", MOBILE)], None).map_err(|e| e.to_string())?;
                    if look.status == 200 {
                        after_ok += 1;
                    }
                }
                break;
            }
            tries += 1;
            if tries > 50 {
                println!("faults: {name}: write {n} still gets {} after the fix: {}", r.status, r.body);
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    drop(server);
    // Exactly once: the cases in the file are the one before and the retried ones.
    let out = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(["admin", "list-cases", "--limit", "1000"])
        .output()
        .map_err(|e| e.to_string())?;
    let stored = String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.trim().is_empty()).count();
    if stored != 1 + after_ok {
        return Err(format!("{name}: {stored} cases stored, expected {}", 1 + after_ok));
    }
    Ok(Outcome { name, during, reads_ok, reads: reads.len(), recovered_ms: recovered_ms.unwrap_or(0), after_ok })
}

fn post_case(port: u16, key: &str) -> Result<http::Response, String> {
    let body = complaint(&format!("پیامی که در زمان خرابی دیسک فرستاده شد ({key})."));
    http::request(port, "POST", "/api/v1/cases", &[("Idempotency-Key", &format!("faults-{key}"))], Some(&body)).map_err(|e| e.to_string())
}

fn wal(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", db.to_string_lossy()))
}

fn prlimit(pid: u32, fsize: &str) -> Result<(), String> {
    sh::run(sh::cmd("prlimit", &["--pid", &pid.to_string(), &format!("--fsize={fsize}")]))
}

fn chattr(file: &Path, immutable: bool) -> Result<(), String> {
    if !file.exists() {
        std::fs::write(file, b"").map_err(|e| e.to_string())?;
    }
    let out = Command::new("chattr")
        .arg(if immutable { "+i" } else { "-i" })
        .arg(file)
        .output()
        .map_err(|e| format!("chattr: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// Writes zeros until the file system says it is full.
fn fill(filler: &Path) -> Result<(), String> {
    use std::io::Write;
    let mut f = std::fs::File::create(filler).map_err(|e| e.to_string())?;
    let block = vec![0u8; 64 * 1024];
    loop {
        match f.write(&block) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
            Err(e) => return Err(format!("filling the disk: {e}")),
        }
    }
    // The last partial block, byte by byte, so not even one page fits.
    loop {
        match f.write(&block[..1]) {
            Ok(1) => {}
            _ => return Ok(()),
        }
    }
}

/// A tmpfs of a fixed size, unmounted when dropped.
struct TmpFs(PathBuf);

impl TmpFs {
    fn mount(at: &Path, size: &str) -> Result<TmpFs, String> {
        let _ = Command::new("umount").arg(at).output();
        std::fs::create_dir_all(at).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "miz-faults"])
            .arg(at)
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if out.status.success() {
            Ok(TmpFs(at.to_path_buf()))
        } else {
            Err(format!("mount -t tmpfs is not permitted here ({})", String::from_utf8_lossy(&out.stderr).trim()))
        }
    }
}

impl Drop for TmpFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
    }
}

//! `cargo xtask guess [--seconds N] [--cases N]`: a bounded script that tries to guess tracking
//! codes against the release server with its default limits, as one scripted client would,
//! and reports how far it gets: attempts, refusals, hits, and what the limits mean per hour.

use crate::{http, sh, test::start_server_bin};
use miz_core::tracking::TrackingCode;
use std::time::{Duration, Instant};

fn rng(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

pub fn run(args: &[String]) -> Result<(), String> {
    let seconds: u64 = crate::flag(args, "--seconds").and_then(|s| s.parse().ok()).unwrap_or(10);
    let cases: usize = crate::flag(args, "--cases").and_then(|s| s.parse().ok()).unwrap_or(200);
    sh::run(sh::cmd("cargo", &["build", "--profile", "server", "-p", "miz-server"]))?;
    let bin = crate::root().join("target/server/miz-server");
    // Writes unlimited so the real cases can be made quickly; look-ups at the default limit.
    let (server, port) = start_server_bin(&bin, "guess.sqlite3", &["--writes-per-minute", "100000000"], None)?;
    for n in 0..cases {
        let body = format!(
            r#"{{"kind":"complaint","topic_id":"c-licence-delay","description":"پرونده واقعی شماره {n} برای آزمون حدس زدن.","mobile":"0912{:07}"}}"#,
            n
        );
        let r = http::request(port, "POST", "/api/v1/cases", &[("Idempotency-Key", &format!("guess-{n}"))], Some(&body)).map_err(|e| e.to_string())?;
        if r.status != 201 {
            return Err(format!("seeding case {n}: {} {}", r.status, r.body));
        }
    }
    let (mut attempts, mut not_found, mut limited, mut hits) = (0u64, 0u64, 0u64, 0u64);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let until = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < until {
        let mut digits = [0u8; 11];
        for d in digits.iter_mut() {
            *d = (rng(&mut state) % 10) as u8;
        }
        // Well-formed codes (valid check digit) and plausible mobiles: the best a guesser can do.
        let code = TrackingCode::from_random(digits);
        let mobile = format!("0912{:07}", rng(&mut state) % 10_000_000);
        let r = http::request(port, "GET", &format!("/api/v1/cases/{}", code.as_str()), &[("X-Case-Mobile", &mobile)], None)
            .map_err(|e| e.to_string())?;
        attempts += 1;
        match r.status {
            200 => hits += 1,
            404 => not_found += 1,
            429 => limited += 1,
            other => return Err(format!("unexpected {other}: {}", r.body)),
        }
    }
    drop(server);
    // The default limit: 10 failed look-ups per client per 10 minutes.
    let per_hour = 10.0 * 6.0;
    let space = 1e11; // 11 random digits; the 12th is the check digit
    let known_mobile = space / cases as f64;
    let years = |guesses: f64| guesses / per_hour / 24.0 / 365.25;
    println!("\nguessing tracking codes for {seconds} s, one client, default limits, {cases} real cases");
    println!("  attempts {attempts}: not found {not_found}, refused with 429 {limited}, found {hits}");
    println!("  one client can make at most {per_hour:.0} failed look-ups an hour");
    println!(
        "  expected guesses for one hit knowing the victim's mobile: {known_mobile:.2e} ({:.2e} years at that rate)",
        years(known_mobile)
    );
    println!(
        "  without the mobile (10^7 numbers per operator prefix): {:.2e} guesses ({:.2e} years)",
        known_mobile * 1e7,
        years(known_mobile * 1e7)
    );
    if hits > 0 {
        return Err("a guess found a case".into());
    }
    if limited == 0 {
        return Err("the look-up limit never stopped the guesser".into());
    }
    Ok(())
}

//! `cargo xtask guess [--seconds N] [--cases N]`: a bounded script that tries to guess tracking
//! codes against the release server with its default limits, as one scripted client would,
//! and reports how far it gets: attempts, refusals, hits, and what the limits mean per hour.
//! Then the other side of the same limits: a citizen behind the guesser's address (a mobile
//! carrier's shared address) tracking their own case, from the device that filed it and from
//! a new one, and a guesser who knows a code trying second factors from many addresses.

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
    // Every request comes from 127.0.0.1; trusting it as a proxy lets the last scenario speak
    // from many addresses with X-Forwarded-For.
    let (server, port) =
        start_server_bin(&bin, "guess.sqlite3", &["--writes-per-minute", "100000000", "--trusted-proxies", "127.0.0.1"], None)?;
    let mut seeded = Vec::new();
    for n in 0..cases {
        let body = format!(
            r#"{{"kind":"complaint","topic_id":"c-licence-delay","description":"پرونده واقعی شماره {n} برای آزمون حدس زدن.","mobile":"0912{:07}"}}"#,
            n
        );
        let r = http::request(port, "POST", "/api/v1/cases", &[("Idempotency-Key", &format!("guess-{n}"))], Some(&body)).map_err(|e| e.to_string())?;
        if r.status != 201 {
            return Err(format!("seeding case {n}: {} {}", r.status, r.body));
        }
        let code = serde_json::from_str::<serde_json::Value>(&r.body).ok().and_then(|v| v["tracking_code"].as_str().map(str::to_owned));
        seeded.push((code.unwrap_or_default(), format!("0912{n:07}"), r.header("x-case-pass").unwrap_or_default().to_owned()));
    }
    // The guesser speaks from one address, as a neighbour behind a carrier's NAT would.
    let guesser = [("X-Forwarded-For", "100.64.0.1")];
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
        let r = http::request(port, "GET", &format!("/api/v1/cases/{}", code.as_str()), &[("X-Case-Mobile", &mobile), guesser[0]], None)
            .map_err(|e| e.to_string())?;
        attempts += 1;
        match r.status {
            200 => hits += 1,
            404 => not_found += 1,
            429 => limited += 1,
            other => return Err(format!("unexpected {other}: {}", r.body)),
        }
    }
    // A citizen behind the same address, while the guesser is held, tracks case 0.
    let (code, mobile, pass) = &seeded[0];
    let path = format!("/api/v1/cases/{code}");
    let own_device = http::request(port, "GET", &path, &[("X-Case-Mobile", mobile), ("X-Case-Pass", pass), guesser[0]], None)
        .map_err(|e| e.to_string())?;
    let new_device = http::request(port, "GET", &path, &[("X-Case-Mobile", mobile), guesser[0]], None).map_err(|e| e.to_string())?;
    let borrowed = http::request(port, "GET", &path, &[("X-Case-Mobile", mobile), ("X-Case-Pass", &seeded[1].2), guesser[0]], None)
        .map_err(|e| e.to_string())?;
    // A guesser who knows case 1's code tries mobiles, a new address for every try.
    let (code1, mobile1, pass1) = &seeded[1];
    let path1 = format!("/api/v1/cases/{code1}");
    let (mut factor_tries, mut factor_held) = (0, None);
    for n in 0..200u32 {
        let addr = format!("100.65.{}.{}", n / 250, n % 250);
        let m = format!("0935{n:07}");
        let r = http::request(port, "GET", &path1, &[("X-Case-Mobile", &m), ("X-Forwarded-For", &addr)], None).map_err(|e| e.to_string())?;
        match r.status {
            404 => factor_tries += 1,
            429 => {
                factor_held = Some(n);
                break;
            }
            other => return Err(format!("unexpected {other} guessing a factor: {}", r.body)),
        }
    }
    let owner1 = http::request(port, "GET", &path1, &[("X-Case-Mobile", mobile1), ("X-Case-Pass", pass1), ("X-Forwarded-For", "100.66.0.1")], None)
        .map_err(|e| e.to_string())?;
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
    println!("\na citizen behind the guesser's address, while it is held, tracks their case:");
    println!("  from the device that filed it (its case pass): {}", own_device.status);
    println!(
        "  from a new device: {}, next try in {} s (the address earns a try back every 60 s)",
        new_device.status,
        new_device.header("retry-after").unwrap_or("?")
    );
    println!("  with another case's pass: {}", borrowed.status);
    println!("\na guesser who knows a code tries mobiles from a new address each time:");
    match factor_held {
        Some(n) => println!("  held after {factor_tries} failures on that code (try {}); at most 10 an hour per code", n + 1),
        None => println!("  never held in 200 tries"),
    }
    println!("  the case's own device, meanwhile: {}", owner1.status);
    if hits > 0 {
        return Err("a guess found a case".into());
    }
    if own_device.status != 200 || owner1.status != 200 {
        return Err("a citizen with their case's pass was locked out".into());
    }
    if new_device.status != 429 || borrowed.status != 429 || factor_held.is_none() {
        return Err("a look-up without its case's pass went through a held address or code".into());
    }
    if limited == 0 {
        return Err("the look-up limit never stopped the guesser".into());
    }
    Ok(())
}

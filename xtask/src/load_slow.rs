//! The slow-client part of `cargo xtask load`: 1,000 connections that never finish their
//! request (a head left half sent, or a body trickled a byte a second), from several
//! loopback addresses as from several subscribers' networks, plus one address that opens more
//! than its share. While they are open, a citizen on another address makes requests; the run
//! prints their latency and how many slow connections the server still holds over time.

use crate::http;
use socket2::{Domain, SockAddr, Socket, Type};
use std::{
    io::{ErrorKind, Read, Write},
    net::{SocketAddr, TcpStream},
    time::{Duration, Instant},
};

struct Slow {
    stream: TcpStream,
    trickle: bool,
    open: bool,
}

fn connect_from(source: [u8; 4], port: u16) -> std::io::Result<TcpStream> {
    let s = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    s.bind(&SockAddr::from(SocketAddr::from((source, 0))))?;
    s.connect(&SockAddr::from(SocketAddr::from(([127, 0, 0, 1], port))))?;
    let t: TcpStream = s.into();
    t.set_nonblocking(true)?;
    Ok(t)
}

/// Whether the server still holds `s` (a read would block) or has closed it.
fn still_open(s: &mut Slow) -> bool {
    if s.open {
        let mut buf = [0u8; 512];
        s.open = match s.stream.read(&mut buf) {
            Ok(0) => false,
            Ok(_) => true,
            Err(e) if e.kind() == ErrorKind::WouldBlock => true,
            Err(_) => false,
        };
    }
    s.open
}

pub fn run(port: u16, count: usize) -> Result<(), String> {
    let addresses = 4usize;
    let per = count.div_ceil(addresses);
    let mut slow = Vec::new();
    for a in 0..addresses {
        for i in 0..per.min(count - slow.len()) {
            let mut stream = connect_from([127, 0, 0, 2 + a as u8], port).map_err(|e| format!("slow connection: {e}"))?;
            let trickle = i % 2 == 1;
            let head: &[u8] = if trickle {
                b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: slow\r\nContent-Length: 10000\r\n\r\n{"
            } else {
                b"GET /api/v1/faq HTTP/1.1\r\nHost: x\r\nUser-Agent: slow"
            };
            let _ = stream.write_all(head);
            slow.push(Slow { stream, trickle, open: true });
        }
    }
    // One more address tries to hold 500 on its own.
    let mut greedy = Vec::new();
    for _ in 0..500 {
        if let Ok(mut stream) = connect_from([127, 0, 0, 9], port) {
            let _ = stream.write_all(b"GET /api/v1/faq HTTP/1.1\r\nHost: x\r\n");
            greedy.push(Slow { stream, trickle: false, open: true });
        }
    }
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(500));
    let greedy_held = greedy.iter_mut().map(still_open).filter(|o| *o).count();
    println!(
        "\nslow clients: {} connections from {addresses} addresses (half a head never finished, half a body trickled a byte a second)",
        slow.len()
    );
    println!("  one more address opening 500: {greedy_held} held, {} closed at once (its share is 256)", 500 - greedy_held);

    // A citizen on another address, while they are open.
    let mut times = Vec::new();
    let mut errors = 0;
    let mut marks = vec![(0.0, slow.len())];
    let mut next_mark = 5.0;
    let mut last_trickle = Instant::now();
    while start.elapsed() < Duration::from_secs(45) {
        if last_trickle.elapsed() >= Duration::from_secs(1) {
            last_trickle = Instant::now();
            for s in slow.iter_mut().filter(|s| s.trickle && s.open) {
                let _ = s.stream.write_all(b" ");
            }
        }
        let t = Instant::now();
        match http::request(port, "GET", "/api/v1/faq", &[], None) {
            Ok(r) if r.status == 200 => times.push(t.elapsed().as_secs_f64() * 1000.0),
            _ => errors += 1,
        }
        let now = start.elapsed().as_secs_f64();
        if now >= next_mark {
            marks.push((now, slow.iter_mut().map(still_open).filter(|o| *o).count()));
            next_mark += 5.0;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times.get(((times.len() as f64 - 1.0) * p) as usize).copied().unwrap_or(f64::NAN);
    println!(
        "  a citizen meanwhile: {} requests, {errors} failed, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        pct(0.5),
        pct(0.99),
        times.last().copied().unwrap_or(f64::NAN)
    );
    let marks_text: Vec<String> = marks.iter().map(|(t, n)| format!("{t:.0} s: {n}")).collect();
    println!("  slow connections still held: {}", marks_text.join(", "));
    let left = marks.last().map_or(0, |m| m.1);
    if errors > 0 || left > 0 {
        return Err(format!("slow clients: {errors} of the citizen's requests failed, {left} slow connections still held"));
    }
    Ok(())
}

//! Slow and idle clients over real TCP: a head that never finishes, a body trickled a byte at
//! a time, a keep-alive connection left idle, and more connections from one address than it
//! may hold. Each must be closed by the server (the run takes about half a minute: the
//! server's own timeouts, all waited for at once).

mod common;

use miz_server::listen::{HEADER_TIMEOUT, WINDOW};
use std::time::{Duration, Instant};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// Reads until the server closes the connection; how long that took. Panics past `limit`.
async fn closed_within(mut s: TcpStream, limit: Duration) -> Duration {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit.saturating_sub(start.elapsed()), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return start.elapsed(),
            Ok(Ok(_)) => {}
            Err(_) => panic!("still open after {limit:?}"),
        }
    }
}

#[tokio::test]
async fn slow_and_idle_clients_are_closed() {
    let s = common::start().await;
    let addr = s.addr;
    let margin = Duration::from_secs(5);

    // Headers that never finish.
    let half_head = tokio::spawn(async move {
        let mut c = TcpStream::connect(addr).await.unwrap();
        c.write_all(b"GET /api/v1/faq HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        closed_within(c, HEADER_TIMEOUT + margin).await
    });
    // Headers trickled a byte every 500 ms, each within the window but never complete.
    let trickled_head = tokio::spawn(async move {
        let c = TcpStream::connect(addr).await.unwrap();
        let (mut r, mut w) = c.into_split();
        let writer = tokio::spawn(async move {
            for b in b"GET /api/v1/faq HTTP/1.1\r\nX-Slow: ".iter().chain(std::iter::repeat(&b'a')) {
                if w.write_all(&[*b]).await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        });
        let start = Instant::now();
        let mut buf = [0u8; 1024];
        let closed = tokio::time::timeout(HEADER_TIMEOUT + margin, async { while r.read(&mut buf).await.is_ok_and(|n| n > 0) {} }).await;
        writer.abort();
        assert!(closed.is_ok(), "a trickled head was still open");
        start.elapsed()
    });
    // A body promised at 10 KB and sent a byte a second.
    let trickled_body = tokio::spawn(async move {
        let c = TcpStream::connect(addr).await.unwrap();
        let (mut r, mut w) = c.into_split();
        w.write_all(b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: slow\r\nContent-Length: 10000\r\n\r\n{")
            .await
            .unwrap();
        let writer = tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                if w.write_all(b" ").await.is_err() {
                    break;
                }
            }
        });
        let start = Instant::now();
        let mut answer = Vec::new();
        let closed = tokio::time::timeout(2 * WINDOW + margin, r.read_to_end(&mut answer)).await;
        writer.abort();
        assert!(closed.is_ok(), "a trickled body was still open");
        // Told why, in case it was a citizen on a bad network: not "too large", not a 5xx.
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        start.elapsed()
    });
    // A keep-alive connection answered once, then left idle.
    let idle = tokio::spawn(async move {
        let mut c = TcpStream::connect(addr).await.unwrap();
        c.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut buf = [0u8; 4096];
        let n = c.read(&mut buf).await.unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        closed_within(c, 2 * WINDOW + margin).await
    });
    // Meanwhile the desk answers others at once.
    let started = Instant::now();
    let ok = common::client().get(s.url("/api/v1/faq")).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(2));

    let half_head = half_head.await.unwrap();
    assert!(half_head >= HEADER_TIMEOUT - Duration::from_secs(1), "closed too early: {half_head:?}");
    trickled_head.await.unwrap();
    let body = trickled_body.await.unwrap();
    assert!(body >= WINDOW - Duration::from_secs(1), "closed too early: {body:?}");
    let idle = idle.await.unwrap();
    // hyper starts its header timer again after each answer: that is the idle timeout.
    assert!(idle >= HEADER_TIMEOUT - Duration::from_secs(1), "an idle connection closed too early: {idle:?}");
}

#[tokio::test]
async fn one_address_holds_only_its_share_of_connections() {
    let s = common::start_with(|c| c.connections_per_address = 4).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(s.addr).await.unwrap());
    }
    // The fifth is closed before anything is read.
    let fifth = TcpStream::connect(s.addr).await.unwrap();
    let took = closed_within(fifth, Duration::from_secs(3)).await;
    assert!(took < Duration::from_secs(2));
    // One given back, and the address is served again.
    held.pop();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let r = common::client().get(s.url("/api/v1/health")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

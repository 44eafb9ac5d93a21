//! Accepting connections so that slow or idle clients cannot hold the server: `axum::serve`
//! sets no timer, so a request whose headers never finish, or whose body trickles in a byte at
//! a time, kept its connection (and its task) for as long as the client liked.
//!
//! - The request head must arrive within `HEADER_TIMEOUT` (hyper's header read timeout,
//!   which starts again after each answer: it is also the idle keep-alive timeout).
//! - While the server waits to read, the client must keep sending: at least `MIN_BYTES` in
//!   every `WINDOW` (a body trickled slower is cut off; a mobile upload at a few KB/s is far
//!   above it). The window starts again whenever the server writes; a client that stops
//!   reading the answer for a whole window is cut off too.
//! - One address holds at most `per_address` connections (a carrier's shared address holds
//!   many citizens' browsers, hence a generous number; reverse proxies it trusts are exempt),
//!   and the server at most `max_total`: past it new connections wait in the kernel's queue.

use axum::{extract::ConnectInfo, Router};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::{
    collections::HashMap,
    future::Future,
    net::IpAddr,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll},
    time::Duration,
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    time::{Instant, Sleep},
};
use tower::ServiceExt;

pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
pub const WINDOW: Duration = Duration::from_secs(15);
pub const MIN_BYTES: usize = 256;

#[derive(Clone, Debug)]
pub struct Limits {
    pub per_address: usize,
    pub max_total: usize,
    /// Addresses exempt from `per_address` (the trusted reverse proxies).
    pub exempt: Arc<[IpAddr]>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { per_address: 256, max_total: 10_000, exempt: Arc::new([]) }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets answers in flight finish
/// (for at most 10 s).
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) {
    let total = Arc::new(tokio::sync::Semaphore::new(limits.max_total));
    let per_address: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = total.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = AddressSlot::take(&per_address, peer.ip(), &limits) else {
            // Over the address's share: closed at once, before anything is read.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req)
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .serve_connection(TokioIo::new(Watched::new(stream)), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
            drop(permit);
        });
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), graceful.shutdown()).await;
}

/// A place among one address's connections, given back when the connection ends.
struct AddressSlot {
    map: Arc<Mutex<HashMap<IpAddr, usize>>>,
    ip: IpAddr,
}

impl AddressSlot {
    fn take(map: &Arc<Mutex<HashMap<IpAddr, usize>>>, ip: IpAddr, limits: &Limits) -> Option<AddressSlot> {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let mut m = map.lock().unwrap_or_else(|p| p.into_inner());
        let n = m.entry(ip).or_insert(0);
        if *n >= limits.per_address && !limits.exempt.contains(&ip) {
            return None;
        }
        *n += 1;
        Some(AddressSlot { map: map.clone(), ip })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut m = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = m.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                m.remove(&self.ip);
            }
        }
    }
}

/// A connection that fails its reads when the client sends less than `MIN_BYTES` in a
/// `WINDOW` while the server waits for it.
struct Watched {
    inner: TcpStream,
    window_end: Pin<Box<Sleep>>,
    window_bytes: usize,
}

impl Watched {
    fn new(inner: TcpStream) -> Watched {
        Watched { inner, window_end: Box::pin(tokio::time::sleep(WINDOW)), window_bytes: 0 }
    }

    /// The server spoke: the client's turn starts now. A client that stops reading our answer
    /// (its receive window full for a whole `WINDOW`) is cut off like one that stops sending.
    fn after_write(&mut self, cx: &mut Context<'_>, r: Poll<std::io::Result<usize>>) -> Poll<std::io::Result<usize>> {
        match r {
            Poll::Ready(Ok(n)) if n > 0 => self.restart_window(),
            Poll::Pending if self.window_end.as_mut().poll(cx).is_ready() => {
                return Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "client stopped reading")));
            }
            _ => {}
        }
        r
    }

    fn restart_window(&mut self) {
        self.window_end.as_mut().reset(Instant::now() + WINDOW);
        self.window_bytes = 0;
    }
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                self.window_bytes += buf.filled().len() - before;
                Poll::Ready(r)
            }
            Poll::Pending => {
                // Waiting for the client: is it keeping up?
                while self.window_end.as_mut().poll(cx).is_ready() {
                    if self.window_bytes < MIN_BYTES {
                        return Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "client too slow")));
                    }
                    self.restart_window();
                }
                Poll::Pending
            }
        }
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.after_write(cx, r)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[std::io::IoSlice<'_>]) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.after_write(cx, r)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

//! `cargo xtask load [--seconds N] [--connections N] [--postgres] [--slow N] [--slow-only] [--bin PATH]`: throughput and latency of the requests
//! citizens make most, against the release server on its SQLite file over loopback, side by
//! side with nginx (Debian) serving the same FAQ JSON as a static file: the upper bound for
//! what any server could do with a GET on this machine.
//!
//! The generator is a closed loop: each connection is kept alive and sends its next request
//! when the last answer has arrived, so the numbers are what the server sustains, not a rate
//! we chose. Generator and server share the same cores, as they would with wrk.
//!
//! Then (`--slow N`, 1,000 unless 0; `--slow-only` skips the rest) the desk is measured
//! while N slow clients hold connections open: see `load_slow.rs`.

use crate::{bench_cases::{case_body, MOBILE}, http, sh, test::start_server_bin, tools};
use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::Path,
    process::{Child, Command, Stdio},
    sync::Arc,
    thread,
    time::{Duration, Instant},
};

const NGINX: &str = "/usr/sbin/nginx";

/// One kind of request, made fresh for each send (a new case needs a new key).
struct Target {
    name: String,
    port: u16,
    make: Arc<dyn Fn(u64) -> Request + Send + Sync>,
}

#[derive(Clone)]
struct Request {
    method: &'static str,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Request {
    fn get(path: impl Into<String>) -> Request {
        Request { method: "GET", path: path.into(), headers: Vec::new(), body: None }
    }
}

struct Row {
    name: String,
    requests: usize,
    errors: usize,
    per_second: f64,
    p50: f64,
    p99: f64,
    bytes: usize,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let seconds: u64 = crate::flag(args, "--seconds").and_then(|s| s.parse().ok()).unwrap_or(10);
    let connections: usize = crate::flag(args, "--connections").and_then(|s| s.parse().ok()).unwrap_or(16);
    tools::ensure_debian(NGINX, &["nginx-light"])?;
    // `--bin PATH`: another build of the server (an earlier commit's, side by side).
    let bin = match crate::flag(args, "--bin") {
        Some(path) => std::path::PathBuf::from(path),
        None => {
            sh::run(sh::cmd("cargo", &["build", "--profile", "server", "-p", "miz-server"]))?;
            crate::root().join("target/server/miz-server")
        }
    };
    // `--postgres`: the same run with the server on a throwaway PostgreSQL.
    let cluster = if args.iter().any(|a| a == "--postgres") { Some(crate::postgres::Cluster::start()?) } else { None };
    let db = match &cluster {
        Some(c) => c.create_db("miz_load")?,
        None => "load.sqlite3".into(),
    };
    let (server, port) = start_server_bin(&bin, &db, &["--writes-per-minute", "1000000000"], None)?;

    // The static copy for nginx is exactly what the server sends.
    let faq = http::request(port, "GET", "/api/v1/faq", &[], None).map_err(|e| e.to_string())?;
    if faq.status != 200 {
        return Err(format!("GET /api/v1/faq: {}", faq.status));
    }
    let nginx = Nginx::start(&faq.body)?;

    // Cases to look up, made before the clock starts.
    let codes: Vec<String> = (0..200)
        .map(|n| {
            let r = http::request(port, "POST", "/api/v1/cases", &[("Idempotency-Key", &format!("load-seed-{n}"))], Some(&case_body(n)))
                .map_err(|e| e.to_string())?;
            http::json_str(&r.body, "tracking_code").map(str::to_owned).ok_or_else(|| format!("seeding a case: {} {}", r.status, r.body))
        })
        .collect::<Result<_, String>>()?;
    let codes = Arc::new(codes);

    let targets = vec![
        Target { name: "nginx GET /faq.json (static file)".into(), port: nginx.port, make: Arc::new(|_| Request::get("/faq.json")) },
        Target { name: "miz   GET /api/v1/faq".into(), port, make: Arc::new(|_| Request::get("/api/v1/faq")) },
        Target { name: "miz   GET /api/v1/drafts/concert".into(), port, make: Arc::new(|_| Request::get("/api/v1/drafts/concert")) },
        Target {
            name: "miz   GET /api/v1/cases/{code}".into(),
            port,
            make: Arc::new(move |n| Request {
                headers: vec![("X-Case-Mobile".into(), MOBILE.into())],
                ..Request::get(format!("/api/v1/cases/{}", codes[n as usize % codes.len()]))
            }),
        },
        Target {
            name: "miz   POST /api/v1/cases".into(),
            port,
            make: Arc::new(|n| Request {
                method: "POST",
                path: "/api/v1/cases".into(),
                headers: vec![("Idempotency-Key".into(), format!("load-{n}"))],
                body: Some(case_body(n as usize)),
            }),
        },
    ];
    let slow: usize = crate::flag(args, "--slow").and_then(|s| s.parse().ok()).unwrap_or(1000);
    if args.iter().any(|a| a == "--slow-only") {
        let r = crate::load_slow::run(port, slow);
        drop(nginx);
        drop(server);
        return r;
    }
    let engine = if cluster.is_some() { "PostgreSQL" } else { "SQLite" };
    println!("load: {connections} keep-alive connections, {seconds} s per request, on loopback; miz on {engine}");
    let rows: Vec<Row> = targets.iter().map(|t| measure(t, connections, Duration::from_secs(seconds))).collect::<Result<_, _>>()?;
    let slow_result = if slow > 0 { crate::load_slow::run(port, slow) } else { Ok(()) };
    drop(nginx);
    drop(server);
    drop(cluster);

    println!("{:<40} {:>10} {:>8} {:>10} {:>9} {:>9} {:>10}", "request", "requests", "errors", "req/s", "p50 ms", "p99 ms", "bytes/resp");
    for r in &rows {
        println!(
            "{:<40} {:>10} {:>8} {:>10.0} {:>9.2} {:>9.2} {:>10}",
            r.name, r.requests, r.errors, r.per_second, r.p50, r.p99, r.bytes
        );
    }
    let bound = rows[0].per_second;
    for r in &rows[1..] {
        println!("load: {} at {:.0}% of nginx's static FAQ", r.name.trim(), 100.0 * r.per_second / bound);
    }
    if rows.iter().any(|r| r.errors > 0) {
        return Err("load: some requests failed (see the errors column)".into());
    }
    slow_result
}

fn measure(t: &Target, connections: usize, span: Duration) -> Result<Row, String> {
    let until = Instant::now() + span;
    let started = Instant::now();
    let handles: Vec<_> = (0..connections)
        .map(|c| {
            let make = t.make.clone();
            let port = t.port;
            thread::spawn(move || -> (Vec<Duration>, usize, usize) {
                let mut latencies = Vec::new();
                let (mut errors, mut bytes) = (0, 0);
                let mut conn: Option<KeepAlive> = None;
                let mut n = c as u64;
                while Instant::now() < until {
                    let req = make(n);
                    n += connections as u64;
                    let t0 = Instant::now();
                    let result = match conn.as_mut() {
                        Some(k) => k.send(&req),
                        None => KeepAlive::open(port).and_then(|mut k| {
                            let r = k.send(&req);
                            conn = Some(k);
                            r
                        }),
                    };
                    match result {
                        Ok((status, len)) if status < 400 => {
                            latencies.push(t0.elapsed());
                            bytes = len;
                        }
                        _ => {
                            errors += 1;
                            conn = None;
                        }
                    }
                }
                (latencies, errors, bytes)
            })
        })
        .collect();
    let mut all = Vec::new();
    let (mut errors, mut bytes) = (0, 0);
    for h in handles {
        let (l, e, b) = h.join().map_err(|_| "a load thread panicked".to_string())?;
        all.extend(l);
        errors += e;
        bytes = bytes.max(b);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| if all.is_empty() { 0.0 } else { all[((all.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0 };
    Ok(Row { name: t.name.clone(), requests: all.len(), errors, per_second: all.len() as f64 / elapsed, p50: pct(0.5), p99: pct(0.99), bytes })
}

/// One HTTP/1.1 connection reused for request after request.
struct KeepAlive {
    reader: BufReader<TcpStream>,
}

impl KeepAlive {
    fn open(port: u16) -> std::io::Result<KeepAlive> {
        let s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        Ok(KeepAlive { reader: BufReader::new(s) })
    }

    /// Sends `req` and reads the whole answer: its status and body length.
    fn send(&mut self, req: &Request) -> std::io::Result<(u16, usize)> {
        let mut head = format!("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\n", req.method, req.path);
        for (k, v) in &req.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(b) = &req.body {
            head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", b.len()));
        }
        head.push_str("\r\n");
        if let Some(b) = &req.body {
            head.push_str(b);
        }
        self.reader.get_mut().write_all(head.as_bytes())?;
        let bad = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_owned());
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| bad("no status line"))?;
        let (mut length, mut chunked, mut close) = (None, false, false);
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
                match k.as_str() {
                    "content-length" => length = v.parse::<usize>().ok(),
                    "transfer-encoding" => chunked = v.eq_ignore_ascii_case("chunked"),
                    "connection" => close = v.eq_ignore_ascii_case("close"),
                    _ => {}
                }
            }
        }
        let len = if chunked {
            let mut total = 0;
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16).map_err(|_| bad("bad chunk"))?;
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk)?;
                total += size;
                if size == 0 {
                    break;
                }
            }
            total
        } else {
            let n = length.ok_or_else(|| bad("no length"))?;
            let mut body = vec![0; n];
            self.reader.read_exact(&mut body)?;
            n
        };
        if close {
            return Err(bad("server closed the connection"));
        }
        Ok((status, len))
    }
}

/// nginx with its own config and pid file in a temporary directory, stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl Nginx {
    fn start(faq_json: &str) -> Result<Nginx, String> {
        let dir = std::env::temp_dir().join(format!("miz-load-nginx-{}", std::process::id()));
        let www = dir.join("www");
        std::fs::create_dir_all(&www).map_err(|e| e.to_string())?;
        std::fs::write(www.join("faq.json"), faq_json).map_err(|e| e.to_string())?;
        // nginx's workers may run as nobody: everything they read must be world-readable.
        for p in [&dir, &www] {
            set_mode(p, 0o755)?;
        }
        set_mode(&www.join("faq.json"), 0o644)?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        // As many workers as the server has threads, no access log, keep-alive on: a fair,
        // well-tuned static server.
        let conf = format!(
            "daemon off;\nmaster_process on;\nworker_processes auto;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log warn;\n\
             events {{ worker_connections 1024; }}\n\
             http {{\n  access_log off;\n  sendfile on;\n  tcp_nodelay on;\n  keepalive_requests 1000000;\n\
             client_body_temp_path {dir}/body;\n  proxy_temp_path {dir}/proxy;\n  fastcgi_temp_path {dir}/fastcgi;\n\
             uwsgi_temp_path {dir}/uwsgi;\n  scgi_temp_path {dir}/scgi;\n\
             types {{ application/json json; }}\n\
             server {{ listen 127.0.0.1:{port}; root {www}; }}\n}}\n",
            dir = dir.display(),
            www = www.display(),
        );
        let conf_path = dir.join("nginx.conf");
        std::fs::write(&conf_path, conf).map_err(|e| e.to_string())?;
        let child = Command::new(NGINX)
            .arg("-c")
            .arg(&conf_path)
            .arg("-p")
            .arg(&dir)
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start nginx: {e}"))?;
        let started = Instant::now();
        loop {
            if http::request(port, "GET", "/faq.json", &[], None).is_ok_and(|r| r.status == 200) {
                break;
            }
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!("nginx did not serve /faq.json within 10 s (see {}/error.log)", dir.display()));
            }
            thread::sleep(Duration::from_millis(50));
        }
        Ok(Nginx { child, port, dir })
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGQUIT would wait for keep-alive connections; TERM stops it now.
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn set_mode(p: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).map_err(|e| e.to_string())
}

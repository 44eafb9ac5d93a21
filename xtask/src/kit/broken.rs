//! Broken backends, to prove the kit catches them: a proxy in front of a fresh reference
//! server that breaks one promise of the contract the way a hand-written backend might (a
//! replay makes a second case, any mobile opens any case, a 429 never comes, …). The test
//! command runs the kit through each and expects the named check to fail; a kit that passes
//! a broken backend is a broken kit.

use std::{
    collections::HashMap,
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    sync::{Arc, Mutex},
    time::Duration,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakage {
    /// Every write gets a fresh Idempotency-Key: a retry makes a second case.
    ReplayMakesNew,
    /// A key reused with another body is taken as a new request instead of a 422.
    KeyReuseAccepted,
    /// A write without a key is accepted.
    MissingKeyAccepted,
    /// Any mobile number opens any case.
    AnyMobileWorks,
    /// A wrong mobile is answered differently from an unknown code.
    FactorLeaks,
    /// Failed look-ups are never limited.
    NoRateLimit,
    /// A 429 does not say how long to wait.
    NoRetryAfter,
    /// `If-None-Match` is ignored: every answer is a full 200.
    IgnoresEtag,
    /// Comments held for moderation are shown to everyone.
    PendingShownToAll,
    /// Comments held for moderation are hidden from their own author too.
    PendingHiddenFromAuthor,
    /// A comment on a closed draft is accepted.
    ClosedDraftAccepts,
    /// Page n repeats page n−1.
    PagesRepeat,
    /// Tracking codes without the check digit the agency declares.
    CodesWithoutCheckDigit,
    /// No write ever succeeds.
    NoWrites,
    /// A file is taken whatever its content.
    UploadTypeAccepted,
    /// The access key header of an anonymous case is not allowed across origins.
    CorsMissesCaseKey,
    /// Case passes are given but never honoured: a held citizen stays locked out.
    PassIgnored,
    /// The staff session cookie can be sent by another site's links and forms.
    SessionCookieLax,
    /// State-changing staff requests are taken without their CSRF token, from any site.
    CsrfIgnored,
    /// The internal notes on a case are in the citizen's view of it.
    NotesShownToCitizen,
    /// Signing out says it did, and the session goes on working.
    SignOutKeepsSession,
}

impl Breakage {
    /// Each breakage, the server flags it needs, and the kit check that must catch it.
    pub const ALL: &[(Breakage, &'static str)] = &[
        (Breakage::ReplayMakesNew, "case-replay"),
        (Breakage::KeyReuseAccepted, "case-key-reuse"),
        (Breakage::MissingKeyAccepted, "case-key-required"),
        (Breakage::AnyMobileWorks, "second-factor"),
        (Breakage::FactorLeaks, "second-factor"),
        (Breakage::NoRateLimit, "rate-limit"),
        (Breakage::NoRetryAfter, "rate-limit"),
        (Breakage::IgnoresEtag, "etag"),
        (Breakage::PendingShownToAll, "comment-moderation"),
        (Breakage::PendingHiddenFromAuthor, "comment-created"),
        (Breakage::ClosedDraftAccepts, "comment-closed-draft"),
        (Breakage::PagesRepeat, "pagination"),
        (Breakage::CodesWithoutCheckDigit, "check-digit"),
        (Breakage::NoWrites, "case-created"),
        (Breakage::UploadTypeAccepted, "upload"),
        (Breakage::CorsMissesCaseKey, "cors"),
        (Breakage::PassIgnored, "case-pass"),
        (Breakage::SessionCookieLax, "staff-session"),
        (Breakage::CsrfIgnored, "staff-csrf"),
        (Breakage::NotesShownToCitizen, "staff-notes-private"),
        (Breakage::SignOutKeepsSession, "staff-sign-out"),
    ];
}

struct Req {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn header<'a>(hs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    hs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn set_header(hs: &mut Vec<(String, String)>, name: &str, value: Option<String>) {
    hs.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    if let Some(v) = value {
        hs.push((name.to_owned(), v));
    }
}

#[derive(Default)]
struct Memory {
    /// Tracking code → the mobile it was sent with.
    mobiles: HashMap<String, String>,
    /// Idempotency-Key → the body first sent with it.
    keys: HashMap<String, Vec<u8>>,
    /// The last comment author's browser id.
    client_id: Option<String>,
    /// A code as handed out → the code the server issued.
    altered: HashMap<String, String>,
    counter: u64,
    /// The last staff session's CSRF token, as its sign-in answered it.
    csrf: Option<String>,
    /// Internal notes written through the proxy.
    notes: Vec<String>,
}

/// The proxy: listens on a free loopback port until dropped.
pub struct Proxy {
    pub port: u16,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

pub fn start(upstream: u16, breakage: Breakage) -> Result<Proxy, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let memory = Arc::new(Mutex::new(Memory::default()));
    let s = stop.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            if s.load(std::sync::atomic::Ordering::SeqCst) {
                break;
            }
            let Ok(conn) = conn else { continue };
            let memory = memory.clone();
            std::thread::spawn(move || {
                let _ = serve(conn, upstream, breakage, &memory);
            });
        }
    });
    Ok(Proxy { port, stop })
}

fn serve(conn: TcpStream, upstream: u16, b: Breakage, memory: &Mutex<Memory>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(());
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or("GET").to_owned(), parts.next().unwrap_or("/").to_owned());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let len = header(&headers, "content-length").and_then(|v| v.parse().ok()).unwrap_or(0usize);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let mut req = Req { method, target, headers, body };
    let resp = match before(b, &mut req, memory) {
        Some(short_circuit) => short_circuit,
        None => {
            let mut resp = forward(upstream, &req)?;
            after(b, &req, &mut resp, memory);
            resp
        }
    };
    write_response(conn, resp)
}

fn path_of(target: &str) -> &str {
    target.split('?').next().unwrap_or(target)
}

fn is_write(req: &Req) -> bool {
    req.method == "POST" && (path_of(&req.target).ends_with("/cases") || path_of(&req.target).ends_with("/comments"))
}

/// The tracking code of `/…/cases/{code}[/…]`.
fn case_code(target: &str) -> Option<String> {
    let p = path_of(target);
    let rest = &p[p.find("/cases/")? + 7..];
    Some(rest.split('/').next()?.to_owned())
}

fn problem(status: u16, title: &str) -> Resp {
    let body = serde_json::json!({ "type": "https://miz.ir/problems/broken", "title": title, "status": status }).to_string();
    Resp { status, headers: vec![("Content-Type".into(), "application/problem+json".into())], body: body.into_bytes() }
}

/// Changes the request, or answers it without the server.
fn before(b: Breakage, req: &mut Req, memory: &Mutex<Memory>) -> Option<Resp> {
    let mut m = memory.lock().unwrap();
    m.counter += 1;
    let n = m.counter;
    match b {
        Breakage::ReplayMakesNew if is_write(req) => set_header(&mut req.headers, "Idempotency-Key", Some(format!("broken-{n}"))),
        Breakage::KeyReuseAccepted if is_write(req) => {
            if let Some(key) = header(&req.headers, "idempotency-key").map(str::to_owned) {
                match m.keys.get(&key) {
                    Some(first) if *first != req.body => set_header(&mut req.headers, "Idempotency-Key", Some(format!("{key}-again-{n}"))),
                    _ => {
                        m.keys.insert(key, req.body.clone());
                    }
                }
            }
        }
        Breakage::MissingKeyAccepted if is_write(req) && header(&req.headers, "idempotency-key").is_none() => {
            set_header(&mut req.headers, "Idempotency-Key", Some(format!("added-{n}")));
        }
        Breakage::AnyMobileWorks if req.method == "GET" => {
            if let Some(mobile) = case_code(&req.target).and_then(|c| m.mobiles.get(&c).cloned()) {
                if header(&req.headers, "x-case-mobile").is_some() {
                    set_header(&mut req.headers, "X-Case-Mobile", Some(mobile));
                }
            }
        }
        Breakage::IgnoresEtag => set_header(&mut req.headers, "If-None-Match", None),
        Breakage::PassIgnored => set_header(&mut req.headers, "X-Case-Pass", None),
        Breakage::PendingShownToAll if req.method == "GET" && path_of(&req.target).ends_with("/comments") => {
            if let Some(client) = m.client_id.clone() {
                let kept: Vec<&str> = req.target.split(['?', '&']).skip(1).filter(|p| !p.starts_with("client_id=")).collect();
                let base = path_of(&req.target).to_owned();
                req.target = format!("{base}?{}&client_id={client}", kept.join("&"));
            }
        }
        Breakage::PendingHiddenFromAuthor if req.method == "GET" && path_of(&req.target).ends_with("/comments") => {
            let kept: Vec<&str> = req.target.split(['?', '&']).skip(1).filter(|p| !p.starts_with("client_id=")).collect();
            req.target = format!("{}?{}", path_of(&req.target), kept.join("&"));
        }
        Breakage::PagesRepeat if req.method == "GET" => {
            let mut q: Vec<String> = req.target.split(['?', '&']).skip(1).map(str::to_owned).collect();
            for p in q.iter_mut() {
                if let Some(n) = p.strip_prefix("page=").and_then(|v| v.parse::<u32>().ok()).filter(|&n| n > 1) {
                    *p = format!("page={}", n - 1);
                    // Remembered so the answer can claim the page that was asked for.
                    req.headers.push(("X-Broken-Page".into(), n.to_string()));
                }
            }
            req.target = format!("{}?{}", path_of(&req.target), q.join("&"));
        }
        Breakage::CodesWithoutCheckDigit => {
            if let Some(code) = case_code(&req.target) {
                if let Some(real) = m.altered.get(&code) {
                    req.target = req.target.replacen(&code, real, 1);
                }
            }
        }
        Breakage::CsrfIgnored if req.method != "GET" && path_of(&req.target).contains("/staff/cases/") => {
            if let Some(token) = m.csrf.clone() {
                set_header(&mut req.headers, "X-CSRF-Token", Some(token));
                set_header(&mut req.headers, "Sec-Fetch-Site", Some("same-origin".into()));
            }
        }
        Breakage::SignOutKeepsSession if req.method == "DELETE" && path_of(&req.target).ends_with("/staff/session") => {
            return Some(Resp { status: 204, headers: vec![], body: vec![] });
        }
        Breakage::NoWrites if is_write(req) || path_of(&req.target).ends_with("/uploads") => {
            let mut r = problem(503, "سامانه در دسترس نیست");
            r.headers.push(("Retry-After".into(), "30".into()));
            return Some(r);
        }
        _ => {}
    }
    if req.method == "POST" && path_of(&req.target).ends_with("/notes") {
        if let Some(text) = serde_json::from_slice::<serde_json::Value>(&req.body).ok().and_then(|v| v["text"].as_str().map(str::to_owned)) {
            m.notes.push(text);
        }
    }
    if req.method == "POST" && path_of(&req.target).ends_with("/comments") {
        if let Some(c) = serde_json::from_slice::<serde_json::Value>(&req.body).ok().and_then(|v| v["client_id"].as_str().map(str::to_owned)) {
            m.client_id = Some(c);
        }
    }
    None
}

/// Changes the answer.
fn after(b: Breakage, req: &Req, resp: &mut Resp, memory: &Mutex<Memory>) {
    let mut m = memory.lock().unwrap();
    let json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).ok();
    if req.method == "POST" && path_of(&req.target).ends_with("/cases") && resp.status == 201 {
        if let (Some(sent), Some(receipt)) = (json(&req.body), json(&resp.body)) {
            if let (Some(mobile), Some(code)) = (sent["mobile"].as_str(), receipt["tracking_code"].as_str()) {
                m.mobiles.insert(code.to_owned(), mobile.to_owned());
            }
        }
    }
    if req.method == "POST" && path_of(&req.target).ends_with("/staff/session") && resp.status == 200 {
        m.csrf = json(&resp.body).and_then(|v| v["csrf_token"].as_str().map(str::to_owned));
    }
    match b {
        Breakage::SessionCookieLax => {
            for (k, v) in resp.headers.iter_mut() {
                if k.eq_ignore_ascii_case("set-cookie") {
                    *v = v.replace("SameSite=Strict", "SameSite=Lax");
                }
            }
        }
        Breakage::NotesShownToCitizen if req.method == "GET" && resp.status == 200 && !path_of(&req.target).contains("/staff/") && case_code(&req.target).is_some() => {
            if let Some(mut v) = json(&resp.body) {
                v["notes"] = serde_json::json!(m.notes);
                resp.body = v.to_string().into_bytes();
            }
        }
        Breakage::FactorLeaks if req.method == "GET" && resp.status == 404 => {
            if case_code(&req.target).is_some_and(|c| m.mobiles.contains_key(&c)) {
                *resp = problem(404, "شماره همراه با این پیام نمی‌خواند");
            }
        }
        Breakage::NoRateLimit if resp.status == 429 => *resp = problem(404, "پیدا نشد"),
        Breakage::NoRetryAfter if resp.status == 429 => set_header(&mut resp.headers, "Retry-After", None),
        Breakage::ClosedDraftAccepts if resp.status == 409 && path_of(&req.target).ends_with("/comments") => {
            resp.status = 201;
            resp.headers = vec![("Content-Type".into(), "application/json".into())];
            resp.body = br#"{"id":"c-accepted","version":1,"anchor":{},"placement":{"on":"draft"},"body":"x","created_at":"2026-01-01T00:00:00Z","support_count":0,"moderation":"published"}"#.to_vec();
        }
        Breakage::CodesWithoutCheckDigit if req.method == "POST" && path_of(&req.target).ends_with("/cases") => {
            if let Some(mut receipt) = json(&resp.body) {
                if let Some(code) = receipt["tracking_code"].as_str().map(str::to_owned) {
                    let mut altered = code.clone();
                    let last = altered.pop().map_or(0, |c| c as u8 - b'0');
                    altered.push(char::from(b'0' + (last + 1) % 10));
                    receipt["tracking_code"] = serde_json::json!(altered);
                    m.altered.insert(altered.clone(), code.clone());
                    if let Some(mobile) = m.mobiles.get(&code).cloned() {
                        m.mobiles.insert(altered, mobile);
                    }
                    resp.body = receipt.to_string().into_bytes();
                }
            }
        }
        // The header allowed under another name, as the reference server once did.
        Breakage::CorsMissesCaseKey if req.method == "OPTIONS" => {
            if let Some(allowed) = header(&resp.headers, "access-control-allow-headers").map(str::to_ascii_lowercase) {
                set_header(&mut resp.headers, "Access-Control-Allow-Headers", Some(allowed.replace("x-case-key", "x-case-access-key")));
            }
        }
        Breakage::PagesRepeat => {
            if let (Some(asked), Some(mut v)) = (header(&req.headers, "x-broken-page").and_then(|p| p.parse::<u64>().ok()), json(&resp.body)) {
                v["page"] = serde_json::json!(asked);
                resp.body = v.to_string().into_bytes();
            }
        }
        Breakage::UploadTypeAccepted if resp.status == 415 && path_of(&req.target).ends_with("/uploads") => {
            resp.status = 201;
            resp.headers = vec![("Content-Type".into(), "application/json".into())];
            resp.body = br#"{"id":"u-accepted","name":"kit.pdf","size":27,"content_type":"application/pdf"}"#.to_vec();
        }
        _ => {}
    }
    // An answer made from a code the client was handed out is about that code.
    if b == Breakage::CodesWithoutCheckDigit && req.method == "GET" {
        let real_to_altered: Vec<(String, String)> = m.altered.iter().map(|(a, r)| (r.clone(), a.clone())).collect();
        if let Some(mut v) = json(&resp.body) {
            for (real, altered) in real_to_altered {
                if v["tracking_code"].as_str() == Some(&real) {
                    v["tracking_code"] = serde_json::json!(altered);
                    resp.body = v.to_string().into_bytes();
                }
            }
        }
    }
}

fn forward(upstream: u16, req: &Req) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(("127.0.0.1", upstream))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{} {} HTTP/1.1\r\nHost: 127.0.0.1:{upstream}\r\nConnection: close\r\n", req.method, req.target);
    for (k, v) in &req.headers {
        if ["host", "connection", "content-length", "accept-encoding", "transfer-encoding"].iter().any(|h| k.eq_ignore_ascii_case(h)) {
            continue;
        }
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", req.body.len()));
    s.write_all(head.as_bytes())?;
    s.write_all(&req.body)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| std::io::Error::other("no head"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|c| c.parse().ok()).unwrap_or(502);
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())).collect();
    if header(&headers, "transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body);
    }
    Ok(Resp { status, headers, body })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        if size == 0 || data.len() < eol + 2 + size {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[(eol + 4 + size).min(data.len())..];
    }
    out
}

fn write_response(mut conn: TcpStream, mut resp: Resp) -> std::io::Result<()> {
    for h in ["content-length", "transfer-encoding", "connection"] {
        set_header(&mut resp.headers, h, None);
    }
    let mut head = format!("HTTP/1.1 {} X\r\n", resp.status);
    for (k, v) in &resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", resp.body.len()));
    conn.write_all(head.as_bytes())?;
    if resp.status != 304 {
        conn.write_all(&resp.body)?;
    }
    conn.flush()
}

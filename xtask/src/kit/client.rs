//! The kit's HTTP: any backend, over HTTP or HTTPS, answers read whole (chunked or not), no
//! status treated as an error: the kit judges statuses itself.

use std::time::Duration;

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }

    /// The body as JSON, or a failure naming what came instead.
    pub fn expect_json(&self, what: &str) -> Result<serde_json::Value, String> {
        self.json().ok_or_else(|| format!("{what}: the body is not JSON: {}", self.short()))
    }

    /// A problem document (RFC 9457) with the contract's required members.
    pub fn is_problem(&self) -> bool {
        self.header("content-type").is_some_and(|t| t.starts_with("application/problem+json"))
            && self.json().is_some_and(|p| p["type"].is_string() && p["title"].is_string() && p["status"].as_u64() == Some(self.status as u64))
    }

    /// Status and the start of the body, for a failure message.
    pub fn short(&self) -> String {
        let cut: String = self.body.chars().take(300).collect();
        format!("{} {}", self.status, cut)
    }
}

pub struct Client {
    agent: ureq::Agent,
    /// The API base, ending in `/`.
    pub base: String,
    /// Sent as `Origin` on every request when the kit checks a desk on another origin.
    pub origin: Option<String>,
}

impl Client {
    pub fn new(base: &str, origin: Option<String>) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let base = if base.ends_with('/') { base.to_owned() } else { format!("{base}/") };
        Client { agent, base, origin }
    }

    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<(&str, Vec<u8>)>) -> Result<Resp, String> {
        let url = format!("{}{}", self.base, path.trim_start_matches('/'));
        let mut b = ureq::http::Request::builder().method(method).uri(&url).header("Accept", "application/json, application/problem+json");
        if let Some(o) = &self.origin {
            b = b.header("Origin", o.as_str());
        }
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let result = match body {
            Some((content_type, bytes)) => {
                let req = b.header("Content-Type", content_type).body(bytes).map_err(|e| format!("{method} {url}: {e}"))?;
                self.agent.run(req)
            }
            None => {
                let req = b.body(()).map_err(|e| format!("{method} {url}: {e}"))?;
                self.agent.run(req)
            }
        };
        let mut resp = result.map_err(|e| format!("{method} {url}: no answer ({e})"))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let body = resp.body_mut().read_to_string().unwrap_or_default();
        Ok(Resp { status, headers, body })
    }

    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Result<Resp, String> {
        self.send("GET", path, headers, None)
    }

    pub fn post_json(&self, path: &str, headers: &[(&str, &str)], body: &serde_json::Value) -> Result<Resp, String> {
        self.send("POST", path, headers, Some(("application/json", body.to_string().into_bytes())))
    }

    /// One file in the multipart field `file`, as a browser's form sends it.
    pub fn upload(&self, name: &str, content_type: &str, data: &[u8]) -> Result<Resp, String> {
        let boundary = "miz-kit-boundary-7f3a9c";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send("POST", "uploads", &[], Some((&format!("multipart/form-data; boundary={boundary}"), body)))
    }
}

/// Not secret, only unlikely to repeat: names and numbers for the kit's own writes.
pub fn nonce() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    h.finish()
}

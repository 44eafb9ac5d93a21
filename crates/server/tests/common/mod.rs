//! A real server on a free port with a fresh SQLite file and a small built app, for the
//! integration tests.
#![allow(dead_code)]

use miz_server::ServeConfig;
use std::{net::SocketAddr, path::PathBuf};

/// The inline loader of the test `index.html`, as trunk would write it.
pub const LOADER: &str = "import init from '/miz-0123456789abcdef.js';init('/miz-0123456789abcdef_bg.wasm');";

pub struct TestServer {
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

pub fn write_dist(dir: &std::path::Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        format!(
            "<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><script type=\"module\" nonce=\"fixed\">{LOADER}</script></head><body></body></html>"
        ),
    )
    .unwrap();
    std::fs::write(dist.join("miz-0123456789abcdef.js"), "export default function init() {}\n".repeat(20)).unwrap();
    std::fs::write(dist.join("config.json"), "{\"api_base_url\":\"api/v1/\"}").unwrap();
    dist
}

pub async fn start_with(f: impl FnOnce(&mut ServeConfig)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let dist = write_dist(dir.path());
    let mut cfg = ServeConfig::for_test(dir.path().join("db/miz.sqlite3"), dist);
    f(&mut cfg);
    let addr = miz_server::spawn(cfg).await.expect("server starts");
    TestServer { addr, dir }
}

pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

pub fn client() -> reqwest::Client {
    // No automatic decompression, so the tests see what goes over the wire.
    reqwest::Client::builder().no_gzip().no_brotli().build().unwrap()
}

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
    /// The server's database: a SQLite file, or a PostgreSQL URL.
    pub db: PathBuf,
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
    let mut cfg = ServeConfig::for_test(fresh_db(dir.path()), dist);
    f(&mut cfg);
    let db = cfg.db.clone();
    let addr = miz_server::spawn(cfg).await.expect("server starts");
    TestServer { addr, dir, db }
}

pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

/// `POST /api/v1/cases` on the server at `base` (`http://host:port`) with an Idempotency-Key.
pub async fn post_case(base: &str, key: &str, body: &serde_json::Value) -> reqwest::Response {
    client().post(format!("{base}/api/v1/cases")).header("idempotency-key", key).json(body).send().await.unwrap()
}

pub fn client() -> reqwest::Client {
    // No automatic decompression, so the tests see what goes over the wire.
    reqwest::Client::builder().no_gzip().no_brotli().build().unwrap()
}

/// A database no other test uses: a SQLite file in `dir`, or, when `MIZ_TEST_POSTGRES` names
/// a PostgreSQL server (`postgres://user@host:port`), a new database on it. The same tests
/// then prove both engines.
pub fn fresh_db(dir: &std::path::Path) -> PathBuf {
    match std::env::var("MIZ_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!("miz_test_{}_{}", std::process::id(), COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
            let admin = format!("{server}/postgres");
            let create = format!("CREATE DATABASE {name}");
            // The synchronous client must not run on the test's async runtime.
            std::thread::spawn(move || miz_server::sql::Connection::postgres(&admin).and_then(|c| c.execute_batch(&create)))
                .join()
                .unwrap()
                .expect("create a test database");
            PathBuf::from(format!("{server}/{name}"))
        }
        _ => dir.join("db/miz.sqlite3"),
    }
}

static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One integer from `sql` on the database `db` (either engine).
pub fn query_i64(db: &std::path::Path, sql: &str) -> i64 {
    let (db, sql) = (db.to_path_buf(), sql.to_owned());
    std::thread::spawn(move || {
        let text = db.to_string_lossy().into_owned();
        let conn = if miz_server::db::is_postgres_url(&text) {
            miz_server::sql::Connection::postgres(&text).unwrap()
        } else {
            miz_server::sql::Connection::sqlite(rusqlite::Connection::open(&db).unwrap())
        };
        conn.query_row(&sql, [], |r| r.get::<_, i64>(0)).unwrap()
    })
    .join()
    .unwrap()
}

/// Runs `f` with a connection of its own to the database `db` (either engine), on a plain
/// thread (the PostgreSQL client must not run on the test's runtime).
pub fn with_db<T: Send + 'static>(db: &std::path::Path, f: impl FnOnce(&miz_server::sql::Connection) -> T + Send + 'static) -> T {
    with_db_mut(db, move |c| f(c))
}

/// `with_db` for what needs its own transactions.
pub fn with_db_mut<T: Send + 'static>(db: &std::path::Path, f: impl FnOnce(&mut miz_server::sql::Connection) -> T + Send + 'static) -> T {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let text = db.to_string_lossy().into_owned();
        let conn = if miz_server::db::is_postgres_url(&text) {
            miz_server::sql::Connection::postgres(&text).unwrap()
        } else {
            miz_server::sql::Connection::sqlite(rusqlite::Connection::open(&db).unwrap())
        };
        let mut conn = conn;
        f(&mut conn)
    })
    .join()
    .unwrap()
}

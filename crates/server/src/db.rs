//! The database: one SQLite file in WAL mode (the default), or a PostgreSQL server for an
//! agency that runs several `miz-server`s behind a load balancer. Both are driven through
//! `crate::sql` by synchronous clients, so every query runs on tokio's blocking pool.
//!
//! SQLite gets one connection behind a mutex: plenty for a desk's write rate, and it keeps
//! transactions simple. PostgreSQL gets a small pool, and a retry of the whole unit of work
//! when another server's transaction got there first (a unique violation, a deadlock).

use crate::sql::{self, Connection, Engine};
use std::{
    path::Path,
    sync::{Arc, Condvar, Mutex},
    time::Duration,
};

/// Schema changes, applied in order, in each engine's own text: the same tables, and the
/// types, time defaults and JSON checks in each one's words. PostgreSQL has one more: it turns
/// the defaults of databases made before its migrations had their own text into its own.
const SQLITE_MIGRATIONS: &[&str] = &[
    include_str!("../migrations/sqlite/0001_agencies.sql"),
    include_str!("../migrations/sqlite/0002_faq.sql"),
    include_str!("../migrations/sqlite/0003_cases.sql"),
    include_str!("../migrations/sqlite/0004_drafts.sql"),
    include_str!("../migrations/sqlite/0005_services.sql"),
    include_str!("../migrations/sqlite/0006_case_archive.sql"),
    include_str!("../migrations/sqlite/0007_faq_per_agency.sql"),
    include_str!("../migrations/sqlite/0008_networks.sql"),
    include_str!("../migrations/sqlite/0009_server_keys.sql"),
    include_str!("../migrations/sqlite/0010_uploads_per_agency.sql"),
    include_str!("../migrations/sqlite/0011_staff.sql"),
    include_str!("../migrations/sqlite/0012_inbox_indexes.sql"),
    include_str!("../migrations/sqlite/0013_session_method.sql"),
    include_str!("../migrations/sqlite/0014_case_words.sql"),
];

const POSTGRES_MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/0001_agencies.sql"),
    include_str!("../migrations/postgres/0002_faq.sql"),
    include_str!("../migrations/postgres/0003_cases.sql"),
    include_str!("../migrations/postgres/0004_drafts.sql"),
    include_str!("../migrations/postgres/0005_services.sql"),
    include_str!("../migrations/postgres/0006_case_archive.sql"),
    include_str!("../migrations/postgres/0007_faq_per_agency.sql"),
    include_str!("../migrations/postgres/0008_networks.sql"),
    include_str!("../migrations/postgres/0009_server_keys.sql"),
    include_str!("../migrations/postgres/0010_uploads_per_agency.sql"),
    POSTGRES_NATIVE_DEFAULTS,
    include_str!("../migrations/postgres/0012_staff.sql"),
    include_str!("../migrations/postgres/0013_inbox_indexes.sql"),
    include_str!("../migrations/postgres/0014_session_method.sql"),
    include_str!("../migrations/postgres/0015_case_words.sql"),
];

/// The PostgreSQL migration that turns a database made from translated SQLite text into one
/// in PostgreSQL's own words (public for its test, which builds such a database by hand).
pub const POSTGRES_NATIVE_DEFAULTS: &str = include_str!("../migrations/postgres/0011_native_defaults.sql");

/// Connections one server keeps to PostgreSQL: the blocking pool's work is short queries.
const PG_POOL: usize = 8;

/// Times a unit of work is run again after losing a race to another server.
const RETRIES: usize = 5;

#[derive(Clone)]
pub struct Db {
    pool: Arc<Pool>,
}

struct Pool {
    /// `None` for SQLite: its one connection is made at open and never replaced.
    url: Option<String>,
    max: usize,
    state: Mutex<PoolState>,
    returned: Condvar,
}

struct PoolState {
    idle: Vec<Connection>,
    open: usize,
}

#[derive(Debug)]
pub enum DbError {
    Sql(sql::Error),
    Io(std::io::Error),
    Join,
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Sql(e) => write!(f, "{e}"),
            DbError::Io(e) => write!(f, "{e}"),
            DbError::Join => write!(f, "database task failed"),
        }
    }
}

impl std::error::Error for DbError {}

impl DbError {
    /// The storage under the database failed in a way that heals without us: the disk is
    /// full, the file system went read-only, another process holds the lock, the database
    /// server is restarting. The request may succeed later, so it is answered 503 with
    /// `Retry-After`, not 500.
    pub fn is_unavailable(&self) -> bool {
        match self {
            DbError::Sql(e) => e.is_unavailable(),
            DbError::Io(_) => true,
            DbError::Join => false,
        }
    }
}

impl From<sql::Error> for DbError {
    fn from(e: sql::Error) -> Self {
        DbError::Sql(e)
    }
}

/// `target` for messages: a PostgreSQL URL without its password.
pub fn display(target: &Path) -> String {
    let text = target.to_string_lossy();
    match (is_postgres_url(&text), text.split_once("://"), text.rfind('@')) {
        (true, Some((scheme, rest)), Some(at)) => {
            let user = rest[..at - scheme.len() - 3].split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{}", &text[at + 1..])
        }
        _ => text.into_owned(),
    }
}

/// Whether `target` names a PostgreSQL server rather than a SQLite file.
pub fn is_postgres_url(target: &str) -> bool {
    target.starts_with("postgres://") || target.starts_with("postgresql://")
}

impl Db {
    /// `Db::open` from async code: connecting and migrating block, so they run on the
    /// blocking pool (the PostgreSQL client would refuse to start inside the runtime).
    pub async fn open_async(target: &Path) -> Result<Db, DbError> {
        let target = target.to_path_buf();
        tokio::task::spawn_blocking(move || Db::open(&target)).await.map_err(|_| DbError::Join)?
    }

    /// `target`: a SQLite file path, or a `postgres://` URL.
    pub fn open(target: &Path) -> Result<Db, DbError> {
        let text = target.to_string_lossy();
        if is_postgres_url(&text) {
            return Db::open_postgres(&text);
        }
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(DbError::Io)?;
        }
        let raw = rusqlite::Connection::open(target).map_err(sql::Error::from)?;
        let pragmas = || -> rusqlite::Result<()> {
            // WAL lets readers proceed during a write; synchronous=FULL because a citizen's
            // case is acknowledged only once it is on disk.
            raw.pragma_update(None, "journal_mode", "WAL")?;
            raw.pragma_update(None, "synchronous", "FULL")?;
            raw.pragma_update(None, "foreign_keys", "ON")?;
            raw.busy_timeout(Duration::from_secs(5))
        };
        pragmas().map_err(sql::Error::from)?;
        let conn = Connection::sqlite(raw);
        migrate(&conn)?;
        Ok(Db::with(None, 1, conn))
    }

    fn open_postgres(url: &str) -> Result<Db, DbError> {
        let conn = Connection::postgres(url)?;
        migrate(&conn)?;
        Ok(Db::with(Some(url.to_owned()), PG_POOL, conn))
    }

    fn with(url: Option<String>, max: usize, first: Connection) -> Db {
        let state = PoolState { idle: vec![first], open: 1 };
        Db { pool: Arc::new(Pool { url, max, state: Mutex::new(state), returned: Condvar::new() }) }
    }

    pub fn engine(&self) -> Engine {
        if self.pool.url.is_some() { Engine::Postgres } else { Engine::Sqlite }
    }

    /// Runs `f` with a connection on the blocking pool. On PostgreSQL, `f` is run again
    /// (from the start, in a new transaction) when it lost a race to another server, so it
    /// must not have effects outside the database.
    pub async fn call<T, F>(&self, mut f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnMut(&mut Connection) -> sql::Result<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.take()?;
            let mut attempt = 0;
            let result = loop {
                match f(&mut conn) {
                    Err(e) if e.is_retryable() && attempt < RETRIES => {
                        attempt += 1;
                        // A little jitter so two servers that collided do not collide again.
                        std::thread::sleep(Duration::from_millis(2 + (crate::random::u64() % 8) * attempt as u64));
                    }
                    r => break r,
                }
            };
            pool.give_back(conn);
            result.map_err(DbError::from)
        })
        .await
        .map_err(|_| DbError::Join)?
    }
}

impl Pool {
    fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
        // A panic while holding the lock poisons it; the connections themselves are sound.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn take(&self) -> Result<Connection, DbError> {
        let mut state = self.lock();
        loop {
            if let Some(c) = state.idle.pop() {
                return Ok(c);
            }
            if state.open < self.max {
                if let Some(url) = &self.url {
                    state.open += 1;
                    drop(state);
                    return Connection::postgres(url).map_err(|e| {
                        self.lock().open -= 1;
                        DbError::from(e)
                    });
                }
            }
            state = self.returned.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn give_back(&self, conn: Connection) {
        let mut state = self.lock();
        if conn.is_broken() {
            // The server closed it (restart, failover); the next caller opens a new one.
            state.open -= 1;
        } else {
            state.idle.push(conn);
        }
        drop(state);
        self.returned.notify_one();
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Closing a PostgreSQL client blocks on its own runtime, which panics on an async
        // thread (where the last `Db` is usually dropped); close them on a plain thread.
        let idle = std::mem::take(&mut self.lock().idle);
        if self.url.is_some() && !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

/// SQLite's query planner statistics, analysed again for the tables that have grown since
/// (SQLite's advice for a connection that lives long: `PRAGMA optimize` every few hours). A desk
/// that opened empty and grew to a million cases would otherwise keep the plans of an empty
/// file until a restart (a rare word's search: 220 ms against 15 ms). PostgreSQL's autovacuum
/// analyses on its own.
pub fn refresh_statistics(conn: &Connection) -> sql::Result<()> {
    match conn.as_sqlite() {
        Some(raw) => raw.execute_batch("PRAGMA optimize=0x10002").map_err(sql::Error::from),
        None => Ok(()),
    }
}

/// `refresh_statistics` once an hour, for as long as the server runs.
pub fn spawn_statistics_worker(db: Db) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            if let Err(e) = db.call(|c| refresh_statistics(c)).await {
                tracing::warn!("refreshing the planner's statistics: {e}");
            }
        }
    });
}

fn migrate(conn: &Connection) -> Result<(), DbError> {
    match conn.as_sqlite() {
        Some(raw) => {
            let done = raw.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).map_err(sql::Error::from)? as usize;
            for (i, script) in SQLITE_MIGRATIONS.iter().enumerate().skip(done) {
                let tx = conn.transaction()?;
                tx.execute_batch(script)?;
                raw.pragma_update(None, "user_version", (i + 1) as i64).map_err(sql::Error::from)?;
                tx.commit()?;
            }
            // The query planner's statistics, refreshed where they are stale; without them it
            // may scan a million cases.
            refresh_statistics(conn)?;
        }
        None => {
            // Several servers may start at once: one migrates, the others wait on the lock
            // and then find nothing left to do.
            conn.execute_batch("BEGIN")?;
            let result = (|| -> sql::Result<()> {
                conn.execute_batch("SELECT pg_advisory_xact_lock(7243001)")?;
                conn.execute_batch("CREATE TABLE IF NOT EXISTS miz_schema (version BIGINT NOT NULL)")?;
                let done: i64 = conn.query_row("SELECT coalesce(max(version), 0) FROM miz_schema", [], |r| r.get(0))?;
                for (i, script) in POSTGRES_MIGRATIONS.iter().enumerate().skip(done as usize) {
                    conn.execute_batch(script)?;
                    conn.execute("INSERT INTO miz_schema (version) VALUES (?1)", [(i + 1) as i64])?;
                }
                Ok(())
            })();
            match result {
                Ok(()) => conn.execute_batch("COMMIT")?,
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK");
                    return Err(e.into());
                }
            }
        }
    }
    Ok(())
}

/// Whether the database answers at all (the health check).
pub fn ping(conn: &mut Connection) -> sql::Result<()> {
    conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)).map(|_| ())
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_reopen_cleanly() {
        let dir = std::env::temp_dir().join(format!("miz-db-test-{}", std::process::id()));
        let path = dir.join("t.sqlite3");
        let _ = std::fs::remove_file(&path);
        drop(Db::open(&path).unwrap());
        let db = Db::open(&path).unwrap();
        let conn = db.pool.take().unwrap();
        let raw = conn.as_sqlite().unwrap();
        let v: i64 = raw.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v as usize, SQLITE_MIGRATIONS.len());
        let mode: String = raw.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        drop(conn);
        let _ = std::fs::remove_dir_all(dir);
    }
}

//! One SQLite file in WAL mode. rusqlite is synchronous, so every query runs on tokio's
//! blocking pool; one connection behind a mutex is plenty for a desk's write rate and keeps
//! transactions simple.

use rusqlite::Connection;
use std::{
    path::Path,
    sync::{Arc, Mutex},
};

/// Schema changes, applied in order; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_agencies.sql"),
    include_str!("../migrations/0002_faq.sql"),
    include_str!("../migrations/0003_cases.sql"),
    include_str!("../migrations/0004_drafts.sql"),
    include_str!("../migrations/0005_services.sql"),
    include_str!("../migrations/0006_case_archive.sql"),
];

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    Io(std::io::Error),
    Join,
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Sqlite(e) => write!(f, "{e}"),
            DbError::Io(e) => write!(f, "{e}"),
            DbError::Join => write!(f, "database task failed"),
        }
    }
}

impl std::error::Error for DbError {}

impl DbError {
    /// The storage under the database failed in a way that heals without us: the disk is
    /// full, the file system went read-only, another process holds the lock. The request may
    /// succeed later, so it is answered 503 with `Retry-After`, not 500.
    pub fn is_unavailable(&self) -> bool {
        use rusqlite::ErrorCode as C;
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                C::DatabaseBusy | C::DatabaseLocked | C::DiskFull | C::ReadOnly | C::CannotOpen | C::SystemIoFailure | C::OutOfMemory
            ),
            DbError::Io(_) => true,
            _ => false,
        }
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sqlite(e)
    }
}

impl Db {
    pub fn open(path: &Path) -> Result<Db, DbError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(DbError::Io)?;
        }
        let mut conn = Connection::open(path)?;
        // WAL lets readers proceed during a write; synchronous=FULL because a citizen's case is
        // acknowledged only once it is on disk.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(Db { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock poisons it; the connection itself is still sound.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard).map_err(DbError::from)
        })
        .await
        .map_err(|_| DbError::Join)?
    }
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let done: usize = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Today as days since 1970-01-01 (UTC), from the database's clock, as the dates it stores.
pub fn today(conn: &rusqlite::Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT CAST(julianday('now') - 2440587.5 AS INTEGER)", [], |r| r.get(0))
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
        let conn = db.conn.lock().unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v as usize, MIGRATIONS.len());
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        drop(conn);
        let _ = std::fs::remove_dir_all(dir);
    }
}

//! The database as the stores see it: one small API in rusqlite's shape over two engines,
//! SQLite (one file, the default) and PostgreSQL (for agencies that run several stateless
//! servers behind a load balancer).
//!
//! The stores write SQLite's dialect; for PostgreSQL each statement is translated once
//! (`translate`) and the few SQLite functions they use are defined on the server
//! (`pg_prelude.sql`), so the SQL, the migrations and the tests are the same for both.
//! Values travel as SQLite's five storage classes; PostgreSQL receives parameters as text
//! (it parses them into whatever type the statement needs) and answers in any type we can read.

mod pg;
mod translate;
mod value;

pub use value::{FromSql, ToSql, Value, ValueRef};

use std::cell::RefCell;

/// rusqlite-style `params![a, b]`: a slice of parameters of different types.
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::sql::ToSql] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::sql::ToSql),+] as &[&dyn $crate::sql::ToSql] };
}
pub use params;

#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// `query_row` found nothing (`optional()` turns it into `None`).
    NoRows,
    /// A value could not become the Rust type asked for.
    Conversion(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Sqlite(e) => write!(f, "{e}"),
            Error::Postgres(e) => match e.as_db_error() {
                Some(db) => write!(f, "{}: {}", db.code().code(), db.message()),
                None => write!(f, "{e}"),
            },
            Error::NoRows => write!(f, "query returned no rows"),
            Error::Conversion(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRows,
            e => Error::Sqlite(e),
        }
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

impl Error {
    /// The storage is failing for a while (full, read-only, locked, the server gone): worth a
    /// 503 and a retry, not a 500.
    pub fn is_unavailable(&self) -> bool {
        use rusqlite::ErrorCode as C;
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                C::DatabaseBusy | C::DatabaseLocked | C::DiskFull | C::ReadOnly | C::CannotOpen | C::SystemIoFailure | C::OutOfMemory
            ),
            Error::Postgres(e) => pg::is_unavailable(e),
            _ => false,
        }
    }

    /// Another transaction got there first (PostgreSQL's serialization failures and unique
    /// violations between concurrent servers): running the whole unit again is correct.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::Postgres(e) if pg::is_retryable(e))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// rusqlite's `.optional()`: no row is `None`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Parameters of a statement: `[]`, `[&a]`, `(a, b, c)` or `params![a, b]`.
pub trait Params {
    fn values(self) -> Vec<Value>;
}

impl Params for [&dyn ToSql; 0] {
    fn values(self) -> Vec<Value> {
        Vec::new()
    }
}

impl Params for &[&dyn ToSql] {
    fn values(self) -> Vec<Value> {
        self.iter().map(|p| p.to_value()).collect()
    }
}

impl Params for Vec<Value> {
    fn values(self) -> Vec<Value> {
        self
    }
}

macro_rules! array_params {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn values(self) -> Vec<Value> {
                self.iter().map(ToSql::to_value).collect()
            }
        }
        impl<T: ToSql> Params for &[T; $n] {
            fn values(self) -> Vec<Value> {
                self.iter().map(ToSql::to_value).collect()
            }
        }
    )+};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12);

macro_rules! tuple_params {
    ($(($($t:ident $i:tt),+))+) => {$(
        impl<$($t: ToSql),+> Params for ($($t,)+) {
            fn values(self) -> Vec<Value> {
                vec![$(self.$i.to_value()),+]
            }
        }
    )+};
}
tuple_params! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13)
}

/// Which engine a connection talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

enum Backend {
    Sqlite(rusqlite::Connection),
    Postgres(RefCell<pg::Client>),
}

/// One connection to either engine.
pub struct Connection {
    backend: Backend,
}

impl Connection {
    pub fn sqlite(conn: rusqlite::Connection) -> Connection {
        Connection { backend: Backend::Sqlite(conn) }
    }

    pub fn postgres(url: &str) -> Result<Connection> {
        Ok(Connection { backend: Backend::Postgres(RefCell::new(pg::Client::connect(url)?)) })
    }

    pub fn engine(&self) -> Engine {
        match self.backend {
            Backend::Sqlite(_) => Engine::Sqlite,
            Backend::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas).
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.backend {
            Backend::Sqlite(c) => Some(c),
            Backend::Postgres(_) => None,
        }
    }

    /// Whether the connection still works; a PostgreSQL connection that the server closed
    /// (restart, failover) is replaced by the pool.
    pub fn is_broken(&self) -> bool {
        match &self.backend {
            Backend::Sqlite(_) => false,
            Backend::Postgres(c) => c.borrow().is_closed(),
        }
    }

    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        match &self.backend {
            Backend::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(params.values()))?)
            }
            Backend::Postgres(c) => c.borrow_mut().execute(sql, &params.values()),
        }
    }

    /// Statements without parameters in the engine's own text (migrations, transactions).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Backend::Postgres(c) => c.borrow_mut().batch(sql),
        }
    }

    pub fn query_row<T, P: Params, F: FnOnce(&Row<'_>) -> Result<T>>(&self, sql: &str, params: P, f: F) -> Result<T> {
        match &self.backend {
            Backend::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(params.values()))?;
                match rows.next()? {
                    Some(r) => f(&Row::Sqlite(r)),
                    None => Err(Error::NoRows),
                }
            }
            Backend::Postgres(c) => {
                let rows = c.borrow_mut().query(sql, &params.values())?;
                match rows.first() {
                    Some(r) => f(&Row::Postgres(r)),
                    None => Err(Error::NoRows),
                }
            }
        }
    }

    /// Every row, mapped, read whole (the stores read pages of at most a few thousand rows).
    pub fn query_all<T, P: Params, F: FnMut(&Row<'_>) -> Result<T>>(&self, sql: &str, params: P, mut f: F) -> Result<Vec<T>> {
        match &self.backend {
            Backend::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(params.values()))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    out.push(f(&Row::Sqlite(r))?);
                }
                Ok(out)
            }
            Backend::Postgres(c) => {
                let rows = c.borrow_mut().query(sql, &params.values())?;
                rows.iter().map(|r| f(&Row::Postgres(r))).collect()
            }
        }
    }

    /// BEGIN; COMMIT with `Transaction::commit`, ROLLBACK if it is dropped first.
    pub fn transaction(&self) -> Result<Transaction<'_>> {
        match &self.backend {
            // IMMEDIATE: take the write lock at the start, so a reader that later writes
            // cannot fail half-way with SQLITE_BUSY.
            Backend::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            // READ COMMITTED: every race the stores can lose (the same Idempotency-Key, a
            // tracking code, a support, a version number) ends in a unique violation, and
            // `Db::call` runs the unit again. SERIALIZABLE aborted a third of concurrent case
            // writes on index-page conflicts that were not real ones.
            Backend::Postgres(c) => c.borrow_mut().batch("BEGIN ISOLATION LEVEL READ COMMITTED")?,
        }
        Ok(Transaction { conn: self, done: false })
    }
}

pub struct Transaction<'c> {
    conn: &'c Connection,
    done: bool,
}

impl Transaction<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch("COMMIT")
    }
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// One result row of either engine.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

/// A column by position (a trait, as in rusqlite, so `get::<_, T>(0)` reads the same).
pub trait RowIndex {
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

impl Row<'_> {
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        let idx = idx.index();
        match self {
            Row::Sqlite(r) => T::from_value(ValueRef::from_sqlite(r.get_ref(idx)?)),
            Row::Postgres(r) => {
                let v: pg::Any = r.try_get(idx)?;
                T::from_value(v.as_ref())
            }
        }
    }
}

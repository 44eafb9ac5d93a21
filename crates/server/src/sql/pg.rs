//! PostgreSQL through the synchronous `postgres` client (it runs on the blocking pool, like
//! SQLite): statements translated and prepared once per connection, parameters sent as text
//! so the server parses them into whatever its columns are, results read whatever their type.

use super::{translate, Error, Result, Value, ValueRef};
use postgres::{
    error::SqlState,
    types::{to_sql_checked, Format, FromSql, IsNull, Kind, ToSql, Type},
    NoTls,
};
use std::collections::HashMap;

pub struct Client {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

impl Client {
    pub fn connect(url: &str) -> Result<Client> {
        let mut client = postgres::Client::connect(url, NoTls)?;
        // Times are compared and formatted in UTC, as SQLite does.
        client.batch_execute("SET TIME ZONE 'UTC'")?;
        Ok(Client { client, statements: HashMap::new() })
    }

    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(&translate::statement(sql))?;
        self.statements.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    pub fn execute(&mut self, sql: &str, params: &[Value]) -> Result<usize> {
        let stmt = self.statement(sql)?;
        let params: Vec<Param> = params.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        Ok(self.client.execute(&stmt, &refs)? as usize)
    }

    pub fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<postgres::Row>> {
        let stmt = self.statement(sql)?;
        let params: Vec<Param> = params.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        Ok(self.client.query(&stmt, &refs)?)
    }

    /// Statements without parameters, as they are (migrations in PostgreSQL's own text).
    pub fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }
}

/// A parameter in PostgreSQL's text format: the server parses it as the type the statement
/// expects there, as SQLite would take any value anywhere.
#[derive(Debug)]
struct Param<'a>(&'a Value);

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut postgres::types::private::BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let text = match self.0 {
            Value::Null => return Ok(IsNull::Yes),
            Value::Integer(i) if *ty == Type::BOOL => (if *i != 0 { "t" } else { "f" }).to_owned(),
            Value::Integer(i) => i.to_string(),
            Value::Real(f) => f.to_string(),
            Value::Text(s) => s.clone(),
            Value::Blob(b) if *ty == Type::BYTEA => {
                let mut s = String::with_capacity(2 + b.len() * 2);
                s.push_str("\\x");
                for byte in b {
                    s.push_str(&format!("{byte:02x}"));
                }
                s
            }
            Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        };
        out.extend_from_slice(text.as_bytes());
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn encode_format(&self, _ty: &Type) -> Format {
        Format::Text
    }

    to_sql_checked!();
}

/// Any column value, decoded from PostgreSQL's binary format into a storage class.
pub enum Any {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Any {
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Any::Null => ValueRef::Null,
            Any::Integer(i) => ValueRef::Integer(*i),
            Any::Real(f) => ValueRef::Real(*f),
            Any::Text(s) => ValueRef::Text(s),
            Any::Blob(b) => ValueRef::Blob(b),
        }
    }
}

impl<'a> FromSql<'a> for Any {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Any, Box<dyn std::error::Error + Sync + Send>> {
        Ok(match *ty {
            Type::BOOL => Any::Integer(bool::from_sql(ty, raw)? as i64),
            Type::INT2 => Any::Integer(i16::from_sql(ty, raw)? as i64),
            Type::INT4 => Any::Integer(i32::from_sql(ty, raw)? as i64),
            Type::INT8 => Any::Integer(i64::from_sql(ty, raw)?),
            Type::FLOAT4 => Any::Real(f32::from_sql(ty, raw)? as f64),
            Type::FLOAT8 => Any::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Any::Blob(raw.to_vec()),
            // jsonb's binary form is a version byte and the text.
            Type::JSONB => Any::Text(String::from_utf8(raw.get(1..).unwrap_or_default().to_vec())?),
            _ if matches!(ty.kind(), Kind::Simple | Kind::Enum(_) | Kind::Domain(_)) => Any::Text(String::from_utf8(raw.to_vec())?),
            _ => return Err(format!("cannot read a column of type {ty}").into()),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Any, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Any::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// NUMERIC's binary form: digit count, weight, sign, scale, then base-10000 digits. Whole
/// values (sums, counts) become integers; others reals.
fn numeric(raw: &[u8]) -> Result<Any, Box<dyn std::error::Error + Sync + Send>> {
    let word = |i: usize| -> Result<u16, Box<dyn std::error::Error + Sync + Send>> {
        raw.get(i * 2..i * 2 + 2).map(|b| u16::from_be_bytes([b[0], b[1]])).ok_or_else(|| "short numeric".into())
    };
    let (ndigits, weight, sign, scale) = (word(0)? as usize, word(1)? as i16, word(2)?, word(3)?);
    if sign == 0xC000 {
        return Ok(Any::Real(f64::NAN));
    }
    let mut value = 0f64;
    for i in 0..ndigits {
        value += word(4 + i)? as f64 * 10000f64.powi(weight as i32 - i as i32);
    }
    if sign == 0x4000 {
        value = -value;
    }
    Ok(if scale == 0 && value.abs() < 9.0e15 { Any::Integer(value as i64) } else { Any::Real(value) })
}

fn state(e: &postgres::Error) -> Option<&SqlState> {
    e.code()
}

/// Worth a retry of the whole transaction.
pub fn is_retryable(e: &postgres::Error) -> bool {
    matches!(state(e), Some(s) if *s == SqlState::T_R_SERIALIZATION_FAILURE || *s == SqlState::T_R_DEADLOCK_DETECTED || *s == SqlState::UNIQUE_VIOLATION)
}

/// The server is away, full, read-only or shutting down: a 503.
pub fn is_unavailable(e: &postgres::Error) -> bool {
    // Connecting or talking to the server failed underneath (refused, reset, timed out); a
    // value we could not read is a bug, not an outage, and stays a 500.
    let io = std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>());
    if e.is_closed() || io {
        return true;
    }
    matches!(state(e), Some(s) if {
        let c = s.code();
        // 08: connection exception; 53: insufficient resources (disk full, out of memory,
        // too many connections); 57P: operator intervention (shutdown); 25006: read-only
        // transaction (a standby after failover).
        c.starts_with("08") || c.starts_with("53") || c.starts_with("57P") || c == "25006"
    })
}

impl From<Box<dyn std::error::Error + Sync + Send>> for Error {
    fn from(e: Box<dyn std::error::Error + Sync + Send>) -> Self {
        Error::Conversion(e.to_string())
    }
}

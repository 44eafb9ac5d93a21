//! Values in SQLite's five storage classes, the common ground of both engines.

use super::{Error, Result};

/// An owned value, as a parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A borrowed value, as read from a row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl<'a> ValueRef<'a> {
    pub fn from_sqlite(v: rusqlite::types::ValueRef<'a>) -> ValueRef<'a> {
        use rusqlite::types::ValueRef as V;
        match v {
            V::Null => ValueRef::Null,
            V::Integer(i) => ValueRef::Integer(i),
            V::Real(f) => ValueRef::Real(f),
            // SQLite stores what it was given; the stores only ever give it UTF-8.
            V::Text(t) => std::str::from_utf8(t).map(ValueRef::Text).unwrap_or(ValueRef::Blob(t)),
            V::Blob(b) => ValueRef::Blob(b),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            ValueRef::Null => "NULL",
            ValueRef::Integer(_) => "an integer",
            ValueRef::Real(_) => "a real",
            ValueRef::Text(_) => "text",
            ValueRef::Blob(_) => "a blob",
        }
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef as V};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => V::Null,
            Value::Integer(i) => V::Integer(*i),
            Value::Real(f) => V::Real(*f),
            Value::Text(s) => V::Text(s.as_bytes()),
            Value::Blob(b) => V::Blob(b),
        }))
    }
}

/// What can be a parameter.
pub trait ToSql {
    fn to_value(&self) -> Value;
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToSql::to_value)
    }
}

impl ToSql for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl ToSql for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl ToSql for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToSql for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl ToSql for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl ToSql for bool {
    fn to_value(&self) -> Value {
        Value::Integer(*self as i64)
    }
}

impl ToSql for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}

macro_rules! int_to_sql {
    ($($t:ty)+) => {$(
        impl ToSql for $t {
            fn to_value(&self) -> Value {
                // Values past i64 do not occur in a desk's data; saturate rather than wrap.
                Value::Integer(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )+};
}
int_to_sql!(i8 i16 i32 i64 u8 u16 u32 u64 usize isize);

/// What can be read from a column.
pub trait FromSql: Sized {
    fn from_value(v: ValueRef<'_>) -> Result<Self>;
}

fn mismatch<T>(v: ValueRef<'_>, want: &str) -> Result<T> {
    Err(Error::Conversion(format!("expected {want}, found {}", v.kind())))
}

impl<T: FromSql> FromSql for Option<T> {
    fn from_value(v: ValueRef<'_>) -> Result<Self> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl FromSql for String {
    fn from_value(v: ValueRef<'_>) -> Result<Self> {
        match v {
            ValueRef::Text(s) => Ok(s.to_owned()),
            v => mismatch(v, "text"),
        }
    }
}

impl FromSql for Vec<u8> {
    fn from_value(v: ValueRef<'_>) -> Result<Self> {
        match v {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            ValueRef::Text(s) => Ok(s.as_bytes().to_vec()),
            v => mismatch(v, "a blob"),
        }
    }
}

impl FromSql for f64 {
    fn from_value(v: ValueRef<'_>) -> Result<Self> {
        match v {
            ValueRef::Real(f) => Ok(f),
            ValueRef::Integer(i) => Ok(i as f64),
            v => mismatch(v, "a number"),
        }
    }
}

impl FromSql for bool {
    fn from_value(v: ValueRef<'_>) -> Result<Self> {
        match v {
            ValueRef::Integer(i) => Ok(i != 0),
            v => mismatch(v, "a boolean"),
        }
    }
}

macro_rules! int_from_sql {
    ($($t:ty)+) => {$(
        impl FromSql for $t {
            fn from_value(v: ValueRef<'_>) -> Result<Self> {
                match v {
                    ValueRef::Integer(i) => <$t>::try_from(i).map_err(|_| Error::Conversion(format!("{i} is out of range for {}", stringify!($t)))),
                    // PostgreSQL's sum() of integers is numeric; whole numbers come back whole.
                    ValueRef::Real(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => <$t>::try_from(f as i64).map_err(|_| Error::Conversion(format!("{f} is out of range"))),
                    v => mismatch(v, "an integer"),
                }
            }
        }
    )+};
}
int_from_sql!(i8 i16 i32 i64 u8 u16 u32 u64 usize isize);

impl FromSql for Value {
    fn from_value(v: ValueRef<'_>) -> Result<Self> {
        Ok(match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(s) => Value::Text(s.to_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        })
    }
}

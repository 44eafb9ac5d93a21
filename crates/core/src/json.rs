//! Reading JSON into the API's types, in a few kilobytes of wasm.
//!
//! serde's derived deserializers are generic over the deserializer and built from visitors,
//! so every type the app reads brings a state machine of its own (the `Draft` visitor alone
//! was 14 KB of wasm, and a `#[serde(flatten)]` field buffers through serde's private
//! `Content`). Here the text is parsed once, by one non-generic parser, into a [`Value`]
//! tree, and `#[derive(FromJson)]` writes for each type a plain function that looks its
//! fields up in that tree. The derive reads the same `#[serde(...)]` attributes as serde's
//! (`rename_all = "snake_case"`, `rename`, `default`, `default = "…"`, `flatten`,
//! `tag = "…"`, `deny_unknown_fields`), so each type is described once and the server keeps
//! serde: what it writes, this reads. `crates/server/tests/json_reader.rs` reads every demo
//! answer of the reference server both ways; `tests/json_vs_serde.rs` holds the edges.
//!
//! What it accepts is what serde_json accepts for the same type, with two differences kept on
//! purpose: a floating-point number is read to within a few units in the last place (the API's
//! only floats are rounded statistics) rather than by the exact algorithm, whose tables would
//! cost the app more than everything here; and of a member named twice the first is read,
//! where serde refuses the document.

use std::borrow::Cow;
use std::fmt;

pub use miz_json_derive::FromJson;

/// Deeper than any answer of the API, and shallow enough that hostile input cannot exhaust
/// the stack (serde_json stops at 128 too).
const MAX_DEPTH: u32 = 128;

/// A parsed JSON document; strings without escapes borrow from the text.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number as written (already checked against JSON's grammar).
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// What went wrong, and where (`body.parts.0.title`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
    path: Vec<String>,
}

impl Error {
    #[cold]
    #[inline(never)]
    fn new(message: &str) -> Error {
        Error { message: message.to_owned(), path: Vec::new() }
    }

    #[cold]
    #[inline(never)]
    fn at_offset(message: &str, offset: usize) -> Error {
        Error::new(&format!("{message} at byte {offset}"))
    }

    #[cold]
    #[inline(never)]
    pub fn missing(field: &str) -> Error {
        Error::new(&format!("missing field `{field}`"))
    }

    #[cold]
    #[inline(never)]
    pub fn expected(what: &str) -> Error {
        Error::new(&format!("expected {what}"))
    }

    #[cold]
    #[inline(never)]
    pub fn unknown_variant(found: &str) -> Error {
        Error::new(&format!("unknown variant `{found}`"))
    }

    /// The same error, one level further out (inside field or index `at`).
    #[cold]
    #[inline(never)]
    pub fn within(mut self, at: &str) -> Error {
        self.path.push(at.to_owned());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.path.is_empty() {
            let path: Vec<&str> = self.path.iter().rev().map(String::as_str).collect();
            write!(f, " at `{}`", path.join("."))?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// A type that can be read from a JSON value.
pub trait FromJson: Sized {
    fn from_json(v: &Value<'_>) -> Result<Self, Error>;

    /// What an absent field reads as: nothing, so it is an error, except for `Option`.
    fn absent() -> Option<Self> {
        None
    }
}

/// Parses `text` and reads a `T` from it.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Error> {
    T::from_json(&parse(text)?)
}

impl<'a> Value<'a> {
    /// The members of an object, or an error naming what was expected.
    pub fn object(&self) -> Result<Object<'_, 'a>, Error> {
        match self {
            Value::Object(m) => Ok(Object(m)),
            _ => Err(Error::expected("an object")),
        }
    }

    pub fn str(&self) -> Result<&str, Error> {
        match self {
            Value::String(s) => Ok(s),
            _ => Err(Error::expected("a string")),
        }
    }

    fn array(&self) -> Result<&[Value<'a>], Error> {
        match self {
            Value::Array(a) => Ok(a),
            _ => Err(Error::expected("an array")),
        }
    }

    fn number(&self) -> Result<&'a str, Error> {
        match self {
            Value::Number(n) => Ok(n),
            _ => Err(Error::expected("a number")),
        }
    }
}

/// An object's members, looked up by name (the first of a repeated name wins).
#[derive(Clone, Copy)]
pub struct Object<'v, 'a>(&'v [(Cow<'a, str>, Value<'a>)]);

// Not inlined, these three: each field of each type would otherwise carry its own copy of the
// look-up and of the error path (a draft's reader was 200 bytes of wasm a field); this way a
// field is a call, and there is one copy of `field` per type of field.
impl<'v, 'a> Object<'v, 'a> {
    #[inline(never)]
    pub fn get(&self, key: &str) -> Option<&'v Value<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A field that must be there (unless `T` has a meaning for absent, as `Option` does).
    #[inline(never)]
    pub fn field<T: FromJson>(&self, key: &str) -> Result<T, Error> {
        match self.get(key) {
            Some(v) => T::from_json(v).map_err(|e| e.within(key)),
            None => T::absent().ok_or_else(|| Error::missing(key)),
        }
    }

    /// A field that may be absent (`#[serde(default)]`): `None` when it is.
    #[inline(never)]
    pub fn optional<T: FromJson>(&self, key: &str) -> Result<Option<T>, Error> {
        match self.get(key) {
            Some(v) => T::from_json(v).map(Some).map_err(|e| e.within(key)),
            None => Ok(None),
        }
    }

    /// `#[serde(deny_unknown_fields)]`: an error naming the first member not in `known`.
    pub fn deny_unknown(&self, known: &[&str]) -> Result<(), Error> {
        match self.0.iter().find(|(k, _)| !known.contains(&k.as_ref())) {
            Some((k, _)) => Err(Error::new(&format!("unknown field `{k}`"))),
            None => Ok(()),
        }
    }
}

impl FromJson for String {
    fn from_json(v: &Value<'_>) -> Result<Self, Error> {
        v.str().map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(v: &Value<'_>) -> Result<Self, Error> {
        match v {
            Value::Bool(b) => Ok(*b),
            _ => Err(Error::expected("true or false")),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Value<'_>) -> Result<Self, Error> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value<'_>) -> Result<Self, Error> {
        let items = v.array()?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::from_json(item).map_err(|e| e.within(&i.to_string()))?);
        }
        Ok(out)
    }
}

impl<T: FromJson, const N: usize> FromJson for [T; N] {
    fn from_json(v: &Value<'_>) -> Result<Self, Error> {
        Vec::<T>::from_json(v)?.try_into().map_err(|_| Error::expected("an array of another length"))
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(v: &Value<'_>) -> Result<Self, Error> {
        match v.array()? {
            [a, b] => Ok((A::from_json(a)?, B::from_json(b)?)),
            _ => Err(Error::expected("an array of two")),
        }
    }
}

/// Integers go through `u64` or `i64` (`str::parse`, which rejects a fraction or an exponent
/// as serde_json does for an integer field), then must fit the field's type.
fn integer<W: std::str::FromStr, T: TryFrom<W>>(v: &Value<'_>) -> Result<T, Error> {
    let wide: W = v.number()?.parse().map_err(|_| Error::expected("a whole number"))?;
    T::try_from(wide).map_err(|_| Error::expected("a number in range"))
}

macro_rules! integers {
    ($wide:ty: $($t:ty)*) => {$(
        impl FromJson for $t {
            fn from_json(v: &Value<'_>) -> Result<Self, Error> {
                integer::<$wide, $t>(v)
            }
        }
    )*};
}
integers!(u64: u8 u16 u32 u64 usize);
integers!(i64: i32 i64);

impl FromJson for f64 {
    fn from_json(v: &Value<'_>) -> Result<Self, Error> {
        Ok(decimal(v.number()?))
    }
}

impl FromJson for f32 {
    fn from_json(v: &Value<'_>) -> Result<Self, Error> {
        Ok(decimal(v.number()?) as f32)
    }
}

/// Any value, read and dropped: for answers whose body the app does not need.
impl FromJson for () {
    fn from_json(_: &Value<'_>) -> Result<Self, Error> {
        Ok(())
    }
}

/// A number already checked against JSON's grammar. Up to 19 significant digits are kept
/// (more than an f64 holds); the power of ten is applied by exact steps of at most 10^22,
/// so a number such as `4.25` or `0.875` comes out exactly as the nearest f64.
fn decimal(text: &str) -> f64 {
    let b = text.as_bytes();
    let (negative, mut i) = if b.first() == Some(&b'-') { (true, 1) } else { (false, 0) };
    let (mut mantissa, mut exponent) = (0u64, 0i32);
    let mut digit = |d: u8, after_point: bool, exponent: &mut i32| {
        if mantissa < 1_000_000_000_000_000_000 {
            mantissa = mantissa * 10 + u64::from(d - b'0');
            if after_point {
                *exponent -= 1;
            }
        } else if !after_point {
            *exponent += 1;
        }
    };
    while i < b.len() && b[i].is_ascii_digit() {
        digit(b[i], false, &mut exponent);
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            digit(b[i], true, &mut exponent);
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let mut e = 0i32;
        while i < b.len() && b[i].is_ascii_digit() {
            e = (e * 10 + i32::from(b[i] - b'0')).min(10_000);
            i += 1;
        }
        exponent += sign * e;
    }
    let mut value = mantissa as f64;
    // Beyond these the value is 0 or infinite whatever the digits.
    let mut left = exponent.clamp(-400, 400);
    while left != 0 {
        let step = left.clamp(-22, 22);
        let mut power = 1.0f64;
        for _ in 0..step.unsigned_abs() {
            power *= 10.0;
        }
        if step < 0 {
            value /= power;
        } else {
            value *= power;
        }
        left -= step;
    }
    if negative {
        -value
    } else {
        value
    }
}

/// Parses a whole JSON document (RFC 8259): one value, whitespace around it.
pub fn parse(text: &str) -> Result<Value<'_>, Error> {
    let mut p = Parser { text, b: text.as_bytes(), at: 0 };
    let v = p.value(0)?;
    p.space();
    if p.at != p.b.len() {
        return Err(Error::at_offset("trailing characters", p.at));
    }
    Ok(v)
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn space(&mut self) {
        while matches!(self.b.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn fail<T>(&self, message: &str) -> Result<T, Error> {
        Err(Error::at_offset(message, self.at))
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let hit = self.b.get(self.at) == Some(&byte);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn literal(&mut self, word: &str, v: Value<'a>) -> Result<Value<'a>, Error> {
        if self.b[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(v)
        } else {
            self.fail("expected a value")
        }
    }

    fn value(&mut self, depth: u32) -> Result<Value<'a>, Error> {
        if depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.space();
        match self.b.get(self.at) {
            None => self.fail("unexpected end"),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return self.fail("expected `,` or `]`");
                        }
                    }
                }
                Ok(Value::Array(items))
            }
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        if self.b.get(self.at) != Some(&b'"') {
                            return self.fail("expected a member name");
                        }
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return self.fail("expected `:`");
                        }
                        members.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return self.fail("expected `,` or `}`");
                        }
                    }
                }
                Ok(Value::Object(members))
            }
            Some(_) => self.number(),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Result<Value<'a>, Error> {
        let start = self.at;
        if self.b.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let first = self.at;
        match self.digits() {
            0 => return self.fail("expected a value"),
            n if n > 1 && self.b[first] == b'0' => return self.fail("a number with a leading zero"),
            _ => {}
        }
        if self.b.get(self.at) == Some(&b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return self.fail("expected a digit after `.`");
            }
        }
        if matches!(self.b.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.b.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return self.fail("expected a digit in the exponent");
            }
        }
        Ok(Value::Number(&self.text[start..self.at]))
    }

    /// At the opening quote. Borrows the text when there is no escape in it.
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        self.at += 1;
        let start = self.at;
        loop {
            match self.b.get(self.at) {
                None => return self.fail("unterminated string"),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Borrowed(&self.text[start..self.at - 1]));
                }
                Some(b'\\') => break,
                Some(c) if *c < 0x20 => return self.fail("a control character in a string"),
                Some(_) => self.at += 1,
            }
        }
        let mut out = String::from(&self.text[start..self.at]);
        loop {
            // Copy up to the next quote or backslash as it is: the text is UTF-8 already,
            // and both bytes are ASCII, so the cut is on a character boundary.
            let run = self.at;
            while let Some(&c) = self.b.get(self.at) {
                if c == b'"' || c == b'\\' {
                    break;
                }
                if c < 0x20 {
                    return self.fail("a control character in a string");
                }
                self.at += 1;
            }
            out.push_str(&self.text[run..self.at]);
            match self.b.get(self.at) {
                None => return self.fail("unterminated string"),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                _ => {}
            }
            self.at += 1;
            let c = match self.b.get(self.at) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    let high = self.hex4()?;
                    let code = if (0xD800..0xDC00).contains(&high) {
                        if !self.b[self.at + 1..].starts_with(b"\\u") {
                            return self.fail("a lone surrogate");
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return self.fail("a lone surrogate");
                        }
                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        high
                    };
                    match char::from_u32(code) {
                        Some(c) => c,
                        None => return self.fail("a lone surrogate"),
                    }
                }
                _ => return self.fail("an unknown escape"),
            };
            out.push(c);
            self.at += 1;
        }
    }

    /// The four hex digits after `\u`; leaves `at` on the last of them.
    fn hex4(&mut self) -> Result<u32, Error> {
        let mut code = 0;
        for _ in 0..4 {
            self.at += 1;
            let d = match self.b.get(self.at) {
                Some(c) => (*c as char).to_digit(16),
                None => None,
            };
            match d {
                Some(d) => code = code * 16 + d,
                None => return self.fail("expected four hex digits"),
            }
        }
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_of_value() {
        let v = parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x\"y\u00e9\ud83d\ude00", "c": {}} "#).unwrap();
        let o = v.object().unwrap();
        assert_eq!(
            o.get("a"),
            Some(&Value::Array(vec![
                Value::Number("1"),
                Value::Number("-2.5e3"),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ]))
        );
        assert_eq!(o.get("b").unwrap().str().unwrap(), "x\"yé😀");
        assert_eq!(o.get("c"), Some(&Value::Object(vec![])));
    }

    #[test]
    fn persian_text_is_borrowed_when_it_has_no_escape() {
        let v = parse(r#""پیش‌نویس""#).unwrap();
        assert!(matches!(v, Value::String(Cow::Borrowed("پیش‌نویس"))));
    }

    #[test]
    fn rejects_what_json_does_not_allow() {
        for bad in [
            "", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "'a'", "\"a", "\"\\x\"", "\"\\ud800\"",
            "\"a\nb\"", "tru", "nul", "{a:1}", "[1] 2", "{\"a\" 1}", "NaN", "Infinity", "\"\\u12\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err());
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn integers_fit_their_type_or_fail() {
        assert_eq!(from_str::<u32>("42"), Ok(42));
        assert_eq!(from_str::<i64>("-9007199254740993"), Ok(-9_007_199_254_740_993));
        assert_eq!(from_str::<u64>("18446744073709551615"), Ok(u64::MAX));
        assert!(from_str::<u8>("256").is_err());
        assert!(from_str::<u32>("-1").is_err());
        assert!(from_str::<u32>("1.0").is_err());
        assert!(from_str::<u32>("1e2").is_err());
        assert!(from_str::<u32>("\"1\"").is_err());
    }

    #[test]
    fn decimals_come_out_as_the_nearest_f64() {
        for text in ["0", "-0.5", "4.25", "0.875", "3.14", "2.5e-3", "1E3", "123456.789", "0.1", "0.3", "4.67", "1e22", "-7.125e2"] {
            let want: f64 = text.parse().unwrap();
            assert_eq!(from_str::<f64>(text), Ok(want), "{text}");
        }
        assert_eq!(from_str::<f64>("1e999"), Ok(f64::INFINITY));
        assert_eq!(from_str::<f64>("1e-999"), Ok(0.0));
        let long = from_str::<f64>("3.14159265358979323846264338327950288").unwrap();
        assert!((long - std::f64::consts::PI).abs() < 1e-15);
    }

    #[test]
    fn options_vectors_pairs_and_arrays() {
        assert_eq!(from_str::<Option<u32>>("null"), Ok(None));
        assert_eq!(from_str::<Option<u32>>("7"), Ok(Some(7)));
        assert_eq!(from_str::<Vec<String>>(r#"["a","ب"]"#), Ok(vec!["a".into(), "ب".into()]));
        assert_eq!(from_str::<(u32, u32)>("[3, 9]"), Ok((3, 9)));
        assert!(from_str::<(u32, u32)>("[3]").is_err());
        assert_eq!(from_str::<[u32; 3]>("[1,2,3]"), Ok([1, 2, 3]));
        assert!(from_str::<[u32; 3]>("[1,2]").is_err());
    }

    #[test]
    fn an_error_says_where() {
        let e = from_str::<Vec<Vec<u32>>>("[[1],[2,\"x\"]]").unwrap_err();
        assert_eq!(e.to_string(), "expected a number at `1.1`");
        let e = parse("[1, 2").unwrap_err();
        assert_eq!(e.to_string(), "expected `,` or `]` at byte 5");
    }
}

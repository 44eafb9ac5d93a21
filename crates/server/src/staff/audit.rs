//! The audit log: every staff action, in the same transaction as the action itself, so a
//! change without its record (or a record of a change that did not happen) cannot exist.
//! The table refuses UPDATE and DELETE on both engines (migration 0011/0012).

use crate::sql::{Connection, Result};
use serde::Serialize;

/// Who acts, as the log names them.
#[derive(Clone, Debug)]
pub struct Actor {
    pub agency_id: String,
    /// `None` for a failed sign-in under a name that has no account.
    pub staff_id: Option<i64>,
    pub name: String,
    pub address: String,
}

impl Actor {
    /// The server itself (escalations, the admin token bound at start), named "system".
    pub fn system(agency: &str) -> Actor {
        Actor { agency_id: agency.to_owned(), staff_id: None, name: "system".into(), address: String::new() }
    }
}

/// One action: what was done to which object, with the object before and after (JSON, only
/// the fields that matter; never a password or a secret).
pub struct Entry<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Entry<'a> {
    pub fn new(action: &'a str, object_type: &'a str, object_id: &'a str) -> Self {
        Entry { action, object_type, object_id, before: None, after: None }
    }

    pub fn before(mut self, v: serde_json::Value) -> Self {
        self.before = Some(v);
        self
    }

    pub fn after(mut self, v: serde_json::Value) -> Self {
        self.after = Some(v);
        self
    }
}

pub fn record(conn: &Connection, actor: &Actor, e: Entry<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (agency_id, at, staff_id, actor, action, object_type, object_id, before, after, address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        (
            &actor.agency_id,
            crate::clock::now_ms(),
            actor.staff_id,
            &actor.name,
            e.action,
            e.object_type,
            e.object_id,
            e.before.map(|v| v.to_string()),
            e.after.map(|v| v.to_string()),
            &actor.address,
        ),
    )?;
    Ok(())
}

/// A row of the log, as the API gives it.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: i64,
    pub at: String,
    pub staff_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub address: String,
}

/// What the log is filtered by (all optional).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub staff_id: Option<i64>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// RFC 3339 prefixes: `2026-11-28` or a full time.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Rows older than this id (the next page).
    pub before_id: Option<i64>,
    pub limit: i64,
}

pub fn list(conn: &Connection, agency: &str, f: &Filter) -> Result<Vec<Row>> {
    use crate::sql::Value;
    let mut sql = String::from(
        "SELECT id, at, staff_id, actor, action, object_type, object_id, before, after, address FROM audit_log WHERE agency_id = ?1",
    );
    let mut params = vec![Value::Text(agency.to_owned())];
    let mut add = |clause: &str, v: Value| {
        params.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", params.len())));
    };
    if let Some(id) = f.staff_id {
        add(" AND staff_id = ?", Value::Integer(id));
    }
    if let Some(a) = &f.action {
        add(" AND action = ?", Value::Text(a.clone()));
    }
    if let Some(t) = &f.object_type {
        add(" AND object_type = ?", Value::Text(t.clone()));
    }
    if let Some(o) = &f.object_id {
        add(" AND object_id = ?", Value::Text(o.clone()));
    }
    if let Some(from) = &f.from {
        add(" AND at >= ?", Value::Text(from.clone()));
    }
    if let Some(to) = &f.to {
        // A day given as `2026-11-28` includes the whole of that day.
        let end = if to.len() == 10 { format!("{to}T99") } else { to.clone() };
        add(" AND at <= ?", Value::Text(end));
    }
    if let Some(b) = f.before_id {
        add(" AND id < ?", Value::Integer(b));
    }
    params.push(Value::Integer(f.limit));
    sql.push_str(&format!(" ORDER BY id DESC LIMIT ?{}", params.len()));
    conn.query_all(&sql, params, |r| {
        let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(Row {
            id: r.get(0)?,
            at: r.get(1)?,
            staff_id: r.get(2)?,
            actor: r.get(3)?,
            action: r.get(4)?,
            object_type: r.get(5)?,
            object_id: r.get(6)?,
            before: json(r.get(7)?),
            after: json(r.get(8)?),
            address: r.get(9)?,
        })
    })
}

/// The rows as CSV (RFC 4180), with a byte-order mark so that spreadsheet programs read the
/// Persian text as UTF-8; cells that a spreadsheet would run as a formula are quoted as text.
pub fn csv(rows: &[Row]) -> String {
    let cell = |s: &str| {
        let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
        if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
    };
    let mut out = String::from("\u{feff}id,at,staff_id,actor,action,object_type,object_id,before,after,address\r\n");
    for r in rows {
        let fields = [
            r.id.to_string(),
            r.at.clone(),
            r.staff_id.map(|i| i.to_string()).unwrap_or_default(),
            r.actor.clone(),
            r.action.clone(),
            r.object_type.clone(),
            r.object_id.clone(),
            r.before.as_ref().map(|v| v.to_string()).unwrap_or_default(),
            r.after.as_ref().map(|v| v.to_string()).unwrap_or_default(),
            r.address.clone(),
        ];
        out.push_str(&fields.iter().map(|f| cell(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let row = Row {
            id: 1,
            at: "2026-11-28T10:00:00.000Z".into(),
            staff_id: Some(2),
            actor: "=cmd|' /C calc'!A0".into(),
            action: "case.answer".into(),
            object_type: "case".into(),
            object_id: "123".into(),
            before: None,
            after: Some(serde_json::json!({"text": "سلام, \"دنیا\""})),
            address: "10.0.0.1".into(),
        };
        let out = csv(&[row]);
        assert!(out.starts_with('\u{feff}'));
        assert!(out.contains(",'=cmd|' /C calc'!A0,"), "{out}");
        assert!(out.contains(r#""{""text"":""سلام, \""دنیا\""""}""#), "{out}");
    }
}

//! Staff accounts, their roles, sessions and API tokens, in the database.

use super::roles::{Grant, Grants, Role};
use crate::sql::{Connection, OptionalExtension, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// An account as the workbench lists it (no hashes, no secrets).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Grant>,
    pub totp_enabled: bool,
    pub sso: bool,
    /// The identity provider's user (`sub`) this account is, when linked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oidc_subject: Option<String>,
    pub disabled: bool,
    pub created_at: String,
}

/// What sign-in needs of an account.
pub struct Credentials {
    pub id: i64,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_last_step: i64,
    pub disabled: bool,
}

pub fn token_hash(token: &str) -> String {
    crate::keys::hex(&Sha256::digest(token.as_bytes()))
}

/// A user name as stored and compared: trimmed, lower case, digits in ASCII.
pub fn normal_username(name: &str) -> String {
    miz_core::digits::to_ascii_digits(name.trim()).to_lowercase()
}

/// Why a user name cannot be used, in Persian.
pub fn username_problem(name: &str) -> Option<&'static str> {
    let n = name.chars().count();
    if !(3..=64).contains(&n) {
        return Some("نام کاربری باید بین ۳ و ۶۴ نویسه باشد");
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c)) {
        return Some("نام کاربری فقط حروف لاتین، رقم و . _ - @ می‌تواند داشته باشد");
    }
    None
}

pub fn grants(conn: &Connection, staff_id: i64) -> Result<Grants> {
    let rows = conn.query_all("SELECT role, unit_id FROM staff_roles WHERE staff_id = ?1 ORDER BY role, unit_id", [staff_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    Ok(Grants(rows.into_iter().filter_map(|(role, unit)| Role::parse(&role).map(|role| Grant { role, unit })).collect()))
}

pub fn credentials(conn: &Connection, agency: &str, username: &str) -> Result<Option<Credentials>> {
    conn.query_row(
        "SELECT id, password_hash, totp_secret, totp_last_step, disabled FROM staff WHERE agency_id = ?1 AND username = ?2",
        (agency, username),
        |r| {
            Ok(Credentials {
                id: r.get(0)?,
                password_hash: r.get(1)?,
                totp_secret: r.get(2)?,
                totp_last_step: r.get(3)?,
                disabled: r.get::<_, i64>(4)? != 0,
            })
        },
    )
    .optional()
}

const ACCOUNT_COLUMNS: &str = "id, username, display_name, totp_secret IS NOT NULL, oidc_subject, disabled, created_at";

pub fn account(conn: &Connection, agency: &str, id: i64) -> Result<Option<Account>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff WHERE agency_id = ?1 AND id = ?2");
    let raw = conn
        .query_row(&sql, (agency, id), |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, i64>(5)?, r.get(6)?))
        })
        .optional()?;
    raw.map(|(id, username, display_name, totp_enabled, oidc_subject, disabled, created_at): (i64, String, String, bool, Option<String>, i64, String)| {
        Ok(Account { id, username, display_name, roles: grants(conn, id)?.0, totp_enabled, sso: oidc_subject.is_some(), oidc_subject, disabled: disabled != 0, created_at })
    })
    .transpose()
}

pub fn list(conn: &Connection, agency: &str) -> Result<Vec<Account>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff WHERE agency_id = ?1 ORDER BY username");
    let ids: Vec<i64> = conn.query_all(&sql, [agency], |r| r.get(0))?;
    ids.into_iter().filter_map(|id| account(conn, agency, id).transpose()).collect()
}

/// Staff who may be given a case of `unit`: its officers and the supervisors.
pub fn assignable(conn: &Connection, agency: &str, unit: &str) -> Result<Vec<(i64, String)>> {
    conn.query_all(
        "SELECT DISTINCT s.id, s.display_name FROM staff s JOIN staff_roles r ON r.staff_id = s.id
         WHERE s.agency_id = ?1 AND s.disabled = 0
           AND ((r.role = 'officer' AND r.unit_id = ?2) OR r.role = 'supervisor')
         ORDER BY s.display_name",
        (agency, unit),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<String>,
    pub oidc_subject: Option<String>,
    pub roles: &'a [Grant],
}

/// Why a provider subject (trimmed, not empty) cannot be stored, in Persian.
pub fn subject_problem(subject: &str) -> Option<&'static str> {
    (subject.len() > 255 || subject.chars().any(char::is_control)).then_some("شناسه کاربر در سامانه ورود یکپارچه حداکثر ۲۵۵ نویسه است")
}

/// Whether another account of `agency` than `except` is the provider's user `subject`.
pub fn subject_taken(conn: &Connection, agency: &str, subject: &str, except: i64) -> Result<bool> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM staff WHERE agency_id = ?1 AND oidc_subject = ?2 AND id <> ?3", (agency, subject, except), |r| r.get(0))?;
    Ok(n > 0)
}

/// Adds an account; `None` when the name is taken.
pub fn create(conn: &Connection, agency: &str, a: &NewAccount<'_>) -> Result<Option<i64>> {
    let taken: Option<i64> =
        conn.query_row("SELECT id FROM staff WHERE agency_id = ?1 AND username = ?2", (agency, a.username), |r| r.get(0)).optional()?;
    if taken.is_some() {
        return Ok(None);
    }
    let id: i64 = conn.query_row(
        "INSERT INTO staff (agency_id, username, display_name, password_hash, oidc_subject, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        (agency, a.username, a.display_name, &a.password_hash, &a.oidc_subject, crate::clock::now()),
        |r| r.get(0),
    )?;
    set_roles(conn, id, a.roles)?;
    Ok(Some(id))
}

pub fn set_roles(conn: &Connection, staff_id: i64, roles: &[Grant]) -> Result<()> {
    conn.execute("DELETE FROM staff_roles WHERE staff_id = ?1", [staff_id])?;
    for g in roles {
        let unit = if g.role.is_per_unit() { g.unit.as_str() } else { "" };
        conn.execute(
            "INSERT INTO staff_roles (staff_id, role, unit_id) VALUES (?1, ?2, ?3) ON CONFLICT (staff_id, role, unit_id) DO NOTHING",
            (staff_id, g.role.as_str(), unit),
        )?;
    }
    Ok(())
}

/// Ends every session of the account and revokes its API tokens (it was disabled, or its
/// owner asked to be signed out everywhere: then `keep_tokens`).
pub fn end_sessions(conn: &Connection, staff_id: i64, keep_tokens: bool) -> Result<usize> {
    let n = conn.execute("DELETE FROM staff_sessions WHERE staff_id = ?1", [staff_id])?;
    if !keep_tokens {
        conn.execute("UPDATE staff_tokens SET revoked_at = ?2 WHERE staff_id = ?1 AND revoked_at IS NULL", (staff_id, crate::clock::now()))?;
    }
    Ok(n)
}

/// A per-agency setting, or `default`.
pub fn setting(conn: &Connection, agency: &str, name: &str, default: &str) -> Result<String> {
    Ok(conn
        .query_row("SELECT value FROM desk_settings WHERE agency_id = ?1 AND name = ?2", (agency, name), |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| default.to_owned()))
}

pub fn set_setting(conn: &Connection, agency: &str, name: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO desk_settings (agency_id, name, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (agency_id, name) DO UPDATE SET value = excluded.value",
        (agency, name, value),
    )?;
    Ok(())
}

/// Settings the workbench's administrator changes.
pub mod settings {
    /// "true" when every account must have a second factor.
    pub const REQUIRE_TOTP: &str = "require_totp";
    /// Minutes without a request after which a session ends.
    pub const SESSION_IDLE_MINUTES: &str = "session_idle_minutes";
    pub const DEFAULT_IDLE_MINUTES: i64 = 30;
}

//! Per-account API tokens: a script acts as someone, with that person's roles, and its every
//! change is in the audit log under their name. The token is shown once; only its hash is kept,
//! and a revoked token stays listed (revoked) so the log's references keep their meaning.

use super::{accounts, audit::Actor, roles::Grant};
use crate::sql::{Connection, OptionalExtension, Result};

/// How many live tokens one account may hold: enough for every script, few enough to review.
pub const MAX_LIVE: i64 = 20;
/// The account `--admin-token` acts as, so the legacy flag's changes are also someone's.
pub const AUTOMATION_USERNAME: &str = "automation";
const AUTOMATION_TOKEN_NAME: &str = "--admin-token";

pub use miz_core::staff::api::ApiToken as TokenInfo;

/// A new token's secret text: the prefix makes a leaked one recognisable to scanners.
pub fn new_secret() -> String {
    format!("{}{}", super::session::TOKEN_PREFIX, crate::random::url_token(32))
}

/// The hash a presented token is looked up by. Tokens made here are unique by themselves; the
/// `--admin-token` text is one for every agency of the server, so its hash includes the agency.
pub fn lookup_hash(agency: &str, token: &str) -> String {
    if token.starts_with(super::session::TOKEN_PREFIX) {
        accounts::token_hash(token)
    } else {
        accounts::token_hash(&format!("{agency}:{token}"))
    }
}

pub fn list(conn: &Connection, staff_id: i64) -> Result<Vec<TokenInfo>> {
    conn.query_all(
        "SELECT id, name, created_at, revoked_at FROM staff_tokens WHERE staff_id = ?1 ORDER BY revoked_at IS NOT NULL, id DESC",
        [staff_id],
        |r| Ok(TokenInfo { id: r.get(0)?, name: r.get(1)?, created_at: r.get(2)?, revoked_at: r.get(3)? }),
    )
}

pub fn live_count(conn: &Connection, staff_id: i64) -> Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM staff_tokens WHERE staff_id = ?1 AND revoked_at IS NULL", [staff_id], |r| r.get(0))
}

/// Stores a token's `hash` under `name`; returns the token's row.
pub fn create(conn: &Connection, staff_id: i64, name: &str, hash: &str) -> Result<TokenInfo> {
    let created_at = crate::clock::now();
    let id: i64 = conn.query_row(
        "INSERT INTO staff_tokens (staff_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
        (staff_id, name, hash, &created_at),
        |r| r.get(0),
    )?;
    Ok(TokenInfo { id, name: name.to_owned(), created_at, revoked_at: None })
}

/// Revokes token `id` of `staff_id`; `None` when the account has no such live token.
pub fn revoke(conn: &Connection, staff_id: i64, id: i64) -> Result<Option<String>> {
    let name: Option<String> = conn
        .query_row("SELECT name FROM staff_tokens WHERE id = ?1 AND staff_id = ?2 AND revoked_at IS NULL", (id, staff_id), |r| r.get(0))
        .optional()?;
    if name.is_some() {
        conn.execute("UPDATE staff_tokens SET revoked_at = ?2 WHERE id = ?1", (id, crate::clock::now()))?;
    }
    Ok(name)
}

/// Makes `--admin-token` a token of the `automation` account (created with the roles the old
/// admin API needed), replacing the flag's previous token. Without the flag, that token is
/// revoked: a flag removed from the command line stops working.
pub fn bind_admin_token(conn: &Connection, agency: &str, token: Option<&str>) -> Result<()> {
    let id: Option<i64> =
        conn.query_row("SELECT id FROM staff WHERE agency_id = ?1 AND username = ?2", (agency, AUTOMATION_USERNAME), |r| r.get(0)).optional()?;
    let known: i64 = conn.query_row("SELECT COUNT(*) FROM agencies WHERE id = ?1", [agency], |r| r.get(0))?;
    if known == 0 {
        return Ok(());
    }
    let hash = token.map(|t| lookup_hash(agency, t));
    if let Some(id) = id {
        let current: Option<String> = conn
            .query_row(
                "SELECT token_hash FROM staff_tokens WHERE staff_id = ?1 AND name = ?2 AND revoked_at IS NULL",
                (id, AUTOMATION_TOKEN_NAME),
                |r| r.get(0),
            )
            .optional()?;
        if current.is_some() && current == hash {
            return Ok(());
        }
        conn.execute(
            "UPDATE staff_tokens SET revoked_at = ?3 WHERE staff_id = ?1 AND name = ?2 AND revoked_at IS NULL",
            (id, AUTOMATION_TOKEN_NAME, crate::clock::now()),
        )?;
    }
    let Some(hash) = hash else { return Ok(()) };
    let id = match id {
        Some(id) => id,
        None => {
            use super::roles::Role;
            let roles: Vec<Grant> =
                [Role::Supervisor, Role::Editor, Role::Moderator].into_iter().map(|role| Grant { role, unit: String::new() }).collect();
            let new = accounts::NewAccount {
                username: AUTOMATION_USERNAME,
                display_name: "خودکار (--admin-token)",
                password_hash: None,
                oidc_subject: None,
                roles: &roles,
            };
            let Some(id) = accounts::create(conn, agency, &new)? else { return Ok(()) };
            id
        }
    };
    let row = create(conn, id, AUTOMATION_TOKEN_NAME, &hash)?;
    let actor = Actor::system(agency);
    super::audit::record(
        conn,
        &actor,
        super::audit::Entry::new("token.create", "staff", &id.to_string()).after(serde_json::json!({ "token": row.id, "name": row.name })),
    )
}

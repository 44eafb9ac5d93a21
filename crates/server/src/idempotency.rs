//! Idempotent writes: the `Idempotency-Key` header, and the first answer to each key, kept in
//! the same transaction as the write so a retry returns it and never writes twice.

use crate::problem::ApiError;
use axum::http::HeaderMap;
use miz_core::problem::{types, Problem};
use crate::sql::{OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The request's `Idempotency-Key` (1–200 characters), or a 400 saying it is needed.
pub fn key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers.get(miz_core::api::headers::IDEMPOTENCY_KEY).and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or("");
    if key.is_empty() || key.len() > 200 {
        let mut p = Problem::new(types::BAD_REQUEST, 400, "سرآیند Idempotency-Key لازم است");
        p.detail = Some("Send a unique Idempotency-Key (1-200 characters) with every write, and the same one when retrying it.".into());
        return Err(ApiError::new(p));
    }
    Ok(key.to_owned())
}

/// What identifies a request's body, so a key reused for a different body is recognised.
pub fn request_hash<T: Serialize>(body: &T) -> String {
    crate::keys::hex(&Sha256::digest(serde_json::to_vec(body).unwrap_or_default()))
}

pub enum Prior {
    /// The key is new.
    None,
    /// The same request came before: its status and stored answer.
    Same(u16, String),
    /// The key was used for a different request.
    Different,
}

pub fn prior(tx: &Transaction<'_>, scope: &str, key: &str, hash: &str) -> crate::sql::Result<Prior> {
    let row: Option<(String, u16, String)> = tx
        .query_row(
            "SELECT request_hash, status, response FROM idempotency WHERE scope = ?1 AND key = ?2",
            (scope, key),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(match row {
        None => Prior::None,
        Some((h, status, response)) if h == hash => Prior::Same(status, response),
        Some(_) => Prior::Different,
    })
}

/// Keeps the answer to `key`, inside the transaction that made it.
pub fn record(tx: &Transaction<'_>, scope: &str, key: &str, hash: &str, status: u16, response: &str) -> crate::sql::Result<()> {
    tx.execute(
        "INSERT INTO idempotency (key, scope, request_hash, status, response) VALUES (?1, ?2, ?3, ?4, ?5)",
        (key, scope, hash, status, response),
    )?;
    Ok(())
}

//! The desk's staff settings: whether every account must have a second factor, and how long an
//! idle session lives.

use crate::{
    problem::{ApiError, JsonBody},
    staff::{
        accounts::{self, settings},
        audit::{self, Entry},
        roles::Operation,
        session::Staff,
    },
    state::AppState,
};
use axum::{extract::State, Json};
use miz_core::problem::FieldError;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct StaffSettings {
    pub require_totp: bool,
    pub session_idle_minutes: i64,
}

fn read(c: &crate::sql::Connection, agency: &str) -> crate::sql::Result<StaffSettings> {
    Ok(StaffSettings {
        require_totp: accounts::setting(c, agency, settings::REQUIRE_TOTP, "false")? == "true",
        session_idle_minutes: accounts::setting(c, agency, settings::SESSION_IDLE_MINUTES, "")?.parse().unwrap_or(settings::DEFAULT_IDLE_MINUTES),
    })
}

/// `GET /staff/settings`.
pub async fn get(State(state): State<AppState>, staff: Staff) -> Result<Json<StaffSettings>, ApiError> {
    staff.require(Operation::ManageSettings)?;
    let agency = staff.agency_id.clone();
    Ok(Json(state.db.call(move |c| read(c, &agency)).await?))
}

/// `PUT /staff/settings`.
pub async fn put(State(state): State<AppState>, staff: Staff, JsonBody(input): JsonBody<StaffSettings>) -> Result<Json<StaffSettings>, ApiError> {
    staff.require(Operation::ManageSettings)?;
    if !(5..=480).contains(&input.session_idle_minutes) {
        return Err(ApiError::fields(vec![FieldError {
            field: "session_idle_minutes".into(),
            message: "زمان بی‌کاری نشست باید از ۵ تا ۴۸۰ دقیقه باشد".into(),
        }]));
    }
    let (agency, actor) = (staff.agency_id.clone(), staff.actor());
    let after = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let before = read(&tx, &agency)?;
            accounts::set_setting(&tx, &agency, settings::REQUIRE_TOTP, if input.require_totp { "true" } else { "false" })?;
            accounts::set_setting(&tx, &agency, settings::SESSION_IDLE_MINUTES, &input.session_idle_minutes.to_string())?;
            let after = read(&tx, &agency)?;
            audit::record(&tx, &actor, Entry::new("settings.update", "settings", "").before(json!(before)).after(json!(after)))?;
            tx.commit()?;
            Ok(after)
        })
        .await?;
    Ok(Json(after))
}

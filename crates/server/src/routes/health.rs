use crate::{problem::ApiError, state::AppState};
use axum::{extract::State, Json};
use serde_json::{json, Value};

/// Liveness that also proves the database answers.
pub async fn get(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.db.call(crate::db::ping).await?;
    Ok(Json(json!({ "status": "ok" })))
}

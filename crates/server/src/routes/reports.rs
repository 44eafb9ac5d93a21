//! `GET /reports`: the performance report, computed from the desk's own records (live cases,
//! the anonymous archive of old ones, drafts and comments) at request time.

use crate::{problem::ApiError, state::AppState};
use axum::{extract::State, Json};
use miz_core::reports::Report;

pub async fn get(State(state): State<AppState>) -> Result<Json<Report>, ApiError> {
    let agency = state.agency_id.to_string();
    let report = state
        .db
        .call(move |c| crate::reports_store::report(c, &agency))
        .await?;
    Ok(Json(report))
}

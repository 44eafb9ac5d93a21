//! `GET /reports`: the performance report, computed from the desk's own records (live cases,
//! the anonymous archive of old ones, drafts and comments) at request time.

use crate::{problem::ApiError, state::AppState};
use axum::{extract::State, Json};
use miz_core::{
    jalali::tehran_day,
    reports::{build, CaseRecord, CommentRecord, Report},
};

pub async fn get(State(state): State<AppState>) -> Result<Json<Report>, ApiError> {
    let agency = state.agency_id.to_string();
    let report = state
        .db
        .call(move |c| {
            let today = crate::db::today(c)?;
            let mut cases = Vec::new();
            for sql in [
                "SELECT kind, created_at, answered_at FROM cases WHERE agency_id = ?1",
                "SELECT kind, created_at, answered_at FROM case_archive WHERE agency_id = ?1",
            ] {
                let mut stmt = c.prepare_cached(sql)?;
                let rows = stmt.query_map([&agency], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?;
                for row in rows {
                    let (kind, created, answered) = row?;
                    if let Some(created) = tehran_day(&created) {
                        cases.push(CaseRecord { kind, created, answered: answered.as_deref().and_then(tehran_day) });
                    }
                }
            }
            let mut stmt = c.prepare_cached("SELECT opens_at FROM drafts WHERE agency_id = ?1")?;
            let drafts: Vec<i64> =
                stmt.query_map([&agency], |r| r.get::<_, String>(0))?.filter_map(|d| d.ok().and_then(|d| tehran_day(&d))).collect();
            let mut stmt = c.prepare_cached(
                "SELECT c.created_at, c.response_outcome FROM comments c JOIN drafts d ON d.id = c.draft_id
                 WHERE d.agency_id = ?1 AND c.moderation = 'published'",
            )?;
            let comments: Vec<CommentRecord> = stmt
                .query_map([&agency], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?
                .filter_map(|r| r.ok())
                .filter_map(|(at, outcome)| tehran_day(&at).map(|created| CommentRecord { created, outcome }))
                .collect();
            Ok(build(&cases, &drafts, &comments, today))
        })
        .await?;
    Ok(Json(report))
}

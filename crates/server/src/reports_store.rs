//! What the performance report counts, read from the desk's own records: live cases, the
//! anonymous archive of old ones, drafts and their published comments.

use crate::sql::Connection;
use miz_core::{
    jalali::tehran_day,
    reports::{build, CaseRecord, CommentRecord, Report},
};

/// The agency's report as of today (Tehran).
pub fn report(c: &Connection, agency: &str) -> crate::sql::Result<Report> {
    let today = crate::clock::tehran_today();
    let mut cases = Vec::new();
    for sql in [
        "SELECT kind, created_at, answered_at, due_on FROM cases WHERE agency_id = ?1",
        "SELECT kind, created_at, answered_at, NULL FROM case_archive WHERE agency_id = ?1",
    ] {
        let rows = c.query_all(sql, [&agency], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, Option<String>>(3)?))
        })?;
        for (kind, created, answered, due) in rows {
            if let Some(created) = tehran_day(&created) {
                let due = due.as_deref().and_then(crate::deadlines::day_of);
                cases.push(CaseRecord { kind, created, answered: answered.as_deref().and_then(tehran_day), due });
            }
        }
    }
    let drafts: Vec<i64> = c
        .query_all("SELECT opens_at FROM drafts WHERE agency_id = ?1", [&agency], |r| r.get::<_, String>(0))?
        .iter()
        .filter_map(|d| tehran_day(d))
        .collect();
    let comments: Vec<CommentRecord> = c
        .query_all(
            "SELECT c.created_at, c.response_outcome FROM comments c JOIN drafts d ON d.id = c.draft_id
             WHERE d.agency_id = ?1 AND c.moderation = 'published'",
            [&agency],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
        )?
        .into_iter()
        .filter_map(|(at, outcome)| tehran_day(&at).map(|created| CommentRecord { created, outcome }))
        .collect();
    Ok(build(&cases, &drafts, &comments, today))
}

//! Overdue cases go up to the supervisors, once each: a case still open after its due date is
//! marked escalated (it shows so in every inbox, and a supervisor's `?escalated=true` lists
//! them), and the audit log says when. A second server or a second pass finds nothing to do:
//! the mark is set only where it is not set yet, in one statement.

use crate::{
    db::Db,
    sql::{Connection, Result},
    staff::audit::{self, Actor, Entry},
};
use std::time::Duration;

/// Marks every overdue open case not yet escalated; returns how many.
pub fn run(c: &Connection) -> Result<usize> {
    let today = crate::deadlines::iso_date(crate::clock::tehran_today());
    let now = crate::clock::now_ms();
    let tx = c.transaction()?;
    let rows: Vec<(String, String, Option<String>)> = tx.query_all(
        "UPDATE cases SET escalated_at = ?2
         WHERE escalated_at IS NULL AND due_on < ?1 AND status IN ('received', 'routed', 'in_review', 'reopened')
         RETURNING code, agency_id, due_on",
        (&today, &now),
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    for (code, agency, due) in &rows {
        let actor = Actor::system(&agency);
        audit::record(&tx, &actor, Entry::new("case.escalate", "case", code).after(serde_json::json!({ "due_date": due, "escalated_at": now })))?;
    }
    tx.commit()?;
    Ok(rows.len())
}

/// Every minute, for as long as the server runs.
pub fn spawn_worker(db: Db) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = db.call(|c| run(c)).await {
                tracing::warn!("escalating overdue cases: {e}");
            }
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    });
}

//! The FAQ in the database: each agency's entries, synonym groups and "was this helpful?"
//! answers.

use crate::sql::Connection;
use miz_core::{
    api::{FaqDoc, FeedbackTotals},
    search::FaqEntry,
};

/// New "was this helpful?" answers one network may add to one entry in a day (a browser
/// changing its answer is not new). Beyond it they are not counted, so the totals stay honest.
pub const ANSWERS_PER_NETWORK_PER_DAY: i64 = 5;

/// The FAQ of one agency: its entries in its order, and its synonym groups.
pub fn load(conn: &Connection, agency: &str) -> crate::sql::Result<FaqDoc> {
    let entries = conn.query_all(
        "SELECT id, category, question, answer FROM faq_entries WHERE agency_id = ?1 ORDER BY position, id",
        [agency],
        |r| Ok(FaqEntry { id: r.get(0)?, category: r.get(1)?, question: r.get(2)?, answer: r.get(3)? }),
    )?;
    let synonyms = conn
        .query_all("SELECT words FROM faq_synonyms WHERE agency_id = ?1 ORDER BY id", [agency], |r| r.get::<_, String>(0))?
        .into_iter()
        .filter_map(|w| serde_json::from_str::<Vec<String>>(&w).ok())
        .collect();
    Ok(FaqDoc { entries, synonyms })
}

/// Records browser `client_id`'s answer for entry `id` (a new answer from `network` counts
/// only while it has given fewer than `ANSWERS_PER_NETWORK_PER_DAY` since `day_ago`; a
/// browser changing its answer always does) and gives the entry's totals; `None` when the
/// agency has no such entry.
#[allow(clippy::too_many_arguments)]
pub fn record_feedback(
    conn: &Connection,
    agency: &str,
    id: &str,
    client_id: &str,
    helpful: bool,
    comment: Option<&str>,
    network: &str,
    now: &str,
    day_ago: &str,
) -> crate::sql::Result<Option<FeedbackTotals>> {
    let tx = conn.transaction()?;
    let exists: i64 = tx.query_row("SELECT count(*) FROM faq_entries WHERE agency_id = ?1 AND id = ?2", [agency, id], |r| r.get(0))?;
    if exists == 0 {
        return Ok(None);
    }
    let (answered, today): (i64, i64) = tx.query_row(
        "SELECT
           (SELECT count(*) FROM faq_feedback WHERE agency_id = ?1 AND entry_id = ?2 AND client_id = ?3),
           (SELECT count(*) FROM faq_feedback WHERE agency_id = ?1 AND entry_id = ?2 AND network = ?4 AND created_at >= ?5)",
        (agency, id, client_id, network, day_ago),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if answered > 0 || today < ANSWERS_PER_NETWORK_PER_DAY {
        tx.execute(
            "INSERT INTO faq_feedback (agency_id, entry_id, client_id, helpful, comment, network, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (agency_id, entry_id, client_id) DO UPDATE SET helpful = excluded.helpful, comment = excluded.comment",
            (agency, id, client_id, helpful as i64, comment, network, now),
        )?;
    }
    let totals = tx.query_row(
        "SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0) FROM faq_feedback WHERE agency_id = ?1 AND entry_id = ?2",
        [agency, id],
        |r| Ok(FeedbackTotals { helpful: r.get::<_, i64>(0)? as u32, not_helpful: r.get::<_, i64>(1)? as u32 }),
    )?;
    tx.commit()?;
    Ok(Some(totals))
}

/// Adds entry `e` at the end of the agency's list, or changes the entry with its id in place.
pub fn put_entry(conn: &Connection, agency: &str, e: &FaqEntry) -> crate::sql::Result<usize> {
    conn.execute(
        "INSERT INTO faq_entries (agency_id, id, category, question, answer, position)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), 0) + 1 FROM faq_entries WHERE agency_id = ?1))
         ON CONFLICT (agency_id, id) DO UPDATE SET category = excluded.category, question = excluded.question,
           answer = excluded.answer, updated_at = ?6",
        (agency, &e.id, &e.category, &e.question, &e.answer, crate::clock::now()),
    )
}

/// Replaces the agency's synonym groups; gives the FAQ as it is now.
/// Replaces the synonym groups, inside the caller's transaction (with its audit record).
pub fn set_synonyms(tx: &crate::sql::Transaction<'_>, agency: &str, groups: &[Vec<String>]) -> crate::sql::Result<FaqDoc> {
    tx.execute("DELETE FROM faq_synonyms WHERE agency_id = ?1", [agency])?;
    for g in groups {
        tx.execute("INSERT INTO faq_synonyms (agency_id, words) VALUES (?1, ?2)", (agency, serde_json::to_string(g).unwrap_or_default()))?;
    }
    load(tx, agency)
}

//! Drafts and comments in SQLite.

use miz_core::{
    anchor::{place, Anchor, Placement},
    api::{Agency, DraftKind, Localized, Unit},
    drafts::{
        AgencyResponse, Comment, Draft, DraftBody, DraftState, DraftSummary, Moderation, Outcome, OutcomeCounts, VersionInfo,
    },
};
use rusqlite::{Connection, OptionalExtension};

const STATE_SQL: &str = "CASE WHEN d.final_at IS NOT NULL THEN 'final'
      WHEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') <= d.closes_at THEN 'open' ELSE 'closed' END";

fn unit(agency: &Agency, id: &str) -> Unit {
    agency.units.iter().find(|u| u.id == id).cloned().unwrap_or_else(|| Unit { id: id.into(), name: Localized::fa(id), description: None })
}

/// Every draft of the agency, newest first.
pub fn summaries(conn: &Connection, agency: &Agency) -> rusqlite::Result<Vec<DraftSummary>> {
    let sql = format!(
        "SELECT d.id, d.title, d.kind, d.unit_id, d.summary, d.opens_at, d.closes_at, {STATE_SQL},
                (SELECT count(*) FROM comments c WHERE c.draft_id = d.id AND c.moderation = 'published'),
                (SELECT max(number) FROM draft_versions v WHERE v.draft_id = d.id)
         FROM drafts d WHERE d.agency_id = ?1 ORDER BY d.opens_at DESC, d.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([&agency.id], |r| {
        Ok(DraftSummary {
            id: r.get(0)?,
            title: r.get(1)?,
            kind: DraftKind::parse(&r.get::<_, String>(2)?).unwrap_or(DraftKind::Regulation),
            unit: unit(agency, &r.get::<_, String>(3)?),
            summary: r.get(4)?,
            opens_at: r.get(5)?,
            closes_at: r.get(6)?,
            state: DraftState::parse(&r.get::<_, String>(7)?).unwrap_or(DraftState::Closed),
            comment_count: r.get::<_, i64>(8)? as u32,
            version: r.get::<_, Option<i64>>(9)?.unwrap_or(1) as u32,
        })
    })?;
    rows.collect()
}

pub fn summary(conn: &Connection, agency: &Agency, id: &str) -> rusqlite::Result<Option<DraftSummary>> {
    Ok(summaries(conn, agency)?.into_iter().find(|d| d.id == id))
}

pub fn body(conn: &Connection, id: &str, version: u32) -> rusqlite::Result<Option<DraftBody>> {
    let json: Option<String> = conn
        .query_row("SELECT body FROM draft_versions WHERE draft_id = ?1 AND number = ?2", (id, version), |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

pub fn draft(conn: &Connection, agency: &Agency, id: &str, version: Option<u32>) -> rusqlite::Result<Option<Draft>> {
    let Some(summary) = summary(conn, agency, id)? else { return Ok(None) };
    let shown = version.unwrap_or(summary.version);
    let Some(body) = body(conn, id, shown)? else { return Ok(None) };
    let mut stmt = conn.prepare("SELECT number, published_at, note FROM draft_versions WHERE draft_id = ?1 ORDER BY number")?;
    let versions = stmt
        .query_map([id], |r| Ok(VersionInfo { number: r.get::<_, i64>(0)? as u32, published_at: r.get(1)?, note: r.get(2)? }))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut outcomes = OutcomeCounts::default();
    let mut stmt = conn.prepare("SELECT response_outcome FROM comments WHERE draft_id = ?1 AND moderation = 'published'")?;
    for o in stmt.query_map([id], |r| r.get::<_, Option<String>>(0))? {
        match o?.as_deref().and_then(Outcome::parse) {
            Some(Outcome::Accepted) => outcomes.accepted += 1,
            Some(Outcome::PartlyAccepted) => outcomes.partly_accepted += 1,
            Some(Outcome::NotAccepted) => outcomes.not_accepted += 1,
            Some(Outcome::Noted) => outcomes.noted += 1,
            None => outcomes.unanswered += 1,
        }
    }
    Ok(Some(Draft { summary, shown_version: shown, body, versions, outcomes }))
}

/// The comments of a draft that `client_id` may see (published, and its own pending ones),
/// placed on the current version, oldest first.
pub fn comments(conn: &Connection, id: &str, current: &DraftBody, client_id: Option<&str>) -> rusqlite::Result<Vec<Comment>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.version, c.anchor, c.body, c.display_name, c.created_at, c.moderation,
                c.response_text, c.response_outcome, c.response_at,
                (SELECT count(*) FROM comment_supports s WHERE s.comment_id = c.id)
         FROM comments c
         WHERE c.draft_id = ?1 AND (c.moderation = 'published' OR (c.moderation = 'pending' AND c.client_id = ?2))
         ORDER BY c.created_at, c.id",
    )?;
    let paragraphs = current.paragraphs();
    let rows = stmt.query_map((id, client_id.unwrap_or("")), |r| {
        let anchor: Anchor = serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or(Anchor { paragraph_id: None, quote: None, start: None, end: None });
        let response = match (r.get::<_, Option<String>>(7)?, r.get::<_, Option<String>>(8)?, r.get::<_, Option<String>>(9)?) {
            (Some(text), Some(o), Some(at)) => Outcome::parse(&o).map(|outcome| AgencyResponse { text, outcome, at }),
            _ => None,
        };
        Ok(Comment {
            id: r.get(0)?,
            version: r.get::<_, i64>(1)? as u32,
            placement: place(&anchor, &paragraphs),
            anchor,
            body: r.get(3)?,
            display_name: r.get(4)?,
            created_at: r.get(5)?,
            moderation: if r.get::<_, String>(6)? == "pending" { Moderation::Pending } else { Moderation::Published },
            response,
            support_count: r.get::<_, i64>(10)? as u32,
        })
    })?;
    rows.collect()
}

/// Whether a comment is about `paragraph` in the current version.
pub fn is_on(c: &Comment, paragraph: &str) -> bool {
    match &c.placement {
        Placement::Paragraph { paragraph_id } | Placement::Phrase { paragraph_id, .. } => paragraph_id == paragraph,
        _ => false,
    }
}

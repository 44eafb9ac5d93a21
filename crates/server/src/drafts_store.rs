//! Drafts and comments in SQLite.

use miz_core::{
    anchor::{place, Anchor, Placement},
    api::{Agency, DraftKind, Localized, Unit},
    drafts::{
        AgencyResponse, Comment, Draft, DraftBody, DraftState, DraftSummary, Moderation, Outcome, OutcomeCounts, VersionInfo,
    },
};
use crate::sql::{Connection, OptionalExtension, Transaction};

/// A draft's state, with `?3` bound to now (`clock::now`).
const STATE_SQL: &str = "CASE WHEN d.final_at IS NOT NULL THEN 'final'
      WHEN CAST(?3 AS TEXT) <= d.closes_at THEN 'open' ELSE 'closed' END";

fn unit(agency: &Agency, id: &str) -> Unit {
    agency.units.iter().find(|u| u.id == id).cloned().unwrap_or_else(|| Unit { id: id.into(), name: Localized::fa(id), description: None })
}

/// Every draft of the agency, newest first.
pub fn summaries(conn: &Connection, agency: &Agency) -> crate::sql::Result<Vec<DraftSummary>> {
    query_summaries(conn, agency, None)
}

pub fn summary(conn: &Connection, agency: &Agency, id: &str) -> crate::sql::Result<Option<DraftSummary>> {
    Ok(query_summaries(conn, agency, Some(id))?.pop())
}

/// The agency's drafts, or the one with `id`.
fn query_summaries(conn: &Connection, agency: &Agency, id: Option<&str>) -> crate::sql::Result<Vec<DraftSummary>> {
    let sql = format!(
        "SELECT d.id, d.title, d.kind, d.unit_id, d.summary, d.opens_at, d.closes_at, {STATE_SQL},
                (SELECT count(*) FROM comments c WHERE c.draft_id = d.id AND c.moderation = 'published'),
                (SELECT max(number) FROM draft_versions v WHERE v.draft_id = d.id)
         FROM drafts d WHERE d.agency_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR d.id = ?2) ORDER BY d.opens_at DESC, d.id"
    );
    conn.query_all(&sql, (&agency.id, id, crate::clock::now()), |r| {
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
    })
}

pub fn body(conn: &Connection, id: &str, version: u32) -> crate::sql::Result<Option<DraftBody>> {
    let json: Option<String> = conn
        .query_row("SELECT body FROM draft_versions WHERE draft_id = ?1 AND number = ?2", (id, version), |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

pub fn draft(conn: &Connection, agency: &Agency, id: &str, version: Option<u32>) -> crate::sql::Result<Option<Draft>> {
    let Some(summary) = summary(conn, agency, id)? else { return Ok(None) };
    let shown = version.unwrap_or(summary.version);
    let Some(body) = body(conn, id, shown)? else { return Ok(None) };
    let versions = conn.query_all("SELECT number, published_at, note FROM draft_versions WHERE draft_id = ?1 ORDER BY number", [id], |r| {
        Ok(VersionInfo { number: r.get::<_, i64>(0)? as u32, published_at: r.get(1)?, note: r.get(2)? })
    })?;
    let mut outcomes = OutcomeCounts::default();
    let answers = conn.query_all("SELECT response_outcome FROM comments WHERE draft_id = ?1 AND moderation = 'published'", [id], |r| {
        r.get::<_, Option<String>>(0)
    })?;
    for o in answers {
        match o.as_deref().and_then(Outcome::parse) {
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
pub fn comments(conn: &Connection, id: &str, current: &DraftBody, client_id: Option<&str>) -> crate::sql::Result<Vec<Comment>> {
    query_comments(conn, id, current, client_id, None, None)
}

/// One page of the comments `client_id` may see, and how many there are in all. Only the page
/// is read and placed, so paging through thousands of comments costs each page its own share.
pub fn comments_page(
    conn: &Connection,
    id: &str,
    current: &DraftBody,
    client_id: Option<&str>,
    offset: u32,
    limit: u32,
) -> crate::sql::Result<(Vec<Comment>, u32)> {
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM comments c WHERE c.draft_id = ?1 AND {VISIBLE}"),
        (id, client_id.unwrap_or("")),
        |r| r.get(0),
    )?;
    Ok((query_comments(conn, id, current, client_id, None, Some((offset, limit)))?, total as u32))
}

/// The comments a browser may see: published ones, and its own awaiting moderation.
const VISIBLE: &str = "(c.moderation = 'published' OR (c.moderation = 'pending' AND c.client_id = ?2))";

/// One comment, whatever its moderation, placed on the current version: the answer to the
/// request that made it, which a retry must get again even after the agency refused it.
pub fn comment(conn: &Connection, id: &str, current: &DraftBody, comment_id: &str) -> crate::sql::Result<Option<Comment>> {
    Ok(query_comments(conn, id, current, None, Some(comment_id), None)?.pop())
}

fn query_comments(
    conn: &Connection,
    id: &str,
    current: &DraftBody,
    client_id: Option<&str>,
    comment_id: Option<&str>,
    window: Option<(u32, u32)>,
) -> crate::sql::Result<Vec<Comment>> {
    let (offset, limit) = window.map(|(o, l)| (i64::from(o), i64::from(l))).unwrap_or((0, i64::MAX));
    let sql = format!(
        "SELECT c.id, c.version, c.anchor, c.body, c.display_name, c.created_at, c.moderation,
                c.response_text, c.response_outcome, c.response_at,
                (SELECT count(*) FROM comment_supports s WHERE s.comment_id = c.id)
         FROM comments c
         WHERE c.draft_id = ?1 AND ({VISIBLE} OR c.id = ?3)
           AND (CAST(?3 AS TEXT) IS NULL OR c.id = ?3)
         ORDER BY c.created_at, c.id
         LIMIT ?5 OFFSET ?4"
    );
    let paragraphs = current.paragraphs();
    conn.query_all(&sql, (id, client_id.unwrap_or(""), comment_id, offset, limit), |r| {
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
            moderation: match r.get::<_, String>(6)?.as_str() {
                "pending" => Moderation::Pending,
                "rejected" => Moderation::Rejected,
                _ => Moderation::Published,
            },
            response,
            support_count: r.get::<_, i64>(10)? as u32,
        })
    })
}

/// Whether a comment is about `paragraph` in the current version.
pub fn is_on(c: &Comment, paragraph: &str) -> bool {
    match &c.placement {
        Placement::Paragraph { paragraph_id } | Placement::Phrase { paragraph_id, .. } => paragraph_id == paragraph,
        _ => false,
    }
}

/// A draft as the agency publishes it (admin API and CLI).
#[derive(Debug, serde::Deserialize)]
pub struct NewDraft {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub unit_id: String,
    pub summary: String,
    /// RFC 3339; default now.
    #[serde(default)]
    pub opens_at: Option<String>,
    /// RFC 3339; default: opens_at plus the agency's comment period for the kind.
    #[serde(default)]
    pub closes_at: Option<String>,
    pub body: DraftBody,
}

#[derive(Debug, PartialEq, Eq)]
pub enum AdminChange {
    Done,
    NotFound,
    Invalid(&'static str, String),
    Conflict(String),
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Paragraph ids must be unique within a version, or comments could not find theirs.
fn check_body(body: &DraftBody) -> Result<(), AdminChange> {
    let mut ids: Vec<&str> = body.paragraphs().iter().map(|(id, _)| *id).collect();
    if ids.is_empty() {
        return Err(AdminChange::Invalid("body", "متن پیش‌نویس دست‌کم یک بند لازم دارد".into()));
    }
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != n || !ids.iter().all(|id| valid_id(id)) {
        return Err(AdminChange::Invalid("body", "شناسه بندها باید یکتا و از حروف لاتین، رقم، - و _ باشد".into()));
    }
    Ok(())
}

pub fn publish(tx: &Transaction<'_>, agency: &Agency, d: &NewDraft) -> crate::sql::Result<AdminChange> {
    let Some(kind) = DraftKind::parse(&d.kind) else {
        return Ok(AdminChange::Invalid("kind", "نوع پیش‌نویس شناخته نیست".into()));
    };
    if !valid_id(&d.id) {
        return Ok(AdminChange::Invalid("id", "شناسه فقط حروف لاتین، رقم، - و _ (حداکثر ۶۴)".into()));
    }
    if d.title.trim().is_empty() || !agency.units.iter().any(|u| u.id == d.unit_id) {
        return Ok(AdminChange::Invalid("unit_id", "عنوان و واحد مسئول (از واحدهای دستگاه) لازم است".into()));
    }
    if let Err(e) = check_body(&d.body) {
        return Ok(e);
    }
    // The comment window defaults from the kind: the agency's own rule.
    let days = agency.comment_periods.iter().find(|p| p.kind == kind).map(|p| p.days).unwrap_or(14);
    let exists: Option<i64> = tx.query_row("SELECT 1 FROM drafts WHERE id = ?1", [&d.id], |r| r.get(0)).optional()?;
    if exists.is_some() {
        return Ok(AdminChange::Conflict("پیش‌نویسی با این شناسه هست؛ برای تغییر، نسخه تازه منتشر کنید".into()));
    }
    let opens_at = match &d.opens_at {
        Some(t) => crate::clock::parse(t),
        None => Some(crate::clock::now_millis().div_euclid(1000)),
    };
    let Some(opens_at) = opens_at else {
        return Ok(AdminChange::Invalid("opens_at", "تاریخ شروع باید RFC 3339 باشد".into()));
    };
    let opens = crate::clock::text(opens_at);
    let closes = match &d.closes_at {
        Some(t) => crate::clock::parse(t).map(crate::clock::text),
        None => Some(crate::clock::text(opens_at + i64::from(days) * 86_400)),
    };
    let Some(closes) = closes.filter(|c| *c > opens) else {
        return Ok(AdminChange::Invalid("closes_at", "تاریخ پایان باید RFC 3339 و پس از تاریخ شروع باشد".into()));
    };
    tx.execute(
        "INSERT INTO drafts (id, agency_id, kind, title, unit_id, summary, opens_at, closes_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (&d.id, &agency.id, kind.as_str(), d.title.trim(), &d.unit_id, d.summary.trim(), &opens, &closes),
    )?;
    tx.execute(
        "INSERT INTO draft_versions (draft_id, number, body, published_at) VALUES (?1, 1, ?2, ?3)",
        (&d.id, serde_json::to_string(&d.body).unwrap_or_default(), &opens),
    )?;
    Ok(AdminChange::Done)
}

/// `AND …` limiting a statement on drafts (column `col` holding a draft id) to one agency's,
/// when the change comes through that agency's API (`None`: the CLI on the database file).
fn of_agency(col: &str, n: usize, agency: Option<&str>) -> String {
    agency.map_or(String::new(), |_| format!(" AND {col} IN (SELECT id FROM drafts WHERE agency_id = ?{n})"))
}

/// A new version; `final_text` marks it as the final text after revision.
pub fn new_version(
    tx: &Transaction<'_>,
    agency: Option<&str>,
    id: &str,
    body: &DraftBody,
    note: Option<&str>,
    final_text: bool,
) -> crate::sql::Result<AdminChange> {
    if let Err(e) = check_body(body) {
        return Ok(e);
    }
    let sql = format!("SELECT max(number) FROM draft_versions WHERE draft_id = ?1{}", of_agency("draft_id", 2, agency));
    let n: Option<i64> = match agency {
        Some(a) => tx.query_row(&sql, [id, a], |r| r.get(0))?,
        None => tx.query_row(&sql, [id], |r| r.get(0))?,
    };
    let Some(n) = n else { return Ok(AdminChange::NotFound) };
    tx.execute(
        "INSERT INTO draft_versions (draft_id, number, body, published_at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        (id, n + 1, serde_json::to_string(body).unwrap_or_default(), crate::clock::now(), note),
    )?;
    if final_text {
        tx.execute("UPDATE drafts SET final_at = ?2 WHERE id = ?1", (id, crate::clock::now()))?;
    }
    Ok(AdminChange::Done)
}

pub fn respond(conn: &Connection, agency: Option<&str>, comment: &str, outcome: Outcome, text: &str) -> crate::sql::Result<AdminChange> {
    if text.trim().is_empty() || text.chars().count() > 5000 {
        return Ok(AdminChange::Invalid("text", "متن پاسخ باید بین ۱ و ۵۰۰۰ نویسه باشد".into()));
    }
    let sql = format!(
        "UPDATE comments SET response_text = ?2, response_outcome = ?3, response_at = ?4 WHERE id = ?1{}",
        of_agency("draft_id", 5, agency)
    );
    let now = crate::clock::now();
    let n = match agency {
        Some(a) => conn.execute(&sql, (comment, text.trim(), outcome.as_str(), &now, a))?,
        None => conn.execute(&sql, (comment, text.trim(), outcome.as_str(), &now))?,
    };
    Ok(if n == 0 { AdminChange::NotFound } else { AdminChange::Done })
}

pub fn moderate(conn: &Connection, agency: Option<&str>, comment: &str, publish: bool) -> crate::sql::Result<AdminChange> {
    let sql = format!("UPDATE comments SET moderation = ?2 WHERE id = ?1{}", of_agency("draft_id", 3, agency));
    let state = if publish { "published" } else { "rejected" };
    let n = match agency {
        Some(a) => conn.execute(&sql, (comment, state, a))?,
        None => conn.execute(&sql, (comment, state))?,
    };
    Ok(if n == 0 { AdminChange::NotFound } else { AdminChange::Done })
}

/// Stores a citizen's comment on version `version` of draft `draft`, once per
/// Idempotency-Key: `key` is (scope, key, request hash). `Ok(Err(()))`: the key was used
/// for another comment. The answer is the comment's id (a replay gives the first one's).
pub fn add_comment(
    conn: &Connection,
    draft: &str,
    version: u32,
    new: &miz_core::drafts::NewComment,
    moderation: &str,
    key: (&str, &str, &str),
) -> crate::sql::Result<Result<String, ()>> {
    use crate::idempotency::{self, Prior};
    use miz_core::normalize;
    let (scope, key, request_hash) = key;
    let tx = conn.transaction()?;
    // The stored answer to a key is the comment's id.
    match idempotency::prior(&tx, scope, key, request_hash)? {
        Prior::Same(_, comment_id) => return Ok(Ok(comment_id)),
        Prior::Different => return Ok(Err(())),
        Prior::None => {}
    }
    let comment_id = format!("c-{}", &crate::random::id()[..16]);
    tx.execute(
        "INSERT INTO comments (id, draft_id, version, anchor, body, display_name, client_id, moderation, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        (
            &comment_id,
            draft,
            version,
            serde_json::to_string(&new.anchor).unwrap_or_default(),
            normalize::cap_marks(new.body.trim()),
            new.display_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(normalize::cap_marks),
            &new.client_id,
            moderation,
            crate::clock::now_ms(),
        ),
    )?;
    idempotency::record(&tx, scope, key, request_hash, 201, &comment_id)?;
    tx.commit()?;
    Ok(Ok(comment_id))
}

/// Supports one network may add to one comment in a day. Many citizens share a carrier's
/// address, so more are not refused, only not counted: a script minting browser ids can move
/// a count by this much a day, not by thousands.
pub const SUPPORTS_PER_NETWORK_PER_DAY: i64 = 5;

/// Browser `client_id`'s support for a published comment of the agency's, counted while its
/// network has added fewer than `SUPPORTS_PER_NETWORK_PER_DAY` since `day_ago` (`times` is
/// (now, day_ago)); the comment's count, or `None` when there is no such published comment.
pub fn support(conn: &Connection, agency: &str, id: &str, client_id: &str, network: &str, times: (&str, &str)) -> crate::sql::Result<Option<i64>> {
    let (now, day_ago) = times;
    let published: Option<String> = conn
        .query_row(
            "SELECT moderation FROM comments WHERE id = ?1 AND draft_id IN (SELECT id FROM drafts WHERE agency_id = ?2)",
            [id, agency],
            |r| r.get(0),
        )
        .optional()?;
    if published.as_deref() != Some("published") {
        return Ok(None);
    }
    let today: i64 = conn.query_row(
        "SELECT count(*) FROM comment_supports WHERE comment_id = ?1 AND network = ?2 AND created_at >= ?3",
        (id, network, day_ago),
        |r| r.get(0),
    )?;
    if today < SUPPORTS_PER_NETWORK_PER_DAY {
        conn.execute(
            "INSERT INTO comment_supports (comment_id, client_id, network, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            (id, client_id, network, now),
        )?;
    }
    conn.query_row("SELECT count(*) FROM comment_supports WHERE comment_id = ?1", [id], |r| r.get::<_, i64>(0)).map(Some)
}

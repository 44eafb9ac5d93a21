//! The case desk in the database: the inbox's query, a case as staff see it, and the changes
//! officers make. Every change checks the case's `version` (a change made on an old view is
//! refused, not merged), writes the citizen's timeline and SMS where the citizen should know,
//! and its audit entry, all in one transaction.

use super::{audit, session::Staff};
use crate::{
    cases_store::{self, unit_of},
    deadlines,
    sql::{Connection, OptionalExtension, Result, Transaction, Value},
};
use miz_core::{
    api::{Agency, Localized},
    cases::{CaseKind, CaseStatus},
    staff::{
        api::{Attachment, CaseActions, Contact, DeadlineState, InboxItem, InboxPage, Note, StaffCase, StaffRef},
        roles::{CaseScope, Operation},
    },
    workdays::Calendar,
};
use serde_json::json;

/// Statuses in which a case still waits for the agency.
const OPEN: &str = "('received', 'routed', 'in_review', 'reopened')";

/// The inbox's filters, as the query string gives them (each optional).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub status: Option<CaseStatus>,
    pub kind: Option<CaseKind>,
    pub topic: Option<String>,
    pub unit: Option<String>,
    /// `Some(None)`: cases nobody has taken.
    pub assignee: Option<Option<i64>>,
    pub deadline: Option<DeadlineState>,
    /// Only cases escalated to the supervisors (overdue).
    pub escalated: bool,
    /// Filed on or after / on or before these Tehran days (`YYYY-MM-DD`).
    pub from: Option<String>,
    pub to: Option<String>,
    pub search: Option<Search>,
    pub page: i64,
    pub per_page: i64,
}

/// What the search box held, recognised.
#[derive(Clone, Debug, PartialEq)]
pub enum Search {
    Code(String),
    Mobile(String),
    /// Normalised words, each to be found in the citizen's text or name.
    Words(Vec<String>),
}

impl Search {
    /// A tracking code (12 digits in any script, dashes and spaces anywhere), a mobile number
    /// (any form `miz_core::mobile` accepts), or words.
    pub fn parse(q: &str) -> Option<Search> {
        let q = q.trim();
        if q.is_empty() {
            return None;
        }
        let digits = miz_core::digits::to_ascii_digits(q);
        let bare: String = digits.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if bare.len() == 12 && bare.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Search::Code(bare));
        }
        if let Ok(m) = miz_core::mobile::Mobile::parse(q) {
            return Some(Search::Mobile(m.as_str().to_owned()));
        }
        let words: Vec<String> = miz_core::normalize::tokenize(q).into_iter().map(|t| t.norm).filter(|w| !w.is_empty()).take(8).collect();
        (!words.is_empty()).then_some(Search::Words(words))
    }
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A query's WHERE clause and its parameters, built up one condition at a time.
struct Where {
    sql: String,
    params: Vec<Value>,
}

impl Where {
    fn and(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        // `?` in the clause become numbered parameters, in order.
        let mut out = String::new();
        let mut values = values.into_iter();
        for ch in clause.chars() {
            if ch == '?' {
                self.params.push(values.next().expect("a value for each ?"));
                out.push_str(&format!("?{}", self.params.len()));
            } else {
                out.push(ch);
            }
        }
        self.sql.push_str(" AND ");
        self.sql.push_str(&out);
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// The day by which a case of `kind` filed at `created` is "near" its deadline: when 80% of
/// its working days are gone.
fn near_day(cal: &Calendar, created: i64, due: i64) -> i64 {
    let total = cal.working_days_between(created, due);
    cal.add_working_days(created, ((total * 4 + 4) / 5) as u32)
}

pub fn deadline_state(cal: &Calendar, status: CaseStatus, created_at: &str, due: &str, today: i64) -> DeadlineState {
    if matches!(status, CaseStatus::Answered | CaseStatus::Closed) {
        return DeadlineState::Done;
    }
    if status == CaseStatus::AwaitingCitizen {
        return DeadlineState::OnTrack;
    }
    let (Some(created), Some(due)) = (miz_core::jalali::tehran_day(created_at), deadlines::day_of(due)) else {
        return DeadlineState::OnTrack;
    };
    if today > due {
        DeadlineState::Overdue
    } else if today >= near_day(cal, created, due) {
        DeadlineState::Near
    } else {
        DeadlineState::OnTrack
    }
}

pub fn inbox(c: &Connection, staff: &Staff, f: &Filter) -> Result<InboxPage> {
    let agency = &staff.agency_id;
    let mut w = Where { sql: "c.agency_id = ?1".into(), params: vec![text(agency)] };
    let scope_units = match staff.grants.case_scope() {
        CaseScope::All => None,
        CaseScope::Units(units) => Some(units),
        CaseScope::None => Some(Vec::new()),
    };
    if let Some(units) = &scope_units {
        if units.is_empty() {
            return Ok(InboxPage { items: vec![], total: 0, total_exact: true, page: f.page, per_page: f.per_page });
        }
        let marks = vec!["?"; units.len()].join(", ");
        let clause = format!(
            "(c.unit_id IN ({marks}) OR c.code IN (SELECT k.code FROM case_copies k WHERE k.unit_id IN ({marks})))"
        );
        w.and(&clause, units.iter().chain(units.iter()).map(|u| text(u)));
    }
    if let Some(s) = f.status {
        w.and("c.status = ?", [text(s.as_str())]);
    }
    if let Some(k) = f.kind {
        w.and("c.kind = ?", [text(k.as_str())]);
    }
    if let Some(t) = &f.topic {
        w.and("c.topic_id = ?", [text(t)]);
    }
    if let Some(u) = &f.unit {
        w.and("c.unit_id = ?", [text(u)]);
    }
    match f.assignee {
        Some(Some(id)) => w.and("c.assignee_id = ?", [Value::Integer(id)]),
        Some(None) => w.and("c.assignee_id IS NULL", []),
        None => {}
    }
    let today = crate::clock::tehran_today();
    let cal = deadlines::calendar(c, agency)?;
    match f.deadline {
        Some(DeadlineState::Overdue) => w.and(&format!("c.status IN {OPEN} AND c.due_on < ?"), [text(&deadlines::iso_date(today))]),
        Some(DeadlineState::Near) => {
            // Near: open, not yet overdue, and at most a fifth of the type's working days left.
            let mut parts = Vec::new();
            let mut values = vec![text(&deadlines::iso_date(today))];
            for (kind, n) in deadlines::all(c, agency)? {
                let left = (n as i64 + 4) / 5;
                parts.push("(c.kind = ? AND c.due_on <= ?)".to_owned());
                values.push(text(kind.as_str()));
                values.push(text(&deadlines::iso_date(cal.add_working_days(today, left as u32))));
            }
            w.and(&format!("c.status IN {OPEN} AND c.due_on >= ? AND ({})", parts.join(" OR ")), values);
        }
        // A case waiting for the citizen has its clock stopped: on track, whatever its date.
        Some(DeadlineState::OnTrack) => {
            w.and(&format!("((c.status IN {OPEN} AND c.due_on >= ?) OR c.status = 'awaiting_citizen')"), [text(&deadlines::iso_date(today))])
        }
        Some(DeadlineState::Done) => w.and("c.status IN ('answered', 'closed')", []),
        None => {}
    }
    if f.escalated {
        w.and("c.escalated_at IS NOT NULL", []);
    }
    if let Some(from) = &f.from {
        // Filed on or after the start of that day in Tehran (UTC text compares as time). A
        // case is due after the day it was filed, so its due date bounds the walk along the
        // due-date index too: recent cases are the ones due last, and without that bound both
        // engines read the inbox's whole order to reach them (5 s on PostgreSQL at a million).
        w.and("c.created_at >= ? AND c.due_on >= ?", [text(&tehran_day_start(from)), text(from)]);
    }
    if let Some(to) = &f.to {
        let next = deadlines::day_of(to).map(|d| deadlines::iso_date(d + 1)).unwrap_or_else(|| to.clone());
        w.and("c.created_at < ?", [text(&tehran_day_start(&next))]);
    }
    // Common words' patterns for the trigram index, kept for counting (see `count`).
    let mut words_index = Vec::new();
    match &f.search {
        Some(Search::Code(code)) => w.and("c.code = ?", [text(code)]),
        Some(Search::Mobile(m)) => {
            // The few cases of one number first, by its index; a planner that saw only the
            // inbox's order would walk every case in due order looking for them (2 s at a
            // million cases).
            let codes: Vec<String> =
                c.query_all("SELECT code FROM cases WHERE agency_id = ?1 AND mobile = ?2 LIMIT 1000", (agency, m), |r| r.get(0))?;
            if codes.is_empty() {
                return Ok(InboxPage { items: vec![], total: 0, total_exact: true, page: f.page, per_page: f.per_page });
            }
            let marks = vec!["?"; codes.len()].join(", ");
            w.and(&format!("c.code IN ({marks})"), codes.iter().map(|x| text(x)));
        }
        Some(Search::Words(words)) => {
            // SQLite: words of three letters or more through the trigram index; shorter ones,
            // and any word with a LIKE wildcard in it, by reading the text. A word found in
            // more cases than are counted is read in due order instead: the first page is
            // then a few hundred rows away, where collecting every match to sort it took
            // 1.5 s for a word in one case of eight. PostgreSQL's trigram index serves the
            // plain LIKE itself.
            let (indexed, mut read): (Vec<&String>, Vec<&String>) = words.iter().partition(|w| {
                c.engine() == crate::sql::Engine::Sqlite && w.chars().count() >= 3 && !w.contains(['%', '_', '\\'])
            });
            if !indexed.is_empty() {
                let likes = vec!["search_text LIKE ?"; indexed.len()].join(" AND ");
                let patterns: Vec<Value> = indexed.iter().map(|x| text(&format!("%{x}%"))).collect();
                let found: i64 = c.query_row(
                    &format!("SELECT count(*) FROM (SELECT 1 FROM case_words WHERE {likes} LIMIT {})", COUNT_LIMIT + 1),
                    patterns.clone(),
                    |r| r.get(0),
                )?;
                if found <= COUNT_LIMIT {
                    w.and(&format!("c.code IN (SELECT code FROM case_words WHERE {likes})"), patterns);
                } else {
                    words_index = patterns;
                    read.extend(indexed);
                }
            }
            for word in read {
                w.and("c.search_text LIKE ? ESCAPE '\\'", [text(&format!("%{}%", like_escape(word)))]);
            }
        }
        None => {}
    }
    let total = count(c, &w, &words_index)?;
    let mut params = w.params.clone();
    params.push(Value::Integer(f.per_page));
    params.push(Value::Integer((f.page - 1) * f.per_page));
    let n = params.len();
    let sql = format!(
        "SELECT c.code, c.kind, c.topic_id, t.name_fa, t.name_en, c.unit_id, c.status, c.created_at, c.due_on, c.assignee_id,
                s.display_name, c.objection IS NOT NULL, c.version, substr(c.description, 1, 160), c.escalated_at IS NOT NULL
         FROM cases c
         LEFT JOIN case_topics t ON t.agency_id = c.agency_id AND t.id = c.topic_id
         LEFT JOIN staff s ON s.id = c.assignee_id
         WHERE {}
         ORDER BY c.due_on, c.code
         LIMIT ?{} OFFSET ?{}",
        w.sql,
        n - 1,
        n
    );
    let own_units = staff.grants.officer_units();
    let all = scope_units.is_none();
    let items = c.query_all(&sql, params, |r| {
        let status = CaseStatus::parse(&r.get::<_, String>(6)?).unwrap_or(CaseStatus::Received);
        let created_at: String = r.get(7)?;
        let due: String = r.get::<_, Option<String>>(8)?.unwrap_or_default();
        let unit_id: String = r.get(5)?;
        let topic_id: String = r.get(2)?;
        Ok(InboxItem {
            tracking_code: r.get(0)?,
            kind: CaseKind::parse(&r.get::<_, String>(1)?).unwrap_or(CaseKind::Request),
            topic: Localized { fa: r.get::<_, Option<String>>(3)?.unwrap_or(topic_id), en: r.get(4)? },
            copy: !all && !own_units.contains(&unit_id),
            unit_id,
            deadline: deadline_state(&cal, status, &created_at, &due, today),
            status,
            created_at,
            due_date: due,
            assignee: match (r.get::<_, Option<i64>>(9)?, r.get::<_, Option<String>>(10)?) {
                (Some(id), Some(display_name)) => Some(StaffRef { id, display_name }),
                _ => None,
            },
            objected: r.get(11)?,
            version: r.get(12)?,
            excerpt: r.get(13)?,
            escalated: r.get(14)?,
        })
    })?;
    Ok(InboxPage { items, total: total.min(COUNT_LIMIT), total_exact: total <= COUNT_LIMIT, page: f.page, per_page: f.per_page })
}

/// Counting stops here: past it an officer needs a narrower filter, not a number, and an
/// exact count of a third of a million cases took PostgreSQL up to 0.9 s.
pub const COUNT_LIMIT: i64 = 5_000;

/// The matching cases, up to one more than `COUNT_LIMIT`. With a common word, the trigram
/// index drives (each of its matches looked up once, stopping at the limit): walking every
/// case for a word in one case of two hundred would read the whole table.
fn count(c: &Connection, w: &Where, words_index: &[Value]) -> Result<i64> {
    let limit = COUNT_LIMIT + 1;
    if words_index.is_empty() {
        return c.query_row(&format!("SELECT count(*) FROM (SELECT 1 FROM cases c WHERE {} LIMIT {limit}) n", w.sql), w.params.clone(), |r| r.get(0));
    }
    // The word patterns come after the filter's parameters, numbered on from them.
    let first = w.params.len() + 1;
    let likes: Vec<String> = (first..first + words_index.len()).map(|i| format!("k.search_text LIKE ?{i}")).collect();
    let params: Vec<Value> = w.params.iter().chain(words_index).cloned().collect();
    // CROSS JOIN: SQLite keeps the left table as the outer loop.
    c.query_row(
        &format!(
            "SELECT count(*) FROM (SELECT 1 FROM case_words k CROSS JOIN cases c ON c.code = k.code WHERE {} AND {} LIMIT {limit}) n",
            likes.join(" AND "),
            w.sql
        ),
        params,
        |r| r.get(0),
    )
}

/// UTC text of 00:00 Tehran time on `YYYY-MM-DD` (created_at is stored in UTC).
fn tehran_day_start(iso: &str) -> String {
    match deadlines::day_of(iso) {
        Some(day) => crate::clock::text(day * 86_400 - miz_core::jalali::TEHRAN_OFFSET_MINUTES * 60),
        None => iso.to_owned(),
    }
}

/// A case's unit, copies and version, for the permission check before anything else is read.
pub struct Access {
    pub unit: String,
    pub copies: Vec<String>,
    pub version: i64,
    pub status: CaseStatus,
}

pub fn access(c: &Connection, agency: &str, code: &str) -> Result<Option<Access>> {
    let row: Option<(String, i64, String)> = c
        .query_row("SELECT unit_id, version, status FROM cases WHERE code = ?1 AND agency_id = ?2", (code, agency), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((unit, version, status)) = row else { return Ok(None) };
    let copies = c.query_all("SELECT unit_id FROM case_copies WHERE code = ?1 ORDER BY unit_id", [code], |r| r.get(0))?;
    Ok(Some(Access { unit, copies, version, status: CaseStatus::parse(&status).unwrap_or(CaseStatus::Received) }))
}

impl Access {
    pub fn allows(&self, staff: &Staff, op: Operation) -> bool {
        staff.grants.allows(op, Some(&self.unit), &self.copies)
    }
}

pub fn case(c: &Connection, staff: &Staff, agency: &Agency, code: &str, access: &Access) -> Result<Option<StaffCase>> {
    let Some(stored) = cases_store::load_in(c, &agency.id, code)? else { return Ok(None) };
    let row: (Option<String>, Option<i64>, Option<String>, Option<String>, bool) = c.query_row(
        "SELECT c.due_on, c.assignee_id, s.display_name, c.objection, (c.mobile IS NOT NULL OR c.name IS NOT NULL)
         FROM cases c LEFT JOIN staff s ON s.id = c.assignee_id WHERE c.code = ?1",
        [code],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let (due, assignee_id, assignee_name, objection, has_contact) = row;
    let due = due.unwrap_or_default();
    let attachments = c.query_all(
        "SELECT id, name, content_type, size FROM uploads WHERE case_code = ?1 ORDER BY created_at, id",
        [code],
        |r| Ok(Attachment { id: r.get(0)?, name: r.get(1)?, content_type: r.get(2)?, size: r.get(3)? }),
    )?;
    let notes = c.query_all(
        "SELECT n.id, n.staff_id, s.display_name, n.body, n.at FROM case_notes n JOIN staff s ON s.id = n.staff_id
         WHERE n.code = ?1 ORDER BY n.id",
        [code],
        |r| Ok(Note { id: r.get(0)?, author: StaffRef { id: r.get(1)?, display_name: r.get(2)? }, text: r.get(3)?, at: r.get(4)? }),
    )?;
    let cal = deadlines::calendar(c, &agency.id)?;
    let v = stored.view;
    let kind_days = deadlines::working_days(c, &agency.id, v.kind.as_str())?;
    Ok(Some(StaffCase {
        deadline: deadline_state(&cal, v.status, &v.created_at, &due, crate::clock::tehran_today()),
        deadline_working_days: kind_days,
        tracking_code: v.tracking_code,
        kind: v.kind,
        topic: v.topic,
        unit: v.unit,
        status: v.status,
        created_at: v.created_at,
        due_date: due,
        assignee: assignee_id.zip(assignee_name).map(|(id, display_name)| StaffRef { id, display_name }),
        description: v.description,
        attachments,
        timeline: v.timeline,
        answer: v.answer,
        objection,
        notes,
        copies: access.copies.clone(),
        has_contact,
        can: CaseActions {
            handle: access.allows(staff, Operation::HandleCase),
            assign: access.allows(staff, Operation::AssignCase),
            refer: access.allows(staff, Operation::ReferCase),
            contact: access.allows(staff, Operation::ReadContact),
        },
        version: access.version,
    }))
}

pub fn contact(c: &Connection, code: &str) -> Result<Contact> {
    c.query_row("SELECT mobile, name FROM cases WHERE code = ?1", [code], |r| Ok(Contact { mobile: r.get(0)?, name: r.get(1)? }))
}

/// Why a change was not made.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// The case changed since the officer's view (its version moved on).
    Stale,
    Conflict(&'static str),
    Invalid(&'static str, &'static str),
}

/// Raises the version if it is still `expected`; `false` when someone changed the case first.
fn bump(c: &Connection, code: &str, expected: i64) -> Result<bool> {
    let n = c.execute(
        "UPDATE cases SET version = version + 1, updated_at = ?3 WHERE code = ?1 AND version = ?2",
        (code, expected, crate::clock::now_ms()),
    )?;
    Ok(n == 1)
}

pub fn add_note(c: &Connection, staff: &Staff, code: &str, body: &str) -> Result<Note> {
    let at = crate::clock::now_ms();
    let id: i64 = c.query_row(
        "INSERT INTO case_notes (code, staff_id, body, at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
        (code, staff.id, body, &at),
        |r| r.get(0),
    )?;
    audit::record(c, &staff.actor(), audit::Entry::new("case.note", "case", code).after(json!({ "note_id": id, "text": body })))?;
    Ok(Note { id, author: StaffRef { id: staff.id, display_name: staff.display_name.clone() }, text: body.to_owned(), at })
}

pub fn answer(c: &Transaction<'_>, staff: &Staff, code: &str, access: &Access, text: &str, version: i64) -> Result<std::result::Result<(), Refusal>> {
    if access.status == CaseStatus::Closed {
        return Ok(Err(Refusal::Conflict("این پیام بسته شده است و پاسخ تازه نمی‌گیرد")));
    }
    if !bump(c, code, version)? {
        return Ok(Err(Refusal::Stale));
    }
    let before: Option<String> = c.query_row("SELECT answer FROM cases WHERE code = ?1", [code], |r| r.get(0))?;
    c.execute("UPDATE cases SET status = 'answered', answer = ?2, answered_at = ?3 WHERE code = ?1", (code, text, crate::clock::now_ms()))?;
    c.execute("INSERT INTO case_events (code, status, unit_id, at) VALUES (?1, 'answered', ?2, ?3)", (code, &access.unit, crate::clock::now_ms()))?;
    cases_store::sms_for(c, code, |g| format!("به پیام {g} پاسخ داده شد. برای دیدن پاسخ به میز خدمت سر بزنید."))?;
    audit::record(
        c,
        &staff.actor(),
        audit::Entry::new("case.answer", "case", code)
            .before(json!({ "status": access.status.as_str(), "answer": before }))
            .after(json!({ "status": "answered", "answer": text })),
    )?;
    Ok(Ok(()))
}

pub fn set_status(
    c: &Transaction<'_>,
    staff: &Staff,
    code: &str,
    access: &Access,
    status: CaseStatus,
    note: Option<&str>,
    version: i64,
) -> Result<std::result::Result<(), Refusal>> {
    if status == CaseStatus::Answered {
        return Ok(Err(Refusal::Invalid("status", "برای پاسخ دادن از «پاسخ» استفاده کنید؛ وضعیت «پاسخ داده شد» بی‌پاسخ ممکن نیست")));
    }
    if status == access.status {
        return Ok(Err(Refusal::Conflict("پیام هم‌اکنون در همین وضعیت است")));
    }
    if let Some(why) = cases_store::missing_note(status, note) {
        return Ok(Err(Refusal::Invalid("note", why)));
    }
    if !bump(c, code, version)? {
        return Ok(Err(Refusal::Stale));
    }
    c.execute("UPDATE cases SET status = ?2 WHERE code = ?1", (code, status.as_str()))?;
    let due = deadlines::on_status_change(c, &staff.agency_id, code, access.status, status)?;
    c.execute(
        "INSERT INTO case_events (code, status, unit_id, note, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        (code, status.as_str(), &access.unit, note, crate::clock::now_ms()),
    )?;
    cases_store::sms_for(c, code, |g| format!("وضعیت پیام {g} تغییر کرد. برای دیدن آن به میز خدمت سر بزنید."))?;
    audit::record(
        c,
        &staff.actor(),
        audit::Entry::new("case.status", "case", code)
            .before(json!({ "status": access.status.as_str(), "due_date": due.as_ref().map(|d| &d.0) }))
            .after(json!({ "status": status.as_str(), "note": note, "due_date": due.as_ref().map(|d| &d.1) })),
    )?;
    Ok(Ok(()))
}

pub fn assign(
    c: &Transaction<'_>,
    staff: &Staff,
    code: &str,
    access: &Access,
    assignee: Option<i64>,
    version: i64,
) -> Result<std::result::Result<(), Refusal>> {
    if let Some(id) = assignee {
        let ok = super::accounts::assignable(c, &staff.agency_id, &access.unit)?.iter().any(|(s, _)| *s == id);
        if !ok {
            return Ok(Err(Refusal::Invalid("assignee_id", "این همکار در واحد این پیام نیست یا حسابش غیرفعال است")));
        }
    }
    let before: Option<i64> = c.query_row("SELECT assignee_id FROM cases WHERE code = ?1", [code], |r| r.get(0))?;
    if !bump(c, code, version)? {
        return Ok(Err(Refusal::Stale));
    }
    c.execute("UPDATE cases SET assignee_id = ?2 WHERE code = ?1", (code, assignee))?;
    audit::record(
        c,
        &staff.actor(),
        audit::Entry::new("case.assign", "case", code).before(json!({ "assignee_id": before })).after(json!({ "assignee_id": assignee })),
    )?;
    Ok(Ok(()))
}

pub fn refer(
    c: &Transaction<'_>,
    staff: &Staff,
    agency: &Agency,
    code: &str,
    access: &Access,
    unit: &str,
    reason: &str,
    copies: &[String],
    version: i64,
) -> Result<std::result::Result<(), Refusal>> {
    let known = |u: &str| agency.units.iter().any(|x| x.id == u);
    if !known(unit) {
        return Ok(Err(Refusal::Invalid("unit_id", "چنین واحدی در این دستگاه نیست")));
    }
    if unit == access.unit {
        return Ok(Err(Refusal::Invalid("unit_id", "پیام هم‌اکنون در همین واحد است")));
    }
    if copies.iter().any(|u| !known(u)) {
        return Ok(Err(Refusal::Invalid("copies", "یکی از واحدهای رونوشت در این دستگاه نیست")));
    }
    if !bump(c, code, version)? {
        return Ok(Err(Refusal::Stale));
    }
    // A referred case starts afresh in its new unit: nobody there has taken it yet.
    c.execute("UPDATE cases SET unit_id = ?2, assignee_id = NULL, status = 'routed' WHERE code = ?1", (code, unit))?;
    c.execute(
        "INSERT INTO case_events (code, status, unit_id, note, at) VALUES (?1, 'routed', ?2, ?3, ?4)",
        (code, unit, reason, crate::clock::now_ms()),
    )?;
    for u in copies.iter().filter(|u| *u != unit) {
        c.execute("INSERT INTO case_copies (code, unit_id) VALUES (?1, ?2) ON CONFLICT (code, unit_id) DO NOTHING", (code, u))?;
    }
    let new_unit = unit_of(agency, unit);
    cases_store::sms_for(c, code, |g| format!("پیام {g} برای رسیدگی به {} فرستاده شد.", new_unit.name.fa))?;
    audit::record(
        c,
        &staff.actor(),
        audit::Entry::new("case.refer", "case", code)
            .before(json!({ "unit_id": access.unit, "status": access.status.as_str() }))
            .after(json!({ "unit_id": unit, "reason": reason, "copies": copies })),
    )?;
    Ok(Ok(()))
}

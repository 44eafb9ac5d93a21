//! Cases in SQLite: shared by the API, the admin API and the admin CLI.

use crate::notify;
use miz_core::{
    api::{Agency, Localized, Unit},
    cases::{
        CaseAnswer, CaseEvent, CaseKind, CaseLimits, CaseReceipt, CaseStatus, CaseType, CaseTypes, CaseView, Topic,
        ValidCase,
    },
    tracking::TrackingCode,
};
use crate::sql::{Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

pub fn agency(conn: &Connection, agency_id: &str) -> crate::sql::Result<Agency> {
    let doc: String = conn.query_row("SELECT doc FROM agencies WHERE id = ?1", [agency_id], |r| r.get(0))?;
    serde_json::from_str(&doc).map_err(|e| crate::sql::Error::Conversion(e.to_string()))
}

pub fn unit_of(agency: &Agency, id: &str) -> Unit {
    agency
        .units
        .iter()
        .find(|u| u.id == id)
        .cloned()
        .unwrap_or_else(|| Unit { id: id.to_owned(), name: Localized::fa(id), description: None })
}

pub(crate) fn kind_text(kind: CaseKind) -> (Localized, Localized) {
    match kind {
        CaseKind::Complaint => (
            Localized::both("شکایت", "Complaint"),
            Localized::both(
                "اگر کاری که باید انجام می‌شد انجام نشده یا با شما رفتار درستی نشده است.",
                "When something that should have been done was not, or you were treated wrongly.",
            ),
        ),
        CaseKind::Criticism => (
            Localized::both("انتقاد", "Criticism"),
            Localized::both(
                "اگر روش یا تصمیمی از دستگاه را درست نمی‌دانید.",
                "When you think a practice or decision of the agency is wrong.",
            ),
        ),
        CaseKind::Suggestion => (
            Localized::both("پیشنهاد", "Suggestion"),
            Localized::both("اگر راهی برای بهتر شدن خدمات به نظرتان می‌رسد.", "When you see a way to improve a service."),
        ),
        CaseKind::Request => (
            Localized::both("درخواست", "Request"),
            Localized::both(
                "اگر خدمت، مجوز یا اطلاعاتی از دستگاه می‌خواهید.",
                "When you want a service, a permit or information from the agency.",
            ),
        ),
    }
}

pub fn case_types(conn: &Connection, agency_id: &str) -> crate::sql::Result<CaseTypes> {
    let rows: Vec<(String, Topic)> = conn.query_all(
        "SELECT kind, id, name_fa, name_en, unit_id FROM case_topics WHERE agency_id = ?1 ORDER BY position, id",
        [agency_id],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                Topic {
                    id: r.get(1)?,
                    name: Localized { fa: r.get(2)?, en: r.get(3)? },
                    unit_id: r.get(4)?,
                },
            ))
        },
    )?;
    let types = CaseKind::ALL
        .into_iter()
        .map(|kind| {
            let (name, description) = kind_text(kind);
            CaseType {
                kind,
                name,
                description,
                mobile_required: !kind.allows_anonymous(),
                anonymous_allowed: kind.allows_anonymous(),
                topics: rows.iter().filter(|(k, _)| k == kind.as_str()).map(|(_, t)| t.clone()).collect(),
            }
        })
        .collect();
    Ok(CaseTypes { types, limits: CaseLimits::default() })
}

pub fn hash_key(key: &str) -> String {
    let normal: String = key.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    crate::keys::hex(&Sha256::digest(normal.as_bytes()))
}

/// Why an attachment cannot go with a case.
#[derive(Debug)]
pub enum AttachError {
    Unknown(String),
}

/// Stores a validated case, its first events, its attachments and its SMS, in `tx`.
/// Returns the receipt (with the access key, for a case without a mobile number).
pub fn create(tx: &Transaction<'_>, agency: &Agency, case: &ValidCase) -> crate::sql::Result<Result<CaseReceipt, AttachError>> {
    for id in &case.attachments {
        let free: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM uploads WHERE id = ?1 AND case_code IS NULL AND (agency_id = ?2 OR agency_id IS NULL)",
                (id, agency.id.as_str()),
                |r| r.get(0),
            )
            .optional()?;
        if free.is_none() {
            return Ok(Err(AttachError::Unknown(id.clone())));
        }
    }
    let access_key = case.mobile.is_none().then(|| crate::random::readable_token(4));
    // 10^11 codes: a collision is rare, but the primary key decides, not luck.
    let code = loop {
        let code = TrackingCode::from_random(crate::random::digits::<11>());
        let taken: Option<i64> = tx.query_row("SELECT 1 FROM cases WHERE code = ?1", [code.as_str()], |r| r.get(0)).optional()?;
        if taken.is_none() {
            break code;
        }
    };
    let unit = unit_of(agency, &case.topic.unit_id);
    let due_on = crate::deadlines::due_on(tx, &agency.id, case.kind.as_str(), crate::clock::tehran_today())?;
    tx.execute(
        "INSERT INTO cases (code, agency_id, kind, topic_id, unit_id, description, mobile, name, access_key_hash, status,
                            due_on, search_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'routed', ?10, ?11)",
        (
            code.as_str(),
            &agency.id,
            case.kind.as_str(),
            &case.topic.id,
            &unit.id,
            &case.description,
            case.mobile.as_ref().map(|m| m.as_str()),
            &case.name,
            access_key.as_deref().map(hash_key),
            &due_on,
            crate::deadlines::search_text(&case.description, case.name.as_deref()),
        ),
    )?;
    tx.execute("INSERT INTO case_events (code, status, unit_id) VALUES (?1, 'received', ?2)", (code.as_str(), &unit.id))?;
    tx.execute("INSERT INTO case_events (code, status, unit_id) VALUES (?1, 'routed', ?2)", (code.as_str(), &unit.id))?;
    for id in &case.attachments {
        tx.execute("UPDATE uploads SET case_code = ?1 WHERE id = ?2", (code.as_str(), id))?;
    }
    if let Some(m) = &case.mobile {
        notify::queue_sms(
            tx,
            m.as_str(),
            &format!(
                "{}: پیام شما ثبت شد و به {} فرستاده شد. کد رهگیری: {}",
                agency.name.fa,
                unit.name.fa,
                code.grouped_fa()
            ),
        )?;
    }
    let created_at: String = tx.query_row("SELECT created_at FROM cases WHERE code = ?1", [code.as_str()], |r| r.get(0))?;
    Ok(Ok(CaseReceipt { tracking_code: code.as_str().to_owned(), kind: case.kind, unit, access_key, created_at }))
}

/// A case with what its second factor is checked against.
pub struct Stored {
    /// The agency the case was filed with: through another agency's prefix it does not exist.
    pub agency_id: String,
    pub view: CaseView,
    pub mobile: Option<String>,
    pub access_key_hash: Option<String>,
    pub objected: bool,
}

/// The case `code` as filed with `agency`; another agency's case is no case here.
pub fn load_in(conn: &Connection, agency: &str, code: &str) -> crate::sql::Result<Option<Stored>> {
    Ok(load(conn, code)?.filter(|s| s.agency_id == agency))
}

/// The case `code`, whichever agency it belongs to (the CLI on the database file).
pub fn load(conn: &Connection, code: &str) -> crate::sql::Result<Option<Stored>> {
    let row = conn
        .query_row(
            "SELECT c.agency_id, c.kind, c.topic_id, c.unit_id, c.mobile, c.access_key_hash, c.status, c.answer,
                    c.answered_at, c.objection IS NOT NULL, c.created_at, t.name_fa, t.name_en, c.description, c.due_on
             FROM cases c LEFT JOIN case_topics t ON t.agency_id = c.agency_id AND t.id = c.topic_id
             WHERE c.code = ?1",
            [code],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, bool>(9)?,
                    r.get::<_, String>(10)?,
                    r.get::<_, Option<String>>(11)?,
                    r.get::<_, Option<String>>(12)?,
                    r.get::<_, String>(13)?,
                    r.get::<_, Option<String>>(14)?,
                ))
            },
        )
        .optional()?;
    let Some((agency_id, kind, topic_id, unit_id, mobile, key_hash, status, answer, answered_at, objected, created_at, t_fa, t_en, description, due_date)) =
        row
    else {
        return Ok(None);
    };
    let agency = agency(conn, &agency_id)?;
    let timeline = conn
        .query_all("SELECT status, unit_id, note, at FROM case_events WHERE code = ?1 ORDER BY id", [code], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?))
        })?
        .into_iter()
        .filter_map(|(s, u, note, at)| Some(CaseEvent { status: CaseStatus::parse(&s)?, at, unit: unit_of(&agency, &u), note }))
        .collect();
    let status = CaseStatus::parse(&status).unwrap_or(CaseStatus::Received);
    let view = CaseView {
        tracking_code: code.to_owned(),
        kind: CaseKind::parse(&kind).unwrap_or(CaseKind::Request),
        topic: Localized { fa: t_fa.unwrap_or_else(|| topic_id.clone()), en: t_en },
        unit: unit_of(&agency, &unit_id),
        status,
        created_at,
        description,
        timeline,
        answer: answer.map(|text| CaseAnswer { text, at: answered_at.unwrap_or_default() }),
        can_object: status == CaseStatus::Answered && !objected,
        due_date,
    };
    Ok(Some(Stored { agency_id, view, mobile, access_key_hash: key_hash, objected }))
}

#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    Done,
    NoSuchCase,
    /// The change does not fit the case's state (e.g. objecting twice).
    Conflict(&'static str),
}

pub fn sms_for(tx: &Transaction<'_>, code: &str, body: impl FnOnce(&str) -> String) -> crate::sql::Result<()> {
    let mobile: Option<String> = tx.query_row("SELECT mobile FROM cases WHERE code = ?1", [code], |r| r.get(0))?;
    if let Some(m) = mobile {
        let grouped = TrackingCode::parse(code).map(|c| c.grouped_fa()).unwrap_or_else(|_| code.to_owned());
        notify::queue_sms(tx, &m, &body(&grouped))?;
    }
    Ok(())
}

/// Why a move to `status` with `note` is refused, if it is: a wait for the citizen must say
/// what is asked (the citizen reads the note on the tracking page). For the `note` field.
pub fn missing_note(status: CaseStatus, note: Option<&str>) -> Option<&'static str> {
    (status == CaseStatus::AwaitingCitizen && note.is_none_or(|n| n.trim().is_empty()))
        .then_some("بنویسید از شهروند چه می‌خواهید؛ او همین یادداشت را در صفحه پیگیری می‌بیند")
}

/// Moves a case to `status` (agency side), with an optional note.
pub fn set_status(tx: &Transaction<'_>, agency: &str, code: &str, status: CaseStatus, note: Option<&str>) -> crate::sql::Result<Change> {
    let row: Option<(String, String)> =
        tx.query_row("SELECT unit_id, status FROM cases WHERE code = ?1 AND agency_id = ?2", [code, agency], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let Some((unit, before)) = row else { return Ok(Change::NoSuchCase) };
    // A new version: a staff member's view from before this change is stale (409), not silently
    // overwritten.
    tx.execute("UPDATE cases SET status = ?2, version = version + 1, updated_at = ?3 WHERE code = ?1", (code, status.as_str(), crate::clock::now_ms()))?;
    if let Some(before) = CaseStatus::parse(&before) {
        crate::deadlines::on_status_change(tx, agency, code, before, status)?;
    }
    tx.execute("INSERT INTO case_events (code, status, unit_id, note) VALUES (?1, ?2, ?3, ?4)", (code, status.as_str(), &unit, note))?;
    sms_for(tx, code, |c| format!("وضعیت پیام {c} تغییر کرد. برای دیدن آن به میز خدمت سر بزنید."))?;
    Ok(Change::Done)
}

/// Answers a case (agency side): the answer is stored and the case moves to `answered`.
pub fn answer(tx: &Transaction<'_>, agency: &str, code: &str, text: &str) -> crate::sql::Result<Change> {
    let unit: Option<String> =
        tx.query_row("SELECT unit_id FROM cases WHERE code = ?1 AND agency_id = ?2", [code, agency], |r| r.get(0)).optional()?;
    let Some(unit) = unit else { return Ok(Change::NoSuchCase) };
    tx.execute(
        "UPDATE cases SET status = 'answered', answer = ?2, answered_at = ?3, version = version + 1, updated_at = ?3 WHERE code = ?1",
        (code, text, crate::clock::now_ms()),
    )?;
    tx.execute("INSERT INTO case_events (code, status, unit_id) VALUES (?1, 'answered', ?2)", (code, &unit))?;
    sms_for(tx, code, |c| format!("به پیام {c} پاسخ داده شد. برای دیدن پاسخ به میز خدمت سر بزنید."))?;
    Ok(Change::Done)
}

/// The citizen objects to the answer: once, only after an answer.
pub fn object(conn: &mut Connection, agency: &str, code: &str, reason: &str) -> crate::sql::Result<Change> {
    let tx = conn.transaction()?;
    let row: Option<(String, String, bool)> = tx
        .query_row("SELECT status, unit_id, objection IS NOT NULL FROM cases WHERE code = ?1 AND agency_id = ?2", [code, agency], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((status, unit, objected)) = row else { return Ok(Change::NoSuchCase) };
    if objected {
        return Ok(Change::Conflict("به پاسخ این پیام پیش‌تر اعتراض شده است؛ اعتراض فقط یک بار ممکن است"));
    }
    if status != "answered" {
        return Ok(Change::Conflict("فقط پس از دریافت پاسخ می‌توانید به آن اعتراض کنید"));
    }
    tx.execute(
        "UPDATE cases SET status = 'reopened', objection = ?2, version = version + 1, updated_at = ?3 WHERE code = ?1",
        (code, reason, crate::clock::now_ms()),
    )?;
    tx.execute("INSERT INTO case_events (code, status, unit_id, note) VALUES (?1, 'reopened', ?2, ?3)", (code, &unit, reason))?;
    tx.commit()?;
    Ok(Change::Done)
}

/// The agency's document (the API's `Agency` JSON, as stored), if there is such an agency.
pub fn agency_doc(conn: &Connection, id: &str) -> crate::sql::Result<Option<String>> {
    conn.query_row("SELECT doc FROM agencies WHERE id = ?1", [id], |r| r.get(0)).optional()
}

/// A checked file, waiting to be attached to a case of `agency`'s.
pub fn store_upload(conn: &Connection, agency: &str, id: &str, name: &str, content_type: &str, data: &[u8]) -> crate::sql::Result<()> {
    conn.execute(
        "INSERT INTO uploads (id, name, content_type, size, data, agency_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (id, name, content_type, data.len() as i64, data, agency, crate::clock::now()),
    )?;
    Ok(())
}

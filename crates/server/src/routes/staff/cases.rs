//! The case desk: the inbox, a case, and what officers do with it. Permission is checked on
//! the case's unit before anything about the case is read; a case outside the caller's units
//! is answered exactly like a case that does not exist.

use crate::{
    problem::{ApiError, JsonBody},
    staff::{
        audit::{self, Entry},
        desk::{self, Access, Filter, Refusal, Search},
        session::{forbidden, Staff},
    },
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use miz_core::{
    cases::{CaseKind, CaseStatus},
    problem::{types, FieldError, Problem},
    staff::{
        api::{AnswerInput, AssignInput, Contact, DeadlineState, InboxPage, Note, NoteInput, ReferInput, StaffCase, StaffRef, StatusInput},
        roles::{CaseScope, Operation},
    },
};
use serde::Deserialize;
use serde_json::json;

pub const MAX_PER_PAGE: i64 = 200;
pub const ANSWER_MAX: usize = 5_000;
pub const NOTE_MAX: usize = 2_000;

fn no_such_case() -> ApiError {
    ApiError::not_found("پیامی با این کد رهگیری در واحدهای شما نیست")
}

fn stale() -> ApiError {
    ApiError::new(Problem::new(
        types::CONFLICT,
        409,
        "این پیام در این میان تغییر کرده است؛ صفحه را تازه کنید، تغییرها را ببینید و دوباره تصمیم بگیرید",
    ))
}

fn refusal(r: Refusal) -> ApiError {
    match r {
        Refusal::Stale => stale(),
        Refusal::Conflict(m) => ApiError::new(Problem::new(types::CONFLICT, 409, m)),
        Refusal::Invalid(field, m) => ApiError::fields(vec![FieldError { field: field.into(), message: m.into() }]),
    }
}

/// The inbox's query string. Every value is optional; unknown values are 422, not ignored.
#[derive(Deserialize, Default)]
pub struct InboxQuery {
    status: Option<String>,
    kind: Option<String>,
    topic: Option<String>,
    unit: Option<String>,
    /// A staff id, `me`, or `none`.
    assignee: Option<String>,
    /// `overdue`, `near`, `on_track` or `done`.
    deadline: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    /// `true`: only escalated (overdue) cases.
    escalated: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

fn filter_of(q: InboxQuery, staff: &Staff) -> Result<Filter, ApiError> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, message: &str| errors.push(FieldError { field: field.into(), message: message.into() });
    let blank = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let status = blank(q.status).and_then(|s| {
        let p = CaseStatus::parse(&s);
        if p.is_none() {
            bad("status", "وضعیت ناشناخته است");
        }
        p
    });
    let kind = blank(q.kind).and_then(|s| {
        let p = CaseKind::parse(&s);
        if p.is_none() {
            bad("kind", "نوع پیام ناشناخته است");
        }
        p
    });
    let assignee = match blank(q.assignee).as_deref() {
        None => None,
        Some("none") => Some(None),
        Some("me") => Some(Some(staff.id)),
        Some(other) => match miz_core::digits::to_ascii_digits(other).parse::<i64>() {
            Ok(id) => Some(Some(id)),
            Err(_) => {
                bad("assignee", "کارشناس باید شناسه، me یا none باشد");
                None
            }
        },
    };
    let deadline = match blank(q.deadline).as_deref() {
        None => None,
        Some("overdue") => Some(DeadlineState::Overdue),
        Some("near") => Some(DeadlineState::Near),
        Some("on_track") => Some(DeadlineState::OnTrack),
        Some("done") => Some(DeadlineState::Done),
        Some(_) => {
            bad("deadline", "مهلت باید overdue، near، on_track یا done باشد");
            None
        }
    };
    let mut date = |field: &str, v: Option<String>| {
        let v = blank(v).map(|s| miz_core::digits::to_ascii_digits(&s))?;
        if crate::deadlines::day_of(&v).is_none() || v.len() != 10 {
            bad(field, "تاریخ باید به شکل YYYY-MM-DD (میلادی) باشد");
            return None;
        }
        Some(v)
    };
    let from = date("from", q.from);
    let to = date("to", q.to);
    let mut number = |field: &str, v: Option<String>, default: i64, max: i64| {
        let Some(v) = blank(v) else { return default };
        match miz_core::digits::to_ascii_digits(&v).parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                bad(field, &format!("باید عددی از ۱ تا {} باشد", miz_core::digits::to_persian_digits(&max.to_string())));
                default
            }
        }
    };
    let page = number("page", q.page, 1, 1_000_000);
    let per_page = number("per_page", q.per_page, 25, MAX_PER_PAGE);
    let search = blank(q.q).filter(|s| s.chars().count() <= 200).and_then(|s| Search::parse(&s));
    let escalated = match blank(q.escalated).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            bad("escalated", "باید true یا false باشد");
            false
        }
    };
    if !errors.is_empty() {
        let mut p = Problem::new(types::VALIDATION, 422, "پارامترهای درخواست معتبر نیستند");
        p.errors = errors;
        return Err(ApiError::new(p));
    }
    Ok(Filter { status, kind, topic: blank(q.topic), unit: blank(q.unit), assignee, deadline, escalated, from, to, search, page, per_page })
}

/// `GET /staff/cases`: the inbox, due first.
pub async fn inbox(State(state): State<AppState>, staff: Staff, Query(q): Query<InboxQuery>) -> Result<Json<InboxPage>, ApiError> {
    if staff.grants.case_scope() == CaseScope::None {
        return Err(forbidden());
    }
    let filter = filter_of(q, &staff)?;
    let searched = filter.search.clone();
    let page = state
        .db
        .call(move |c| {
            let page = desk::inbox(c, &staff, &filter)?;
            // Finding cases by a mobile number is reading personal data: recorded.
            if let Some(Search::Mobile(m)) = &searched {
                audit::record(c, &staff.actor(), Entry::new("case.search_mobile", "mobile", m).after(json!({ "found": page.total })))?;
            }
            Ok(page)
        })
        .await?;
    Ok(Json(page))
}

/// Loads the case's access facts and checks `op`; a case the caller may not read is 404.
pub(crate) async fn checked(state: &AppState, staff: &Staff, code: &str, op: Operation) -> Result<Access, ApiError> {
    // A role that handles no cases at all is told so; only a case outside one's units is
    // answered as if it did not exist.
    if staff.grants.case_scope() == CaseScope::None {
        return Err(forbidden());
    }
    let code = normal_code(code).ok_or_else(no_such_case)?;
    let agency = staff.agency_id.clone();
    let access = state.db.call(move |c| desk::access(c, &agency, &code)).await?.ok_or_else(no_such_case)?;
    if !access.allows(staff, Operation::ReadCase) {
        return Err(no_such_case());
    }
    if !access.allows(staff, op) {
        return Err(forbidden());
    }
    Ok(access)
}

/// A tracking code as stored: 12 ASCII digits, from any script, with or without dashes.
pub(crate) fn normal_code(code: &str) -> Option<String> {
    let bare: String = miz_core::digits::to_ascii_digits(code).chars().filter(|c| *c != '-' && !c.is_whitespace()).collect();
    (bare.len() == 12 && bare.bytes().all(|b| b.is_ascii_digit())).then_some(bare)
}

/// `GET /staff/cases/{code}`.
pub async fn get(State(state): State<AppState>, staff: Staff, Path(code): Path<String>) -> Result<Json<StaffCase>, ApiError> {
    let access = checked(&state, &staff, &code, Operation::ReadCase).await?;
    let code = normal_code(&code).unwrap_or_default();
    let found = state
        .db
        .call(move |c| {
            let agency = crate::cases_store::agency(c, &staff.agency_id)?;
            let tx = c.transaction()?;
            let case = desk::case(&tx, &staff, &agency, &code, &access)?;
            audit::record(&tx, &staff.actor(), Entry::new("case.view", "case", &code))?;
            tx.commit()?;
            Ok(case)
        })
        .await?;
    found.map(Json).ok_or_else(no_such_case)
}

/// `GET /staff/cases/{code}/contact`: the citizen's mobile and name; each view is recorded.
pub async fn contact(State(state): State<AppState>, staff: Staff, Path(code): Path<String>) -> Result<Json<Contact>, ApiError> {
    checked(&state, &staff, &code, Operation::ReadContact).await?;
    let code = normal_code(&code).unwrap_or_default();
    let contact = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let contact = desk::contact(&tx, &code)?;
            audit::record(&tx, &staff.actor(), Entry::new("case.contact", "case", &code))?;
            tx.commit()?;
            Ok(contact)
        })
        .await?;
    Ok(Json(contact))
}

/// `GET /staff/cases/{code}/attachments/{id}`: a file the citizen sent, to be viewed inline.
pub async fn attachment(State(state): State<AppState>, staff: Staff, Path((code, id)): Path<(String, String)>) -> Result<Response, ApiError> {
    checked(&state, &staff, &code, Operation::ReadCase).await?;
    let code = normal_code(&code).unwrap_or_default();
    let file = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let file: Option<(String, Vec<u8>)> = tx
                .query_row("SELECT content_type, data FROM uploads WHERE id = ?1 AND case_code = ?2", (&id, &code), |r| Ok((r.get(0)?, r.get(1)?)))
                .map(Some)
                .or_else(|e| if matches!(e, crate::sql::Error::NoRows) { Ok(None) } else { Err(e) })?;
            if file.is_some() {
                audit::record(&tx, &staff.actor(), Entry::new("case.attachment", "case", &code).after(json!({ "upload": id })))?;
            }
            tx.commit()?;
            Ok(file)
        })
        .await?;
    let Some((content_type, data)) = file else { return Err(ApiError::not_found("این پیوست در این پیام نیست")) };
    // The checked types only (PNG, JPEG, PDF); shown in the page's frame, never run.
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, "inline".into()),
            (header::CACHE_CONTROL, "private, no-store".into()),
            (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'".into()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
        ],
        data,
    )
        .into_response())
}

/// `GET /staff/cases/{code}/assignees`: who may be given this case.
pub async fn assignees(State(state): State<AppState>, staff: Staff, Path(code): Path<String>) -> Result<Json<Vec<StaffRef>>, ApiError> {
    let access = checked(&state, &staff, &code, Operation::AssignCase).await?;
    let agency = staff.agency_id.clone();
    let list = state.db.call(move |c| crate::staff::accounts::assignable(c, &agency, &access.unit)).await?;
    Ok(Json(list.into_iter().map(|(id, display_name)| StaffRef { id, display_name }).collect()))
}

fn need_text(field: &str, text: &str, max: usize) -> Result<String, ApiError> {
    let t = text.trim();
    let n = t.chars().count();
    if n == 0 {
        return Err(ApiError::fields(vec![FieldError { field: field.into(), message: "متن را بنویسید".into() }]));
    }
    if n > max {
        let m = format!("متن نباید بیش از {} نویسه باشد", miz_core::digits::to_persian_digits(&max.to_string()));
        return Err(ApiError::fields(vec![FieldError { field: field.into(), message: m }]));
    }
    Ok(t.to_owned())
}

/// `POST /staff/cases/{code}/notes`: an internal note.
pub async fn add_note(State(state): State<AppState>, staff: Staff, Path(code): Path<String>, JsonBody(input): JsonBody<NoteInput>) -> Result<(StatusCode, Json<Note>), ApiError> {
    let text = need_text("text", &input.text, NOTE_MAX)?;
    checked(&state, &staff, &code, Operation::HandleCase).await?;
    let code = normal_code(&code).unwrap_or_default();
    let note = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let n = desk::add_note(&tx, &staff, &code, &text)?;
            tx.commit()?;
            Ok(n)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(note)))
}

/// Runs a change on a case in one transaction and answers with the case as it now is.
async fn change<F>(state: &AppState, staff: Staff, code: String, op: Operation, f: F) -> Result<Json<StaffCase>, ApiError>
where
    F: Fn(&crate::sql::Transaction<'_>, &Staff, &miz_core::api::Agency, &str, &Access) -> crate::sql::Result<Result<(), Refusal>> + Send + 'static,
{
    checked(state, &staff, &code, op).await?;
    let code = normal_code(&code).unwrap_or_default();
    let outcome = state
        .db
        .call(move |c| {
            let agency = crate::cases_store::agency(c, &staff.agency_id)?;
            let tx = c.transaction()?;
            // Read again inside the transaction: the check above may be a moment old.
            let Some(access) = desk::access(&tx, &staff.agency_id, &code)? else { return Ok(Err(Refusal::Stale)) };
            if !access.allows(&staff, op) {
                return Ok(Err(Refusal::Stale));
            }
            if let Err(r) = f(&tx, &staff, &agency, &code, &access)? {
                return Ok(Err(r));
            }
            let Some(access) = desk::access(&tx, &staff.agency_id, &code)? else { return Ok(Err(Refusal::Stale)) };
            let case = desk::case(&tx, &staff, &agency, &code, &access)?;
            tx.commit()?;
            Ok(Ok(case))
        })
        .await?;
    match outcome {
        Ok(Some(case)) => Ok(Json(case)),
        // Referred away from the caller's units: done, and no longer theirs to see.
        Ok(None) => Err(no_such_case()),
        Err(r) => Err(refusal(r)),
    }
}

/// `POST /staff/cases/{code}/answer`: the answer the citizen sees; an SMS tells them.
pub async fn answer(State(state): State<AppState>, staff: Staff, Path(code): Path<String>, JsonBody(input): JsonBody<AnswerInput>) -> Result<Json<StaffCase>, ApiError> {
    let text = need_text("text", &input.text, ANSWER_MAX)?;
    let version = input.version;
    change(&state, staff, code, Operation::HandleCase, move |tx, staff, _, code, access| desk::answer(tx, staff, code, access, &text, version)).await
}

/// `POST /staff/cases/{code}/status`.
pub async fn status(State(state): State<AppState>, staff: Staff, Path(code): Path<String>, JsonBody(input): JsonBody<StatusInput>) -> Result<Json<StaffCase>, ApiError> {
    let note = match input.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => Some(need_text("note", n, NOTE_MAX)?),
        None => None,
    };
    change(&state, staff, code, Operation::HandleCase, move |tx, staff, _, code, access| {
        desk::set_status(tx, staff, code, access, input.status, note.as_deref(), input.version)
    })
    .await
}

/// `POST /staff/cases/{code}/assign`.
pub async fn assign(State(state): State<AppState>, staff: Staff, Path(code): Path<String>, JsonBody(input): JsonBody<AssignInput>) -> Result<Json<StaffCase>, ApiError> {
    change(&state, staff, code, Operation::AssignCase, move |tx, staff, _, code, access| desk::assign(tx, staff, code, access, input.assignee_id, input.version)).await
}

/// `POST /staff/cases/{code}/refer`: to another unit, with the reason, and copies.
pub async fn refer(State(state): State<AppState>, staff: Staff, Path(code): Path<String>, JsonBody(input): JsonBody<ReferInput>) -> Result<Json<StaffCase>, ApiError> {
    let reason = need_text("reason", &input.reason, NOTE_MAX)?;
    if input.copies.len() > 20 {
        return Err(ApiError::fields(vec![FieldError { field: "copies".into(), message: "رونوشت به بیش از ۲۰ واحد ممکن نیست".into() }]));
    }
    change(&state, staff, code, Operation::ReferCase, move |tx, staff, agency, code, access| {
        desk::refer(tx, staff, agency, code, access, &input.unit_id, &reason, &input.copies, input.version)
    })
    .await
}

/// `POST /staff/cases/bulk`: one action on a selection of cases, each sent with the version
/// the officer saw. All of it or none of it: if any case changed meanwhile or is not the
/// caller's to change, nothing is stored and each such case is named. Each case's change is
/// recorded in the audit log on its own.
pub async fn bulk(State(state): State<AppState>, staff: Staff, JsonBody(input): JsonBody<BulkInput>) -> Result<Json<BulkDone>, ApiError> {
    if staff.grants.case_scope() == CaseScope::None {
        return Err(forbidden());
    }
    let n = input.cases.len();
    if n == 0 || n > BULK_MAX {
        return Err(ApiError::fields(vec![FieldError { field: "cases".into(), message: "بین ۱ و ۲۰۰ پیام برگزینید".into() }]));
    }
    let text = match (&input.action, input.text.as_deref(), input.template_id) {
        (BulkAction::Answer, Some(t), _) => Some(need_text("text", t, ANSWER_MAX)?),
        (BulkAction::Answer, None, None) => {
            return Err(ApiError::fields(vec![FieldError { field: "text".into(), message: "متن پاسخ یا الگویی برگزینید".into() }]))
        }
        _ => None,
    };
    if input.action == BulkAction::Status && input.status.is_none() {
        return Err(ApiError::fields(vec![FieldError { field: "status".into(), message: "وضعیت تازه را برگزینید".into() }]));
    }
    let outcome = state
        .db
        .call(move |c| {
            let agency = crate::cases_store::agency(c, &staff.agency_id)?;
            let template = match input.template_id {
                Some(id) => match crate::staff::templates::get(c, &agency.id, id)? {
                    Some(t) => Some(t),
                    None => return Ok(Err(vec![FieldError { field: "template_id".into(), message: "چنین الگویی نیست".into() }])),
                },
                None => None,
            };
            let tx = c.transaction()?;
            let mut refused = Vec::new();
            for (i, item) in input.cases.iter().enumerate() {
                let field = format!("cases[{i}]");
                let shown = grouped_fa(&item.code);
                let Some(code) = normal_code(&item.code) else {
                    refused.push(FieldError { field, message: format!("پیام {shown} در واحدهای شما نیست") });
                    continue;
                };
                let op = if input.action == BulkAction::Assign { Operation::AssignCase } else { Operation::HandleCase };
                let access = desk::access(&tx, &agency.id, &code)?.filter(|a| a.allows(&staff, op));
                let Some(access) = access else {
                    refused.push(FieldError { field, message: format!("پیام {shown} در واحدهای شما نیست یا نقش شما این کار را روی آن اجازه نمی‌دهد") });
                    continue;
                };
                let result = match input.action {
                    BulkAction::Assign => desk::assign(&tx, &staff, &code, &access, input.assignee_id, item.version)?,
                    BulkAction::Status => desk::set_status(&tx, &staff, &code, &access, input.status.unwrap_or(CaseStatus::InReview), input.note.as_deref(), item.version)?,
                    BulkAction::Answer => {
                        let body = match (&text, &template) {
                            (Some(t), _) => t.clone(),
                            (None, Some(t)) => crate::staff::templates::facts_of(&tx, &agency, &code)?.map(|(_, _, f)| f.fill(&t.body)).unwrap_or_default(),
                            (None, None) => String::new(),
                        };
                        desk::answer(&tx, &staff, &code, &access, &body, item.version)?
                    }
                };
                if let Err(r) = result {
                    let message = match r {
                        Refusal::Stale => format!("پیام {shown} در این میان تغییر کرده است"),
                        Refusal::Conflict(m) | Refusal::Invalid(_, m) => format!("پیام {shown}: {m}"),
                    };
                    refused.push(FieldError { field, message });
                }
            }
            if !refused.is_empty() {
                // Dropping the transaction undoes the cases already changed.
                return Ok(Err(refused));
            }
            tx.commit()?;
            Ok(Ok(input.cases.len()))
        })
        .await?;
    match outcome {
        Ok(done) => Ok(Json(BulkDone { done })),
        Err(errors) => {
            let stale = errors.iter().any(|e| e.message.contains("تغییر کرده"));
            let mut p = Problem::new(
                if stale { types::CONFLICT } else { types::VALIDATION },
                if stale { 409 } else { 422 },
                "هیچ تغییری ثبت نشد: برخی پیام‌ها را نمی‌شد تغییر داد",
            );
            p.errors = errors;
            Err(ApiError::new(p))
        }
    }
}

pub const BULK_MAX: usize = 200;

fn grouped_fa(code: &str) -> String {
    let bare: String = miz_core::digits::to_ascii_digits(code).chars().filter(char::is_ascii_digit).collect();
    let g = if bare.len() == 12 { format!("{}-{}-{}", &bare[..4], &bare[4..8], &bare[8..]) } else { bare };
    miz_core::digits::to_persian_digits(&g)
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    Assign,
    Status,
    Answer,
}

#[derive(Deserialize)]
pub struct BulkCase {
    pub code: String,
    pub version: i64,
}

#[derive(Deserialize)]
pub struct BulkInput {
    pub cases: Vec<BulkCase>,
    pub action: BulkAction,
    /// For `assign` (null: to nobody).
    #[serde(default)]
    pub assignee_id: Option<i64>,
    /// For `status`.
    #[serde(default)]
    pub status: Option<CaseStatus>,
    #[serde(default)]
    pub note: Option<String>,
    /// For `answer`: a template, filled for each case, or the same `text` for all.
    #[serde(default)]
    pub template_id: Option<i64>,
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(serde::Serialize)]
pub struct BulkDone {
    pub done: usize,
}

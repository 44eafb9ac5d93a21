//! The agency's side for scripts: the FAQ, drafts, comments and cases, through a staff
//! member's API token (or a signed-in workbench session). Each request acts as that person:
//! their roles are checked, and each change is in the audit log in the same transaction.

use crate::{
    problem::{ApiError, JsonBody},
    state::AppState,
};
use crate::staff::{
    audit::{self, Entry},
    roles::Operation,
    session::Staff,
};
use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::json;
use miz_core::{
    problem::{types, FieldError, Problem},
    search::FaqEntry,
};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct FaqInput {
    pub category: String,
    pub question: String,
    pub answer: String,
}

/// `PUT /admin/faq/{id}`: adds or replaces an FAQ entry.
pub async fn put_faq(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<FaqInput>,
) -> Result<Json<FaqEntry>, ApiError> {
    staff.require(Operation::ManageFaq)?;
    let mut errors = Vec::new();
    let mut need = |field: &str, value: &str, max: usize| {
        let n = value.trim().chars().count();
        if n == 0 || n > max {
            errors.push(FieldError { field: field.into(), message: format!("باید بین ۱ و {max} نویسه باشد") });
        }
    };
    need("category", &input.category, 100);
    need("question", &input.question, 500);
    need("answer", &input.answer, 10_000);
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        errors.push(FieldError { field: "id".into(), message: "شناسه فقط حروف لاتین، رقم، - و _ (حداکثر ۶۴)".into() });
    }
    if !errors.is_empty() {
        let mut p = Problem::new(types::VALIDATION, 422, "داده‌های درخواست معتبر نیستند");
        p.errors = errors;
        return Err(ApiError::new(p));
    }
    let entry = FaqEntry {
        id,
        category: input.category.trim().to_owned(),
        question: input.question.trim().to_owned(),
        answer: input.answer.trim().to_owned(),
    };
    let e = entry.clone();
    let agency = state.agency_id.to_string();
    state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            crate::faq_store::put_entry(&tx, &agency, &e)?;
            audit::record(&tx, &staff.actor(), Entry::new("faq.put", "faq", &e.id).after(json!({ "category": e.category, "question": e.question })))?;
            tx.commit()
        })
        .await?;
    Ok(Json(entry))
}

#[derive(Deserialize)]
pub struct StatusInput {
    pub status: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize)]
pub struct AnswerInput {
    pub text: String,
}

fn case_change(change: crate::cases_store::Change) -> Result<(), ApiError> {
    match change {
        crate::cases_store::Change::Done => Ok(()),
        crate::cases_store::Change::NoSuchCase => Err(ApiError::not_found("پیامی با این کد رهگیری نیست")),
        crate::cases_store::Change::Conflict(m) => Err(ApiError::new(Problem::new(types::CONFLICT, 409, m))),
    }
}

async fn view_of(state: &AppState, code: String) -> Result<Json<miz_core::cases::CaseView>, ApiError> {
    let agency = state.agency_id.to_string();
    let stored = state.db.call(move |c| crate::cases_store::load_in(c, &agency, &code)).await?;
    stored.map(|s| Json(s.view)).ok_or_else(|| ApiError::not_found("پیامی با این کد رهگیری نیست"))
}

/// `POST /admin/cases/{code}/status`: moves a case (in review, closed, …).
pub async fn case_status(
    staff: Staff,
    State(state): State<AppState>,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<StatusInput>,
) -> Result<Json<miz_core::cases::CaseView>, ApiError> {
    super::staff::cases::checked(&state, &staff, &code, Operation::HandleCase).await?;
    let code = super::staff::cases::normal_code(&code).unwrap_or_default();
    let Some(status) = miz_core::cases::CaseStatus::parse(&input.status) else {
        let mut p = Problem::new(types::VALIDATION, 422, "وضعیت نامعتبر است");
        p.errors = vec![FieldError {
            field: "status".into(),
            message: "یکی از received, routed, in_review, answered, closed, reopened, awaiting_citizen".into(),
        }];
        return Err(ApiError::new(p));
    };
    if let Some(why) = crate::cases_store::missing_note(status, input.note.as_deref()) {
        return Err(ApiError::fields(vec![FieldError { field: "note".into(), message: why.into() }]));
    }
    let c = code.clone();
    let note = input.note.filter(|n| !n.trim().is_empty());
    let agency = state.agency_id.to_string();
    case_change(
        state
            .db
            .call(move |conn| {
                let tx = conn.transaction()?;
                let change = crate::cases_store::set_status(&tx, &agency, &c, status, note.as_deref())?;
                if matches!(change, crate::cases_store::Change::Done) {
                    audit::record(&tx, &staff.actor(), Entry::new("case.status", "case", &c).after(json!({ "status": status.as_str(), "note": note })))?;
                    tx.commit()?;
                }
                Ok(change)
            })
            .await?,
    )?;
    view_of(&state, code).await
}

/// `POST /admin/cases/{code}/answer`.
pub async fn case_answer(
    staff: Staff,
    State(state): State<AppState>,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> Result<Json<miz_core::cases::CaseView>, ApiError> {
    super::staff::cases::checked(&state, &staff, &code, Operation::HandleCase).await?;
    let code = super::staff::cases::normal_code(&code).unwrap_or_default();
    let text = input.text.trim().to_owned();
    if text.is_empty() || text.chars().count() > 10_000 {
        let mut p = Problem::new(types::VALIDATION, 422, "متن پاسخ نامعتبر است");
        p.errors = vec![FieldError { field: "text".into(), message: "باید بین ۱ و ۱۰۰۰۰ نویسه باشد".into() }];
        return Err(ApiError::new(p));
    }
    let c = code.clone();
    let agency = state.agency_id.to_string();
    case_change(
        state
            .db
            .call(move |conn| {
                let tx = conn.transaction()?;
                let change = crate::cases_store::answer(&tx, &agency, &c, &text)?;
                if matches!(change, crate::cases_store::Change::Done) {
                    audit::record(&tx, &staff.actor(), Entry::new("case.answer", "case", &c).after(json!({ "text": text })))?;
                    tx.commit()?;
                }
                Ok(change)
            })
            .await?,
    )?;
    view_of(&state, code).await
}

#[derive(Deserialize)]
pub struct SynonymsInput {
    pub groups: Vec<Vec<String>>,
}

/// `PUT /admin/faq-synonyms`: replaces the agency's synonym groups (words citizens use for
/// the same thing), served with the FAQ and added to the search's own list.
pub async fn put_synonyms(
    staff: Staff,
    State(state): State<AppState>,
    JsonBody(input): JsonBody<SynonymsInput>,
) -> Result<Json<miz_core::api::FaqDoc>, ApiError> {
    staff.require(Operation::ManageFaq)?;
    let groups: Vec<Vec<String>> = input
        .groups
        .into_iter()
        .map(|g| g.into_iter().map(|w| w.trim().to_owned()).filter(|w| !w.is_empty()).collect::<Vec<_>>())
        .filter(|g| g.len() >= 2)
        .collect();
    if groups.len() > 500 || groups.iter().any(|g| g.len() > 20 || g.iter().any(|w| w.chars().count() > 40)) {
        let mut p = Problem::new(types::VALIDATION, 422, "فهرست هم‌معنی‌ها بیش از حد بزرگ است");
        p.errors = vec![FieldError {
            field: "groups".into(),
            message: "حداکثر ۵۰۰ گروه، هر گروه ۲۰ واژه و هر واژه ۴۰ نویسه".into(),
        }];
        return Err(ApiError::new(p));
    }
    let agency = state.agency_id.to_string();
    let doc = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let doc = crate::faq_store::set_synonyms(&tx, &agency, &groups)?;
            audit::record(&tx, &staff.actor(), Entry::new("faq.synonyms", "faq", "synonyms").after(json!({ "groups": groups.len() })))?;
            tx.commit()?;
            Ok(doc)
        })
        .await?;
    Ok(Json(doc))
}

fn admin_change(c: crate::drafts_store::AdminChange) -> Result<(), ApiError> {
    use crate::drafts_store::AdminChange as C;
    match c {
        C::Done => Ok(()),
        C::NotFound => Err(ApiError::not_found("پیدا نشد")),
        C::Conflict(m) => Err(ApiError::new(Problem::new(types::CONFLICT, 409, &m))),
        C::Invalid(field, message) => {
            let mut p = Problem::new(types::VALIDATION, 422, "داده‌های درخواست معتبر نیستند");
            p.errors = vec![FieldError { field: field.into(), message }];
            Err(ApiError::new(p))
        }
    }
}

/// `POST /admin/drafts`: publishes a draft for comment (version 1).
pub async fn publish_draft(
    staff: Staff,
    State(state): State<AppState>,
    JsonBody(d): JsonBody<crate::drafts_store::NewDraft>,
) -> Result<(axum::http::StatusCode, Json<miz_core::drafts::Draft>), ApiError> {
    staff.require(Operation::PublishDrafts)?;
    let agency_id = state.agency_id.to_string();
    let id = d.id.clone();
    let draft = state
        .db
        .call(move |c| {
            let agency = crate::cases_store::agency(c, &agency_id)?;
            let tx = c.transaction()?;
            let change = crate::drafts_store::publish(&tx, &agency, &d)?;
            if matches!(change, crate::drafts_store::AdminChange::Done) {
                audit::record(&tx, &staff.actor(), Entry::new("draft.publish", "draft", &id).after(json!({ "title": d.title })))?;
                tx.commit()?;
            }
            let draft = crate::drafts_store::draft(c, &agency, &id, None)?;
            Ok((change, draft))
        })
        .await?;
    admin_change(draft.0)?;
    draft.1.map(|d| (axum::http::StatusCode::CREATED, Json(d))).ok_or_else(|| ApiError::internal("draft vanished"))
}

#[derive(Deserialize)]
pub struct VersionInput {
    pub body: miz_core::drafts::DraftBody,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, rename = "final")]
    pub final_text: bool,
}

/// `POST /admin/drafts/{id}/versions`: a revised text (and, with `final`, the final one).
pub async fn draft_version(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(v): JsonBody<VersionInput>,
) -> Result<(axum::http::StatusCode, Json<miz_core::drafts::Draft>), ApiError> {
    staff.require(Operation::PublishDrafts)?;
    let agency_id = state.agency_id.to_string();
    let result = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let change = crate::drafts_store::new_version(&tx, Some(&agency_id), &id, &v.body, v.note.as_deref(), v.final_text)?;
            if matches!(change, crate::drafts_store::AdminChange::Done) {
                audit::record(&tx, &staff.actor(), Entry::new("draft.version", "draft", &id).after(json!({ "note": v.note, "final": v.final_text })))?;
                tx.commit()?;
            }
            let agency = crate::cases_store::agency(c, &agency_id)?;
            Ok((change, crate::drafts_store::draft(c, &agency, &id, None)?))
        })
        .await?;
    admin_change(result.0)?;
    result.1.map(|d| (axum::http::StatusCode::CREATED, Json(d))).ok_or_else(|| ApiError::not_found("پیدا نشد"))
}

#[derive(Deserialize)]
pub struct ResponseInput {
    pub text: String,
    pub outcome: String,
}

/// `POST /admin/comments/{id}/response`: the agency's answer to a comment, with its outcome.
pub async fn comment_response(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(r): JsonBody<ResponseInput>,
) -> Result<axum::http::StatusCode, ApiError> {
    staff.require(Operation::RespondToComments)?;
    let Some(outcome) = miz_core::drafts::Outcome::parse(&r.outcome) else {
        return admin_change(crate::drafts_store::AdminChange::Invalid(
            "outcome",
            "یکی از accepted، partly_accepted، not_accepted، noted".into(),
        ))
        .map(|_| axum::http::StatusCode::NO_CONTENT);
    };
    let agency = state.agency_id.to_string();
    let change = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let change = crate::drafts_store::respond(&tx, Some(&agency), &id, outcome, &r.text)?;
            if matches!(change, crate::drafts_store::AdminChange::Done) {
                audit::record(&tx, &staff.actor(), Entry::new("comment.response", "comment", &id).after(json!({ "outcome": r.outcome, "text": r.text })))?;
                tx.commit()?;
            }
            Ok(change)
        })
        .await?;
    admin_change(change).map(|_| axum::http::StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct ModerationInput {
    pub moderation: String,
}

/// `POST /admin/comments/{id}/moderation`: publish or reject a held comment.
pub async fn comment_moderation(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(m): JsonBody<ModerationInput>,
) -> Result<axum::http::StatusCode, ApiError> {
    staff.require(Operation::ModerateComments)?;
    let publish = match m.moderation.as_str() {
        "published" => true,
        "rejected" => false,
        _ => {
            return admin_change(crate::drafts_store::AdminChange::Invalid("moderation", "published یا rejected".into()))
                .map(|_| axum::http::StatusCode::NO_CONTENT)
        }
    };
    let agency = state.agency_id.to_string();
    let change = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let change = crate::drafts_store::moderate(&tx, Some(&agency), &id, publish)?;
            if matches!(change, crate::drafts_store::AdminChange::Done) {
                audit::record(&tx, &staff.actor(), Entry::new("comment.moderation", "comment", &id).after(json!({ "moderation": m.moderation })))?;
                tx.commit()?;
            }
            Ok(change)
        })
        .await?;
    admin_change(change).map(|_| axum::http::StatusCode::NO_CONTENT)
}

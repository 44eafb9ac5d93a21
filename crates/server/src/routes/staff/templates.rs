//! Response templates: listed for anyone who answers cases, written by supervisors and
//! administrators, and filled for one case in Persian digits and Jalali dates.

use crate::{
    problem::{ApiError, JsonBody},
    staff::{
        audit::{self, Entry},
        roles::{CaseScope, Operation},
        session::{forbidden, Staff},
        templates,
    },
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    Json,
};
use miz_core::{
    cases::{CaseKind, CaseStatus},
    problem::FieldError,
    staff::templates::{unknown_places, FilledTemplate, Template, TemplateInput, PLACES},
};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    kind: Option<String>,
    status: Option<String>,
}

fn may_read(staff: &Staff) -> Result<(), ApiError> {
    if staff.grants.case_scope() == CaseScope::None && !staff.grants.allows(Operation::ManageTemplates, None, &[]) {
        return Err(forbidden());
    }
    Ok(())
}

/// Why a template cannot be saved, by field.
pub fn check(t: &TemplateInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let title = t.title.trim().chars().count();
    if title == 0 || title > 100 {
        errors.push(FieldError { field: "title".into(), message: "عنوان الگو باید بین ۱ و ۱۰۰ نویسه باشد".into() });
    }
    let body = t.body.trim().chars().count();
    if body == 0 || body > 5000 {
        errors.push(FieldError { field: "body".into(), message: "متن الگو باید بین ۱ و ۵۰۰۰ نویسه باشد".into() });
    }
    let unknown = unknown_places(&t.body);
    if !unknown.is_empty() {
        let known: Vec<String> = PLACES.iter().map(|(k, _)| format!("{{{k}}}")).collect();
        errors.push(FieldError {
            field: "body".into(),
            message: format!(
                "نشانه‌های ناشناخته: {}؛ نشانه‌های پذیرفته: {}",
                unknown.iter().map(|u| format!("{{{u}}}")).collect::<Vec<_>>().join("، "),
                known.join("، ")
            ),
        });
    }
    errors
}

/// `GET /staff/templates`.
pub async fn list(State(state): State<AppState>, staff: Staff, Query(q): Query<ListQuery>) -> Result<Json<Vec<Template>>, ApiError> {
    may_read(&staff)?;
    let kind = match q.kind.as_deref().filter(|s| !s.is_empty()) {
        Some(k) => Some(CaseKind::parse(k).ok_or_else(|| ApiError::bad_param("kind", "نوع پیام ناشناخته است"))?),
        None => None,
    };
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(CaseStatus::parse(s).ok_or_else(|| ApiError::bad_param("status", "وضعیت ناشناخته است"))?),
        None => None,
    };
    let agency = staff.agency_id.clone();
    Ok(Json(state.db.call(move |c| templates::list(c, &agency, kind, status)).await?))
}

/// `POST /staff/templates`.
pub async fn create(State(state): State<AppState>, staff: Staff, JsonBody(input): JsonBody<TemplateInput>) -> Result<(StatusCode, Json<Template>), ApiError> {
    staff.require(Operation::ManageTemplates)?;
    let errors = check(&input);
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let (agency, actor) = (staff.agency_id.clone(), staff.actor());
    let t = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let id = templates::create(&tx, &agency, &input)?;
            let t = templates::get(&tx, &agency, id)?;
            audit::record(&tx, &actor, Entry::new("template.create", "template", &id.to_string()).after(json!(t)))?;
            tx.commit()?;
            Ok(t)
        })
        .await?;
    t.map(|t| (StatusCode::CREATED, Json(t))).ok_or_else(|| ApiError::internal("template vanished"))
}

/// `PUT /staff/templates/{id}`.
pub async fn update(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, JsonBody(input): JsonBody<TemplateInput>) -> Result<Json<Template>, ApiError> {
    staff.require(Operation::ManageTemplates)?;
    let errors = check(&input);
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let (agency, actor) = (staff.agency_id.clone(), staff.actor());
    let t = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let Some(before) = templates::get(&tx, &agency, id)? else { return Ok(None) };
            templates::update(&tx, &agency, id, &input)?;
            let after = templates::get(&tx, &agency, id)?;
            audit::record(&tx, &actor, Entry::new("template.update", "template", &id.to_string()).before(json!(before)).after(json!(after)))?;
            tx.commit()?;
            Ok(after)
        })
        .await?;
    t.map(Json).ok_or_else(|| ApiError::not_found("چنین الگویی نیست"))
}

/// `DELETE /staff/templates/{id}`.
pub async fn delete(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    staff.require(Operation::ManageTemplates)?;
    let (agency, actor) = (staff.agency_id.clone(), staff.actor());
    let gone = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let Some(before) = templates::get(&tx, &agency, id)? else { return Ok(false) };
            templates::delete(&tx, &agency, id)?;
            audit::record(&tx, &actor, Entry::new("template.delete", "template", &id.to_string()).before(json!(before)))?;
            tx.commit()?;
            Ok(true)
        })
        .await?;
    if gone { Ok(StatusCode::NO_CONTENT) } else { Err(ApiError::not_found("چنین الگویی نیست")) }
}

/// `GET /staff/cases/{code}/templates`: the templates for this case's type and status, filled.
pub async fn for_case(State(state): State<AppState>, staff: Staff, Path(code): Path<String>) -> Result<Json<Vec<FilledTemplate>>, ApiError> {
    super::cases::checked(&state, &staff, &code, Operation::HandleCase).await?;
    let code = super::cases::normal_code(&code).unwrap_or_default();
    let agency = staff.agency_id.clone();
    Ok(Json(
        state
            .db
            .call(move |c| {
                let agency = crate::cases_store::agency(c, &agency)?;
                templates::for_case(c, &agency, &code)
            })
            .await?,
    ))
}

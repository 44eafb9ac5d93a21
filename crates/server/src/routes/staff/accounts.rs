//! Accounts and roles, managed by the agency's administrators.

use crate::{
    problem::{ApiError, JsonBody},
    staff::{
        accounts::{self, Account, NewAccount},
        audit::{self, Entry},
        password,
        roles::{Grant, Operation, Role},
        session::Staff,
    },
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use miz_core::problem::{types, FieldError, Problem};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub struct NewAccountInput {
    pub username: String,
    pub display_name: String,
    /// Optional for an account that signs in only through the agency's identity provider.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub roles: Vec<Grant>,
    /// The identity provider's user (`sub`) this account is.
    #[serde(default)]
    pub oidc_subject: Option<String>,
}

#[derive(Deserialize)]
pub struct AccountChange {
    pub display_name: String,
    pub roles: Vec<Grant>,
    pub disabled: bool,
    /// Absent: unchanged; empty: unlinked from the identity provider.
    #[serde(default)]
    pub oidc_subject: Option<String>,
}

#[derive(Deserialize)]
pub struct PasswordInput {
    pub password: String,
}

fn field(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// Roles that name a unit the agency has (officers) and no unit otherwise.
fn check_roles(roles: &[Grant], units: &[miz_core::api::Unit], errors: &mut Vec<FieldError>) {
    for (i, g) in roles.iter().enumerate() {
        if g.role.is_per_unit() && !units.iter().any(|u| u.id == g.unit) {
            errors.push(field(&format!("roles[{i}].unit"), "کارشناس باید واحدی از همین دستگاه داشته باشد"));
        }
    }
    if roles.len() > 50 {
        errors.push(field("roles", "بیش از ۵۰ نقش ممکن نیست"));
    }
}

/// A provider subject as stored: trimmed, `None` when empty.
fn check_subject(subject: Option<&str>, errors: &mut Vec<FieldError>) -> Option<String> {
    let s = subject.map(str::trim).filter(|s| !s.is_empty())?;
    if let Some(m) = accounts::subject_problem(s) {
        errors.push(field("oidc_subject", m));
    }
    Some(s.to_owned())
}

fn subject_taken() -> ApiError {
    ApiError::fields(vec![field("oidc_subject", "حساب دیگری به همین کاربر سامانه ورود یکپارچه وصل است")])
}

fn check_name(name: &str, errors: &mut Vec<FieldError>) {
    let n = name.trim().chars().count();
    if n == 0 || n > 100 {
        errors.push(field("display_name", "نام باید بین ۱ و ۱۰۰ نویسه باشد"));
    }
}

async fn units(state: &AppState) -> Result<Vec<miz_core::api::Unit>, ApiError> {
    let agency = state.agency_id.to_string();
    Ok(state.db.call(move |c| crate::cases_store::agency(c, &agency).map(|a| a.units)).await?)
}

/// `GET /staff/accounts`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Json<Vec<Account>>, ApiError> {
    staff.require(Operation::ManageAccounts)?;
    let agency = staff.agency_id.clone();
    Ok(Json(state.db.call(move |c| accounts::list(c, &agency)).await?))
}

/// `POST /staff/accounts`.
pub async fn create(State(state): State<AppState>, staff: Staff, JsonBody(input): JsonBody<NewAccountInput>) -> Result<(StatusCode, Json<Account>), ApiError> {
    staff.require(Operation::ManageAccounts)?;
    let username = accounts::normal_username(&input.username);
    let mut errors = Vec::new();
    if let Some(m) = accounts::username_problem(&username) {
        errors.push(field("username", m));
    }
    check_name(&input.display_name, &mut errors);
    if let Some(p) = &input.password {
        if let Some(m) = password::weakness(p, &username) {
            errors.push(field("password", m));
        }
    }
    check_roles(&input.roles, &units(&state).await?, &mut errors);
    let subject = check_subject(input.oidc_subject.as_deref(), &mut errors);
    if input.password.is_none() && subject.is_none() {
        errors.push(field("password", "گذرواژه‌ای بدهید، یا حساب را به کاربری از سامانه ورود یکپارچه وصل کنید"));
    }
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let hash = match input.password.clone() {
        Some(p) => Some(tokio::task::spawn_blocking(move || password::hash(&p)).await.map_err(ApiError::internal)?),
        None => None,
    };
    let (agency, actor) = (staff.agency_id.clone(), staff.actor());
    let created = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            if let Some(sub) = &subject {
                if accounts::subject_taken(&tx, &agency, sub, 0)? {
                    return Ok(Err(subject_taken()));
                }
            }
            let new = NewAccount { username: &username, display_name: input.display_name.trim(), password_hash: hash.clone(), oidc_subject: subject.clone(), roles: &input.roles };
            let Some(id) = accounts::create(&tx, &agency, &new)? else { return Ok(Ok(None)) };
            let account = accounts::account(&tx, &agency, id)?;
            audit::record(
                &tx,
                &actor,
                Entry::new("account.create", "staff", &id.to_string())
                    .after(json!({ "username": username, "display_name": new.display_name, "roles": input.roles, "oidc_subject": subject })),
            )?;
            tx.commit()?;
            Ok(Ok(account))
        })
        .await??;
    match created {
        Some(a) => Ok((StatusCode::CREATED, Json(a))),
        None => Err(ApiError::fields(vec![field("username", "این نام کاربری پیش‌تر گرفته شده است")])),
    }
}

/// `PUT /staff/accounts/{id}`: name, roles, enabled. Disabling ends the account's sessions and
/// revokes its tokens at once.
pub async fn update(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, JsonBody(input): JsonBody<AccountChange>) -> Result<Json<Account>, ApiError> {
    staff.require(Operation::ManageAccounts)?;
    let mut errors = Vec::new();
    check_name(&input.display_name, &mut errors);
    check_roles(&input.roles, &units(&state).await?, &mut errors);
    let subject = input.oidc_subject.as_deref().map(|s| check_subject(Some(s), &mut errors));
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    if id == staff.id && (input.disabled || !input.roles.iter().any(|g| g.role == Role::Admin)) {
        return Err(ApiError::new(Problem::new(
            types::CONFLICT,
            409,
            "نمی‌توانید حساب خودتان را غیرفعال کنید یا نقش مدیر را از خود بگیرید؛ این کار را مدیر دیگری انجام دهد",
        )));
    }
    let (agency, actor) = (staff.agency_id.clone(), staff.actor());
    let updated = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let Some(before) = accounts::account(&tx, &agency, id)? else { return Ok(Ok(None)) };
            tx.execute(
                "UPDATE staff SET display_name = ?2, disabled = ?3 WHERE id = ?1",
                (id, input.display_name.trim(), i64::from(input.disabled)),
            )?;
            if let Some(subject) = &subject {
                if let Some(s) = subject.as_deref() {
                    if accounts::subject_taken(&tx, &agency, s, id)? {
                        return Ok(Err(subject_taken()));
                    }
                }
                tx.execute("UPDATE staff SET oidc_subject = ?2 WHERE id = ?1", (id, subject))?;
            }
            accounts::set_roles(&tx, id, &input.roles)?;
            if input.disabled && !before.disabled {
                accounts::end_sessions(&tx, id, false)?;
            }
            let after = accounts::account(&tx, &agency, id)?;
            audit::record(
                &tx,
                &actor,
                Entry::new("account.update", "staff", &id.to_string())
                    .before(json!({ "display_name": before.display_name, "roles": before.roles, "disabled": before.disabled, "oidc_subject": before.oidc_subject }))
                    .after(json!({ "display_name": input.display_name.trim(), "roles": input.roles, "disabled": input.disabled, "oidc_subject": after.as_ref().and_then(|a| a.oidc_subject.clone()) })),
            )?;
            tx.commit()?;
            Ok(Ok(after))
        })
        .await??;
    updated.map(Json).ok_or_else(|| ApiError::not_found("چنین حسابی نیست"))
}

/// `POST /staff/accounts/{id}/password`: a new password, set by an administrator (the person
/// changes it at the next sign-in); the account's sessions end.
pub async fn set_password(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>, JsonBody(input): JsonBody<PasswordInput>) -> Result<StatusCode, ApiError> {
    staff.require(Operation::ManageAccounts)?;
    let agency = staff.agency_id.clone();
    let a = agency.clone();
    let username = state.db.call(move |c| accounts::account(c, &a, id)).await?.map(|a| a.username).ok_or_else(|| ApiError::not_found("چنین حسابی نیست"))?;
    if let Some(m) = password::weakness(&input.password, &username) {
        return Err(ApiError::fields(vec![field("password", m)]));
    }
    let p = input.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&p)).await.map_err(ApiError::internal)?;
    let actor = staff.actor();
    state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            tx.execute("UPDATE staff SET password_hash = ?2 WHERE id = ?1 AND agency_id = ?3", (id, &hash, &agency))?;
            accounts::end_sessions(&tx, id, true)?;
            audit::record(&tx, &actor, Entry::new("account.password", "staff", &id.to_string()))?;
            tx.commit()
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /staff/accounts/{id}/totp`: removes the second factor (a lost phone); the person
/// enrols again at the next sign-in.
pub async fn reset_totp(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    staff.require(Operation::ManageAccounts)?;
    let (agency, actor) = (staff.agency_id.clone(), staff.actor());
    let n = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let n = tx.execute("UPDATE staff SET totp_secret = NULL, totp_pending = NULL WHERE id = ?1 AND agency_id = ?2", (id, &agency))?;
            if n > 0 {
                accounts::end_sessions(&tx, id, true)?;
                audit::record(&tx, &actor, Entry::new("account.totp_reset", "staff", &id.to_string()))?;
            }
            tx.commit()?;
            Ok(n)
        })
        .await?;
    if n == 0 {
        return Err(ApiError::not_found("چنین حسابی نیست"));
    }
    Ok(StatusCode::NO_CONTENT)
}

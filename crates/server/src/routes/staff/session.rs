//! Signing in and out, and the second factor of one's own account.

use crate::{
    problem::{ApiError, JsonBody},
    routes::cases::too_many,
    staff::{
        accounts::{self, settings},
        audit::{self, Actor, Entry},
        password,
        session::{self, Staff, Via},
        totp,
    },
    state::AppState,
};
use axum::{
    extract::{FromRequestParts, State},
    http::{header, request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use miz_core::{
    problem::{types, Problem},
    staff::api::{CodeInput, Me, SignIn, TotpEnrolment},
};
use serde_json::json;

/// The address a request came from (for the limits and the audit log).
pub struct Address(pub std::net::IpAddr);

impl FromRequestParts<AppState> for Address {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Address(session::client_address(parts, state)))
    }
}

fn wrong() -> ApiError {
    ApiError::new(Problem::new(types::UNAUTHORIZED, 401, "نام کاربری یا گذرواژه درست نیست"))
}

/// `Me` for a signed-in staff member.
pub(super) async fn me(state: &AppState, staff: &Staff, csrf: String) -> Result<Me, ApiError> {
    let (agency, id) = (staff.agency_id.clone(), staff.id);
    let (units, has_totp, required) = state
        .db
        .call(move |c| {
            let units = crate::cases_store::agency(c, &agency)?.units;
            let has: bool = c.query_row("SELECT totp_secret IS NOT NULL FROM staff WHERE id = ?1", [id], |r| r.get(0))?;
            let required = accounts::setting(c, &agency, settings::REQUIRE_TOTP, "false")? == "true";
            Ok((units, has, required))
        })
        .await?;
    Ok(Me {
        id: staff.id,
        username: staff.username.clone(),
        display_name: staff.display_name.clone(),
        roles: staff.grants.0.clone(),
        totp_enabled: has_totp,
        must_enrol_totp: required && !has_totp && !matches!(staff.via, Via::Session { sso: true, .. }),
        csrf_token: csrf,
        units,
    })
}

/// `POST /staff/session`: name and password, then (when the account has one) the
/// authenticator's code. Sets the session cookie.
pub async fn sign_in(State(state): State<AppState>, Address(address): Address, JsonBody(input): JsonBody<SignIn>) -> Result<Response, ApiError> {
    let username = accounts::normal_username(&input.username);
    if username.is_empty() || username.chars().count() > 64 || input.password.is_empty() || input.password.chars().count() > 1024 {
        return Err(ApiError::fields(vec![miz_core::problem::FieldError {
            field: if username.is_empty() { "username".into() } else { "password".into() },
            message: "نام کاربری و گذرواژه را بنویسید".into(),
        }]));
    }
    let agency = state.agency_id.to_string();
    let account_key = format!("{agency}\u{1f}{username}");
    state.limiter.check(address, crate::ratelimit::Action::SignInFailure).map_err(too_many)?;
    state.limiter.check_account(&account_key).map_err(too_many)?;
    let actor = Actor { agency_id: agency.clone(), staff_id: None, name: username.clone(), address: address.to_string() };
    let fail = |reason: &'static str, staff_id: Option<i64>| {
        let (state, actor, account_key) = (state.clone(), actor.clone(), account_key.clone());
        async move {
            state.limiter.record(address, crate::ratelimit::Action::SignInFailure);
            state.limiter.record_account(&account_key);
            let actor = Actor { staff_id, ..actor };
            state
                .db
                .call(move |c| audit::record(c, &actor, Entry::new("sign_in.failed", "staff", &staff_id.map(|i| i.to_string()).unwrap_or_default()).after(json!({ "reason": reason }))))
                .await
        }
    };
    let (a, u) = (agency.clone(), username.clone());
    let creds = state.db.call(move |c| accounts::credentials(c, &a, &u)).await?;
    // Argon2 runs off the database's thread: it takes tens of milliseconds.
    let pw = input.password.clone();
    let stored = creds.as_ref().and_then(|c| c.password_hash.clone());
    let right = tokio::task::spawn_blocking(move || match stored {
        Some(h) => password::verify(&pw, &h),
        None => {
            password::verify_nothing(&pw);
            false
        }
    })
    .await
    .unwrap_or(false);
    let known = creds.as_ref().map(|c| c.id);
    let Some(creds) = creds.filter(|_| right) else {
        fail("password", known).await?;
        return Err(wrong());
    };
    if creds.disabled {
        fail("disabled", Some(creds.id)).await?;
        return Err(ApiError::new(Problem::new(types::FORBIDDEN, 403, "این حساب غیرفعال شده است؛ با مدیر سامانه تماس بگیرید")));
    }
    let mut step = None;
    if let Some(secret) = &creds.totp_secret {
        let Some(code) = input.code.as_deref().filter(|c| !c.trim().is_empty()) else {
            return Err(ApiError::new(Problem::new(types::TOTP_REQUIRED, 401, "کد شش‌رقمی برنامه احراز هویت را وارد کنید")));
        };
        let now = crate::clock::now_millis() / 1000;
        match totp::check(secret, code, now, creds.totp_last_step) {
            Some(s) => step = Some(s),
            None => {
                fail("totp", Some(creds.id)).await?;
                return Err(ApiError::new(Problem::new(
                    types::TOTP_REQUIRED,
                    401,
                    "کد ورود درست نیست یا پیش‌تر به کار رفته است؛ کد تازه را از برنامه بخوانید",
                )));
            }
        }
    }
    let id = creds.id;
    let addr = address.to_string();
    let actor2 = actor.clone();
    let started = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            if let Some(step) = step {
                // The same code sent twice at once: only one of them signs in.
                let n = tx.execute("UPDATE staff SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2", (id, step))?;
                if n == 0 {
                    return Ok(None);
                }
            }
            let token = session::start(&tx, id, &addr, "password")?;
            let Some(staff) = session::load(&tx, &actor2.agency_id, id)? else { return Ok(None) };
            audit::record(&tx, &Actor { staff_id: Some(id), ..actor2.clone() }, Entry::new("sign_in", "staff", &id.to_string()).after(json!({ "second_factor": step.is_some() })))?;
            tx.commit()?;
            Ok(Some((token, staff)))
        })
        .await?;
    let Some((token, mut staff)) = started else {
        fail("totp", Some(id)).await?;
        return Err(ApiError::new(Problem::new(types::TOTP_REQUIRED, 401, "این کد پیش‌تر به کار رفته است؛ کد تازه را از برنامه بخوانید")));
    };
    staff.address = address;
    let body = me(&state, &staff, session::csrf_token(&state, &token)).await?;
    Ok(([(header::SET_COOKIE, session::cookie(&state, Some(&token)))], Json(body)).into_response())
}

/// `GET /staff/session`: who is signed in, and the session's CSRF token.
pub async fn current(State(state): State<AppState>, staff: Staff, headers: HeaderMap) -> Result<Json<Me>, ApiError> {
    let csrf = match &staff.via {
        Via::Session { .. } => session::session_token(&headers).map(|t| session::csrf_token(&state, &t)).unwrap_or_default(),
        Via::Token { .. } => String::new(),
    };
    Ok(Json(me(&state, &staff, csrf).await?))
}

/// `DELETE /staff/session`: signs this browser out.
pub async fn sign_out(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    let Via::Session { token_hash, .. } = staff.via.clone() else {
        return Err(ApiError::new(Problem::new(types::CONFLICT, 409, "با توکن API نشستی برای پایان دادن نیست")));
    };
    let actor = staff.actor();
    state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM staff_sessions WHERE token_hash = ?1", [&token_hash])?;
            audit::record(&tx, &actor, Entry::new("sign_out", "staff", &actor.staff_id.unwrap_or_default().to_string()))?;
            tx.commit()
        })
        .await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session::cookie(&state, None))]).into_response())
}

/// `POST /staff/session/everywhere`: ends every session of one's account (a lost phone).
pub async fn sign_out_everywhere(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    let actor = staff.actor();
    let id = staff.id;
    let n = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let n = accounts::end_sessions(&tx, id, true)?;
            audit::record(&tx, &actor, Entry::new("sign_out.everywhere", "staff", &id.to_string()).after(json!({ "sessions": n })))?;
            tx.commit()?;
            Ok(n)
        })
        .await?;
    Ok((StatusCode::OK, [(header::SET_COOKIE, session::cookie(&state, None))], Json(json!({ "ended": n }))).into_response())
}

/// `POST /staff/me/totp`: a new secret for the authenticator app, pending its first code.
pub async fn totp_begin(State(state): State<AppState>, staff: Staff) -> Result<Json<TotpEnrolment>, ApiError> {
    let secret = totp::new_secret();
    let (id, s, actor) = (staff.id, secret.clone(), staff.actor());
    let enabled = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let has: bool = tx.query_row("SELECT totp_secret IS NOT NULL FROM staff WHERE id = ?1", [id], |r| r.get(0))?;
            if has {
                return Ok(true);
            }
            tx.execute("UPDATE staff SET totp_pending = ?2 WHERE id = ?1", (id, &s))?;
            audit::record(&tx, &actor, Entry::new("totp.begin", "staff", &id.to_string()))?;
            tx.commit()?;
            Ok(false)
        })
        .await?;
    if enabled {
        return Err(ApiError::new(Problem::new(
            types::CONFLICT,
            409,
            "ورود دومرحله‌ای این حساب فعال است؛ برای تغییر دستگاه، مدیر سامانه آن را بازنشانی می‌کند",
        )));
    }
    let issuer = format!("میز {}", state.agency_id);
    Ok(Json(TotpEnrolment { otpauth_uri: totp::otpauth_uri(&issuer, &staff.username, &secret), secret }))
}

/// `POST /staff/me/totp/confirm`: the first code from the app turns the second factor on.
pub async fn totp_confirm(State(state): State<AppState>, staff: Staff, JsonBody(input): JsonBody<CodeInput>) -> Result<StatusCode, ApiError> {
    let (id, actor) = (staff.id, staff.actor());
    let now = crate::clock::now_millis() / 1000;
    let outcome = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let pending: Option<String> = tx.query_row("SELECT totp_pending FROM staff WHERE id = ?1", [id], |r| r.get(0))?;
            let Some(secret) = pending else { return Ok(Err("برای این حساب کلید تازه‌ای ساخته نشده است؛ از نو شروع کنید")) };
            let Some(step) = totp::check(&secret, &input.code, now, 0) else {
                return Ok(Err("این کد با کلید ساخته‌شده جور نیست؛ ساعت گوشی را بررسی کنید و کد تازه را وارد کنید"));
            };
            tx.execute("UPDATE staff SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?2 WHERE id = ?1", (id, step))?;
            audit::record(&tx, &actor, Entry::new("totp.enable", "staff", &id.to_string()))?;
            tx.commit()?;
            Ok(Ok(()))
        })
        .await?;
    outcome
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|m| ApiError::fields(vec![miz_core::problem::FieldError { field: "code".into(), message: m.into() }]))
}

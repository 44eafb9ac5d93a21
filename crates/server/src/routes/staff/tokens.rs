//! A staff member's own API tokens. Only a signed-in session makes one (a leaked token cannot
//! breed more); any of the owner's sessions or tokens may revoke one.

use crate::{
    problem::{ApiError, JsonBody},
    staff::{
        audit::{self, Entry},
        session::{Staff, Via},
        tokens,
    },
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use miz_core::{
    problem::{types, FieldError, Problem},
    staff::api::{ApiToken, NewToken, TokenInput},
};
use serde_json::json;

/// `GET /staff/me/tokens`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Json<Vec<ApiToken>>, ApiError> {
    Ok(Json(state.db.call(move |c| tokens::list(c, staff.id)).await?))
}

/// `POST /staff/me/tokens`: the secret is in this answer and nowhere else, ever.
pub async fn create(State(state): State<AppState>, staff: Staff, JsonBody(input): JsonBody<TokenInput>) -> Result<(StatusCode, Json<NewToken>), ApiError> {
    if !matches!(staff.via, Via::Session { .. }) {
        return Err(ApiError::new(Problem::new(types::FORBIDDEN, 403, "توکن API را فقط از میز کار، پس از ورود، می‌توان ساخت")));
    }
    let name = input.name.trim().to_owned();
    let n = name.chars().count();
    if n == 0 || n > 80 || name.chars().any(char::is_control) {
        return Err(ApiError::fields(vec![FieldError { field: "name".into(), message: "نامی بین ۱ و ۸۰ نویسه بنویسید تا بدانید این توکن از آنِ کدام برنامه است".into() }]));
    }
    let secret = tokens::new_secret();
    let hash = crate::staff::accounts::token_hash(&secret);
    let made = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            if tokens::live_count(&tx, staff.id)? >= tokens::MAX_LIVE {
                return Ok(None);
            }
            let t = tokens::create(&tx, staff.id, &name, &hash)?;
            audit::record(&tx, &staff.actor(), Entry::new("token.create", "staff", &staff.id.to_string()).after(json!({ "token": t.id, "name": t.name })))?;
            tx.commit()?;
            Ok(Some(t))
        })
        .await?;
    let Some(token) = made else {
        return Err(ApiError::new(Problem::new(
            types::CONFLICT,
            409,
            &format!("هر حساب حداکثر {} توکن فعال دارد؛ پیش از ساختن توکن تازه یکی را باطل کنید", miz_core::digits::to_persian_digits(&tokens::MAX_LIVE.to_string())),
        )));
    };
    Ok((StatusCode::CREATED, Json(NewToken { token, secret })))
}

/// `DELETE /staff/me/tokens/{id}`: revoked at once; a script using it gets 401 next time.
pub async fn revoke(State(state): State<AppState>, staff: Staff, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    let not_found = || ApiError::not_found("توکنی فعال با این شناسه در حساب شما نیست");
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let revoked = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let Some(name) = tokens::revoke(&tx, staff.id, id)? else { return Ok(false) };
            audit::record(&tx, &staff.actor(), Entry::new("token.revoke", "staff", &staff.id.to_string()).before(json!({ "token": id, "name": name })))?;
            tx.commit()?;
            Ok(true)
        })
        .await?;
    if revoked {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(not_found())
    }
}

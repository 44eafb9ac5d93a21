//! Single sign-on through the agency's OpenID Connect provider. These are browser navigations,
//! not API calls: `start` sends the browser to the provider, the provider sends it back to
//! `callback`, and `callback` sends it on to the workbench, signed in, or to the sign-in page
//! with the reason (`?sso_error=…`) it shows as a sentence.

use super::session::Address;
use crate::{
    problem::ApiError,
    staff::{
        audit::{self, Actor, Entry},
        oidc::{self, Failure, Flow},
        session,
    },
    state::AppState,
};
use axum::{
    extract::{OriginalUri, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use serde_json::json;

const START: &str = "api/v1/staff/oidc/start";
const CALLBACK: &str = "api/v1/staff/oidc/callback";

/// `GET /staff/oidc`: whether the sign-in page offers single sign-on, and what its button says.
pub async fn info(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(match &state.oidc {
        Some(o) => json!({ "enabled": true, "label": o.cfg.label }),
        None => json!({ "enabled": false }),
    })
}

/// The desk's prefix as this request reached it (`/`, `/portal/miz/`, `/agencies/museum/`).
fn prefix(uri: &OriginalUri, own: &str) -> String {
    let path = uri.0.path();
    path.strip_suffix(own).unwrap_or("/").to_owned()
}

fn redirect(to: &str, cookies: &[String]) -> Response {
    let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned()), (header::CACHE_CONTROL, "no-store".to_owned())]).into_response();
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

fn flow_cookie(state: &AppState, value: Option<&str>) -> String {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    match value {
        Some(v) => format!("{}={v}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", oidc::FLOW_COOKIE, oidc::FLOW_SECONDS),
        None => format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", oidc::FLOW_COOKIE),
    }
}

fn redirect_uri(state: &AppState, headers: &HeaderMap, prefix: &str) -> String {
    if let Some(uri) = state.oidc.as_ref().and_then(|o| o.cfg.redirect_uri.clone()) {
        return uri;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}{prefix}{CALLBACK}")
}

#[derive(Deserialize)]
pub struct StartQuery {
    /// Where in the workbench to land once signed in (`/cases/123…`).
    back: Option<String>,
}

/// `GET /staff/oidc/start`: to the provider, with a fresh state, nonce and PKCE challenge.
pub async fn start(State(state): State<AppState>, uri: OriginalUri, headers: HeaderMap, Query(q): Query<StartQuery>) -> Result<Response, ApiError> {
    let Some(provider) = state.oidc.clone() else {
        return Err(ApiError::not_found("ورود یکپارچه در این دستگاه به کار نیست"));
    };
    let prefix = prefix(&uri, START);
    let workbench = format!("{prefix}staff");
    let discovery = match provider.discovery().await {
        Ok(d) => d,
        Err(f) => return Ok(redirect(&format!("{workbench}/?sso_error={}", f.as_str()), &[])),
    };
    let flow = Flow {
        state: crate::random::url_token(24),
        nonce: crate::random::url_token(24),
        verifier: crate::random::url_token(48),
        back: oidc::safe_back(q.back.as_deref()),
        until: crate::clock::now_millis() / 1000 + oidc::FLOW_SECONDS,
    };
    let query = [
        ("response_type", "code"),
        ("client_id", provider.cfg.client_id.as_str()),
        ("redirect_uri", &redirect_uri(&state, &headers, &prefix)),
        ("scope", "openid profile"),
        ("state", &flow.state),
        ("nonce", &flow.nonce),
        ("code_challenge", &oidc::challenge(&flow.verifier)),
        ("code_challenge_method", "S256"),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", oidc::form_encode(v)))
    .collect::<Vec<_>>()
    .join("&");
    let sep = if discovery.authorization_endpoint.contains('?') { '&' } else { '?' };
    let to = format!("{}{sep}{query}", discovery.authorization_endpoint);
    Ok(redirect(&to, &[flow_cookie(&state, Some(&flow.seal(&state.key)))]))
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /staff/oidc/callback`: the provider's answer. The code is exchanged, the ID token
/// checked, the provider's user mapped to a staff account, and a session started.
pub async fn callback(
    State(state): State<AppState>,
    Address(address): Address,
    uri: OriginalUri,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Result<Response, ApiError> {
    let Some(provider) = state.oidc.clone() else {
        return Err(ApiError::not_found("ورود یکپارچه در این دستگاه به کار نیست"));
    };
    let prefix = prefix(&uri, CALLBACK);
    let workbench = format!("{prefix}staff");
    let agency = state.agency_id.to_string();
    let now = crate::clock::now_millis() / 1000;
    // A callback without any flow of this browser is not recorded: anyone can open the
    // address, and the log is for staff actions.
    let Some(sealed) = session::cookie_value(&headers, &[oidc::FLOW_COOKIE], 2048) else {
        return Ok(redirect(&format!("{workbench}/?sso_error={}", Failure::State.as_str()), &[]));
    };
    let outcome: Result<(String, Flow), (Failure, Option<String>)> = async {
        let flow = Flow::open(&sealed, &state.key, now).ok_or((Failure::State, None))?;
        let sent = q.state.as_deref().unwrap_or("");
        if !crate::keys::constant_time_eq(sent.as_bytes(), flow.state.as_bytes()) {
            return Err((Failure::State, None));
        }
        if q.error.is_some() {
            return Err((Failure::Provider, None));
        }
        let code = q.code.as_deref().filter(|c| !c.is_empty() && c.len() <= 2048).ok_or((Failure::Exchange, None))?;
        let d = provider.discovery().await.map_err(|f| (f, None))?;
        let id_token = provider.exchange(&d, code, &flow.verifier, &redirect_uri(&state, &headers, &prefix)).await.map_err(|f| (f, None))?;
        let sub = provider.verify(&d, &id_token, &flow.nonce, now).await.map_err(|f| (f, None))?;
        Ok((sub, flow))
    }
    .await;
    let addr = address.to_string();
    let clear = flow_cookie(&state, None);
    let actor = Actor { agency_id: agency.clone(), staff_id: None, name: String::new(), address: addr.clone() };
    let (sub, flow) = match outcome {
        Ok(v) => v,
        Err((failure, _)) => {
            record_failure(&state, actor, failure, None).await?;
            return Ok(redirect(&format!("{workbench}/?sso_error={}", failure.as_str()), &[clear]));
        }
    };
    let subject = sub.clone();
    let started = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let id: Option<i64> = tx
                .query_row("SELECT id FROM staff WHERE agency_id = ?1 AND oidc_subject = ?2 AND disabled = 0", (&agency, &subject), |r| r.get(0))
                .map(Some)
                .or_else(|e| if matches!(e, crate::sql::Error::NoRows) { Ok(None) } else { Err(e) })?;
            let Some(id) = id else { return Ok(None) };
            let Some(staff) = session::load(&tx, &agency, id)? else { return Ok(None) };
            let token = session::start(&tx, id, &addr, "oidc")?;
            let actor = Actor { agency_id: agency.clone(), staff_id: Some(id), name: staff.username.clone(), address: addr.clone() };
            audit::record(&tx, &actor, Entry::new("sign_in", "staff", &id.to_string()).after(json!({ "method": "oidc", "subject": subject })))?;
            tx.commit()?;
            Ok(Some(token))
        })
        .await?;
    let Some(token) = started else {
        record_failure(&state, actor, Failure::UnknownUser, Some(sub)).await?;
        return Ok(redirect(&format!("{workbench}/?sso_error={}", Failure::UnknownUser.as_str()), &[clear]));
    };
    let back = flow.back.trim_start_matches('/');
    Ok(redirect(&format!("{workbench}/{back}"), &[clear, session::cookie(&state, Some(&token))]))
}

async fn record_failure(state: &AppState, mut actor: Actor, failure: Failure, subject: Option<String>) -> Result<(), ApiError> {
    actor.name = subject.clone().map(|s| format!("oidc:{s}")).unwrap_or_else(|| "oidc".into());
    state
        .db
        .call(move |c| {
            audit::record(
                c,
                &actor,
                Entry::new("sign_in.failed", "staff", "").after(json!({ "method": "oidc", "reason": failure.as_str(), "subject": subject })),
            )
        })
        .await?;
    Ok(())
}

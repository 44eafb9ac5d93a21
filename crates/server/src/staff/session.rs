//! Who is asking, on the staff API: a signed-in browser (a session cookie) or a script (an
//! API token of someone's account). Every staff handler takes a `Staff`, so no staff route
//! can be reached anonymously by forgetting a check.
//!
//! The cookie is `HttpOnly` (scripts cannot read it), `SameSite=Strict` (another site's page
//! cannot make the browser send it) and, behind HTTPS, `Secure` with the `__Host-` prefix.
//! On top of that every state-changing request of a session must carry the session's CSRF
//! token in `X-CSRF-Token` (a header another site cannot set without CORS, which the staff
//! API never grants), and a request a browser marks as cross-site is refused outright.

use super::{
    accounts,
    audit::Actor,
    roles::{Grants, Operation},
};
use crate::{problem::ApiError, sql::OptionalExtension, state::AppState};
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{header, request::Parts, HeaderMap, Method},
};
use miz_core::problem::{types, Problem};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

pub const COOKIE: &str = "miz_staff";
pub const SECURE_COOKIE: &str = "__Host-miz_staff";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// API tokens start with this, so a leaked one is recognisable (and findable by scanners).
pub const TOKEN_PREFIX: &str = "mizs_";
/// A session ends this long after it began, however active.
pub const ABSOLUTE_HOURS: i64 = 12;

/// A signed-in staff member, checked: the account exists, is enabled, and the session or
/// token is live.
#[derive(Clone, Debug)]
pub struct Staff {
    pub id: i64,
    pub agency_id: String,
    pub username: String,
    pub display_name: String,
    pub grants: Grants,
    pub via: Via,
    pub address: IpAddr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Via {
    /// `sso`: started through the agency's identity provider.
    Session { token_hash: String, sso: bool },
    Token { id: i64 },
}

impl Staff {
    pub fn actor(&self) -> Actor {
        Actor { agency_id: self.agency_id.clone(), staff_id: Some(self.id), name: self.username.clone(), address: self.address.to_string() }
    }

    /// 403 unless the staff member may do `op` at all (operations not on a case).
    pub fn require(&self, op: Operation) -> Result<(), ApiError> {
        if self.grants.allows(op, None, &[]) {
            Ok(())
        } else {
            Err(forbidden())
        }
    }
}

pub fn forbidden() -> ApiError {
    ApiError::new(Problem::new(types::FORBIDDEN, 403, "نقش شما اجازه این کار را نمی‌دهد"))
}

fn unauthorized(kind: &'static str, title: &str) -> ApiError {
    ApiError::new(Problem::new(kind, 401, title))
}

pub fn not_signed_in() -> ApiError {
    unauthorized(types::UNAUTHORIZED, "برای این کار باید وارد میز کار شوید")
}

pub fn client_address(parts: &Parts, state: &AppState) -> IpAddr {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    crate::client::client_ip(peer, &parts.headers, &state.trusted_proxies)
}

/// The session token the browser sent, from either cookie name.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, &[COOKIE, SECURE_COOKIE], 128)
}

/// The value of the first cookie named one of `names`, when it is not empty and at most
/// `max` bytes long.
pub fn cookie_value(headers: &HeaderMap, names: &[&str], max: usize) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        names.contains(&name).then(|| value.trim().to_owned()).filter(|v| !v.is_empty() && v.len() <= max)
    })
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty() && t.len() <= 512)
}

/// The CSRF token of a session: derived from its token under the desk's secret, so nothing
/// more is stored, and useless without the cookie it belongs to.
pub fn csrf_token(state: &AppState, session_token: &str) -> String {
    let mac = state.key.mac(&[b"staff-csrf", session_token.as_bytes()]);
    crate::keys::base64url(&mac[..24])
}

/// The `Set-Cookie` value for a new session, or (with `None`) one that removes it.
pub fn cookie(state: &AppState, token: Option<&str>) -> String {
    let (name, secure) = if state.secure_cookies { (SECURE_COOKIE, "; Secure") } else { (COOKIE, "") };
    match token {
        Some(t) => format!("{name}={t}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}", ABSOLUTE_HOURS * 3600),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

/// Whether the browser says the request came from another site. `Sec-Fetch-Site` is sent by
/// every current browser; `Origin` by older ones on POST.
fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        _ => false,
    }
}

/// Paths a session may use before its account has the second factor the agency requires.
fn enrolment_path(path: &str) -> bool {
    path.ends_with("/staff/session") || path.contains("/staff/me/totp")
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let address = client_address(parts, state);
        let agency = state.agency_id.to_string();
        let now = crate::clock::now_millis();
        if let Some(token) = bearer(&parts.headers) {
            let hash = super::tokens::lookup_hash(&agency, token);
            let found = state
                .db
                .call(move |c| {
                    let row: Option<(i64, i64)> = c
                        .query_row(
                            "SELECT t.id, s.id FROM staff_tokens t JOIN staff s ON s.id = t.staff_id
                             WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND s.disabled = 0 AND s.agency_id = ?2",
                            (&hash, &agency),
                            |r| Ok((r.get(0)?, r.get(1)?)),
                        )
                        .optional()?;
                    row.map(|(token_id, staff_id)| load(c, &agency, staff_id).map(|s| s.map(|s| (s, token_id)))).transpose()
                })
                .await?;
            let Some(Some((mut staff, token_id))) = found else {
                return Err(unauthorized(types::UNAUTHORIZED, "این توکن API معتبر نیست یا باطل شده است"));
            };
            staff.via = Via::Token { id: token_id };
            staff.address = address;
            return Ok(staff);
        }
        let Some(token) = session_token(&parts.headers) else { return Err(not_signed_in()) };
        let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if unsafe_method {
            if cross_site(&parts.headers) {
                return Err(ApiError::new(Problem::new(types::CSRF, 403, "درخواست از سایت دیگری آمده است و پذیرفته نمی‌شود")));
            }
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !crate::keys::constant_time_eq(sent.as_bytes(), csrf_token(state, &token).as_bytes()) {
                return Err(ApiError::new(Problem::new(
                    types::CSRF,
                    403,
                    "درخواست بدون نشانه امنیتی نشست فرستاده شد؛ صفحه را دوباره باز کنید و دوباره تلاش کنید",
                )));
            }
        }
        let hash = accounts::token_hash(&token);
        let enrolling = enrolment_path(parts.uri.path());
        let result = state
            .db
            .call(move |c| {
                let row: Option<(i64, i64, i64, String)> = c
                    .query_row("SELECT staff_id, created_ms, seen_ms, method FROM staff_sessions WHERE token_hash = ?1", [&hash], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })
                    .optional()?;
                let Some((staff_id, created, seen, method)) = row else { return Ok(Err(Ended::Unknown)) };
                let idle: i64 = accounts::setting(c, &agency, accounts::settings::SESSION_IDLE_MINUTES, "")?
                    .parse()
                    .unwrap_or(accounts::settings::DEFAULT_IDLE_MINUTES);
                if now - seen > idle * 60_000 || now - created > ABSOLUTE_HOURS * 3_600_000 {
                    c.execute("DELETE FROM staff_sessions WHERE token_hash = ?1", [&hash])?;
                    return Ok(Err(Ended::Expired));
                }
                let Some(staff) = load(c, &agency, staff_id)? else {
                    // A disabled account's session is no longer anyone's; a session of another
                    // agency's desk (another prefix on the same server) is simply not one here.
                    let disabled: Option<i64> =
                        c.query_row("SELECT disabled FROM staff WHERE id = ?1", [staff_id], |r| r.get(0)).optional()?;
                    if disabled.is_none_or(|d| d != 0) {
                        c.execute("DELETE FROM staff_sessions WHERE token_hash = ?1", [&hash])?;
                        return Ok(Err(Ended::Expired));
                    }
                    return Ok(Err(Ended::Unknown));
                };
                let required = accounts::setting(c, &agency, accounts::settings::REQUIRE_TOTP, "false")? == "true";
                let has_totp: bool = c.query_row("SELECT totp_secret IS NOT NULL FROM staff WHERE id = ?1", [staff_id], |r| r.get(0))?;
                // The agency's provider holds its own second factor: the TOTP rule is for passwords.
                if required && !has_totp && !enrolling && method == "password" {
                    return Ok(Err(Ended::MustEnrol));
                }
                // Seen: written at most once a minute, not on every request.
                if now - seen > 60_000 {
                    c.execute("UPDATE staff_sessions SET seen_ms = ?2 WHERE token_hash = ?1", (&hash, now))?;
                }
                Ok(Ok((staff, hash.clone(), method == "oidc")))
            })
            .await?;
        match result {
            Ok((mut staff, token_hash, sso)) => {
                staff.via = Via::Session { token_hash, sso };
                staff.address = address;
                Ok(staff)
            }
            Err(Ended::Unknown) => Err(not_signed_in()),
            Err(Ended::Expired) => Err(unauthorized(types::SESSION_EXPIRED, "نشست شما پایان یافته است؛ دوباره وارد شوید")),
            Err(Ended::MustEnrol) => Err(ApiError::new(Problem::new(
                types::TOTP_ENROLMENT_REQUIRED,
                403,
                "پیش از هر کاری ورود دومرحله‌ای را برای حساب خود فعال کنید",
            ))),
        }
    }
}

enum Ended {
    Unknown,
    Expired,
    MustEnrol,
}

/// The enabled account `id` of `agency`, with its roles.
pub fn load(c: &crate::sql::Connection, agency: &str, id: i64) -> crate::sql::Result<Option<Staff>> {
    let row: Option<(String, String)> = c
        .query_row("SELECT username, display_name FROM staff WHERE id = ?1 AND agency_id = ?2 AND disabled = 0", (id, agency), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((username, display_name)) = row else { return Ok(None) };
    Ok(Some(Staff {
        id,
        agency_id: agency.to_owned(),
        username,
        display_name,
        grants: accounts::grants(c, id)?,
        via: Via::Token { id: 0 },
        address: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
    }))
}

/// Starts a session for `staff_id` signed in by `method` (`password` or `oidc`); returns the
/// cookie's token.
pub fn start(c: &crate::sql::Connection, staff_id: i64, address: &str, method: &str) -> crate::sql::Result<String> {
    let token = crate::random::url_token(32);
    let now = crate::clock::now_millis();
    c.execute(
        "INSERT INTO staff_sessions (token_hash, staff_id, created_ms, seen_ms, address, method) VALUES (?1, ?2, ?3, ?3, ?4, ?5)",
        (accounts::token_hash(&token), staff_id, now, address, method),
    )?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=b; miz_staff=tok123; c=d".parse().unwrap());
        assert_eq!(session_token(&h).as_deref(), Some("tok123"));
        h.insert(header::COOKIE, "__Host-miz_staff=sec".parse().unwrap());
        assert_eq!(session_token(&h).as_deref(), Some("sec"));
        h.insert(header::COOKIE, "miz_staff=".parse().unwrap());
        assert_eq!(session_token(&h), None);
    }

    #[test]
    fn the_bearer_scheme_is_matched_in_any_case() {
        for v in ["Bearer abc", "bearer abc", "BEARER abc", "bEaReR  abc"] {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, v.parse().unwrap());
            assert_eq!(bearer(&h), Some("abc"), "{v}");
        }
        for v in ["Basic abc", "Bearerabc", "Bearer "] {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, v.parse().unwrap());
            assert_eq!(bearer(&h), None, "{v}");
        }
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let mut h = HeaderMap::new();
        h.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(cross_site(&h));
        h.insert("sec-fetch-site", "same-origin".parse().unwrap());
        assert!(!cross_site(&h));
        let mut old = HeaderMap::new();
        old.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        old.insert(header::HOST, "desk.example.ir".parse().unwrap());
        assert!(cross_site(&old));
        old.insert(header::ORIGIN, "https://desk.example.ir".parse().unwrap());
        assert!(!cross_site(&old));
    }
}

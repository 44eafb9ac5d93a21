//! The kit's staff checks, with a signed-in session of an account the agency gives the kit
//! (`MIZ_STAFF_USERNAME`, `MIZ_STAFF_PASSWORD`: a supervisor without a second factor, so it
//! sees the case the kit files). What the workbench relies on and no schema can say: the
//! session cookie's flags, CSRF refused, internal notes never reaching the citizen, the inbox
//! finding a case by its code with dashes, and a session that ends when it is ended.

use super::{expect_status, fail, Ctx, Verdict};
use miz_core::api::headers;
use serde_json::json;

/// The account the kit signs in as.
#[derive(Clone, Debug)]
pub struct StaffLogin {
    pub username: String,
    pub password: String,
}

impl StaffLogin {
    /// From `MIZ_STAFF_USERNAME` and `MIZ_STAFF_PASSWORD`, when both are set.
    pub fn from_env() -> Option<StaffLogin> {
        Some(StaffLogin { username: std::env::var("MIZ_STAFF_USERNAME").ok()?, password: std::env::var("MIZ_STAFF_PASSWORD").ok()? })
    }
}

/// A signed-in session as a browser holds it.
pub(super) struct Session {
    pub cookie: String,
    pub csrf: String,
}

fn skip() -> Verdict {
    Verdict::Skip("no staff account given (MIZ_STAFF_USERNAME, MIZ_STAFF_PASSWORD)".into())
}

/// A check that needs the session (and the kit's case) when there is none: skipped without
/// an account, failed when signing in or filing did not work.
fn not_run(ctx: &Ctx) -> Verdict {
    if ctx.staff.is_none() {
        skip()
    } else {
        fail("not run: no session or no case")
    }
}

/// Headers of a state-changing request of the session, as the workbench sends it.
fn unsafe_headers(s: &Session) -> [(&str, &str); 3] {
    [("Cookie", s.cookie.as_str()), ("X-CSRF-Token", s.csrf.as_str()), ("Sec-Fetch-Site", "same-origin")]
}

pub(super) fn session(ctx: &mut Ctx) -> Verdict {
    let Some(login) = ctx.staff.clone() else { return skip() };
    let anonymous = tri!(ctx.c.get("staff/session", &[]));
    tri!(expect_status(&anonymous, 401, "GET /staff/session without a session"));
    if !anonymous.is_problem() {
        return fail(format!("401 without a problem document: {}", anonymous.short()));
    }
    let r = tri!(ctx.c.post_json("staff/session", &[], &json!({ "username": login.username, "password": login.password })));
    tri!(expect_status(&r, 200, "POST /staff/session"));
    let set = r.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie")).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let Some(cookie) = set.iter().find(|c| c.to_ascii_lowercase().contains("httponly")) else {
        return fail(format!("the session cookie must be HttpOnly (scripts must not read it): {set:?}"));
    };
    if !cookie.to_ascii_lowercase().replace(' ', "").contains("samesite=strict") {
        return fail(format!("the session cookie must be SameSite=Strict: {cookie}"));
    }
    let me = tri!(r.expect_json("POST /staff/session"));
    let Some(csrf) = me["csrf_token"].as_str().filter(|t| !t.is_empty()) else {
        return fail("POST /staff/session: no csrf_token in the answer");
    };
    let s = Session { cookie: cookie.split(';').next().unwrap_or_default().to_owned(), csrf: csrf.to_owned() };
    let again = tri!(ctx.c.get("staff/session", &[("Cookie", &s.cookie)]));
    tri!(expect_status(&again, 200, "GET /staff/session with the cookie"));
    if tri!(again.expect_json("GET /staff/session"))["username"] != me["username"] {
        return fail("GET /staff/session names someone else than the account that signed in");
    }
    ctx.staff_session = Some(s);
    Verdict::Pass("signed in: HttpOnly, SameSite=Strict, a CSRF token".into())
}

pub(super) fn csrf(ctx: &mut Ctx) -> Verdict {
    let (Some(s), Some(case)) = (&ctx.staff_session, &ctx.case) else {
        return not_run(ctx);
    };
    let path = format!("staff/cases/{}/notes", case.code);
    let note = json!({ "text": format!("یادداشت درونی کیت {}", ctx.run) });
    let tries: [(&str, Vec<(&str, &str)>); 3] = [
        ("without X-CSRF-Token", vec![("Cookie", s.cookie.as_str()), ("Sec-Fetch-Site", "same-origin")]),
        ("with a forged token", vec![("Cookie", s.cookie.as_str()), ("X-CSRF-Token", "kit-forged-token"), ("Sec-Fetch-Site", "same-origin")]),
        ("from another site", vec![("Cookie", s.cookie.as_str()), ("X-CSRF-Token", s.csrf.as_str()), ("Sec-Fetch-Site", "cross-site")]),
    ];
    for (what, hs) in tries {
        let r = tri!(ctx.c.post_json(&path, &hs, &note));
        if r.status != 403 || !r.is_problem() {
            return fail(format!("a note {what} must be refused with 403 and a problem document: {}", r.short()));
        }
    }
    let r = tri!(ctx.c.post_json(&path, &unsafe_headers(s), &note));
    tri!(expect_status(&r, 201, "POST /staff/cases/{code}/notes with the session's token (the account must see the kit's case: a supervisor)"));
    Verdict::Pass("no token, a forged token and a cross-site request: 403; the session's own: 201".into())
}

pub(super) fn notes_private(ctx: &mut Ctx) -> Verdict {
    let (Some(s), Some(case)) = (&ctx.staff_session, &ctx.case) else {
        return not_run(ctx);
    };
    let marker = format!("یادداشت درونی کیت {}", ctx.run);
    let staff_view = tri!(ctx.c.get(&format!("staff/cases/{}", case.code), &[("Cookie", s.cookie.as_str())]));
    tri!(expect_status(&staff_view, 200, "GET /staff/cases/{code}"));
    if !staff_view.body.contains(&marker) {
        return fail("the note the kit wrote is not on the staff's view of the case");
    }
    let citizen = tri!(ctx.c.get(&format!("cases/{}", case.code), &[(headers::CASE_MOBILE, case.mobile.as_str())]));
    tri!(expect_status(&citizen, 200, "GET /cases/{code} with its mobile"));
    if citizen.body.contains(&marker) {
        return fail("an internal note reached the citizen's view of the case");
    }
    Verdict::Pass("the note is on the staff's view and not on the citizen's".into())
}

pub(super) fn inbox_search(ctx: &mut Ctx) -> Verdict {
    let (Some(s), Some(case)) = (&ctx.staff_session, &ctx.case) else {
        return not_run(ctx);
    };
    let c = &case.code;
    let dashed = format!("{}-{}-{}", &c[..4], &c[4..8], &c[8..]);
    let r = tri!(ctx.c.get(&format!("staff/cases?q={dashed}"), &[("Cookie", s.cookie.as_str())]));
    tri!(expect_status(&r, 200, "GET /staff/cases?q=<code with dashes>"));
    let page = tri!(r.expect_json("GET /staff/cases"));
    let codes: Vec<&str> = page["items"].as_array().into_iter().flatten().filter_map(|i| i["tracking_code"].as_str()).collect();
    if codes != [c.as_str()] {
        return fail(format!("searching the inbox for {dashed} found {codes:?}, not the one case"));
    }
    Verdict::Pass(format!("{dashed} found the case and nothing else"))
}

pub(super) fn sign_out(ctx: &mut Ctx) -> Verdict {
    let Some(s) = ctx.staff_session.take() else {
        return not_run(ctx);
    };
    let r = tri!(ctx.c.send("DELETE", "staff/session", &unsafe_headers(&s), None));
    tri!(expect_status(&r, 204, "DELETE /staff/session"));
    let after = tri!(ctx.c.get("staff/session", &[("Cookie", s.cookie.as_str())]));
    if after.status != 401 {
        return fail(format!("the session still works after signing out: {}", after.short()));
    }
    Verdict::Pass("signed out: the old cookie is refused".into())
}

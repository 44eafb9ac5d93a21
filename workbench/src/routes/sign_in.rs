//! Signing in: name and password, then, when the account has a second factor, the code from
//! the authenticator app (one question per page, as the desk's forms ask). A failed attempt
//! says what was wrong, in the server's words, and keeps what was typed.

use crate::{
    api::Api,
    app::use_page_title,
    i18n::use_i18n,
    routes::fields::{field_errors, message_for},
    session::use_session,
    ui::{
        error::ApiError,
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError, FieldKind, TextField},
    },
};
use leptos::{prelude::*, task::spawn_local};
use miz_core::{problem::types, staff::api::SignIn};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = expect_context::<Api>();
    use_page_title(|t| t.sign_in_title.to_owned());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let step_code = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let heading = NodeRef::<leptos::html::H1>::new();
    let sso = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.sso().await.ok().filter(|v| v["enabled"] == true).and_then(|v| v["label"].as_str().map(str::to_owned)) }
        }
    });
    // Back from the identity provider without a session: why, in a sentence.
    let sso_error = sso_error_of(&window().location().search().unwrap_or_default());
    let sso_href = {
        let api = api.clone();
        move || {
            // Where the staff member was, so the provider's round trip lands there again.
            let path = window().location().pathname().unwrap_or_default();
            let back = path.split_once("/staff").map(|(_, rest)| rest.to_owned()).filter(|r| r.starts_with('/')).unwrap_or_else(|| "/".into());
            api.url(&format!("staff/oidc/start?back={}", crate::api::encode(&back)))
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let t = i18n.t();
        let mut list = Vec::new();
        if username.get_untracked().trim().is_empty() {
            list.push(FieldError { field_id: "username".into(), message: t.need_username.into() });
        }
        if password.get_untracked().is_empty() {
            list.push(FieldError { field_id: "password".into(), message: t.need_password.into() });
        }
        if step_code.get_untracked() && code.get_untracked().trim().is_empty() {
            list.push(FieldError { field_id: "code".into(), message: t.need_code.into() });
        }
        failure.set(None);
        errors.set(list.clone());
        if !list.is_empty() {
            return;
        }
        let input = SignIn {
            username: username.get_untracked(),
            password: password.get_untracked(),
            code: step_code.get_untracked().then(|| code.get_untracked()),
        };
        let api = api.clone();
        busy.set(true);
        spawn_local(async move {
            let result = api.sign_in(&input).await;
            busy.set(false);
            match result {
                Ok(me) => {
                    session.ended.set(None);
                    session.set(Some(me));
                }
                Err(ApiError::Problem(p)) if p.kind == types::TOTP_REQUIRED => {
                    let first = !step_code.get_untracked();
                    step_code.set(true);
                    code.set(String::new());
                    if first {
                        // The question changed: its heading takes focus for a screen reader.
                        if let Some(h) = heading.get_untracked() {
                            let _ = h.focus();
                        }
                    } else {
                        errors.set(vec![FieldError { field_id: "code".into(), message: p.title }]);
                    }
                }
                Err(e) if e.status() == Some(422) => errors.set(field_errors(&e, &[("username", "username"), ("password", "password")])),
                Err(ApiError::Problem(p)) if p.status == 401 || p.status == 403 => {
                    let field = if step_code.get_untracked() { "code" } else { "password" };
                    errors.set(vec![FieldError { field_id: field.into(), message: p.title }]);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <div class="wb-page wb-sign-in">
            <h1 tabindex="-1" node_ref=heading>{move || if step_code.get() { i18n.t().totp_title } else { i18n.t().sign_in_title }}</h1>
            {move || session.ended.get().map(|why| view! { <p class="wb-notice" role="status">{why}</p> })}
            {sso_error.map(|why| view! { <p class="wb-notice wb-notice--warn" role="alert">{move || why(i18n.t())}</p> })}
            <ErrorSummary errors=Signal::derive(move || errors.get()) />
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) in_form=true /> })}
            {move || (!step_code.get()).then(|| sso.get().flatten().map(|label| view! {
                <p><a class="button button--secondary" href=sso_href()>{label}</a></p>
                <p class="wb-or">{move || i18n.t().sso_or}</p>
            })).flatten()}
            <form on:submit=submit novalidate>
                {move || if step_code.get() {
                    view! {
                        <TextField
                            id="code"
                            label=Signal::derive(move || i18n.t().totp_code.to_owned())
                            hint=Signal::derive(move || i18n.t().totp_hint.to_owned())
                            value=code
                            kind=FieldKind::Digits
                            autocomplete="one-time-code"
                            error=message_for(errors, "code")
                        />
                    }.into_any()
                } else {
                    view! {
                        <p class="lead">{move || i18n.t().sign_in_intro}</p>
                        <TextField
                            id="username"
                            label=Signal::derive(move || i18n.t().username.to_owned())
                            value=username
                            autocomplete="username"
                            error=message_for(errors, "username")
                        />
                        <TextField
                            id="password"
                            label=Signal::derive(move || i18n.t().password.to_owned())
                            value=password
                            input_type="password"
                            autocomplete="current-password"
                            error=message_for(errors, "password")
                        />
                    }.into_any()
                }}
                <button type="submit" class="button" disabled=move || busy.get()>
                    {move || if step_code.get() { i18n.t().totp_submit } else { i18n.t().sign_in_submit }}
                </button>
            </form>
        </div>
    }
}

/// The sentence for `?sso_error=…` in the address, if any.
fn sso_error_of(search: &str) -> Option<fn(&'static crate::i18n::Msgs) -> &'static str> {
    let kind = search.trim_start_matches('?').split('&').find_map(|p| p.strip_prefix("sso_error="))?;
    Some(match kind {
        "state" => |t| t.sso_error_state,
        "provider" => |t| t.sso_error_provider,
        "unavailable" => |t| t.sso_error_unavailable,
        "exchange" => |t| t.sso_error_exchange,
        "unknown_user" => |t| t.sso_error_unknown_user,
        _ => |t| t.sso_error_id_token,
    })
}

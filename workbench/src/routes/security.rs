//! `/staff/security`: one's own second factor (shown before anything else when the agency
//! requires it and the account has none), signing out on every device, and one's API tokens.

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
use miz_core::staff::api::TotpEnrolment;

#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let session = use_session();
    use_page_title(|t| t.security_title.to_owned());
    let enrolment = RwSignal::new(None::<TotpEnrolment>);
    let code = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<&'static str>);
    let enabled = move || session.me().is_some_and(|m| m.totp_enabled);
    let must = move || session.me().is_some_and(|m| m.must_enrol_totp);
    let begin = {
        let api = api.clone();
        move |_| {
            let api = api.clone();
            failure.set(None);
            spawn_local(async move {
                match api.totp_begin().await {
                    Ok(e) => enrolment.set(Some(e)),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let confirm = {
        let api = api.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if code.get_untracked().trim().is_empty() {
                errors.set(vec![FieldError { field_id: "totp-code".into(), message: i18n.t().need_code.into() }]);
                return;
            }
            errors.set(vec![]);
            let (api, c) = (api.clone(), code.get_untracked());
            spawn_local(async move {
                match api.totp_confirm(&c).await {
                    Ok(()) => {
                        enrolment.set(None);
                        done.set(Some("totp"));
                        // The account changed: ask again who we are (and whether enrolment is still due).
                        if let Ok(me) = api.me().await {
                            session.set(Some(me));
                        }
                    }
                    Err(e) if e.status() == Some(422) => errors.set(field_errors(&e, &[("code", "totp-code")])),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let everywhere = {
        let api = api.clone();
        move |_| {
            let api = api.clone();
            spawn_local(async move {
                match api.sign_out_everywhere().await {
                    Ok(_) => {
                        session.ended.set(Some(i18n.t().signed_out_everywhere.to_owned()));
                        session.set(None);
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    view! {
        <div class="wb-page">
            <h1 tabindex="-1">{move || i18n.t().security_title}</h1>
            {move || must().then(|| view! { <p class="wb-notice wb-notice--warn" role="alert">{move || i18n.t().must_enrol}</p> })}
            {move || done.get().map(|_| view! { <p class="wb-notice" role="status">{move || i18n.t().totp_enabled_now}</p> })}
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) /> })}
            <p>{move || if enabled() { i18n.t().totp_on } else { i18n.t().totp_off }}</p>
            {move || match (enabled(), enrolment.get()) {
                (true, _) => ().into_any(),
                (false, None) => view! { <button type="button" class="button" on:click=begin.clone()>{move || i18n.t().totp_start}</button> }.into_any(),
                (false, Some(e)) => view! {
                    <div class="wb-box">
                        <p>{move || i18n.t().totp_secret_label}</p>
                        <p><code class="wb-secret" dir="ltr">{e.secret.clone()}</code></p>
                        <p>{move || i18n.t().totp_uri_label}</p>
                        <p><code class="wb-secret" dir="ltr">{e.otpauth_uri.clone()}</code></p>
                        <ErrorSummary errors=Signal::derive(move || errors.get()) />
                        <form on:submit=confirm.clone() novalidate>
                            <TextField id="totp-code" label=Signal::derive(move || i18n.t().totp_code.to_owned()) value=code kind=FieldKind::Digits autocomplete="one-time-code" error=message_for(errors, "totp-code") />
                            <button type="submit" class="button">{move || i18n.t().totp_confirm}</button>
                        </form>
                    </div>
                }.into_any(),
            }}
            {move || (!must()).then(|| view! {
                <p><button type="button" class="button button--secondary" on:click=everywhere.clone()>{move || i18n.t().sign_out_everywhere}</button></p>
                <crate::routes::tokens::TokensSection />
            })}
        </div>
    }
}

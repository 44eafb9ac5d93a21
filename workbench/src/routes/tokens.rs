//! One's own API tokens, on the security page: made with a name, shown once, revoked with a
//! button. A script using one acts as its owner, so the list says what each is for.

use crate::{
    api::Api,
    format,
    i18n::use_i18n,
    routes::fields::{field_errors, message_for},
    ui::{
        error::ApiError,
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError, FieldKind, TextField},
    },
};
use leptos::{prelude::*, task::spawn_local};
use miz_core::staff::api::NewToken;

#[component]
pub fn TokensSection() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let name = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let made = RwSignal::new(None::<NewToken>);
    let list = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.tokens().await }
        }
    });
    let create = {
        let api = api.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if name.get_untracked().trim().is_empty() {
                errors.set(vec![FieldError { field_id: "token-name".into(), message: i18n.t().need_token_name.into() }]);
                return;
            }
            errors.set(vec![]);
            failure.set(None);
            let (api, n) = (api.clone(), name.get_untracked());
            spawn_local(async move {
                match api.create_token(&n).await {
                    Ok(t) => {
                        made.set(Some(t));
                        name.set(String::new());
                        list.refetch();
                    }
                    Err(e) if e.status() == Some(422) => errors.set(field_errors(&e, &[("name", "token-name")])),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let revoke = move |id: i64| {
        let api = api.clone();
        failure.set(None);
        spawn_local(async move {
            match api.revoke_token(id).await {
                Ok(()) => {
                    if made.get_untracked().is_some_and(|m| m.token.id == id) {
                        made.set(None);
                    }
                    list.refetch();
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let rows = move || match list.get() {
        None => view! { <p role="status">{move || i18n.t().loading}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorPanel error=e on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
        Some(Ok(tokens)) if tokens.is_empty() => view! { <p>{move || i18n.t().tokens_none}</p> }.into_any(),
        Some(Ok(tokens)) => view! {
            <ul class="wb-tokens">
                {tokens.into_iter().map(|t| {
                    let revoke = revoke.clone();
                    let (id, label) = (t.id, t.name.clone());
                    let made_on = t.created_at.clone();
                    view! {
                        <li>
                            <span class="wb-token-name">{t.name.clone()}</span>
                            " · "
                            {move || i18n.t().token_made_on}" "
                            <time datetime=t.created_at.clone()>{move || format::date(&made_on, i18n.lang()).unwrap_or_default()}</time>
                            {match t.revoked_at.clone() {
                                Some(_) => view! { " · "<span>{move || i18n.t().token_revoked}</span> }.into_any(),
                                None => view! {
                                    " "
                                    <button type="button" class="button button--secondary button--small"
                                        aria-label=move || format!("{} {}", i18n.t().token_revoke, label)
                                        on:click=move |_| revoke(id)>{move || i18n.t().token_revoke}</button>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any(),
    };
    view! {
        <section aria-labelledby="tokens-title">
            <h2 id="tokens-title">{move || i18n.t().tokens_title}</h2>
            <p>{move || i18n.t().tokens_intro}</p>
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) /> })}
            {move || made.get().map(|m| view! {
                <div class="wb-box" role="status">
                    <p>{move || i18n.t().token_secret_once}</p>
                    <p><code class="wb-secret" dir="ltr" data-testid="token-secret">{m.secret.clone()}</code></p>
                </div>
            })}
            <ErrorSummary errors=Signal::derive(move || errors.get()) />
            <form on:submit=create novalidate>
                <TextField id="token-name" label=Signal::derive(move || i18n.t().token_name.to_owned()) value=name kind=FieldKind::Text error=message_for(errors, "token-name") />
                <button type="submit" class="button">{move || i18n.t().token_create}</button>
            </form>
            {rows}
        </section>
    }
}

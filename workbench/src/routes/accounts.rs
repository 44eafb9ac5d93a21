//! `/staff/accounts`: administrators list staff accounts, create them with a role, and
//! disable or enable them (a disabled account's sessions end at once, on the server).

use crate::{
    api::Api,
    app::use_page_title,
    i18n::{role_name, use_i18n},
    routes::fields::{field_errors, message_for, Select},
    session::use_session,
    ui::{
        error::ApiError,
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError, TextField},
    },
};
use leptos::{prelude::*, task::spawn_local};
use miz_core::staff::roles::{Grant, Role};
use serde_json::json;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let session = use_session();
    use_page_title(|t| t.accounts_title.to_owned());
    let list = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.accounts().await }
        }
    });
    let username = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new("officer".to_owned());
    let unit = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let subject = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(false);
    let role_options = Signal::derive(move || Role::ALL.iter().map(|r| (r.as_str().to_owned(), role_name(i18n.t(), *r).to_owned())).collect());
    let unit_options = Signal::derive(move || {
        let lang = i18n.lang();
        std::iter::once((String::new(), i18n.t().choose_one.to_owned()))
            .chain(session.me().map(|m| m.units).unwrap_or_default().into_iter().map(|u| (u.id.clone(), u.name.get(lang.code()).to_owned())))
            .collect()
    });
    let create = {
        let api = api.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            created.set(false);
            failure.set(None);
            let r = Role::parse(&role.get_untracked()).unwrap_or(Role::Officer);
            let grant = Grant { role: r, unit: if r.is_per_unit() { unit.get_untracked() } else { String::new() } };
            // An account of the identity provider may have no password at all.
            let (pw, sub) = (password.get_untracked(), subject.get_untracked());
            let body = json!({
                "username": username.get_untracked(), "display_name": name.get_untracked(),
                "password": if pw.is_empty() && !sub.trim().is_empty() { None } else { Some(pw) },
                "roles": [grant],
                "oidc_subject": if sub.trim().is_empty() { None } else { Some(sub.trim().to_owned()) },
            });
            let api = api.clone();
            spawn_local(async move {
                match api.create_account(&body).await {
                    Ok(_) => {
                        errors.set(vec![]);
                        created.set(true);
                        for s in [username, name, password, subject] {
                            s.set(String::new());
                        }
                        list.refetch();
                    }
                    Err(e) if e.status() == Some(422) => errors.set(field_errors(
                        &e,
                        &[("username", "new-username"), ("display_name", "new-name"), ("password", "new-password"), ("roles", "new-unit"), ("oidc_subject", "new-subject")],
                    )),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let toggle = {
        let api = api.clone();
        move |a: serde_json::Value| {
            let api = api.clone();
            spawn_local(async move {
                let id = a["id"].as_i64().unwrap_or_default();
                let body = json!({ "display_name": a["display_name"], "roles": a["roles"], "disabled": !a["disabled"].as_bool().unwrap_or(false) });
                match api.update_account(id, &body).await {
                    Ok(_) => list.refetch(),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let table = move || match list.get() {
        None => view! { <p role="status">{move || i18n.t().loading}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorPanel error=e on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
        Some(Ok(accounts)) => {
            let toggle = toggle.clone();
            let rows = accounts
                .into_iter()
                .map(|a| {
                    let t = i18n.t();
                    let roles: Vec<String> = a["roles"]
                        .as_array()
                        .map(|rs| rs.iter().filter_map(|g| serde_json::from_value::<Grant>(g.clone()).ok()).map(|g| if g.unit.is_empty() { role_name(t, g.role).to_owned() } else { format!("{} ({})", role_name(t, g.role), g.unit) }).collect())
                        .unwrap_or_default();
                    let disabled = a["disabled"].as_bool().unwrap_or(false);
                    let toggle = toggle.clone();
                    let acc = a.clone();
                    view! {
                        <tr>
                            <th scope="row" data-label=t.col_username><bdi dir="ltr">{a["username"].as_str().unwrap_or("").to_owned()}</bdi></th>
                            <td data-label=t.col_name>{a["display_name"].as_str().unwrap_or("").to_owned()}</td>
                            <td data-label=t.col_roles>{roles.join("، ")}</td>
                            <td data-label=t.col_second_factor>
                                {if a["totp_enabled"].as_bool().unwrap_or(false) { t.yes } else { t.no }}
                                {a["oidc_subject"].as_str().map(|s| view! { " · "{t.sso_linked}" "<bdi dir="ltr">{s.to_owned()}</bdi> })}
                            </td>
                            <td data-label=t.col_state>
                                {if disabled { t.disabled } else { t.enabled }} " "
                                <button type="button" class="button button--secondary button--small" on:click=move |_| toggle(acc.clone())>
                                    {if disabled { t.enable } else { t.disable }}
                                </button>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="wb-table">
                    <caption class="visually-hidden">{move || i18n.t().accounts_title}</caption>
                    <thead><tr>
                        <th scope="col">{move || i18n.t().col_username}</th>
                        <th scope="col">{move || i18n.t().col_name}</th>
                        <th scope="col">{move || i18n.t().col_roles}</th>
                        <th scope="col">{move || i18n.t().col_second_factor}</th>
                        <th scope="col">{move || i18n.t().col_state}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
    };
    view! {
        <div class="wb-page">
            <h1 tabindex="-1">{move || i18n.t().accounts_title}</h1>
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) /> })}
            {table}
            <section aria-labelledby="new-account-h" class="wb-box">
                <h2 id="new-account-h">{move || i18n.t().account_new}</h2>
                {move || created.get().then(|| view! { <p class="wb-notice" role="status">{move || i18n.t().account_created}</p> })}
                <ErrorSummary errors=Signal::derive(move || errors.get()) />
                <form on:submit=create novalidate>
                    <TextField id="new-username" label=Signal::derive(move || i18n.t().username.to_owned()) value=username autocomplete="off" error=message_for(errors, "new-username") />
                    <TextField id="new-name" label=Signal::derive(move || i18n.t().display_name.to_owned()) value=name error=message_for(errors, "new-name") />
                    <Select id="new-role" label=Signal::derive(move || i18n.t().role_label.to_owned()) value=role options=role_options />
                    <Select id="new-unit" label=Signal::derive(move || i18n.t().unit_label.to_owned()) value=unit options=unit_options error=message_for(errors, "new-unit") />
                    <TextField id="new-password" label=Signal::derive(move || i18n.t().new_password.to_owned()) hint=Signal::derive(move || i18n.t().new_password_hint.to_owned()) value=password input_type="password" autocomplete="new-password" error=message_for(errors, "new-password") />
                    <TextField id="new-subject" label=Signal::derive(move || i18n.t().sso_subject.to_owned()) hint=Signal::derive(move || i18n.t().sso_subject_hint.to_owned()) value=subject autocomplete="off" error=message_for(errors, "new-subject") />
                    <button type="submit" class="button">{move || i18n.t().create_account}</button>
                </form>
            </section>
        </div>
    }
}

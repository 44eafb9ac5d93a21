//! `/staff/audit`: the audit log for administrators, newest first, filtered by action and
//! object, a page at a time, and the same view as CSV.

use crate::{
    api::{encode, Api},
    app::use_page_title,
    format,
    i18n::use_i18n,
    ui::{error_panel::ErrorPanel, form::TextField},
};
use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    use_page_title(|t| t.audit_title.to_owned());
    let action = RwSignal::new(String::new());
    let object = RwSignal::new(String::new());
    let applied = RwSignal::new((String::new(), String::new()));
    let before = RwSignal::new(None::<i64>);
    let filter_query = move || {
        let (a, o) = applied.get();
        let mut parts = Vec::new();
        if !a.trim().is_empty() {
            parts.push(format!("action={}", encode(a.trim())));
        }
        if !o.trim().is_empty() {
            parts.push(format!("object_id={}", encode(o.trim())));
        }
        parts.join("&")
    };
    let data = LocalResource::new({
        let api = api.clone();
        move || {
            let mut q = filter_query();
            if let Some(b) = before.get() {
                q = format!("{q}&before_id={b}");
            }
            let api = api.clone();
            async move { api.audit(&q).await }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        before.set(None);
        applied.set((action.get_untracked(), object.get_untracked()));
    };
    let csv = {
        let api = api.clone();
        move || api.url(&format!("staff/audit.csv?{}", filter_query()))
    };
    let table = move || match data.get() {
        None => view! { <p role="status">{move || i18n.t().loading}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorPanel error=e on_retry=Callback::new(move |_| data.refetch()) /> }.into_any(),
        Some(Ok(page)) => {
            let next = page["next_before_id"].as_i64();
            let rows = page["items"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|r| {
                    let t = i18n.t();
                    let at = r["at"].as_str().unwrap_or("").to_owned();
                    let at_attr = at.clone();
                    let object = format!("{} {}", r["object_type"].as_str().unwrap_or(""), r["object_id"].as_str().unwrap_or("")).trim().to_owned();
                    view! {
                        <tr>
                            <td data-label=t.col_at><time datetime=at_attr>{move || format::date_time(&at, i18n.lang()).unwrap_or_default()}</time></td>
                            <td data-label=t.col_actor><bdi>{r["actor"].as_str().unwrap_or("").to_owned()}</bdi></td>
                            <td data-label=t.col_action><code dir="ltr">{r["action"].as_str().unwrap_or("").to_owned()}</code></td>
                            <td data-label=t.col_object><bdi dir="ltr">{object}</bdi></td>
                            <td data-label=t.col_address><bdi dir="ltr">{r["address"].as_str().unwrap_or("").to_owned()}</bdi></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="wb-table">
                    <caption class="visually-hidden">{move || i18n.t().audit_title}</caption>
                    <thead><tr>
                        <th scope="col">{move || i18n.t().col_at}</th>
                        <th scope="col">{move || i18n.t().col_actor}</th>
                        <th scope="col">{move || i18n.t().col_action}</th>
                        <th scope="col">{move || i18n.t().col_object}</th>
                        <th scope="col">{move || i18n.t().col_address}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {next.map(|b| view! { <button type="button" class="button button--secondary" on:click=move |_| before.set(Some(b))>{move || i18n.t().audit_older}</button> })}
            }
            .into_any()
        }
    };
    view! {
        <div class="wb-page">
            <h1 tabindex="-1">{move || i18n.t().audit_title}</h1>
            <form class="wb-filters" role="search" on:submit=submit>
                <div class="wb-filters__grid">
                    <TextField id="audit-action" label=Signal::derive(move || i18n.t().audit_action.to_owned()) value=action />
                    <TextField id="audit-object" label=Signal::derive(move || i18n.t().audit_object.to_owned()) value=object />
                </div>
                <div class="wb-filters__actions">
                    <button type="submit" class="button">{move || i18n.t().apply}</button>
                    <a class="button button--secondary" href=csv download="audit-log.csv">{move || i18n.t().audit_export}</a>
                </div>
            </form>
            {table}
        </div>
    }
}

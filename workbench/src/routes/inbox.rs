//! `/staff/`: the inbox. The filters live in the address (`?status=…&deadline=overdue&q=…`),
//! so a filtered view can be reloaded, bookmarked and sent to a colleague; cases come due
//! first, a page at a time.

use crate::{
    api::{encode, Api},
    app::use_page_title,
    format,
    i18n::{deadline_name, fill, kind_name, status_name, use_i18n},
    paths,
    routes::fields::Select,
    session::use_session,
    ui::{error_panel::ErrorPanel, form::TextField},
};
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use miz_core::{
    cases::{CaseKind, CaseStatus},
    staff::api::{DeadlineState, InboxItem},
};

/// The query parameters the inbox understands, in the order the address writes them.
const PARAMS: [&str; 8] = ["status", "kind", "deadline", "assignee", "unit", "from", "to", "q"];

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    use_page_title(|t| t.inbox_title.to_owned());

    // The form's fields, filled from the address.
    let fields: Vec<(&'static str, RwSignal<String>)> = PARAMS.iter().map(|p| (*p, RwSignal::new(String::new()))).collect();
    let field = {
        let f = fields.clone();
        move |name: &str| f.iter().find(|(n, _)| *n == name).map(|(_, s)| *s).expect("a known parameter")
    };
    {
        let fields = fields.clone();
        Effect::new(move |_| {
            let q = query.get();
            for (name, sig) in &fields {
                sig.set(q.get(name).unwrap_or_default());
            }
        });
    }
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1));
    let api_query = move || {
        query.with(|q| {
            let mut parts: Vec<String> = PARAMS
                .iter()
                .filter_map(|p| q.get(p).filter(|v| !v.trim().is_empty()).map(|v| format!("{p}={}", encode(v.trim()))))
                .collect();
            parts.push(format!("page={}", page()));
            parts.push("per_page=25".into());
            parts.join("&")
        })
    };
    let data = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, q) = (api.clone(), api_query());
            async move { api.inbox(&q).await }
        }
    });
    let go = {
        let fields = fields.clone();
        let navigate = navigate.clone();
        move |page: i64| {
            let mut parts: Vec<String> = fields
                .iter()
                .filter(|(_, s)| !s.get_untracked().trim().is_empty())
                .map(|(n, s)| format!("{n}={}", encode(s.get_untracked().trim())))
                .collect();
            if page > 1 {
                parts.push(format!("page={page}"));
            }
            // The router puts its base in front of a path it navigates to.
            let url = if parts.is_empty() { "/".to_owned() } else { format!("/?{}", parts.join("&")) };
            navigate(&url, Default::default());
        }
    };
    let submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go(1);
        }
    };
    let clear = {
        let navigate = navigate.clone();
        move |_| navigate("/", Default::default())
    };
    let any = move || (String::new(), i18n.t().filter_any.to_owned());
    let status_options = Signal::derive(move || {
        let t = i18n.t();
        std::iter::once(any()).chain(CaseStatus::ALL.iter().map(|s| (s.as_str().to_owned(), status_name(t, *s).to_owned()))).collect()
    });
    let kind_options = Signal::derive(move || {
        let t = i18n.t();
        std::iter::once(any()).chain(CaseKind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_name(t, *k).to_owned()))).collect()
    });
    let deadline_options = Signal::derive(move || {
        let t = i18n.t();
        std::iter::once(any())
            .chain(
                [("overdue", DeadlineState::Overdue), ("near", DeadlineState::Near), ("on_track", DeadlineState::OnTrack), ("done", DeadlineState::Done)]
                    .iter()
                    .map(|(v, d)| (v.to_string(), deadline_name(t, *d).to_owned())),
            )
            .collect()
    });
    let assignee_options = Signal::derive(move || {
        let t = i18n.t();
        vec![any(), ("me".into(), t.assignee_me.to_owned()), ("none".into(), t.assignee_none.to_owned())]
    });
    let unit_options = Signal::derive(move || {
        let lang = i18n.lang();
        let units = session.me().map(|m| m.units).unwrap_or_default();
        std::iter::once(any()).chain(units.into_iter().map(|u| (u.id.clone(), u.name.get(lang.code()).to_owned()))).collect()
    });
    // The cases ticked on this page, with the version each was shown at.
    let selected = RwSignal::new(Vec::<(String, i64)>::new());
    let bulk_done = RwSignal::new(None::<usize>);
    let results = {
        let go = go.clone();
        move || match data.get() {
            None => view! { <p role="status">{move || i18n.t().loading}</p> }.into_any(),
            Some(Err(error)) => view! { <ErrorPanel error on_retry=Callback::new(move |_| data.refetch()) /> }.into_any(),
            Some(Ok(p)) => {
                // Past the server's counting limit the pages go on while they are full.
                let exact = p.total_exact;
                let pages = ((p.total + p.per_page - 1) / p.per_page).max(1);
                let has_next = if exact { p.page < pages } else { p.items.len() as i64 >= p.per_page };
                let lang = i18n.lang();
                let total = fill(if exact { i18n.t().total_cases } else { i18n.t().total_cases_more }, &[("n", &format::number(p.total as f64, lang))]);
                let (prev, next) = (go.clone(), go.clone());
                let current = p.page;
                view! {
                    <p class="wb-total" role="status">{total}</p>
                    {if p.items.is_empty() {
                        view! { <p>{move || i18n.t().inbox_none}</p> }.into_any()
                    } else {
                        view! {
                            <BulkBar selected on_done=Callback::new(move |n: usize| { selected.set(vec![]); bulk_done.set(Some(n)); data.refetch(); }) />
                            <CaseTable items=p.items selected />
                        }.into_any()
                    }}
                    {(current > 1 || has_next).then(|| view! {
                        <nav class="wb-pages" aria-label=move || i18n.t().pagination>
                            {(current > 1).then(|| view! { <button type="button" class="button button--secondary" on:click=move |_| prev(current - 1)>{move || i18n.t().page_prev}</button> })}
                            <span>{move || {
                                let page = format::number(current as f64, i18n.lang());
                                if exact {
                                    fill(i18n.t().page_of, &[("page", &page), ("pages", &format::number(pages as f64, i18n.lang()))])
                                } else {
                                    fill(i18n.t().page_n, &[("page", &page)])
                                }
                            }}</span>
                            {has_next.then(|| view! { <button type="button" class="button button--secondary" on:click=move |_| next(current + 1)>{move || i18n.t().page_next}</button> })}
                        </nav>
                    })}
                }
                .into_any()
            }
        }
    };
    view! {
        <div class="wb-page wb-inbox">
            <h1 tabindex="-1">{move || i18n.t().inbox_title}</h1>
            <form class="wb-filters" role="search" on:submit=submit>
                <TextField
                    id="q"
                    label=Signal::derive(move || i18n.t().search_label.to_owned())
                    hint=Signal::derive(move || i18n.t().search_hint.to_owned())
                    value=field("q")
                    input_type="search"
                />
                <details class="wb-filters__more" open=move || PARAMS[..7].iter().any(|p| query.with(|q| q.get(p).is_some_and(|v| !v.is_empty())))>
                    <summary>{move || i18n.t().filters}</summary>
                    <div class="wb-filters__grid">
                        <Select id="status" label=Signal::derive(move || i18n.t().filter_status.to_owned()) value=field("status") options=status_options />
                        <Select id="kind" label=Signal::derive(move || i18n.t().filter_kind.to_owned()) value=field("kind") options=kind_options />
                        <Select id="deadline" label=Signal::derive(move || i18n.t().filter_deadline.to_owned()) value=field("deadline") options=deadline_options />
                        <Select id="assignee" label=Signal::derive(move || i18n.t().filter_assignee.to_owned()) value=field("assignee") options=assignee_options />
                        <Select id="unit" label=Signal::derive(move || i18n.t().filter_unit.to_owned()) value=field("unit") options=unit_options />
                        <TextField id="from" label=Signal::derive(move || i18n.t().filter_from.to_owned()) value=field("from") input_type="date" />
                        <TextField id="to" label=Signal::derive(move || i18n.t().filter_to.to_owned()) value=field("to") input_type="date" />
                    </div>
                </details>
                <div class="wb-filters__actions">
                    <button type="submit" class="button">{move || i18n.t().apply}</button>
                    <button type="button" class="button button--secondary" on:click=clear>{move || i18n.t().clear}</button>
                </div>
            </form>
            {move || bulk_done.get().map(|n| view! { <p class="wb-notice" role="status">{move || fill(i18n.t().bulk_done, &[("n", &format::number(n as f64, i18n.lang()))])}</p> })}
            {results}
        </div>
    }
}

/// The cases as a table on a wide screen; each row a card on a phone (CSS).
#[component]
fn CaseTable(items: Vec<InboxItem>, selected: RwSignal<Vec<(String, i64)>>) -> impl IntoView {
    let i18n = use_i18n();
    let page: Vec<(String, i64)> = items.iter().map(|c| (c.tracking_code.clone(), c.version)).collect();
    let all_ticked = {
        let page = page.clone();
        move || !page.is_empty() && selected.with(|s| page.iter().all(|p| s.iter().any(|x| x.0 == p.0)))
    };
    let tick_all = {
        let page = page.clone();
        let all_ticked = all_ticked.clone();
        move |_| {
            if all_ticked() {
                selected.set(vec![]);
            } else {
                selected.set(page.clone());
            }
        }
    };
    let rows = items
        .into_iter()
        .map(|c| {
            let href = paths::to(&format!("/cases/{}", c.tracking_code));
            let code = c.tracking_code.clone();
            let grouped = format!("{}-{}-{}", &code.get(..4).unwrap_or(""), &code.get(4..8).unwrap_or(""), &code.get(8..).unwrap_or(""));
            let due = c.due_date.clone();
            let due_attr = due.clone();
            let created = c.created_at.clone();
            let deadline = c.deadline;
            let (kind, status, topic, assignee) = (c.kind, c.status, c.topic.clone(), c.assignee.clone());
            let (tick_code, version) = (c.tracking_code.clone(), c.version);
            let ticked = {
                let t = tick_code.clone();
                move || selected.with(|s| s.iter().any(|x| x.0 == t))
            };
            let label_code = grouped.clone();
            let toggle = move |_| {
                let t = tick_code.clone();
                selected.update(|s| match s.iter().position(|x| x.0 == t) {
                    Some(i) => {
                        s.remove(i);
                    }
                    None => s.push((t, version)),
                })
            };
            view! {
                <tr class=format!("wb-row wb-row--{}", match deadline { DeadlineState::Overdue => "overdue", DeadlineState::Near => "near", _ => "normal" })>
                    <td class="wb-tick">
                        <input
                            type="checkbox"
                            class="wb-tick__box"
                            aria-label=move || fill(i18n.t().select_case, &[("code", &format::digits(&label_code, i18n.lang()))])
                            prop:checked=ticked
                            on:change=toggle
                        />
                    </td>
                    <th scope="row" data-label=move || i18n.t().col_code>
                        <A href=href><bdi dir="ltr">{move || format::digits(&grouped, i18n.lang())}</bdi></A>
                        {c.objected.then(|| view! { " " <span class="wb-badge wb-badge--alert">{move || i18n.t().objected}</span> })}
                        {c.copy.then(|| view! { " " <span class="wb-badge">{move || i18n.t().copy_badge}</span> })}
                        {c.escalated.then(|| view! { " " <span class="wb-badge wb-badge--alert">{move || i18n.t().escalated_badge}</span> })}
                    </th>
                    <td data-label=move || i18n.t().col_kind>{move || kind_name(i18n.t(), kind)} "، " {move || topic.get(i18n.lang().code()).to_owned()}</td>
                    <td data-label=move || i18n.t().col_status>{move || status_name(i18n.t(), status)}</td>
                    <td data-label=move || i18n.t().col_due>
                        <span class="wb-deadline">{move || deadline_name(i18n.t(), deadline)}</span>
                        " "
                        <time datetime=due_attr>{move || format::date(&format!("{due}T12:00:00Z"), i18n.lang()).unwrap_or_default()}</time>
                    </td>
                    <td data-label=move || i18n.t().col_assignee>{assignee.map(|a| a.display_name).unwrap_or_else(|| "—".into())}</td>
                    <td data-label=move || i18n.t().col_filed>{move || format::date(&created, i18n.lang()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        // Above the table, not in its head: on a phone the head is hidden and rows are cards.
        <div class="checkbox wb-select-all">
            <input type="checkbox" id="select-page" class="checkbox__input" prop:checked=all_ticked on:change=tick_all />
            <label class="checkbox__label" for="select-page">{move || i18n.t().select_page}</label>
        </div>
        <table class="wb-table">
            <caption class="visually-hidden">{move || i18n.t().inbox_title}</caption>
            <thead>
                <tr>
                    <th scope="col" class="wb-tick"><span class="visually-hidden">{move || i18n.t().bulk_action}</span></th>
                    <th scope="col">{move || i18n.t().col_code}</th>
                    <th scope="col">{move || i18n.t().col_kind}</th>
                    <th scope="col">{move || i18n.t().col_status}</th>
                    <th scope="col">{move || i18n.t().col_due}</th>
                    <th scope="col">{move || i18n.t().col_assignee}</th>
                    <th scope="col">{move || i18n.t().col_filed}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// What to do with the ticked cases: take them, change their status, or answer them with a
/// template (filled for each case by the server). All of it happens or none of it does.
#[component]
fn BulkBar(selected: RwSignal<Vec<(String, i64)>>, on_done: Callback<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let session = use_session();
    let action = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<crate::ui::error::ApiError>);
    let templates = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.templates().await }
        }
    });
    let options = Signal::derive(move || {
        let t = i18n.t();
        let mut o = vec![(String::new(), t.choose_one.to_owned()), ("assign_me".to_owned(), t.bulk_assign_me.to_owned())];
        for s in [CaseStatus::InReview, CaseStatus::Closed] {
            o.push((format!("status:{}", s.as_str()), format!("{} {}", t.bulk_status, status_name(t, s))));
        }
        for tpl in templates.get().and_then(|r| r.ok()).unwrap_or_default() {
            o.push((format!("answer:{}", tpl.id), format!("{} {}", t.bulk_answer, tpl.title)));
        }
        o
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = action.get_untracked();
        let cases: Vec<serde_json::Value> = selected.get_untracked().into_iter().map(|(code, version)| serde_json::json!({ "code": code, "version": version })).collect();
        if chosen.is_empty() || cases.is_empty() {
            return;
        }
        let me = session.me().map(|m| m.id);
        let body = match chosen.split_once(':') {
            Some(("status", s)) => serde_json::json!({ "cases": cases, "action": "status", "status": s }),
            Some(("answer", id)) => serde_json::json!({ "cases": cases, "action": "answer", "template_id": id.parse::<i64>().unwrap_or_default() }),
            _ => serde_json::json!({ "cases": cases, "action": "assign", "assignee_id": me }),
        };
        let api = api.clone();
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api.bulk(&body).await {
                Ok(v) => on_done.run(v["done"].as_u64().unwrap_or_default() as usize),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        {move || (!selected.with(|s| s.is_empty())).then({
            let submit = submit.clone();
            move || view! {
            <section class="wb-box wb-bulk" aria-labelledby="bulk-h">
                <h2 id="bulk-h">{move || i18n.t().bulk_heading}</h2>
                <p role="status">{move || fill(i18n.t().bulk_selected, &[("n", &format::number(selected.with(|s| s.len()) as f64, i18n.lang()))])}</p>
                {move || failure.get().map(|e| {
                    let reasons: Vec<String> = e.field_errors().into_iter().map(|(_, m)| m).collect();
                    view! {
                        <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) in_form=true />
                        <ul class="wb-bulk__reasons">{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                    }
                })}
                <form class="wb-inline-form" on:submit=submit.clone() novalidate>
                    <Select id="bulk-action" label=Signal::derive(move || i18n.t().bulk_action.to_owned()) value=action options />
                    <button type="submit" class="button">{move || i18n.t().bulk_submit}</button>
                </form>
            </section>
        }})}
    }
}

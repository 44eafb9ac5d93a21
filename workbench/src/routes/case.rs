//! `/staff/cases/:code`: one case with everything in one place: the citizen's text and files,
//! the timeline, the deadline, internal notes, and what the officer may do with it (answer,
//! change status, assign, refer). Each change is sent with the version the officer saw; if a
//! colleague changed the case meanwhile, the server refuses and the page shows the case anew.

use crate::{
    api::Api,
    app::use_page_title,
    format,
    i18n::{deadline_name, fill, kind_name, status_name, use_i18n},
    paths,
    routes::fields::{field_errors, message_for, Select},
    session::use_session,
    ui::{
        error::ApiError,
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError, TextField},
    },
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};
use miz_core::{
    cases::CaseStatus,
    staff::api::{AnswerInput, AssignInput, Contact, ReferInput, StaffCase, StaffRef, StatusInput},
};

#[component]
pub fn CasePage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    use_page_title(move |t| fill(t.case_title, &[("code", &code())]));
    let case = RwSignal::new(None::<Result<StaffCase, ApiError>>);
    // Kept here: each change re-draws the case below, and the notice must outlive that.
    let saved = RwSignal::new(false);
    let load = {
        let api = api.clone();
        move || {
            let (api, c) = (api.clone(), code());
            spawn_local(async move {
                case.set(Some(api.case(&c).await));
            });
        }
    };
    {
        let load = load.clone();
        Effect::new(move |_| {
            let _ = code();
            case.set(None);
            saved.set(false);
            load();
        });
    }
    let reload = Callback::new(move |_| load());
    view! {
        <div class="wb-page wb-case">
            <p><A href=paths::to("/")>{move || i18n.t().back_to_inbox}</A></p>
            {move || match case.get() {
                None => view! { <p role="status">{move || i18n.t().loading}</p> }.into_any(),
                Some(Err(error)) => view! {
                    <h1 tabindex="-1">{move || fill(i18n.t().case_title, &[("code", &code())])}</h1>
                    <ErrorPanel error on_retry=reload />
                }.into_any(),
                Some(Ok(c)) => view! { <CaseView case=c saved on_change=Callback::new(move |c: StaffCase| case.set(Some(Ok(c)))) on_stale=reload /> }.into_any(),
            }}
        </div>
    }
}

fn grouped(code: &str) -> String {
    format!("{}-{}-{}", code.get(..4).unwrap_or(""), code.get(4..8).unwrap_or(""), code.get(8..).unwrap_or(""))
}

#[component]
fn CaseView(case: StaffCase, saved: RwSignal<bool>, on_change: Callback<StaffCase>, on_stale: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let c = StoredValue::new(case.clone());
    let shown = grouped(&case.tracking_code);
    let changed = Callback::new(move |c: StaffCase| {
        saved.set(true);
        on_change.run(c);
    });
    let due = case.due_date.clone();
    let facts = {
        let c = case.clone();
        move || {
            let t = i18n.t();
            let lang = i18n.lang();
            let due_text = format::date(&format!("{due}T12:00:00Z"), lang).unwrap_or_default();
            let days = fill(t.working_days, &[("n", &format::number(c.deadline_working_days as f64, lang))]);
            view! {
                <dl class="wb-facts">
                    <div><dt>{t.fact_kind}</dt><dd>{kind_name(t, c.kind)}</dd></div>
                    <div><dt>{t.fact_topic}</dt><dd>{c.topic.get(lang.code()).to_owned()}</dd></div>
                    <div><dt>{t.fact_unit}</dt><dd>{c.unit.name.get(lang.code()).to_owned()}</dd></div>
                    <div><dt>{t.fact_status}</dt><dd>{status_name(t, c.status)}</dd></div>
                    <div><dt>{t.fact_filed}</dt><dd>{format::date_time(&c.created_at, lang).unwrap_or_default()}</dd></div>
                    <div class=format!("wb-facts__due wb-facts__due--{:?}", c.deadline).to_lowercase()>
                        <dt>{t.fact_due}</dt>
                        <dd><time datetime=c.due_date.clone()>{due_text}</time> " (" {days} ") — " <strong>{deadline_name(t, c.deadline)}</strong></dd>
                    </div>
                    <div><dt>{t.fact_assignee}</dt><dd>{c.assignee.as_ref().map(|a| a.display_name.clone()).unwrap_or_else(|| t.nobody.to_owned())}</dd></div>
                </dl>
            }
        }
    };
    let text = case.description.split('\n').filter(|p| !p.trim().is_empty()).map(|p| view! { <p>{p.to_owned()}</p> }).collect_view();
    let api = expect_context::<Api>();
    let attachments = (!case.attachments.is_empty()).then(|| {
        let list = case
            .attachments
            .iter()
            .map(|a| {
                let url = api.url(&format!("staff/cases/{}/attachments/{}", case.tracking_code, crate::api::encode(&a.id)));
                let name = a.name.clone();
                if a.content_type.starts_with("image/") {
                    view! { <li><figure><img src=url.clone() alt=name.clone() loading="lazy" /><figcaption><a href=url target="_blank" rel="noopener">{name}</a></figcaption></figure></li> }.into_any()
                } else {
                    view! { <li><a href=url target="_blank" rel="noopener">{name}</a></li> }.into_any()
                }
            })
            .collect_view();
        view! { <section aria-labelledby="attachments-h"><h2 id="attachments-h">{move || i18n.t().attachments}</h2><ul class="wb-attachments">{list}</ul></section> }
    });
    let timeline = case
        .timeline
        .iter()
        .map(|e| {
            let (status, at, unit, note) = (e.status, e.at.clone(), e.unit.clone(), e.note.clone());
            let at_attr = at.clone();
            view! {
                <li>
                    <strong>{move || status_name(i18n.t(), status)}</strong>
                    " — " <time datetime=at_attr>{move || format::date_time(&at, i18n.lang()).unwrap_or_default()}</time>
                    " — " {move || unit.name.get(i18n.lang().code()).to_owned()}
                    {note.map(|n| view! { <p class="wb-note-text">{n}</p> })}
                </li>
            }
        })
        .collect_view();
    let answer = case.answer.clone().map(|a| {
        view! {
            <section aria-labelledby="answer-sent-h" class="wb-box">
                <h2 id="answer-sent-h">{move || i18n.t().current_answer}</h2>
                <p class="wb-note-text">{a.text}</p>
            </section>
        }
    });
    let objection = case.objection.clone().map(|o| {
        view! {
            <section aria-labelledby="objection-h" class="wb-box wb-box--alert">
                <h2 id="objection-h">{move || i18n.t().objection}</h2>
                <p class="wb-note-text">{o}</p>
            </section>
        }
    });
    let can = case.can;
    view! {
        <h1 tabindex="-1">{move || fill(i18n.t().case_title, &[("code", &format::digits(&shown, i18n.lang()))])}</h1>
        {move || saved.get().then(|| view! { <p class="wb-notice" role="status">{move || i18n.t().changed_saved}</p> })}
        <div class="wb-case__grid">
            <div class="wb-case__main">
                <section aria-labelledby="facts-h">
                    <h2 id="facts-h" class="visually-hidden">{move || i18n.t().case_facts}</h2>
                    {facts}
                </section>
                <section aria-labelledby="text-h" class="wb-box">
                    <h2 id="text-h">{move || i18n.t().citizen_text}</h2>
                    <div class="wb-citizen-text">{text}</div>
                </section>
                {attachments}
                {objection}
                {answer}
                {(can.contact && case.has_contact).then(|| view! { <ContactBox code=case.tracking_code.clone() /> })}
                <section aria-labelledby="timeline-h">
                    <h2 id="timeline-h">{move || i18n.t().timeline}</h2>
                    <ol class="wb-timeline">{timeline}</ol>
                </section>
                <Notes case=c />
            </div>
            <div class="wb-case__actions">
                {can.handle.then(|| view! { <AnswerForm case=c on_done=changed on_stale /> })}
                {can.handle.then(|| view! { <StatusForm case=c on_done=changed on_stale /> })}
                {can.assign.then(|| view! { <AssignForm case=c on_done=changed on_stale /> })}
                {can.refer.then(|| view! { <ReferForm case=c on_done=changed on_stale /> })}
            </div>
        </div>
    }
}

/// The citizen's mobile and name, shown only when asked for (each view is recorded).
#[component]
fn ContactBox(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let contact = RwSignal::new(None::<Result<Contact, ApiError>>);
    let show = move |_| {
        let (api, code) = (api.clone(), code.clone());
        spawn_local(async move { contact.set(Some(api.contact(&code).await)) });
    };
    view! {
        <section aria-labelledby="contact-h" class="wb-box">
            <h2 id="contact-h">{move || i18n.t().contact_heading}</h2>
            {move || match contact.get() {
                None => view! {
                    <p class="field__hint">{move || i18n.t().contact_audited}</p>
                    <button type="button" class="button button--secondary" on:click=show.clone()>{move || i18n.t().contact_show}</button>
                }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel error=e on_retry=Callback::new(move |_| contact.set(None)) /> }.into_any(),
                Some(Ok(c)) => view! {
                    <dl class="wb-facts">
                        {c.mobile.map(|m| view! { <div><dt>{move || i18n.t().contact_mobile}</dt><dd><bdi dir="ltr">{move || format::digits(&m, i18n.lang())}</bdi></dd></div> })}
                        {c.name.map(|n| view! { <div><dt>{move || i18n.t().contact_name}</dt><dd>{n}</dd></div> })}
                    </dl>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Notes(case: StoredValue<StaffCase>) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let notes = RwSignal::new(case.with_value(|c| c.notes.clone()));
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let code = case.with_value(|c| c.tracking_code.clone());
    let can = case.with_value(|c| c.can.handle);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if text.get_untracked().trim().is_empty() {
            errors.set(vec![FieldError { field_id: "note".into(), message: i18n.t().need_text.into() }]);
            return;
        }
        errors.set(vec![]);
        let (api, code, body) = (api.clone(), code.clone(), text.get_untracked());
        spawn_local(async move {
            match api.add_note(&code, &body).await {
                Ok(n) => {
                    notes.update(|list| list.push(n));
                    text.set(String::new());
                }
                Err(e) if e.status() == Some(422) => errors.set(field_errors(&e, &[("text", "note")])),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <section aria-labelledby="notes-h" class="wb-box wb-box--internal">
            <h2 id="notes-h">{move || i18n.t().notes_heading}</h2>
            <p class="field__hint">{move || i18n.t().notes_private}</p>
            {move || {
                let list = notes.get();
                if list.is_empty() {
                    view! { <p>{move || i18n.t().notes_none}</p> }.into_any()
                } else {
                    list.into_iter()
                        .map(|n| {
                            let at = n.at.clone();
                            let at_attr = at.clone();
                            view! {
                                <article class="wb-note">
                                    <p class="wb-note__meta">{n.author.display_name} " — " <time datetime=at_attr>{move || format::date_time(&at, i18n.lang()).unwrap_or_default()}</time></p>
                                    <p class="wb-note-text">{n.text}</p>
                                </article>
                            }
                        })
                        .collect_view()
                        .into_any()
                }
            }}
            {can.then(|| view! {
                <form on:submit=submit novalidate>
                    {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) in_form=true /> })}
                    <TextField id="note" label=Signal::derive(move || i18n.t().note_label.to_owned()) value=text multiline=true error=message_for(errors, "note") />
                    <button type="submit" class="button button--secondary">{move || i18n.t().note_submit}</button>
                </form>
            })}
        </section>
    }
}

/// Runs a change; a 409 (the case changed meanwhile) reloads the case, a 422 names fields.
fn run_change(
    fut: impl std::future::Future<Output = Result<StaffCase, ApiError>> + 'static,
    on_done: Callback<StaffCase>,
    on_stale: Callback<()>,
    errors: RwSignal<Vec<FieldError>>,
    failure: RwSignal<Option<ApiError>>,
    ids: &'static [(&'static str, &'static str)],
) {
    spawn_local(async move {
        match fut.await {
            Ok(c) => on_done.run(c),
            Err(e) if e.status() == Some(409) => {
                failure.set(Some(e));
                on_stale.run(());
            }
            Err(e) if e.status() == Some(422) => errors.set(field_errors(&e, ids)),
            Err(e) => failure.set(Some(e)),
        }
    });
}

#[component]
fn AnswerForm(case: StoredValue<StaffCase>, on_done: Callback<StaffCase>, on_stale: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    // Templates for this case's type and status, already filled for it; choosing one puts its
    // text in the answer, to be edited before sending.
    let templates = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, code) = (api.clone(), case.with_value(|c| c.tracking_code.clone()));
            async move { api.case_templates(&code).await }
        }
    });
    let chosen = RwSignal::new(String::new());
    Effect::new(move |_| {
        let id = chosen.get();
        if id.is_empty() {
            return;
        }
        if let Some(Ok(list)) = templates.get_untracked() {
            if let Some(t) = list.iter().find(|t| t.id.to_string() == id) {
                text.set(t.text.clone());
            }
        }
    });
    let template_options = Signal::derive(move || {
        let list = templates.get().and_then(|r| r.ok()).unwrap_or_default();
        std::iter::once((String::new(), i18n.t().template_none.to_owned())).chain(list.into_iter().map(|t| (t.id.to_string(), t.title))).collect::<Vec<_>>()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if text.get_untracked().trim().is_empty() {
            errors.set(vec![FieldError { field_id: "answer".into(), message: i18n.t().need_text.into() }]);
            return;
        }
        errors.set(vec![]);
        failure.set(None);
        let (code, version) = case.with_value(|c| (c.tracking_code.clone(), c.version));
        let api = api.clone();
        let input = AnswerInput { text: text.get_untracked(), version };
        run_change(async move { api.answer(&code, &input).await }, on_done, on_stale, errors, failure, &[("text", "answer")]);
    };
    view! {
        <section aria-labelledby="answer-h" class="wb-box">
            <h2 id="answer-h">{move || i18n.t().answer_heading}</h2>
            <ErrorSummary errors=Signal::derive(move || errors.get()) />
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) in_form=true /> })}
            <form on:submit=submit novalidate>
                {move || (template_options.with(|o| o.len()) > 1).then(|| view! {
                    <Select id="template" label=Signal::derive(move || i18n.t().template_label.to_owned()) value=chosen options=template_options />
                })}
                <TextField
                    id="answer"
                    label=Signal::derive(move || i18n.t().answer_label.to_owned())
                    hint=Signal::derive(move || i18n.t().answer_hint.to_owned())
                    value=text
                    multiline=true
                    error=message_for(errors, "answer")
                />
                <button type="submit" class="button">{move || i18n.t().answer_submit}</button>
            </form>
        </section>
    }
}

#[component]
fn StatusForm(case: StoredValue<StaffCase>, on_done: Callback<StaffCase>, on_stale: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let status = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let current = case.with_value(|c| c.status);
    let options = Signal::derive(move || {
        let t = i18n.t();
        std::iter::once((String::new(), t.choose_one.to_owned()))
            .chain(
                [CaseStatus::InReview, CaseStatus::AwaitingCitizen, CaseStatus::Closed, CaseStatus::Reopened, CaseStatus::Routed]
                    .into_iter()
                    .filter(|s| *s != current)
                    .map(|s| (s.as_str().to_owned(), status_name(t, s).to_owned())),
            )
            .collect()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(s) = CaseStatus::parse(&status.get_untracked()) else {
            errors.set(vec![FieldError { field_id: "new-status".into(), message: i18n.t().choose_one.into() }]);
            return;
        };
        errors.set(vec![]);
        failure.set(None);
        let (code, version) = case.with_value(|c| (c.tracking_code.clone(), c.version));
        let n = note.get_untracked();
        let input = StatusInput { status: s, note: (!n.trim().is_empty()).then_some(n), version };
        let api = api.clone();
        run_change(async move { api.set_status(&code, &input).await }, on_done, on_stale, errors, failure, &[("status", "new-status"), ("note", "status-note")]);
    };
    view! {
        <section aria-labelledby="status-h" class="wb-box">
            <h2 id="status-h">{move || i18n.t().status_heading}</h2>
            <ErrorSummary errors=Signal::derive(move || errors.get()) />
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) in_form=true /> })}
            <form on:submit=submit novalidate>
                <Select id="new-status" label=Signal::derive(move || i18n.t().status_label.to_owned()) value=status options error=message_for(errors, "new-status") />
                <TextField id="status-note" label=Signal::derive(move || i18n.t().status_note.to_owned()) value=note optional=true multiline=true error=message_for(errors, "status-note") />
                <button type="submit" class="button button--secondary">{move || i18n.t().status_submit}</button>
            </form>
        </section>
    }
}

#[component]
fn AssignForm(case: StoredValue<StaffCase>, on_done: Callback<StaffCase>, on_stale: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let choice = RwSignal::new(case.with_value(|c| c.assignee.as_ref().map(|a| a.id.to_string()).unwrap_or_default()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let people = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, code) = (api.clone(), case.with_value(|c| c.tracking_code.clone()));
            async move { api.assignees(&code).await }
        }
    });
    let options = Signal::derive(move || {
        let list: Vec<StaffRef> = people.get().and_then(|r| r.ok()).unwrap_or_default();
        std::iter::once((String::new(), i18n.t().nobody.to_owned())).chain(list.into_iter().map(|p| (p.id.to_string(), p.display_name))).collect()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(vec![]);
        failure.set(None);
        let (code, version) = case.with_value(|c| (c.tracking_code.clone(), c.version));
        let input = AssignInput { assignee_id: choice.get_untracked().parse().ok(), version };
        let api = api.clone();
        run_change(async move { api.assign(&code, &input).await }, on_done, on_stale, errors, failure, &[("assignee_id", "assignee")]);
    };
    view! {
        <section aria-labelledby="assign-h" class="wb-box">
            <h2 id="assign-h">{move || i18n.t().assign_heading}</h2>
            <ErrorSummary errors=Signal::derive(move || errors.get()) />
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) in_form=true /> })}
            <form on:submit=submit novalidate>
                <Select id="assignee" label=Signal::derive(move || i18n.t().assign_label.to_owned()) value=choice options error=message_for(errors, "assignee") />
                <button type="submit" class="button button--secondary">{move || i18n.t().assign_submit}</button>
            </form>
        </section>
    }
}

#[component]
fn ReferForm(case: StoredValue<StaffCase>, on_done: Callback<StaffCase>, on_stale: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let session = use_session();
    let unit = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let copies = RwSignal::new(Vec::<String>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let here = case.with_value(|c| c.unit.id.clone());
    let units = move || session.me().map(|m| m.units).unwrap_or_default();
    let options = {
        let here = here.clone();
        Signal::derive(move || {
            let lang = i18n.lang();
            std::iter::once((String::new(), i18n.t().choose_one.to_owned()))
                .chain(units().into_iter().filter(|u| u.id != here).map(|u| (u.id.clone(), u.name.get(lang.code()).to_owned())))
                .collect()
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = i18n.t();
        let mut list = Vec::new();
        if unit.get_untracked().is_empty() {
            list.push(FieldError { field_id: "refer-unit".into(), message: t.choose_one.into() });
        }
        if reason.get_untracked().trim().is_empty() {
            list.push(FieldError { field_id: "refer-reason".into(), message: t.need_text.into() });
        }
        failure.set(None);
        errors.set(list.clone());
        if !list.is_empty() {
            return;
        }
        let (code, version) = case.with_value(|c| (c.tracking_code.clone(), c.version));
        let input = ReferInput { unit_id: unit.get_untracked(), reason: reason.get_untracked(), copies: copies.get_untracked(), version };
        let api = api.clone();
        run_change(
            async move { api.refer(&code, &input).await },
            on_done,
            on_stale,
            errors,
            failure,
            &[("unit_id", "refer-unit"), ("reason", "refer-reason"), ("copies", "refer-unit")],
        );
    };
    let copy_boxes = {
        let here = here.clone();
        move || {
            let lang = i18n.lang();
            units()
                .into_iter()
                .filter(|u| u.id != here)
                .map(|u| {
                    let id = format!("copy-{}", u.id);
                    let value = u.id.clone();
                    let v2 = value.clone();
                    view! {
                        <div class="checkbox">
                            <input
                                type="checkbox"
                                class="checkbox__input"
                                id=id.clone()
                                prop:checked=move || copies.with(|c| c.contains(&v2))
                                on:change=move |_| copies.update(|c| if let Some(i) = c.iter().position(|x| *x == value) { c.remove(i); } else { c.push(value.clone()); })
                            />
                            <label class="checkbox__label" for=id>{u.name.get(lang.code()).to_owned()}</label>
                        </div>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <section aria-labelledby="refer-h" class="wb-box">
            <h2 id="refer-h">{move || i18n.t().refer_heading}</h2>
            <ErrorSummary errors=Signal::derive(move || errors.get()) />
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) in_form=true /> })}
            <form on:submit=submit novalidate>
                <Select id="refer-unit" label=Signal::derive(move || i18n.t().refer_unit.to_owned()) value=unit options error=message_for(errors, "refer-unit") />
                <TextField id="refer-reason" label=Signal::derive(move || i18n.t().refer_reason.to_owned()) value=reason multiline=true error=message_for(errors, "refer-reason") />
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{move || i18n.t().refer_copies}</legend>
                    {copy_boxes}
                </fieldset>
                <button type="submit" class="button button--secondary">{move || i18n.t().refer_submit}</button>
            </form>
        </section>
    }
}

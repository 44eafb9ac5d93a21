//! `/track` and `/track/{code}`: a case by its tracking code and second factor. A mistyped code
//! is caught by its check digit here, before any request.

use crate::{
    api::{Api, ApiError, SecondFactor},
    app::use_page_title,
    components::{
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError, FieldKind, TextField},
    },
    format,
    i18n::{use_i18n, Msgs},
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_params_map;
use miz_core::{
    cases::{CaseStatus, CaseView},
    mobile::Mobile,
    tracking::{CheckDigit, TrackingCode},
};

pub fn status_name(t: &Msgs, s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Received => t.st_received,
        CaseStatus::Routed => t.st_routed,
        CaseStatus::InReview => t.st_in_review,
        CaseStatus::Answered => t.st_answered,
        CaseStatus::Closed => t.st_closed,
        CaseStatus::Reopened => t.st_reopened,
        CaseStatus::AwaitingCitizen => t.st_awaiting_citizen,
    }
}

#[derive(Clone, PartialEq)]
enum Lookup {
    Idle,
    Loading,
    Found(CaseView, SecondFactor),
    Failed(ApiError),
}

#[component]
pub fn TrackPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let agency = crate::app::use_agency();
    use_page_title(|t| t.track_title);
    let params = use_params_map();
    let code = RwSignal::new(params.get_untracked().get("code").unwrap_or_default());
    let mobile = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let use_key = RwSignal::new(false);
    let code_error = RwSignal::new(None::<String>);
    let factor_error = RwSignal::new(None::<String>);
    let lookup = RwSignal::new(Lookup::Idle);

    let run = {
        let api = api.clone();
        move |c: String, f: SecondFactor| {
            let api = api.clone();
            lookup.set(Lookup::Loading);
            spawn_local(async move {
                lookup.set(match api.case(&c, &f).await {
                    Ok(v) => Lookup::Found(v, f),
                    Err(e) => Lookup::Failed(e),
                });
            });
        }
    };
    let run = StoredValue::new(run);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        // The check digit is verified only when the agency says its codes carry one; any
        // other backend's 12 digits go to the backend, which alone knows its codes.
        let parsed = TrackingCode::parse_with(&code.get_untracked(), agency.code_check());
        code_error.set(parsed.as_ref().err().map(|e| lang.pick(|| e.message_fa(), || e.message_en())));
        let factor = if use_key.get_untracked() {
            let k = key.get_untracked();
            if k.trim().is_empty() {
                Err(i18n.t().key_required.to_owned())
            } else {
                Ok(SecondFactor::AccessKey(k.trim().to_owned()))
            }
        } else {
            Mobile::parse(&mobile.get_untracked())
                .map(|m| SecondFactor::Mobile(m.as_str().to_owned()))
                .map_err(|e| lang.pick(|| e.message_fa(), || e.message_en()).to_owned())
        };
        factor_error.set(factor.as_ref().err().cloned());
        if let (Ok(c), Ok(f)) = (parsed, factor) {
            (run.get_value())(c.as_str().to_owned(), f);
        }
    };
    let errors = Signal::derive(move || {
        let mut v = Vec::new();
        if let Some(m) = code_error.get() {
            v.push(FieldError { field_id: "code".into(), message: m });
        }
        if let Some(m) = factor_error.get() {
            v.push(FieldError { field_id: if use_key.get() { "key".into() } else { "mobile".into() }, message: m });
        }
        v
    });
    let result = move || match lookup.get() {
        Lookup::Idle => ().into_any(),
        Lookup::Loading => view! { <crate::components::loading::Loading /> }.into_any(),
        Lookup::Failed(e) => view! {
            <ErrorPanel error=e on_retry=Callback::new(move |_| lookup.set(Lookup::Idle)) in_form=true />
        }
        .into_any(),
        Lookup::Found(view, factor) => view! { <CaseDetails case=view factor lookup_set=lookup.write_only() /> }.into_any(),
    };
    view! {
        <div class="page track">
            <h1 tabindex="-1">{i18n.text(|m| m.track_title)}</h1>
            <RememberedCases code use_key key />
            // A link or a reload brings the code but never the second factor: say why it is asked.
            {(!code.get_untracked().trim().is_empty()).then(|| view! { <p class="field__hint">{i18n.text(|m| m.track_factor_again)}</p> })}
            <form novalidate on:submit=submit>
                <ErrorSummary errors />
                <TextField
                    id="code"
                    label=Signal::derive(move || i18n.t().code_label.to_owned())
                    hint=Signal::derive(move || i18n.t().code_hint.to_owned())
                    value=code
                    error=code_error
                    kind=FieldKind::Digits
                    autocomplete="off"
                />
                <div class="field checkbox">
                    <input
                        id="use-key"
                        class="checkbox__input"
                        type="checkbox"
                        prop:checked=move || use_key.get()
                        on:change=move |ev| {
                            use_key.set(event_target_checked(&ev));
                            factor_error.set(None);
                        }
                    />
                    <label class="checkbox__label" for="use-key">{i18n.text(|m| m.use_key)}</label>
                </div>
                <Show
                    when=move || use_key.get()
                    fallback=move || view! {
                        <TextField
                            id="mobile"
                            label=Signal::derive(move || i18n.t().mobile_label.to_owned())
                            hint=Signal::derive(move || i18n.t().track_mobile_hint.to_owned())
                            value=mobile
                            error=factor_error
                            kind=FieldKind::Digits
                            input_type="tel"
                            autocomplete="tel"
                        />
                    }
                >
                    <TextField
                        id="key"
                        label=Signal::derive(move || i18n.t().key_label.to_owned())
                        value=key
                        error=factor_error
                        autocomplete="off"
                    />
                </Show>
                <button type="submit" class="button" disabled=move || lookup.get() == Lookup::Loading>
                    {i18n.text(|m| m.track_submit)}
                </button>
            </form>
            <div aria-live="polite">{result}</div>
        </div>
    }
}

#[component]
fn CaseDetails(case: CaseView, factor: SecondFactor, lookup_set: WriteSignal<Lookup>) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let code = TrackingCode::parse_with(&case.tracking_code, CheckDigit::None).map(|c| c.grouped()).unwrap_or_else(|_| case.tracking_code.clone());
    let events = case
        .timeline
        .iter()
        .map(|e| {
            let (status, at, unit, note) = (e.status, e.at.clone(), e.unit.clone(), e.note.clone());
            let datetime = at.clone();
            view! {
                <li class="timeline__item">
                    <p class="timeline__status">{move || status_name(i18n.t(), status)}</p>
                    <p class="timeline__meta">
                        <time datetime=datetime>{move || format::date_time(&at, i18n.lang()).unwrap_or_default()}</time>
                        " — "
                        {move || unit.name.get(i18n.lang().code()).to_owned()}
                    </p>
                    {note.map(|n| view! { <p class="timeline__note">{n}</p> })}
                </li>
            }
        })
        .collect_view();
    let status = case.status;
    // A date, not a moment: read at noon UTC so that it is the same day on any clock.
    let due = case.due_date.clone().filter(|d| d.len() == 10).map(|d| {
        let noon = format!("{d}T12:00:00Z");
        view! {
            <p class="case__due">
                {i18n.text(|m| m.due_label)} ": " <time datetime=d.clone()>{move || format::date(&noon, i18n.lang()).unwrap_or_default()}</time>
            </p>
        }
    });
    let message = case.description.split('\n').filter(|p| !p.trim().is_empty()).map(|p| view! { <p>{p.to_owned()}</p> }).collect_view();
    let answer = case.answer.clone().map(|a| {
        let datetime = a.at.clone();
        let paragraphs = a.text.split('\n').filter(|p| !p.trim().is_empty()).map(|p| view! { <p>{p.to_owned()}</p> }).collect_view();
        view! {
            <section class="answer-box" aria-labelledby="answer-heading">
                <h2 id="answer-heading">{i18n.text(|m| m.answer_heading)}</h2>
                <p class="timeline__meta"><time datetime=datetime>{move || format::date_time(&a.at, i18n.lang()).unwrap_or_default()}</time></p>
                {paragraphs}
            </section>
        }
    });
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let object_state = RwSignal::new(None::<ApiError>);
    let tracking = case.tracking_code.clone();
    let object = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked();
        if miz_core::cases::text_len(&r) < 10 {
            reason_error.set(Some(i18n.t().object_short.to_owned()));
            return;
        }
        reason_error.set(None);
        let (api, code, factor) = (api.clone(), tracking.clone(), factor.clone());
        spawn_local(async move {
            match api.object(&code, &factor, &r).await {
                Ok(v) => lookup_set.set(Lookup::Found(v, factor)),
                Err(e) => object_state.set(Some(e)),
            }
        });
    };
    let objection = case.can_object.then(|| {
        view! {
            <section class="objection" aria-labelledby="object-heading">
                <h2 id="object-heading">{i18n.text(|m| m.object_heading)}</h2>
                <p>{i18n.text(|m| m.object_hint)}</p>
                <form novalidate on:submit=object>
                    <TextField
                        id="reason"
                        multiline=true
                        label=Signal::derive(move || i18n.t().object_label.to_owned())
                        value=reason
                        error=reason_error
                    />
                    {move || object_state.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| object_state.set(None)) in_form=true /> })}
                    <button type="submit" class="button">{i18n.text(|m| m.object_submit)}</button>
                </form>
            </section>
        }
    });
    view! {
        <section class="case" aria-labelledby="case-heading">
            <h2 id="case-heading">
                {i18n.text(|m| m.tracking_code)} " " <bdi dir="ltr">{move || format::digits(&code, i18n.lang())}</bdi>
            </h2>
            <p class="case__status">
                {i18n.text(|m| m.status_label)} ": " <strong>{move || status_name(i18n.t(), status)}</strong>
            </p>
            {due}
            <h3>{i18n.text(|m| m.your_message)}</h3>
            <div class="case__message">{message}</div>
            <h3>{i18n.text(|m| m.timeline)}</h3>
            <ol class="timeline">{events}</ol>
            {answer}
            {objection}
        </section>
    }
}

/// The codes this citizen chose to remember on this device: a tap fills the form (with the
/// access key of an anonymous case), another forgets it.
#[component]
fn RememberedCases(code: RwSignal<String>, use_key: RwSignal<bool>, key: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(crate::remembered::all());
    move || {
        let items = list.get();
        (!items.is_empty()).then(|| {
            let rows = items
                .into_iter()
                .map(|r| {
                    let shown = TrackingCode::parse_with(&r.code, CheckDigit::None).map(|c| c.grouped()).unwrap_or_else(|_| r.code.clone());
                    let label = shown.clone();
                    let (fill_code, fill_key, forget_code) = (r.code.clone(), r.key.clone(), r.code.clone());
                    view! {
                        <li class="remembered__item">
                            <button type="button" class="button button--secondary" on:click=move |_| {
                                code.set(fill_code.clone());
                                use_key.set(fill_key.is_some());
                                key.set(fill_key.clone().unwrap_or_default());
                            }>
                                <span dir="ltr">{move || format::digits(&label, i18n.lang())}</span>
                            </button>
                            <button
                                type="button"
                                class="button button--secondary"
                                aria-label=move || crate::i18n::fill(i18n.t().forget_code, &[("code", &format::digits(&shown, i18n.lang()))])
                                on:click=move |_| {
                                    crate::remembered::forget(&forget_code);
                                    list.set(crate::remembered::all());
                                }
                            >
                                {i18n.text(|m| m.forget)}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="remembered" aria-labelledby="remembered-heading">
                    <h2 id="remembered-heading">{i18n.text(|m| m.remembered_heading)}</h2>
                    <ul class="remembered__list">{rows}</ul>
                </section>
            }
        })
    }
}

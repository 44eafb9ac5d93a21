use super::{href, StepShell, WithTypes};
use crate::{
    api::{Api, ApiError},
    app::use_page_title,
    case_wizard::{use_wizard, SendState},
    components::{
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError},
    },
    format,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use miz_core::cases::CaseTypes;

#[component]
pub fn CheckPage() -> impl IntoView {
    use_page_title(|t| t.q_check);
    let w = use_wizard();
    let d = w.draft.get_untracked();
    // Someone arriving here with nothing to check (or after sending) starts again.
    if d.kind.is_none() || d.topic_id.is_none() {
        if w.receipt.get_untracked().is_some() && d.is_empty() {
            return view! { <Redirect path=href("sent") /> }.into_any();
        }
        return view! { <Redirect path=href("type") /> }.into_any();
    }
    view! {
        <StepShell step="check">
            <WithTypes view=|types: CaseTypes| view! { <Summary types /> } />
        </StepShell>
    }
    .into_any()
}

/// Which step a server-side field problem belongs to.
fn step_of(field: &str) -> &'static str {
    match field {
        "kind" => "type",
        "topic_id" => "topic",
        "description" => "description",
        "attachments" => "attachments",
        _ => "contact",
    }
}

#[component]
fn Summary(types: CaseTypes) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let api = expect_context::<Api>();
    let row = move |label: &'static str, value: AnyView, step: &'static str| {
        let change_href = format!("{}?return=check", href(step));
        let change_id = format!("change-{step}");
        view! {
            <div class="summary__row">
                <dt class="summary__key">{label}</dt>
                <dd class="summary__value">{value}</dd>
                <dd class="summary__action">
                    <A href=change_href attr:id=change_id>{i18n.text(|m| m.change)} <span class="visually-hidden">{format!(" {label}")}</span></A>
                </dd>
            </div>
        }
    };
    let summary = move || {
        let d = w.draft.get();
        let t = i18n.t();
        let lang = i18n.lang().code();
        let ty = types.types.iter().find(|x| Some(x.kind) == d.kind);
        let kind = ty.map(|x| x.name.get(lang).to_owned()).unwrap_or_default();
        let topic = ty
            .and_then(|x| x.topics.iter().find(|tp| Some(&tp.id) == d.topic_id.as_ref()))
            .map(|tp| tp.name.get(lang).to_owned())
            .unwrap_or_default();
        let files = if d.attachments.is_empty() {
            t.no_attachments.to_owned()
        } else {
            d.attachments.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join("، ")
        };
        let contact = if d.anonymous {
            t.anonymous_value.to_owned()
        } else {
            let m = format::digits(d.mobile.trim(), i18n.lang());
            let n = d.name.trim();
            if n.is_empty() { m } else { format!("{n} — {m}") }
        };
        let paragraphs = d.description.split('\n').filter(|p| !p.trim().is_empty()).map(|p| view! { <p>{p.to_owned()}</p> }).collect_view();
        view! {
            <dl class="summary">
                {row(t.label_kind, kind.into_any(), "type")}
                {row(t.label_topic, topic.into_any(), "topic")}
                {row(t.label_description, paragraphs.into_any(), "description")}
                {row(t.label_attachments, view! { <span dir="auto">{files}</span> }.into_any(), "attachments")}
                {row(t.label_contact, view! { <bdi>{contact}</bdi> }.into_any(), "contact")}
            </dl>
        }
    };
    let send_api = api.clone();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        w.send(send_api.clone());
    };
    let field_errors = Signal::derive(move || match w.state.get() {
        SendState::Failed(e) => e
            .field_errors()
            .into_iter()
            .map(|(field, message)| FieldError { field_id: format!("change-{}", step_of(&field)), message })
            .collect(),
        _ => Vec::new(),
    });
    let status = move || match w.state.get() {
        SendState::Waiting => {
            let api = api.clone();
            view! {
                <div class="notice notice--waiting" role="status">
                    <h2>{i18n.text(|m| m.pending_title)}</h2>
                    <p>{i18n.text(|m| m.pending_body)}</p>
                    <button type="button" class="button button--secondary" on:click=move |_| w.send(api.clone())>
                        {i18n.text(|m| m.retry_now)}
                    </button>
                </div>
            }
            .into_any()
        }
        SendState::Failed(e) if e.field_errors().is_empty() => {
            let api = api.clone();
            let e: ApiError = e;
            view! { <ErrorPanel error=e on_retry=Callback::new(move |_| w.send(api.clone())) in_form=true /> }.into_any()
        }
        _ => ().into_any(),
    };
    view! {
        <h1 tabindex="-1">{i18n.text(|m| m.q_check)}</h1>
        <ErrorSummary errors=field_errors />
        {summary}
        {status}
        <form novalidate on:submit=send>
            <button
                type="submit"
                class="button"
                disabled=move || matches!(w.state.get(), SendState::Sending | SendState::Waiting)
            >
                {move || if w.state.get() == SendState::Sending { i18n.t().sending } else { i18n.t().send }}
            </button>
        </form>
    }
}

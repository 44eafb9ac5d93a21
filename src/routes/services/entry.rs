//! `/services/{id}`: one service, everything a citizen needs before going, its satisfaction
//! score, and the rating form (once per browser; what was typed survives a reload).

use super::{channel_name, cost, duration, rating_label, score};
use crate::{
    api::{Api, ApiError},
    components::{
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError, TextField},
        loading::Loading,
    },
    format,
    i18n::use_i18n,
    storage::{self, client_id},
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};
use miz_core::services::{validate, NewRating, Satisfaction, Service};
use miz_core::json::FromJson;
use serde::Serialize;

#[component]
pub fn ServicePage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").unwrap_or_default());
    let data = crate::resource::ErasedResource::new(move || {
        let api = api.clone();
        let id = id.get();
        async move { api.service(&id).await }
    });
    let body = move || match data.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(ApiError::Problem(p))) if p.status == 404 => view! {
            <h1 tabindex="-1">{i18n.text(|m| m.services_title)}</h1>
            <p role="alert">{i18n.text(|m| m.service_missing)}</p>
            <p><A href=crate::paths::to("/services")>{i18n.text(|m| m.services_back)}</A></p>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <h1 tabindex="-1">{i18n.text(|m| m.services_title)}</h1>
            <ErrorPanel error on_retry=Callback::new(move |_| data.refetch()) />
        }
        .into_any(),
        Some(Ok(s)) => view! { <ServiceView service=s /> }.into_any(),
    };
    view! { <div class="page service-page">{body}</div> }
}

#[component]
fn ServiceView(service: Service) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(service);
    let text = move |f: fn(&Service) -> &miz_core::api::Localized| move || s.with_value(|s| f(s).get(i18n.lang().code()).to_owned());
    let title = text(|s| &s.name);
    Effect::new(move |_| crate::embed::set_title(&format!("{} | {}", title(), i18n.t().services_title)));
    let satisfaction = RwSignal::new(s.with_value(|s| s.satisfaction.clone()));
    let channels = s.with_value(|s| s.channels.clone()).into_iter().map(|c| {
        let note = c.note.clone();
        let label = move || {
            let base = channel_name(i18n.t(), c.kind);
            match &note {
                Some(n) => format!("{base}: {}", n.get(i18n.lang().code())),
                None => base.to_owned(),
            }
        };
        match c.url.filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
            Some(url) => view! { <li><a href=url rel="noopener noreferrer">{label}</a></li> }.into_any(),
            None => view! { <li>{label}</li> }.into_any(),
        }
    }).collect_view();
    let documents = s.with_value(|s| s.documents.clone());
    let documents = if documents.is_empty() {
        view! { <p>{i18n.text(|m| m.service_no_documents)}</p> }.into_any()
    } else {
        let items = documents.into_iter().map(|d| view! { <li>{move || d.get(i18n.lang().code()).to_owned()}</li> }).collect_view();
        view! { <ul class="service__documents">{items}</ul> }.into_any()
    };
    view! {
        <p class="breadcrumb"><A href=crate::paths::to("/services")>{i18n.text(|m| m.services_back)}</A></p>
        <h1 tabindex="-1">{title}</h1>
        <p class="lead">{text(|s| &s.description)}</p>
        <dl class="facts">
            <dt>{i18n.text(|m| m.service_audience)}</dt>
            <dd>{text(|s| &s.audience)}</dd>
            <dt>{i18n.text(|m| m.service_cost)}</dt>
            <dd>{move || s.with_value(|s| cost(i18n.t(), s, i18n.lang()))}</dd>
            <dt>{i18n.text(|m| m.service_duration)}</dt>
            <dd>{move || s.with_value(|s| duration(i18n.t(), s, i18n.lang()))}</dd>
        </dl>
        <h2>{i18n.text(|m| m.service_channels)}</h2>
        <ul class="service__channels">{channels}</ul>
        <h2>{i18n.text(|m| m.service_documents)}</h2>
        {documents}
        <ScoreView satisfaction />
        <RateForm service_id=s.with_value(|s| s.id.clone()) satisfaction />
    }
}

/// The score and how the ratings spread, as a table a screen reader reads row by row.
#[component]
fn ScoreView(satisfaction: RwSignal<Satisfaction>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="score" aria-labelledby="score-title">
            <h2 id="score-title">{i18n.text(|m| m.service_satisfaction)}</h2>
            <p class="score__value" role="status">{move || score(i18n.t(), &satisfaction.get(), i18n.lang())}</p>
            <table class="periods score__table">
                <tbody>
                    {(0..5).rev().map(|star| {
                        let n = move || satisfaction.with(|s| s.distribution[star]);
                        let share = move || satisfaction.with(|s| if s.count == 0 { 0.0 } else { f64::from(s.distribution[star]) * 100.0 / f64::from(s.count) });
                        view! {
                            <tr>
                                <th scope="row">{move || rating_label(i18n.t(), star as u8 + 1, i18n.lang())}</th>
                                <td class="score__bar-cell">
                                    <span class="score__bar" style:inline-size=move || format!("{}%", crate::format::tenths(share()))></span>
                                </td>
                                <td>{move || format::number(n() as f64, i18n.lang())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// What this browser typed or sent for a service, kept until the server has it.
#[derive(Clone, Default, Serialize, FromJson)]
struct Kept {
    rating: Option<u8>,
    text: String,
    /// The rating the server accepted (this browser's one rating).
    sent: Option<u8>,
}

#[component]
fn RateForm(service_id: String, satisfaction: RwSignal<Satisfaction>) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let key = format!("miz.rate.{service_id}");
    let kept: Kept = storage::get(&key).and_then(|s| miz_core::json::from_str(&s).ok()).unwrap_or_default();
    let rating = RwSignal::new(kept.rating.map(|r| r.to_string()));
    let text = RwSignal::new(kept.text.clone());
    let sent = RwSignal::new(kept.sent);
    let k = key.clone();
    Effect::new(move |_| {
        let kept = Kept { rating: rating.get().and_then(|r| r.parse().ok()), text: text.get(), sent: sent.get() };
        if let Ok(s) = serde_json::to_string(&kept) {
            storage::set(&k, &s);
        }
    });
    let error = RwSignal::new(None::<String>);
    let text_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<&'static str>);
    let sending = RwSignal::new(false);
    let id = StoredValue::new(service_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        error.set(None);
        text_error.set(None);
        failure.set(None);
        let Some(r) = rating.get_untracked().and_then(|r| r.parse::<i64>().ok()) else {
            error.set(Some(i18n.t().rate_choose.to_owned()));
            return;
        };
        let new = NewRating { rating: r, text: Some(text.get_untracked()).filter(|t| !t.trim().is_empty()), client_id: client_id() };
        if let Some(p) = validate(&new).into_iter().next() {
            let m = i18n.lang().pick(|| p.message_fa(), || p.message_en());
            if p.field() == "text" { text_error.set(Some(m)) } else { error.set(Some(m)) }
            return;
        }
        let api = api.clone();
        sending.set(true);
        spawn_local(async move {
            match api.rate_service(&id.get_value(), &new).await {
                Ok(receipt) => {
                    satisfaction.set(receipt.satisfaction);
                    sent.set(Some(receipt.rating));
                    notice.set(Some(i18n.t().rate_thanks));
                }
                Err(e) if e.status() == Some(409) => {
                    sent.set(Some(r as u8));
                    notice.set(Some(i18n.t().rate_already));
                }
                Err(e) => match e.field_errors().into_iter().next() {
                    Some((field, m)) if field == "text" => text_error.set(Some(m)),
                    Some((_, m)) => error.set(Some(m)),
                    None => failure.set(Some(e)),
                },
            }
            sending.set(false);
        });
    };
    let errors = Signal::derive(move || {
        let mut v = Vec::new();
        if let Some(m) = error.get() {
            v.push(FieldError { field_id: "rating".into(), message: m });
        }
        if let Some(m) = text_error.get() {
            v.push(FieldError { field_id: "rating-text".into(), message: m });
        }
        v
    });
    view! {
        <section class="rate" aria-labelledby="rate-title">
            <h2 id="rate-title">{i18n.text(|m| m.rate_title)}</h2>
            {move || notice.get().map(|m| view! { <p class="feedback__thanks" role="status">{m}</p> })}
            {move || match sent.get() {
                Some(r) => view! {
                    <p>{i18n.text(|m| m.rate_yours)} " " {move || rating_label(i18n.t(), r, i18n.lang())}</p>
                }.into_any(),
                None => view! {
                    <form class="rate__form" novalidate on:submit=submit.clone()>
                        <ErrorSummary errors />
                        <div class="field" class:field--error=move || error.get().is_some()>
                            <fieldset class="fieldset" aria-describedby=move || error.get().map(|_| "rating-error")>
                                <legend class="fieldset__legend field__label">{i18n.text(|m| m.rate_legend)}</legend>
                                {move || error.get().map(|m| view! { <p class="field__error" id="rating-error">{m}</p> })}
                                <div class="radios radios--inline">
                                    {(1..=5u8).map(|n| {
                                        let id = if n == 1 { "rating".to_owned() } else { format!("rating-{n}") };
                                        let value = n.to_string();
                                        let v = value.clone();
                                        view! {
                                            <div class="radio">
                                                <input
                                                    class="radio__input"
                                                    type="radio"
                                                    name="rating"
                                                    id=id.clone()
                                                    value=value.clone()
                                                    prop:checked=move || rating.get().as_deref() == Some(v.as_str())
                                                    on:change=move |_| rating.set(Some(value.clone()))
                                                />
                                                <label class="radio__label" for=id>
                                                    {move || rating_label(i18n.t(), n, i18n.lang())}
                                                </label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        </div>
                        <TextField
                            id="rating-text"
                            multiline=true
                            optional=true
                            label=Signal::derive(move || i18n.t().rate_text.to_owned())
                            value=text
                            error=text_error
                        />
                        {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) in_form=true /> })}
                        <button type="submit" class="button" disabled=move || sending.get()>{i18n.text(|m| m.rate_send)}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

//! `/services`: every service of the agency, filtered as the citizen types (Persian-normalised,
//! so Arabic ي/ك and missing half-spaces still find it); the filter is in the URL.

use super::{channel_name, cost, duration, href, score};
use crate::{
    api::Api,
    app::use_page_title,
    components::{error_panel::ErrorPanel, loading::Loading},
    format,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use miz_core::services::matches;

#[component]
pub fn ServicesPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    use_page_title(|t| t.services_title);
    let query = use_query_map();
    let text = RwSignal::new(query.get_untracked().get("q").unwrap_or_default());
    let navigate = use_navigate();
    // The filter goes into the URL (replacing the entry), so a shared or reloaded link shows the same list.
    Effect::new(move |prev: Option<String>| {
        let q = text.get();
        if prev.is_some_and(|p| p != q) {
            let path = if q.is_empty() {
                crate::paths::to("/services")
            } else {
                crate::paths::to(&format!("/services?q={}", crate::api::encode_segment(&q)))
            };
            navigate(&path, leptos_router::NavigateOptions { replace: true, scroll: false, ..Default::default() });
        }
        q
    });
    let list = crate::resource::ErasedResource::new(move || {
        let api = api.clone();
        async move { api.services().await }
    });
    let results = move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
        Some(Ok(l)) => {
            let q = text.get();
            let shown: Vec<_> = l.items.into_iter().filter(|s| matches(s, &q)).collect();
            let n = shown.len();
            let count = move || crate::i18n::fill(i18n.t().services_count, &[("n", &format::number(n as f64, i18n.lang()))]);
            if shown.is_empty() {
                return view! { <p role="status">{i18n.text(|m| m.services_none)}</p> }.into_any();
            }
            let cards = shown
                .into_iter()
                .map(|s| {
                    let s = StoredValue::new(s);
                    let name = move || s.with_value(|s| s.name.get(i18n.lang().code()).to_owned());
                    let audience = move || s.with_value(|s| s.audience.get(i18n.lang().code()).to_owned());
                    let channels = move || {
                        s.with_value(|s| s.channels.iter().map(|c| channel_name(i18n.t(), c.kind)).collect::<Vec<_>>().join("، "))
                    };
                    let facts = move || {
                        let t = i18n.t();
                        s.with_value(|s| {
                            format!(
                                "{}: {}{}{}: {}",
                                t.service_cost,
                                cost(t, s, i18n.lang()),
                                format::part_sep(i18n.lang()),
                                t.service_duration,
                                duration(t, s, i18n.lang())
                            )
                        })
                    };
                    let rating = move || s.with_value(|s| score(i18n.t(), &s.satisfaction, i18n.lang()));
                    view! {
                        <li class="card card--link service-card">
                            <h2 class="card__title"><A href=s.with_value(|s| href(&s.id))>{name}</A></h2>
                            <p class="service-card__audience">{audience}</p>
                            <p class="service-card__meta"><span class="badge">{channels}</span> " " {facts}</p>
                            <p class="service-card__score">{i18n.text(|m| m.service_satisfaction)} ": " {rating}</p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p class="search__count" role="status">{count}</p>
                <ul class="cards services">{cards}</ul>
            }
            .into_any()
        }
    };
    view! {
        <div class="page services-page">
            <h1 tabindex="-1">{i18n.text(|m| m.services_title)}</h1>
            <p class="lead">{i18n.text(|m| m.services_intro)}</p>
            <div class="field search">
                <label class="field__label" for="service-filter">{i18n.text(|m| m.services_filter)}</label>
                <input
                    id="service-filter"
                    class="field__input search__input"
                    type="search"
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
            </div>
            {results}
        </div>
    }
}

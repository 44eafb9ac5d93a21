use super::state_name;
use crate::{
    api::{encode_segment, Api},
    app::use_page_title,
    components::{error_panel::ErrorPanel, loading::Loading},
    format,
    i18n::{draft_kind_name, use_i18n},
};
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use miz_core::{api::DraftKind, drafts::DraftState};

#[component]
pub fn DraftsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    use_page_title(|t| t.drafts_title);
    let query = use_query_map();
    // The filters live in the URL, so a filtered list can be shared and survives a reload.
    let filters = Memo::new(move |_| {
        let q = query.get();
        (q.get("state").unwrap_or_default(), q.get("kind").unwrap_or_default(), q.get("q").unwrap_or_default())
    });
    let list = crate::resource::ErasedResource::new(move || {
        let api = api.clone();
        let (state, kind, text) = filters.get();
        async move {
            api.drafts(&drafts_query(&state, &kind, &text)).await
        }
    });
    let state_sel = RwSignal::new(filters.get_untracked().0);
    let kind_sel = RwSignal::new(filters.get_untracked().1);
    let text = RwSignal::new(filters.get_untracked().2);
    let navigate = use_navigate();
    // The list follows the filters in the URL; a chosen state or kind applies at once (the
    // button below the fold was easy to miss on a phone), words when the citizen submits.
    let apply = StoredValue::new(move || {
        let qs = filters_query(&state_sel.get_untracked(), &kind_sel.get_untracked(), &text.get_untracked());
        let href = if qs.is_empty() { "/drafts".to_owned() } else { format!("/drafts?{qs}") };
        navigate(&crate::paths::to(&href), Default::default());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        apply.with_value(|a| a());
    };
    let states = [DraftState::Open, DraftState::Closed, DraftState::Final];
    let results = move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
        Some(Ok(l)) if l.items.is_empty() => view! { <p role="status">{i18n.text(|m| m.no_drafts)}</p> }.into_any(),
        Some(Ok(l)) => {
            let items = l
                .items
                .into_iter()
                .map(|d| {
                    let href = crate::paths::to(&format!("/drafts/{}", encode_segment(&d.id)));
                    let (kind, state, unit) = (d.kind, d.state, d.unit.clone());
                    let (closes, count) = (d.closes_at.clone(), d.comment_count);
                    view! {
                        <li class="card draft-card">
                            <h2 class="card__title"><A href=href>{d.title.clone()}</A></h2>
                            <p class="draft-card__meta">
                                <span class="badge">{move || draft_kind_name(i18n.t(), kind)}</span> " "
                                <span class=format!("badge badge--{}", state.as_str())>{move || state_name(i18n.t(), state)}</span>
                            </p>
                            <p>{d.summary.clone()}</p>
                            <p class="draft-card__meta">
                                {move || unit.name.get(i18n.lang().code()).to_owned()} {move || crate::format::sep(i18n.lang())}
                                {move || {
                                    let label = if state == DraftState::Open { i18n.t().window_until } else { i18n.t().window_closed_on };
                                    format!("{label} {}", format::date(&closes, i18n.lang()).unwrap_or_default())
                                }}
                                {move || crate::format::sep(i18n.lang())}
                                {move || crate::i18n::fill(i18n.t().comments_count, &[("n", &format::number(count as f64, i18n.lang()))])}
                            </p>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="cards cards--list">{items}</ul> }.into_any()
        }
    };
    view! {
        <div class="page drafts">
            <h1 tabindex="-1">{i18n.text(|m| m.drafts_title)}</h1>
            <p>{i18n.text(|m| m.drafts_intro)}</p>
            <form class="filters" role="search" on:submit=submit>
                <div class="field">
                    <label class="field__label" for="f-state">{i18n.text(|m| m.filter_state)}</label>
                    <select id="f-state" class="field__input" on:change=move |ev| {
                        state_sel.set(event_target_value(&ev));
                        apply.with_value(|a| a());
                    } prop:value=move || state_sel.get()>
                        <option value="">{i18n.text(|m| m.filter_all)}</option>
                        {states.into_iter().map(|s| view! { <option value=s.as_str()>{move || state_name(i18n.t(), s)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="f-kind">{i18n.text(|m| m.filter_kind)}</label>
                    <select id="f-kind" class="field__input" on:change=move |ev| {
                        kind_sel.set(event_target_value(&ev));
                        apply.with_value(|a| a());
                    } prop:value=move || kind_sel.get()>
                        <option value="">{i18n.text(|m| m.filter_all)}</option>
                        {DraftKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{move || draft_kind_name(i18n.t(), k)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="f-q">{i18n.text(|m| m.filter_text)}</label>
                    <input id="f-q" class="field__input" type="search" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="button">{i18n.text(|m| m.filter_apply)}</button>
            </form>
            <div aria-live="polite">{results}</div>
        </div>
    }
}

/// The filters that have a value, as a query string (the contract's `state` and `kind` are
/// enums, and a strict backend refuses an empty one): the page's own address and the API's.
fn filters_query(state: &str, kind: &str, text: &str) -> String {
    [("state", state), ("kind", kind), ("q", text)]
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(name, value)| format!("{name}={}", encode_segment(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The list's API query: the filters, then the page size. The boot script in `index.html`
/// builds the same string for a first visit.
fn drafts_query(state: &str, kind: &str, text: &str) -> String {
    match filters_query(state, kind, text) {
        f if f.is_empty() => "per_page=50".to_owned(),
        f => format!("{f}&per_page=50"),
    }
}

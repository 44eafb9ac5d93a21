use super::{entry_href, WithFaq};
use crate::{
    app::use_page_title,
    components::{agency_view::WithAgency, channels::PhoneAndSms, highlighted::Highlighted},
    format,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};
use miz_core::{
    api::Agency,
    search::{Field, Hit, Index},
};
use std::sync::Arc;

/// How many results to show: a phone screen's worth and a little more.
const MAX_RESULTS: usize = 10;

/// Questions shown per category before "show more": an agency's usual FAQ whole, while one
/// with thousands of entries does not draw (and then tear down, at the first keystroke) them
/// all: 5,000 entries drawn at once blocked a 4x-slowed phone for seconds.
const PER_CATEGORY: usize = 10;
/// How many more each "show more" adds.
const MORE: usize = 50;

#[component]
pub fn FaqPage() -> impl IntoView {
    let i18n = use_i18n();
    crate::feedback_outbox::start(expect_context::<crate::api::Api>());
    use_page_title(|t| t.faq_title);
    // The query lives in the URL (`?q=`), so a reload or a shared link keeps it.
    let initial = use_query_map().get_untracked().get("q").unwrap_or_default();
    let query = RwSignal::new(initial);
    let on_input = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        replace_query_in_url(&value);
        query.set(value);
    };
    let results = move |index: Arc<Index>| view! { <Results index query=query.into() /> };
    view! {
        <div class="page faq">
            <h1 tabindex="-1">{i18n.text(|m| m.faq_title)}</h1>
            <p>{i18n.text(|m| m.faq_intro)}</p>
            <form role="search" class="search" on:submit=|ev| ev.prevent_default()>
                <label class="field__label" for="faq-q">{i18n.text(|m| m.faq_search_label)}</label>
                <p class="field__hint" id="faq-q-hint">{i18n.text(|m| m.faq_search_hint)}</p>
                <input
                    id="faq-q"
                    name="q"
                    class="field__input search__input"
                    type="search"
                    autocomplete="off"
                    enterkeyhint="search"
                    aria-describedby="faq-q-hint"
                    prop:value=move || query.get()
                    on:input=on_input
                />
            </form>
            <WithFaq view=results />
        </div>
    }
}

#[component]
fn Results(index: Arc<Index>, query: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let browse_index = index.clone();
    let hits = Memo::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() { None } else { Some(index.search(&q, MAX_RESULTS)) }
    });
    let index_for_hits = browse_index.clone();
    move || match hits.get() {
        None => view! { <Browse index=browse_index.clone() /> }.into_any(),
        Some(hits) if hits.is_empty() => view! { <NothingFound query /> }.into_any(),
        Some(hits) => {
            let count = hits.len();
            let items = hits.into_iter().map(|h| view! { <ResultItem index=index_for_hits.clone() hit=h /> }).collect_view();
            view! {
                <p class="search__count" role="status">
                    {move || crate::i18n::fill(i18n.t().faq_results, &[("n", &format::number(count as f64, i18n.lang()))])}
                </p>
                <ol class="results">{items}</ol>
            }
            .into_any()
        }
    }
}

fn ranges(hit: &Hit, field: Field) -> Vec<(usize, usize)> {
    hit.highlights.iter().filter(|h| h.field == field).map(|h| (h.start, h.end)).collect()
}

#[component]
fn ResultItem(index: Arc<Index>, hit: Hit) -> impl IntoView {
    let e = index.entries()[hit.entry].clone();
    let href = entry_href(&e.id);
    let (q_ranges, a_ranges) = (ranges(&hit, Field::Question), ranges(&hit, Field::Answer));
    view! {
        <li class="result">
            <h2 class="result__question">
                <A href=href><Highlighted text=e.question.clone() ranges=q_ranges /></A>
            </h2>
            <p class="result__answer"><Highlighted text=e.answer.clone() ranges=a_ranges /></p>
            <p class="result__category badge">{e.category.clone()}</p>
        </li>
    }
}

/// Every entry, by category, in the agency's order.
#[component]
fn Browse(index: Arc<Index>) -> impl IntoView {
    let i18n = use_i18n();
    let mut groups: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for e in index.entries() {
        let item = (e.id.clone(), e.question.clone());
        match groups.iter_mut().find(|(c, _)| *c == e.category) {
            Some((_, items)) => items.push(item),
            None => groups.push((e.category.clone(), vec![item])),
        }
    }
    let sections = groups
        .into_iter()
        .enumerate()
        .map(|(i, (category, items))| view! { <Category index=i category items /> })
        .collect_view();
    view! {
        <h2>{i18n.text(|m| m.faq_categories_heading)}</h2>
        <div class="faq-categories">{sections}</div>
    }
}

/// One category's questions, the first few at once and more on request.
#[component]
fn Category(index: usize, category: String, items: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("faq-cat-{index}");
    let labelled_by = heading_id.clone();
    let total = items.len();
    let items = StoredValue::new(items);
    let shown = RwSignal::new(PER_CATEGORY.min(total));
    let list = move || {
        items.with_value(|all| {
            all[..shown.get()]
                .iter()
                .map(|(id, q)| {
                    let (href, q) = (entry_href(id), q.clone());
                    view! { <li><A href=href>{q}</A></li> }
                })
                .collect_view()
        })
    };
    let more = move || {
        (shown.get() < total).then(|| {
            let label = move || {
                let lang = i18n.lang();
                crate::i18n::fill(
                    i18n.t().faq_show_more,
                    &[
                        ("more", &format::number((total - shown.get()).min(MORE) as f64, lang)),
                        ("total", &format::number(total as f64, lang)),
                    ],
                )
            };
            view! {
                <button type="button" class="button button--secondary button--small" on:click=move |_| shown.update(|n| *n = (*n + MORE).min(total))>
                    {label}
                </button>
            }
        })
    };
    view! {
        <section class="faq-category" aria-labelledby=labelled_by>
            <h3 id=heading_id>{category}</h3>
            <ul>{list}</ul>
            {more}
        </section>
    }
}

/// Nothing matched: say so, and give the channels where a person can answer.
#[component]
fn NothingFound(query: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let wizard = crate::case_wizard::use_wizard();
    // The question becomes the start of a request's description (unless one is being
    // written already), so the citizen does not type it twice.
    let ask = move |_| {
        let q = query.get_untracked();
        wizard.update(|d| {
            if d.description.trim().is_empty() {
                d.description = q.trim().to_owned();
            }
        });
    };
    view! {
        <div class="nothing-found" role="status">
            <h2>{i18n.text(|m| m.faq_nothing_title)}</h2>
            <p>{i18n.text(|m| m.faq_nothing_body)}</p>
        </div>
        <p>
            <A href=crate::paths::to("/cases/new/type") on:click=ask attr:class="button">{i18n.text(|m| m.faq_ask)}</A>
        </p>
        <WithAgency view=|a: Agency| view! { <PhoneAndSms channels=a.channels /> } />
        <p><A href=crate::paths::to("/contact")>{i18n.text(|m| m.nav_contact)}</A></p>
    }
}

/// Keeps `?q=` in the address bar without a navigation (no history entry per keystroke).
fn replace_query_in_url(q: &str) {
    let Some(w) = web_sys::window() else { return };
    let Ok(href) = w.location().href() else { return };
    let Ok(url) = web_sys::Url::new(&href) else { return };
    if q.is_empty() {
        url.search_params().delete("q");
    } else {
        url.search_params().set("q", q);
    }
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

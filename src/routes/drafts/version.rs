//! `/drafts/{id}/versions/{n}`: an earlier version's text, read-only, with the way back to
//! the current one and to what changed since.

use crate::{
    api::{encode_segment, Api},
    components::{error_panel::ErrorPanel, loading::Loading},
    format,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use miz_core::drafts::Draft;

#[component]
pub fn VersionPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let params = use_params_map();
    let key = Memo::new(move |_| {
        let p = params.get();
        (p.get("id").unwrap_or_default(), p.get("n").and_then(|n| miz_core::digits::to_ascii_digits(&n).parse::<u32>().ok()).unwrap_or(0))
    });
    let data = crate::resource::ErasedResource::new(move || {
        let api = api.clone();
        let (id, n) = key.get();
        async move { api.draft_version(&id, n).await }
    });
    move || match data.get() {
        None => view! { <div class="page"><Loading /></div> }.into_any(),
        Some(Err(error)) => view! {
            <div class="page">
                <h1 tabindex="-1">{i18n.text(|m| m.drafts_title)}</h1>
                <ErrorPanel error on_retry=Callback::new(move |_| data.refetch()) />
            </div>
        }
        .into_any(),
        Some(Ok(d)) => view! { <Version draft=d /> }.into_any(),
    }
}

#[component]
fn Version(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let base = crate::paths::to(&format!("/drafts/{}", encode_segment(&draft.summary.id)));
    let n = draft.shown_version;
    let info = draft.versions.iter().find(|v| v.number == n).cloned();
    let version = crate::i18n::fill(i18n.t().version_n, &[("n", &format::number(n as f64, i18n.lang()))]);
    crate::embed::set_title(&format!("{} | {version}", draft.summary.title));
    let articles = draft
        .body
        .parts
        .into_iter()
        .flat_map(|p| p.articles)
        .map(|a| {
            let number = a.number;
            view! {
                <section class="article">
                    <h2 class="article__title">
                        {move || crate::i18n::fill(i18n.t().article_n, &[("n", &format::number(number as f64, i18n.lang()))])}
                        {a.title.map(|t| format!(" – {t}"))}
                    </h2>
                    {a.paragraphs.into_iter().map(|p| view! { <div class="para"><p class="para__text">{p.text}</p></div> }).collect_view()}
                </section>
            }
        })
        .collect_view();
    let current = n == draft.summary.version;
    view! {
        <div class="page reader">
            <h1 tabindex="-1">{draft.summary.title.clone()}</h1>
            <p class="draft-card__meta">
                {move || crate::i18n::fill(i18n.t().version_n, &[("n", &format::number(n as f64, i18n.lang()))])}
                {info.map(|v| view! {
                    {move || crate::format::sep(i18n.lang())} {move || crate::i18n::fill(i18n.t().published_on, &[("date", &format::date(&v.published_at, i18n.lang()).unwrap_or_default())])}
                    {v.note.clone().map(|note| view! { {move || crate::format::sep(i18n.lang())} {note} })}
                })}
            </p>
            {(!current).then(|| view! { <p class="notice" role="status">{i18n.text(|m| m.earlier_version_notice)}</p> })}
            <p class="actions">
                <A href=base.clone() attr:class="button">{i18n.text(|m| m.read_current)}</A>
                {(!current).then(|| view! {
                    <A href=format!("{base}/changes?from={n}") attr:class="button button--secondary">{i18n.text(|m| m.see_changes)}</A>
                })}
            </p>
            <div class="draft-text">{articles}</div>
        </div>
    }
}

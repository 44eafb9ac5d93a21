//! `/drafts/{id}/changes`: what changed between two versions, word by word, paragraph by
//! paragraph (matched by their stable ids), right to left and readable on a phone.

use crate::{
    api::{encode_segment, Api, ApiError},
    components::{error_panel::ErrorPanel, loading::Loading},
    format,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::{use_params_map, use_query_map}};
use miz_core::{
    diff::{diff, Change},
    drafts::Draft,
};

async fn load(api: Api, id: String, from: Option<u32>) -> Result<(Draft, Draft), ApiError> {
    let new = api.draft(&id).await?;
    let old_n = from.filter(|&n| n >= 1 && n < new.summary.version).unwrap_or(new.summary.version.saturating_sub(1).max(1));
    let old = api.draft_version(&id, old_n).await?;
    Ok((old, new))
}

#[component]
pub fn ChangesPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.get().get("id").unwrap_or_default());
    let from = Memo::new(move |_| query.get().get("from").and_then(|f| f.parse::<u32>().ok()));
    let data = crate::resource::ErasedResource::new(move || load(api.clone(), id.get(), from.get()));
    move || match data.get() {
        None => view! { <div class="page"><Loading /></div> }.into_any(),
        Some(Err(error)) => view! {
            <div class="page">
                <h1 tabindex="-1">{i18n.text(|m| m.changes_title)}</h1>
                <ErrorPanel error on_retry=Callback::new(move |_| data.refetch()) />
            </div>
        }
        .into_any(),
        Some(Ok((old, new))) => view! { <Changes old new /> }.into_any(),
    }
}

#[component]
fn Changes(old: Draft, new: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let before: Vec<(String, String)> = old.body.paragraphs().into_iter().map(|(a, b)| (a.to_owned(), b.to_owned())).collect();
    let after: Vec<(String, String)> = new.body.paragraphs().into_iter().map(|(a, b)| (a.to_owned(), b.to_owned())).collect();
    // Every paragraph of the new version, then the ones that were removed.
    let mut rows: Vec<(String, String)> = after
        .iter()
        .map(|(id, text)| (before.iter().find(|(b, _)| b == id).map(|(_, t)| t.clone()).unwrap_or_default(), text.clone()))
        .collect();
    rows.extend(before.iter().filter(|(id, _)| !after.iter().any(|(a, _)| a == id)).map(|(_, t)| (t.clone(), String::new())));
    let changed = rows.iter().filter(|(a, b)| a != b).count();
    let items = rows
        .into_iter()
        .filter(|(a, b)| a != b)
        .map(|(a, b)| {
            let pieces = diff(&a, &b)
                .into_iter()
                .map(|p| match p.change {
                    Change::Same => p.text.into_any(),
                    Change::Added => view! { <ins>{p.text}</ins> }.into_any(),
                    Change::Removed => view! { <del>{p.text}</del> }.into_any(),
                })
                .collect_view();
            view! { <li class="change"><p>{pieces}</p></li> }
        })
        .collect_view();
    let back = crate::paths::to(&format!("/drafts/{}", encode_segment(&new.summary.id)));
    let (from_n, to_n) = (old.shown_version, new.shown_version);
    let note = new.versions.iter().find(|v| v.number == to_n).and_then(|v| v.note.clone());
    view! {
        <div class="page changes">
            <p class="back-link"><A href=back>{new.summary.title.clone()}</A></p>
            <h1 tabindex="-1">{i18n.text(|m| m.changes_title)}</h1>
            <p class="lead">
                {move || {
                    let lang = i18n.lang();
                    crate::i18n::fill(
                        i18n.t().changes_summary,
                        &[
                            ("from", &format::number(from_n as f64, lang)),
                            ("to", &format::number(to_n as f64, lang)),
                            ("n", &format::number(changed as f64, lang)),
                        ],
                    )
                }}
            </p>
            {note.map(|n| view! { <p class="notice">{n}</p> })}
            <p class="field__hint">{i18n.text(|m| m.changes_legend)}</p>
            <ol class="changes__list">{items}</ol>
        </div>
    }
}

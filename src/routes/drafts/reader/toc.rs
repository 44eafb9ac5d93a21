//! A table of contents for long drafts: every article, a tap away.

use super::{dom, text::article_heading_id};
use crate::{format, i18n::use_i18n};
use leptos::prelude::*;
use miz_core::drafts::Draft;

/// Shorter drafts are read straight through; a list of their articles would only be in the way.
const MIN_ARTICLES: usize = 6;

#[component]
pub fn Contents(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let articles: Vec<_> = draft.body.parts.into_iter().flat_map(|p| p.articles).collect();
    if articles.len() < MIN_ARTICLES {
        return ().into_any();
    }
    let items = articles
        .into_iter()
        .map(|a| {
            let (number, heading) = (a.number, article_heading_id(&a.id));
            let go = move |ev: leptos::ev::MouseEvent| {
                // The fragment belongs to the open paragraph; the heading takes the focus so
                // reading (and a screen reader) continues from there.
                ev.prevent_default();
                dom::reveal(&heading);
            };
            view! {
                <li>
                    <a href=format!("#{}", a.id) on:click=go>
                        {move || crate::i18n::fill(i18n.t().article_n, &[("n", &format::number(number as f64, i18n.lang()))])}
                        {a.title.map(|t| format!(" – {t}"))}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="toc" aria-label=i18n.text(|m| m.contents)>
            <details>
                <summary>{i18n.text(|m| m.contents)}</summary>
                <ol class="toc__list">{items}</ol>
            </details>
        </nav>
    }
    .into_any()
}

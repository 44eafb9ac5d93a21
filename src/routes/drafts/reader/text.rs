//! The draft's text: articles, paragraphs with their comment counts in the margin, and the
//! phrases that have comments highlighted.

use super::{ReaderState, Target};
use crate::{format, i18n::use_i18n};
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};
use miz_core::{
    anchor::{segments, Placement},
    drafts::{Article, Draft, Paragraph},
};

pub fn count_button_id(pid: &str) -> String {
    format!("{pid}--count")
}

pub fn article_heading_id(article_id: &str) -> String {
    format!("{article_id}--title")
}

/// Articles rendered before the first paint; the rest follow in slices of this size, each in
/// its own task, so a 300-article draft shows its beginning at once and stays responsive.
const SLICE: usize = 20;

#[component]
pub fn DraftText(draft: Draft) -> impl IntoView {
    let state = expect_context::<ReaderState>();
    let articles: Vec<Article> = draft.body.parts.into_iter().flat_map(|p| p.articles).collect();
    let total = articles.len();
    // A link into the draft renders at least as far as its paragraph in the first slice.
    let wanted = state
        .open
        .get_untracked()
        .and_then(|t| articles.iter().position(|a| a.paragraphs.iter().any(|p| p.id == t.pid)))
        .map_or(0, |i| i + 1);
    let shown = RwSignal::new(total.min(SLICE.max(wanted)));
    let articles = StoredValue::new(articles);
    Effect::new(move |_| {
        let n = shown.get();
        if n >= total {
            state.text_complete.set(true);
            return;
        }
        let next = Closure::once_into_js(move || {
            shown.try_set((n + SLICE).min(total));
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
        }
    });
    view! {
        <div class="draft-text">
            <For
                each=move || 0..shown.get()
                key=|i| *i
                children=move |i| view! { <ArticleView article=articles.with_value(|a| a[i].clone()) /> }
            />
        </div>
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let i18n = use_i18n();
    let number = article.number;
    let label = move || crate::i18n::fill(i18n.t().article_n, &[("n", &format::number(number as f64, i18n.lang()))]);
    let paragraphs = article.paragraphs.into_iter().map(|p| view! { <ParagraphView paragraph=p /> }).collect_view();
    view! {
        <section class="article" id=article.id.clone() aria-labelledby=article_heading_id(&article.id)>
            <h2 class="article__title" id=article_heading_id(&article.id) tabindex="-1">
                {label} {article.title.map(|h| format!(" – {h}"))}
            </h2>
            {paragraphs}
        </section>
    }
}

#[component]
fn ParagraphView(paragraph: Paragraph) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ReaderState>();
    let pid = paragraph.id.clone();
    let comments = state.on_paragraph(&pid);
    let me = pid.clone();
    let expanded = Memo::new(move |_| state.is_open(&me));
    let me = pid.clone();
    let toggle = move |_| state.choose(if expanded.get_untracked() { None } else { Some(Target::paragraph(me.clone())) });
    let chars: Vec<char> = paragraph.text.chars().collect();
    let len = chars.len() as u32;
    let phrases = Memo::new(move |_| {
        comments.with(|list| {
            list.iter()
                .filter_map(|c| match c.placement {
                    Placement::Phrase { start, end, .. } => Some((start, end)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    let me = pid.clone();
    // A tap on the text opens the paragraph, unless it begins or ends a selection (a double
    // click selects a word; that is a phrase, offered by the selection action). The check
    // waits out a double click.
    let tap = move |_| {
        let pid = me.clone();
        let later = Closure::once_into_js(move || {
            let selecting = web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed());
            if !selecting && state.open.try_get_untracked().is_some() {
                state.choose(Some(Target::paragraph(pid)));
            }
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 300);
        }
    };
    let me = pid.clone();
    let text = move || {
        let runs = segments(len, &phrases.get());
        runs.into_iter()
            .map(|seg| {
                let words: String = chars[seg.start as usize..seg.end as usize].iter().collect();
                match seg.covered_by {
                    None => words.into_any(),
                    Some(range) => {
                        let pid = me.clone();
                        let open = move |ev: leptos::ev::MouseEvent| {
                            ev.stop_propagation();
                            state.choose(Some(Target { pid: pid.clone(), range: Some(range) }));
                        };
                        view! { <mark class="hl" on:click=open>{words}</mark> }.into_any()
                    }
                }
            })
            .collect_view()
    };
    view! {
        <div class="para" id=pid.clone() class=("para--open", move || expanded.get())>
            <p class="para__text" data-pid=pid.clone() on:click=tap>{text}</p>
            <button
                type="button"
                id=count_button_id(&pid)
                class="para__count"
                aria-expanded=move || expanded.get().to_string()
                aria-controls="comments-panel"
                on:click=toggle
            >
                {move || {
                    let t = i18n.t();
                    let n = comments.with(Vec::len);
                    if n == 0 && state.can_comment {
                        t.comment_on_paragraph.to_owned()
                    } else {
                        crate::i18n::fill(t.comments_count, &[("n", &format::number(n as f64, i18n.lang()))])
                    }
                }}
            </button>
        </div>
    }
}

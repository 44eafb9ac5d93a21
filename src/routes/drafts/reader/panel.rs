//! The comments on what the citizen chose: a side panel beside the text on wide screens, a
//! bottom sheet on phones (the same element; CSS decides). Escape or the close button puts
//! the focus back on the paragraph it came from.

use super::{comments::CommentList, form::CommentForm, ReaderState};
use crate::{format, i18n::use_i18n};
use leptos::prelude::*;
use miz_core::{
    anchor::{quote_of, Placement, Target},
    drafts::{Comment, Draft},
};

pub const HEADING_ID: &str = "comments-panel-heading";

/// The article number and paragraph of a paragraph id.
fn locate<'a>(draft: &'a Draft, pid: &str) -> Option<(u32, &'a miz_core::drafts::Paragraph)> {
    draft.body.parts.iter().flat_map(|p| p.articles.iter()).find_map(|a| a.paragraphs.iter().find(|p| p.id == pid).map(|p| (a.number, p)))
}

/// The comments a target shows: a paragraph's all, or those on phrases overlapping a phrase.
fn shown(comments: &[Comment], range: Option<(u32, u32)>) -> Vec<Comment> {
    comments
        .iter()
        .filter(|c| match (range, &c.placement) {
            (None, _) => true,
            (Some((a, b)), Placement::Phrase { start, end, .. }) => *start < b && *end > a,
            (Some(_), _) => false,
        })
        .cloned()
        .collect()
}

#[component]
pub fn CommentsPanel(draft: StoredValue<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ReaderState>();
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && state.open.get_untracked().is_some() {
            ev.prevent_default();
            state.choose(None);
        }
    };
    let body = move || {
        let Some(target) = state.open.get() else {
            return view! {
                <h2 id=HEADING_ID class="comments-panel__title" tabindex="-1">{i18n.text(|m| m.draft_comments)}</h2>
                <p class="field__hint">{move || if state.can_comment { i18n.t().panel_hint_open } else { i18n.t().panel_hint }}</p>
            }
            .into_any();
        };
        let Some((article, paragraph)) = draft.with_value(|d| locate(d, &target.pid).map(|(a, p)| (a, p.clone()))) else {
            return ().into_any();
        };
        let quote = target.range.and_then(|(s, e)| quote_of(&paragraph.text, s as usize, e as usize));
        let number = paragraph.number;
        let heading = move || {
            let t = i18n.t();
            let n = |x: u32| format::number(x as f64, i18n.lang());
            crate::i18n::fill(t.article_paragraph, &[("article", &n(article)), ("paragraph", &n(number))])
        };
        let on_paragraph = state.on_paragraph(&target.pid);
        let range = target.range;
        let list = move || view! { <CommentList comments=shown(&on_paragraph.get(), range) /> };
        let pid = target.pid.clone();
        let whole = move |_| state.choose(Some(Target::paragraph(pid.clone())));
        let draft_id = draft.with_value(|d| d.summary.id.clone());
        view! {
            <div class="comments-panel__head">
                <h2 id=HEADING_ID class="comments-panel__title" tabindex="-1">{heading}</h2>
                <button type="button" class="comments-panel__close" on:click=move |_| state.choose(None)>
                    {i18n.text(|m| m.close)}
                </button>
            </div>
            {range.map(|_| view! {
                <p><button type="button" class="link-button" on:click=whole>{i18n.text(|m| m.all_on_paragraph)}</button></p>
            })}
            {list}
            {state.can_comment.then(|| view! { <CommentForm draft_id target=Some(target.clone()) quote=quote.clone() /> })}
        }
        .into_any()
    };
    view! {
        <aside
            id="comments-panel"
            class="comments-panel"
            class=("comments-panel--open", move || state.open.with(Option::is_some))
            aria-labelledby=HEADING_ID
            on:keydown=keydown
        >
            {body}
        </aside>
    }
}

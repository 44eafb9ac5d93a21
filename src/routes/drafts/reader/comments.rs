//! Comments as the reader lists them: the quote, the text, the agency's response and its
//! outcome, support, and a link to the comment itself.

use super::ReaderState;
use crate::{api::Api, format, i18n::use_i18n, routes::drafts::outcome_name, storage::client_id};
use leptos::{prelude::*, task::spawn_local};
use miz_core::{anchor::Placement, drafts::Comment};

#[component]
pub fn CommentList(comments: Vec<Comment>) -> impl IntoView {
    let i18n = use_i18n();
    if comments.is_empty() {
        return view! { <p class="field__hint">{i18n.text(|m| m.no_comments)}</p> }.into_any();
    }
    let items = comments.into_iter().map(|c| view! { <CommentItem comment=c /> }).collect_view();
    view! { <ul class="comments">{items}</ul> }.into_any()
}

#[component]
fn CommentItem(comment: Comment) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let count = RwSignal::new(comment.support_count);
    let supported = RwSignal::new(false);
    let id = comment.id.clone();
    let support = move |_| {
        let (api, id) = (api.clone(), id.clone());
        spawn_local(async move {
            if let Ok(answer) = api.support(&id, &client_id()).await {
                if let Some(n) = answer.support_count {
                    count.set(n);
                }
                supported.set(true);
            }
        });
    };
    let quote = comment.anchor.quote.as_ref().map(|q| q.exact.clone());
    let earlier = comment.placement == Placement::EarlierVersion;
    let created = comment.created_at.clone();
    let datetime = created.clone();
    let response = comment.response.clone().map(|r| {
        let outcome = r.outcome;
        view! {
            <div class="comment__response">
                <p class="comment__response-title">
                    {i18n.text(|m| m.response_label)} ": "
                    <span class=format!("badge badge--{}", outcome.as_str())>{move || outcome_name(i18n.t(), outcome)}</span>
                </p>
                <p>{r.text.clone()}</p>
            </div>
        }
    });
    let state = use_context::<ReaderState>();
    let cid = comment.id.clone();
    let link = move |ev: leptos::ev::MouseEvent| {
        // The address bar then holds the comment's link, ready to copy; no navigation.
        ev.prevent_default();
        if let Some(s) = state {
            s.linked.set(Some(cid.clone()));
        }
    };
    view! {
        <li class="comment" id=format!("comment-{}", comment.id) tabindex="-1">
            {earlier.then(|| view! { <p class="badge">{i18n.text(|m| m.on_earlier_version)}</p> })}
            {quote.map(|q| view! { <blockquote class="comment__quote" aria-label=i18n.text(|m| m.quoted)>{q}</blockquote> })}
            <p class="comment__body">{comment.body.clone()}</p>
            <p class="comment__meta">
                {comment.display_name.clone()} {comment.display_name.as_ref().map(|_| {move || crate::format::sep(i18n.lang())})}
                <time datetime=datetime>{move || format::date(&created, i18n.lang()).unwrap_or_default()}</time>
                {move || crate::format::sep(i18n.lang())} <a href=format!("#comment-{}", comment.id) on:click=link>{i18n.text(|m| m.comment_link)}</a>
            </p>
            // Support counts while the comment window is open; afterwards only the count shows.
            {if state.is_none_or(|s| s.can_comment) {
                view! {
                    <button type="button" class="button button--secondary button--small" disabled=move || supported.get() on:click=support>
                        {move || if supported.get() { i18n.t().supported } else { i18n.t().support_action }}
                        " (" {move || format::number(count.get() as f64, i18n.lang())} ")"
                    </button>
                }
                .into_any()
            } else {
                view! {
                    <p class="comment__support">
                        {move || crate::i18n::fill(i18n.t().supporters, &[("n", &format::number(count.get() as f64, i18n.lang()))])}
                    </p>
                }
                .into_any()
            }}
            {response}
        </li>
    }
}

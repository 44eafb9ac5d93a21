//! The comment form: one question (the comment), an optional name, kept on the device until
//! the server has it, with one Idempotency-Key per comment so a retry never makes two.

use super::ReaderState;
use crate::{
    api::{Api, ApiError},
    components::{
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError, TextField},
    },
    i18n::use_i18n,
    storage::{self, client_id},
};
use leptos::{prelude::*, task::spawn_local};
use miz_core::{
    anchor::{Anchor, Target, TextQuote},
    drafts::{check_body, NewComment},
};
use miz_core::json::FromJson;
use serde::Serialize;

/// What a citizen is writing, kept on the device until the server has it.
#[derive(Clone, Default, Serialize, FromJson)]
struct Unsent {
    body: String,
    name: String,
    key: Option<String>,
}

#[component]
pub fn CommentForm(
    draft_id: String,
    /// The paragraph or phrase commented on; `None` for the whole draft.
    target: Option<Target>,
    /// The phrase's words and context, when the target is a phrase.
    quote: Option<TextQuote>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let state = use_context::<ReaderState>();
    let place = target.as_ref().map(Target::fragment).unwrap_or_else(|| "draft".into());
    let storage_key = format!("miz.comment.{draft_id}.{place}");
    let saved: Unsent = storage::get(&storage_key).and_then(|s| miz_core::json::from_str(&s).ok()).unwrap_or_default();
    let body = RwSignal::new(saved.body.clone());
    let name = RwSignal::new(saved.name.clone());
    let key = RwSignal::new(saved.key.clone());
    let sk = storage_key.clone();
    Effect::new(move |_| {
        let u = Unsent { body: body.get(), name: name.get(), key: key.get() };
        if u.body.is_empty() && u.name.is_empty() {
            storage::remove(&sk);
        } else if let Ok(s) = serde_json::to_string(&u) {
            storage::set(&sk, &s);
        }
    });
    let error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let sending = RwSignal::new(false);
    let sent = RwSignal::new(None::<bool>);
    let field_id = if target.is_some() { "comment-body".to_owned() } else { "comment-body-draft".to_owned() };
    let name_id = format!("{field_id}-name");
    let range = target.as_ref().and_then(|t| t.range).filter(|_| quote.is_some());
    let anchor = Anchor {
        paragraph_id: target.as_ref().map(|t| t.pid.clone()),
        quote: quote.clone(),
        start: range.map(|r| r.0),
        end: range.map(|r| r.1),
    };
    let draft = StoredValue::new(draft_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        if let Some(p) = check_body(&body.get_untracked()) {
            error.set(Some(i18n.lang().pick(|| p.message_fa(), || p.message_en())));
            return;
        }
        error.set(None);
        failure.set(None);
        let k = key.get_untracked().unwrap_or_else(|| format!("{}-{}", client_id(), js_sys::Date::now() as u64));
        key.set(Some(k.clone()));
        let c = NewComment {
            body: body.get_untracked(),
            display_name: Some(name.get_untracked()).filter(|n| !n.trim().is_empty()),
            anchor: anchor.clone(),
            client_id: client_id(),
        };
        let api = api.clone();
        sending.set(true);
        spawn_local(async move {
            match api.post_comment(&draft.get_value(), &c, &k).await {
                Ok(created) => {
                    body.set(String::new());
                    name.set(String::new());
                    key.set(None);
                    sent.set(Some(created.moderation == miz_core::drafts::Moderation::Pending));
                    if let Some(s) = state {
                        s.comments.update(|list| {
                            if !list.iter().any(|c| c.id == created.id) {
                                list.push(created);
                            }
                        });
                    }
                }
                Err(e) => {
                    if let Some((_, m)) = e.field_errors().into_iter().next() {
                        error.set(Some(m));
                        key.set(None);
                    } else {
                        failure.set(Some(e));
                    }
                }
            }
            sending.set(false);
        });
    };
    let errors = {
        let field_id = field_id.clone();
        Signal::derive(move || error.get().map(|m| vec![FieldError { field_id: field_id.clone(), message: m }]).unwrap_or_default())
    };
    let label_id = field_id.clone();
    view! {
        <form class="comment-form" novalidate on:submit=submit>
            <ErrorSummary errors />
            {quote.map(|q| view! {
                <p class="comment-form__about">{i18n.text(|m| m.commenting_on)}</p>
                <blockquote class="comment__quote">{q.exact}</blockquote>
            })}
            <TextField
                id=label_id
                multiline=true
                label=Signal::derive(move || i18n.t().your_comment.to_owned())
                value=body
                error=error
            />
            <TextField
                id=name_id
                optional=true
                label=Signal::derive(move || i18n.t().your_name.to_owned())
                value=name
                autocomplete="nickname"
            />
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) /> })}
            {move || sent.get().map(|pending| view! {
                <p class="feedback__thanks" role="status">{move || if pending { i18n.t().comment_pending } else { i18n.t().comment_sent }}</p>
            })}
            <button type="submit" class="button" disabled=move || sending.get()>{i18n.text(|m| m.send_comment)}</button>
        </form>
    }
}

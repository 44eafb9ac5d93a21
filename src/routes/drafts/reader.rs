use super::{outcome_name, state_name};
use crate::{
    api::{Api, ApiError},
    components::{
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError, TextField},
        loading::Loading,
    },
    format,
    i18n::{draft_kind_name, use_i18n},
    storage::{self, client_id},
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_params_map;
use miz_core::{
    anchor::{Anchor, Placement},
    drafts::{check_body, Comment, Draft, DraftState, NewComment},
};
use serde::{Deserialize, Serialize};

/// A draft and every comment on it, fetched together.
#[derive(Clone)]
struct Loaded {
    draft: Draft,
    comments: Vec<Comment>,
}

async fn load(api: Api, id: String) -> Result<Loaded, ApiError> {
    let draft = api.draft(&id).await?;
    let comments = api.comments(&id, &client_id()).await?.items;
    Ok(Loaded { draft, comments })
}

fn paragraph_of(c: &Comment) -> Option<&str> {
    match &c.placement {
        Placement::Paragraph { paragraph_id } | Placement::Phrase { paragraph_id, .. } => Some(paragraph_id),
        _ => None,
    }
}

#[component]
pub fn ReaderPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").unwrap_or_default());
    let data = LocalResource::new(move || load(api.clone(), id.get()));
    // The open paragraph, kept in the URL's fragment so it can be linked to.
    let open = RwSignal::new(
        web_sys::window().and_then(|w| w.location().hash().ok()).map(|h| h.trim_start_matches('#').to_owned()).filter(|h| !h.is_empty()),
    );
    Effect::new(move |_| {
        if let Some(w) = web_sys::window() {
            let hash = open.get().map(|p| format!("#{p}")).unwrap_or_default();
            let path = w.location().pathname().unwrap_or_default() + &w.location().search().unwrap_or_default() + &hash;
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
            }
        }
    });
    move || match data.get() {
        None => view! { <div class="page"><Loading /></div> }.into_any(),
        Some(Err(error)) => view! {
            <div class="page">
                <h1 tabindex="-1">{move || i18n.t().drafts_title}</h1>
                <ErrorPanel error on_retry=Callback::new(move |_| data.refetch()) />
            </div>
        }
        .into_any(),
        Some(Ok(loaded)) => {
            if let Some(d) = web_sys::window().and_then(|w| w.document()) {
                d.set_title(&format!("{} | {}", loaded.draft.summary.title, i18n.t().drafts_title));
            }
            view! { <Reader loaded open /> }.into_any()
        }
    }
}

#[component]
fn Reader(loaded: Loaded, open: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let d = loaded.draft.clone();
    let s = d.summary.clone();
    // A new comment joins the list in place: no reload of the draft, nothing typed or shown
    // is lost.
    let comments = RwSignal::new(loaded.comments.clone());
    let refresh = Callback::new(move |c: Comment| comments.update(|list| list.push(c)));
    let is_open = s.state == DraftState::Open;
    let (kind, state, closes) = (s.kind, s.state, s.closes_at.clone());
    let unit = s.unit.clone();
    let outcomes = d.outcomes.clone();
    let summary_of_handling = (!is_open).then(|| {
        let rows = [
            (i18n.t().outcome_accepted, outcomes.accepted),
            (i18n.t().outcome_partly_accepted, outcomes.partly_accepted),
            (i18n.t().outcome_not_accepted, outcomes.not_accepted),
            (i18n.t().outcome_noted, outcomes.noted),
            (i18n.t().unanswered, outcomes.unanswered),
        ];
        view! {
            <p class="notice" role="status">{move || i18n.t().closed_notice}</p>
            <section aria-labelledby="handled-heading">
                <h2 id="handled-heading">{move || i18n.t().handled_summary}</h2>
                <table class="periods">
                    <tbody>
                        {rows.into_iter().map(|(label, n)| view! {
                            <tr><th scope="row">{label}</th><td>{move || format::number(n as f64, i18n.lang())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    });
    let articles = d
        .body
        .parts
        .iter()
        .flat_map(|p| p.articles.iter())
        .map(|a| {
            let heading = a.title.clone();
            let number = a.number;
            let paragraphs = a
                .paragraphs
                .iter()
                .map(|p| {
                    let pid = p.id.clone();
                    let me = pid.clone();
                    let on_it = Signal::derive(move || {
                        comments.get().into_iter().filter(|c| paragraph_of(c) == Some(me.as_str())).collect::<Vec<_>>()
                    });
                    view! { <ParagraphView pid=pid.clone() text=p.text.clone() comments=on_it open is_open draft_id=s.id.clone() refresh /> }
                })
                .collect_view();
            view! {
                <section class="article" aria-label=move || format!("{} {}", i18n.t().article, format::number(number as f64, i18n.lang()))>
                    <h2 class="article__title">
                        {move || format!("{} {}", i18n.t().article, format::number(number as f64, i18n.lang()))}
                        {heading.clone().map(|h| format!(" – {h}"))}
                    </h2>
                    {paragraphs}
                </section>
            }
        })
        .collect_view();
    let general = Signal::derive(move || comments.get().into_iter().filter(|c| paragraph_of(c).is_none()).collect::<Vec<_>>());
    view! {
        <div class="page reader">
            <h1 tabindex="-1">{s.title.clone()}</h1>
            <p class="draft-card__meta">
                <span class="badge">{move || draft_kind_name(i18n.t(), kind)}</span> " "
                <span class=format!("badge badge--{}", state.as_str())>{move || state_name(i18n.t(), state)}</span> " · "
                {move || unit.name.get(i18n.lang().code()).to_owned()} " · "
                {move || {
                    let label = if state == DraftState::Open { i18n.t().window_until } else { i18n.t().window_closed_on };
                    format!("{label} {}", format::date(&closes, i18n.lang()).unwrap_or_default())
                }}
                " · " {move || format!("{} {}", i18n.t().version_label, format::number(d.shown_version as f64, i18n.lang()))}
            </p>
            <p class="lead">{s.summary.clone()}</p>
            {(d.versions.len() > 1).then(|| {
                let href = format!("/drafts/{}/changes", crate::api::encode_segment(&s.id));
                view! { <p><leptos_router::components::A href=href attr:class="button button--secondary">{move || i18n.t().see_changes}</leptos_router::components::A></p> }
            })}
            {summary_of_handling}
            <div class="draft-text">{articles}</div>
            <section class="general-comments" aria-labelledby="general-heading">
                <h2 id="general-heading">{move || i18n.t().draft_comments}</h2>
                {move || view! { <CommentList comments=general.get() /> }}
                {is_open.then(|| view! { <CommentForm draft_id=s.id.clone() paragraph=None refresh /> })}
            </section>
        </div>
    }
}

#[component]
fn ParagraphView(
    pid: String,
    text: String,
    comments: Signal<Vec<Comment>>,
    open: RwSignal<Option<String>>,
    is_open: bool,
    draft_id: String,
    refresh: Callback<Comment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = move || comments.get().len();
    let me = pid.clone();
    let expanded = Memo::new(move |_| open.get().as_deref() == Some(me.as_str()));
    let me = pid.clone();
    let toggle = move |_| open.set(if expanded.get_untracked() { None } else { Some(me.clone()) });
    let panel_id = format!("{pid}-comments");
    let (draft_id, pid_for_form) = (StoredValue::new(draft_id), pid.clone());
    view! {
        <div class="para" id=pid.clone()>
            <p class="para__text">{text}</p>
            <button
                type="button"
                class="para__count"
                aria-expanded=move || expanded.get().to_string()
                aria-controls=panel_id.clone()
                on:click=toggle
            >
                {move || {
                    let t = i18n.t();
                    let n = count();
                    if n == 0 && is_open {
                        t.comment_on_paragraph.to_owned()
                    } else {
                        format!("{} {}", format::number(n as f64, i18n.lang()), t.comments_count)
                    }
                }}
            </button>
            <Show when=move || expanded.get()>
                <div class="para__panel" id=panel_id.clone() role="region" aria-label=move || i18n.t().paragraph_comments>
                    {move || view! { <CommentList comments=comments.get() /> }}
                    {is_open.then(|| view! { <CommentForm draft_id=draft_id.get_value() paragraph=Some(pid_for_form.clone()) refresh /> })}
                </div>
            </Show>
        </div>
    }
}

#[component]
fn CommentList(comments: Vec<Comment>) -> impl IntoView {
    let i18n = use_i18n();
    if comments.is_empty() {
        return view! { <p class="field__hint">{move || i18n.t().no_comments}</p> }.into_any();
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
            if let Ok(v) = api.support(&id, &client_id()).await {
                if let Some(n) = v.get("support_count").and_then(|n| n.as_u64()) {
                    count.set(n as u32);
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
                    {move || i18n.t().response_label} ": "
                    <span class=format!("badge badge--{}", outcome.as_str())>{move || outcome_name(i18n.t(), outcome)}</span>
                </p>
                <p>{r.text.clone()}</p>
            </div>
        }
    });
    view! {
        <li class="comment" id=format!("comment-{}", comment.id)>
            {earlier.then(|| view! { <p class="badge">{move || i18n.t().on_earlier_version}</p> })}
            {quote.map(|q| view! { <blockquote class="comment__quote" aria-label=move || i18n.t().quoted>{q}</blockquote> })}
            <p class="comment__body">{comment.body.clone()}</p>
            <p class="comment__meta">
                {comment.display_name.clone()} {comment.display_name.as_ref().map(|_| " · ")}
                <time datetime=datetime>{move || format::date(&created, i18n.lang()).unwrap_or_default()}</time>
            </p>
            <button type="button" class="button button--secondary button--small" disabled=move || supported.get() on:click=support>
                {move || if supported.get() { i18n.t().supported } else { i18n.t().support_action }}
                " (" {move || format::number(count.get() as f64, i18n.lang())} ")"
            </button>
            {response}
        </li>
    }
}

/// What a citizen is writing, kept on the device until the server has it.
#[derive(Clone, Default, Serialize, Deserialize)]
struct Unsent {
    body: String,
    name: String,
    key: Option<String>,
}

#[component]
fn CommentForm(draft_id: String, paragraph: Option<String>, refresh: Callback<Comment>) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let storage_key = format!("miz.comment.{draft_id}.{}", paragraph.clone().unwrap_or_else(|| "draft".into()));
    let saved: Unsent = storage::get(&storage_key).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
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
    let field_id = format!("comment-{}", paragraph.clone().unwrap_or_else(|| "draft".into()));
    let name_id = format!("{field_id}-name");
    let anchor = Anchor { paragraph_id: paragraph.clone(), quote: None, start: None, end: None };
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
                    refresh.run(created);
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
            <button type="submit" class="button" disabled=move || sending.get()>{move || i18n.t().send_comment}</button>
        </form>
    }
}

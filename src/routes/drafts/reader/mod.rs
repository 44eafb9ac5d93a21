//! `/drafts/{id}`: the draft reader. The text renders as soon as the draft arrives; comments
//! follow (a long draft has thousands) and fill in the counts, highlights and the panel.
//!
//! What the citizen is looking at lives in the URL fragment, so every state can be linked to:
//! `#<paragraph>` a paragraph's comments, `#<paragraph>@<start>-<end>` the comments on (and the
//! form for) a phrase, `#comment-<id>` one comment.

mod comments;
mod dom;
mod form;
mod panel;
mod selection;
mod text;
mod toc;

use crate::{
    api::{encode_segment, Api, ApiError},
    components::{error_panel::ErrorPanel, loading::Loading},
    format,
    i18n::{draft_kind_name, use_i18n},
    storage::client_id,
};
use comments::CommentList;
use form::CommentForm;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use miz_core::{
    anchor::{Placement, Target},
    drafts::{Comment, Draft, DraftState},
};
use panel::CommentsPanel;
use selection::SelectionAction;
use std::{collections::HashMap, sync::Arc};
use text::DraftText;

use super::state_name;

/// Where the reader is: the open target and, when the page was opened on a comment's link,
/// that comment. Shared by the text, the selection action and the panel.
#[derive(Clone, Copy)]
pub struct ReaderState {
    pub open: RwSignal<Option<Target>>,
    pub linked: RwSignal<Option<String>>,
    pub comments: RwSignal<Vec<Comment>>,
    /// Comments by the paragraph they are placed on, rebuilt when a comment arrives.
    pub by_paragraph: Memo<Arc<HashMap<String, Vec<Comment>>>>,
    pub comments_loaded: RwSignal<bool>,
    /// Whether every article has been rendered (a long draft renders in slices).
    pub text_complete: RwSignal<bool>,
    /// Which paragraph is open, told to that paragraph (and the one closed) only, so opening
    /// one in a long draft does not wake the other nine hundred.
    pub open_pid: StoredValue<Selector<Option<String>>>,
    pub can_comment: bool,
}

impl ReaderState {
    /// Opens a target because the citizen asked: the link to a comment no longer applies,
    /// and the panel takes the focus so a screen reader announces it.
    pub fn choose(&self, target: Option<Target>) {
        self.linked.set(None);
        let returning = self.open.get_untracked().map(|t| t.pid);
        self.open.set(target.clone());
        match target {
            Some(_) => dom::focus_later(panel::HEADING_ID),
            None => {
                if let Some(pid) = returning {
                    dom::focus_later(&text::count_button_id(&pid));
                }
            }
        }
    }

    pub fn is_open(&self, pid: &str) -> bool {
        self.open_pid.with_value(|s| s.selected(&Some(pid.to_owned())))
    }

    pub fn on_paragraph(&self, pid: &str) -> Signal<Vec<Comment>> {
        let (map, pid) = (self.by_paragraph, pid.to_owned());
        Signal::derive(move || map.get().get(&pid).cloned().unwrap_or_default())
    }
}

pub fn paragraph_of(c: &Comment) -> Option<&str> {
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
    let api2 = api.clone();
    let draft = crate::resource::ErasedResource::new(move || {
        let api = api.clone();
        let id = id.get();
        async move { api.draft(&id).await }
    });
    move || match draft.get() {
        None => view! { <div class="page"><Loading /></div> }.into_any(),
        Some(Err(error)) => view! {
            <div class="page">
                <h1 tabindex="-1">{i18n.text(|m| m.drafts_title)}</h1>
                <ErrorPanel error on_retry=Callback::new(move |_| draft.refetch()) />
            </div>
        }
        .into_any(),
        Some(Ok(d)) => {
            crate::embed::set_title(&format!("{} | {}", d.summary.title, i18n.t().drafts_title));
            view! { <Reader draft=d api=api2.clone() /> }.into_any()
        }
    }
}

#[component]
fn Reader(draft: Draft, api: Api) -> impl IntoView {
    let i18n = use_i18n();
    let s = draft.summary.clone();
    let fragment = dom::fragment();
    let comments = RwSignal::new(Vec::<Comment>::new());
    let by_paragraph = Memo::new(move |_| {
        let mut map: HashMap<String, Vec<Comment>> = HashMap::new();
        comments.with(|list| {
            for c in list {
                if let Some(pid) = paragraph_of(c) {
                    map.entry(pid.to_owned()).or_default().push(c.clone());
                }
            }
        });
        Arc::new(map)
    });
    let open = RwSignal::new(Target::parse(&fragment).filter(|t| draft.body.paragraph(&t.pid).is_some()));
    let state = ReaderState {
        open,
        linked: RwSignal::new(fragment.strip_prefix("comment-").map(str::to_owned)),
        comments,
        by_paragraph,
        comments_loaded: RwSignal::new(false),
        text_complete: RwSignal::new(false),
        open_pid: StoredValue::new(Selector::new(move || open.with(|t| t.as_ref().map(|t| t.pid.clone())))),
        can_comment: s.state == DraftState::Open,
    };
    provide_context(state);

    let load_error = RwSignal::new(None::<ApiError>);
    let load_comments = {
        let (api, id) = (api.clone(), s.id.clone());
        move || {
            let (api, id) = (api.clone(), id.clone());
            load_error.set(None);
            leptos::task::spawn_local(async move {
                match api.comments(&id, &client_id()).await {
                    Ok(list) => {
                        comments.set(list.items);
                        state.comments_loaded.set(true);
                    }
                    Err(e) => load_error.set(Some(e)),
                }
            });
        }
    };
    load_comments();

    // A link to one comment opens its paragraph and brings the comment into view once the
    // comments are here.
    let agency = crate::app::use_agency();
    Effect::new(move |_| {
        let Some(cid) = state.linked.get() else { return };
        // The page's data can now arrive before the agency (index.html asks for both), while
        // the shell is still hidden and focus would go nowhere.
        if !state.comments_loaded.get() || !state.text_complete.get() || !agency.shell_shown() {
            return;
        }
        let pid = comments.with_untracked(|l| l.iter().find(|c| c.id == cid).and_then(|c| paragraph_of(c).map(str::to_owned)));
        if let Some(pid) = pid {
            state.open.set(Some(Target::paragraph(pid)));
        }
        dom::reveal_later(&format!("comment-{cid}"));
    });
    // A link to a paragraph brings it into view once it is rendered.
    if let Some(t) = open.get_untracked() {
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) || !state.text_complete.get() || !agency.shell_shown() {
                return done.unwrap_or(false);
            }
            dom::reveal_later(&text::count_button_id(&t.pid));
            true
        });
    }
    // The fragment follows the state, replacing (not pushing) history entries, so Back leaves
    // the draft rather than stepping through every paragraph opened.
    Effect::new(move |_| {
        let fragment = match (state.linked.get(), state.open.get()) {
            (Some(cid), _) => format!("comment-{cid}"),
            (None, Some(t)) => t.fragment(),
            (None, None) => String::new(),
        };
        dom::replace_fragment(&fragment);
    });

    let (kind, st, closes) = (s.kind, s.state, s.closes_at.clone());
    let unit = s.unit.clone();
    let shown = draft.shown_version;
    let handling = (!state.can_comment).then(|| view! { <Handling outcomes=draft.outcomes.clone() /> });
    let versions = (draft.versions.len() > 1).then(|| view! { <Versions draft_id=s.id.clone() draft=draft.clone() /> });
    let general = Signal::derive(move || comments.get().into_iter().filter(|c| paragraph_of(c).is_none()).collect::<Vec<_>>());
    let sheet_open = move || state.open.get().is_some();
    let draft = StoredValue::new(draft);
    let draft_id = s.id.clone();
    view! {
        <div
            class="page reader"
            class=("reader--sheet-open", sheet_open)
            // For tests and the benchmark: whether every comment has arrived.
            data-comments=move || if state.comments_loaded.get() { "loaded" } else { "loading" }
        >
            <h1 tabindex="-1">{s.title.clone()}</h1>
            <p class="draft-card__meta">
                <span class="badge">{move || draft_kind_name(i18n.t(), kind)}</span> " "
                <span class=format!("badge badge--{}", st.as_str())>{move || state_name(i18n.t(), st)}</span> {move || crate::format::sep(i18n.lang())}
                {move || unit.name.get(i18n.lang().code()).to_owned()} {move || crate::format::sep(i18n.lang())}
                {move || {
                    let label = if st == DraftState::Open { i18n.t().window_until } else { i18n.t().window_closed_on };
                    format!("{label} {}", format::date(&closes, i18n.lang()).unwrap_or_default())
                }}
                {move || crate::format::sep(i18n.lang())} {move || crate::i18n::fill(i18n.t().version_n, &[("n", &format::number(shown as f64, i18n.lang()))])}
            </p>
            <p class="lead">{s.summary.clone()}</p>
            {handling}
            {versions}
            {move || load_error.get().map(|error| {
                let retry = load_comments.clone();
                view! { <ErrorPanel error on_retry=Callback::new(move |_| retry()) /> }
            })}
            {state.can_comment.then(|| view! { <selection::FirstVisitHint /> })}
            <toc::Contents draft=draft.get_value() />
            <div class="reader__layout">
                <DraftText draft=draft.get_value() />
                <CommentsPanel draft />
            </div>
            {state.can_comment.then(|| view! { <SelectionAction /> })}
            <section class="general-comments" id="draft-comments" aria-labelledby="general-heading">
                <h2 id="general-heading">{i18n.text(|m| m.draft_comments)}</h2>
                {move || view! { <CommentList comments=general.get() /> }}
                {state.can_comment.then(|| view! { <CommentForm draft_id=draft_id.clone() target=None quote=None /> })}
            </section>
        </div>
    }
}

/// A closed or final draft's account of how the comments were handled.
#[component]
fn Handling(outcomes: miz_core::drafts::OutcomeCounts) -> impl IntoView {
    let i18n = use_i18n();
    let rows = [
        (i18n.t().outcome_accepted, outcomes.accepted),
        (i18n.t().outcome_partly_accepted, outcomes.partly_accepted),
        (i18n.t().outcome_not_accepted, outcomes.not_accepted),
        (i18n.t().outcome_noted, outcomes.noted),
        (i18n.t().unanswered, outcomes.unanswered),
    ];
    view! {
        <p class="notice" role="status">{i18n.text(|m| m.closed_notice)}</p>
        <section aria-labelledby="handled-heading">
            <h2 id="handled-heading">{i18n.text(|m| m.handled_summary)}</h2>
            <table class="periods">
                <tbody>
                    {rows.into_iter().map(|(label, n)| view! {
                        <tr><th scope="row">{label}</th><td>{move || format::number(n as f64, i18n.lang())}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// Every version, each with its own URL, and what changed.
#[component]
fn Versions(draft_id: String, draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let base = crate::paths::to(&format!("/drafts/{}", encode_segment(&draft_id)));
    let current = draft.summary.version;
    let items = draft
        .versions
        .iter()
        .rev()
        .map(|v| {
            let href = if v.number == current { base.clone() } else { format!("{base}/versions/{}", v.number) };
            let (n, at, note) = (v.number, v.published_at.clone(), v.note.clone());
            view! {
                <li>
                    <A href=href>{move || crate::i18n::fill(i18n.t().version_n, &[("n", &format::number(n as f64, i18n.lang()))])}</A>
                    {move || crate::format::sep(i18n.lang())} {move || format::date(&at, i18n.lang()).unwrap_or_default()}
                    {note.map(|n| view! { {move || crate::format::sep(i18n.lang())} {n} })}
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="versions">
            <summary>{i18n.text(|m| m.versions_title)}</summary>
            <ul>{items}</ul>
        </details>
        <p><A href=format!("{base}/changes") attr:class="button button--secondary">{i18n.text(|m| m.see_changes)}</A></p>
    }
}

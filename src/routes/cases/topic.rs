use super::{ContinueButton, StepShell, WithTypes};
use crate::{
    app::use_page_title,
    case_wizard::use_wizard,
    components::form::{ErrorSummary, FieldError, Radios},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_navigate};
use miz_core::cases::CaseTypes;

#[component]
pub fn TopicPage() -> impl IntoView {
    use_page_title(|t| t.q_topic);
    let w = use_wizard();
    if w.draft.get_untracked().kind.is_none() {
        return view! { <Redirect path=super::href("type") /> }.into_any();
    }
    view! {
        <StepShell step="topic">
            <WithTypes view=|types: CaseTypes| view! { <TopicForm types /> } />
        </StepShell>
    }
    .into_any()
}

#[component]
fn TopicForm(types: CaseTypes) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let lang = i18n.lang().code();
    let kind = w.draft.get_untracked().kind;
    let topics: Vec<_> = types.types.iter().find(|t| Some(t.kind) == kind).map(|t| t.topics.clone()).unwrap_or_default();
    let valid_ids: Vec<String> = topics.iter().map(|t| t.id.clone()).collect();
    let options = topics.iter().map(|t| (t.id.clone(), t.name.get(lang).to_owned(), None)).collect();
    let selected = RwSignal::new(w.draft.get_untracked().topic_id.filter(|id| valid_ids.contains(id)));
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match selected.get_untracked().filter(|id| valid_ids.contains(id)) {
            Some(id) => {
                w.update(|d| d.topic_id = Some(id));
                navigate(&super::next_after("topic"), Default::default());
            }
            None => error.set(Some(i18n.t().choose_one.to_owned())),
        }
    };
    let errors = Signal::derive(move || {
        error.get().map(|m| vec![FieldError { field_id: "topic".into(), message: m }]).unwrap_or_default()
    });
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary errors />
            <Radios
                name="topic"
                legend=Signal::derive(move || i18n.t().q_topic.to_owned())
                hint=Signal::derive(move || i18n.t().q_topic_hint.to_owned())
                options
                selected
                error=error
            />
            <ContinueButton />
        </form>
    }
}

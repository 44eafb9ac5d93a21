use super::{ContinueButton, StepShell, WithTypes};
use crate::{
    app::use_page_title,
    case_wizard::use_wizard,
    components::form::{ErrorSummary, FieldError, Radios},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use miz_core::cases::{CaseKind, CaseTypes};

#[component]
pub fn KindPage() -> impl IntoView {
    use_page_title(|t| t.q_kind);
    view! {
        <StepShell step="type">
            <WithTypes view=|types: CaseTypes| view! { <KindForm types /> } />
        </StepShell>
    }
}

#[component]
fn KindForm(types: CaseTypes) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let lang = i18n.lang().code();
    let options = types
        .types
        .iter()
        .map(|t| (t.kind.as_str().to_owned(), t.name.get(lang).to_owned(), Some(t.description.get(lang).to_owned())))
        .collect();
    let selected = RwSignal::new(w.draft.get_untracked().kind.map(|k| k.as_str().to_owned()));
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match selected.get_untracked().as_deref().and_then(CaseKind::parse) {
            Some(kind) => {
                w.update(|d| {
                    if d.kind != Some(kind) {
                        // Topics belong to a kind; anonymity may no longer be allowed.
                        d.topic_id = None;
                        d.anonymous = d.anonymous && kind.allows_anonymous();
                    }
                    d.kind = Some(kind);
                });
                navigate(&super::next_after("type"), Default::default());
            }
            None => error.set(Some(i18n.t().choose_one.to_owned())),
        }
    };
    let errors = Signal::derive(move || {
        error.get().map(|m| vec![FieldError { field_id: "kind".into(), message: m }]).unwrap_or_default()
    });
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary errors />
            <Radios name="kind" legend=Signal::derive(move || i18n.t().q_kind.to_owned()) options selected error=error />
            <ContinueButton />
        </form>
    }
}

use super::{ContinueButton, StepShell, WithTypes};
use crate::{
    app::use_page_title,
    case_wizard::use_wizard,
    components::form::{ErrorSummary, FieldError, TextField},
    format,
    i18n::{fill, use_i18n},
};
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_navigate};
use miz_core::cases::{check_description, text_len, CaseTypes};

#[component]
pub fn DescriptionPage() -> impl IntoView {
    use_page_title(|t| t.q_description);
    let w = use_wizard();
    if w.draft.get_untracked().topic_id.is_none() {
        return view! { <Redirect path=super::href("topic") /> }.into_any();
    }
    view! {
        <StepShell step="description">
            <WithTypes view=|types: CaseTypes| view! { <DescriptionForm types /> } />
        </StepShell>
    }
    .into_any()
}

#[component]
fn DescriptionForm(types: CaseTypes) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let limits = types.limits;
    let max = limits.description_max;
    let text = RwSignal::new(w.draft.get_untracked().description);
    // Saved on the device with every keystroke.
    Effect::new(move |_| {
        let t = text.get();
        w.update(|d| d.description = t);
    });
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_description(&text.get_untracked(), &limits) {
            None => navigate(&super::next_after("description"), Default::default()),
            Some(p) => error.set(Some(i18n.lang().pick(|| p.message_fa(), || p.message_en()))),
        }
    };
    let errors = Signal::derive(move || {
        error.get().map(|m| vec![FieldError { field_id: "description".into(), message: m }]).unwrap_or_default()
    });
    let count_class = move || if text_len(&text.get()) > max { "char-count char-count--over" } else { "char-count" };
    let count = move || {
        let n = text_len(&text.get());
        let lang = i18n.lang();
        if n > max {
            fill(i18n.t().chars_over, &[("n", &format::number((n - max) as f64, lang))])
        } else {
            fill(i18n.t().chars_used, &[("n", &format::number(n as f64, lang)), ("max", &format::number(max as f64, lang))])
        }
    };
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary errors />
            <TextField
                id="description"
                heading=true
                multiline=true
                label=Signal::derive(move || i18n.t().q_description.to_owned())
                hint=Signal::derive(move || i18n.t().q_description_hint.to_owned())
                value=text
                error=error
            />
            <p class=count_class aria-live="polite">
                {count}
            </p>
            <ContinueButton />
        </form>
    }
}

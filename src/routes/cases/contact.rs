use super::{ContinueButton, StepShell, WithTypes};
use crate::{
    app::use_page_title,
    case_wizard::use_wizard,
    components::form::{ErrorSummary, FieldError, FieldKind, TextField},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_navigate};
use miz_core::cases::{check_contact, text_len, CaseProblem, CaseTypes};

#[component]
pub fn ContactPage() -> impl IntoView {
    use_page_title(|t| t.q_contact);
    let w = use_wizard();
    if w.draft.get_untracked().kind.is_none() {
        return view! { <Redirect path=super::href("type") /> }.into_any();
    }
    view! {
        <StepShell step="contact">
            <WithTypes view=|types: CaseTypes| view! { <ContactForm types /> } />
        </StepShell>
    }
    .into_any()
}

#[component]
fn ContactForm(types: CaseTypes) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let d = w.draft.get_untracked();
    let kind = d.kind.unwrap_or(miz_core::cases::CaseKind::Request);
    let allows_anonymous = types.types.iter().any(|t| t.kind == kind && t.anonymous_allowed);
    let mobile = RwSignal::new(d.mobile);
    let name = RwSignal::new(d.name);
    let anonymous = RwSignal::new(d.anonymous && allows_anonymous);
    Effect::new(move |_| {
        let (m, n, a) = (mobile.get(), name.get(), anonymous.get());
        w.update(|d| {
            d.mobile = m;
            d.name = n;
            d.anonymous = a;
        });
    });
    let mobile_error = RwSignal::new(None::<String>);
    let name_error = RwSignal::new(None::<String>);
    let name_max = types.limits.name_max;
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let msg = |p: CaseProblem| i18n.lang().pick(|| p.message_fa(), || p.message_en());
        let m = check_contact(kind, &types, Some(&mobile.get_untracked()), anonymous.get_untracked()).err().map(msg);
        let n = (!anonymous.get_untracked() && text_len(&name.get_untracked()) > name_max).then(|| msg(CaseProblem::NameLong(name_max)));
        mobile_error.set(m.clone());
        name_error.set(n.clone());
        if m.is_none() && n.is_none() {
            navigate(&super::next_after("contact"), Default::default());
        }
    };
    let errors = Signal::derive(move || {
        let mut v = Vec::new();
        if let Some(m) = mobile_error.get() {
            v.push(FieldError { field_id: "mobile".into(), message: m });
        }
        if let Some(m) = name_error.get() {
            v.push(FieldError { field_id: "name".into(), message: m });
        }
        v
    });
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary errors />
            <h1 tabindex="-1">{i18n.text(|m| m.q_contact)}</h1>
            {allows_anonymous.then(|| view! {
                <div class="field checkbox">
                    <input
                        id="anonymous"
                        class="checkbox__input"
                        type="checkbox"
                        prop:checked=move || anonymous.get()
                        aria-describedby="anonymous-hint"
                        on:change=move |ev| anonymous.set(event_target_checked(&ev))
                    />
                    <label class="checkbox__label" for="anonymous">{i18n.text(|m| m.anonymous_label)}</label>
                    <p class="field__hint" id="anonymous-hint">{i18n.text(|m| m.anonymous_hint)}</p>
                </div>
            })}
            <Show when=move || !anonymous.get()>
                <TextField
                    id="mobile"
                    label=Signal::derive(move || i18n.t().mobile_label.to_owned())
                    hint=Signal::derive(move || i18n.t().mobile_hint.to_owned())
                    value=mobile
                    error=mobile_error
                    kind=FieldKind::Digits
                    input_type="tel"
                    autocomplete="tel"
                    optional=allows_anonymous
                />
                <TextField
                    id="name"
                    label=Signal::derive(move || i18n.t().name_label.to_owned())
                    value=name
                    error=name_error
                    optional=true
                    autocomplete="name"
                />
            </Show>
            <ContinueButton />
        </form>
    }
}

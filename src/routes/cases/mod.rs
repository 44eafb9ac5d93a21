//! The case wizard, one question per page (GOV.UK pattern), each step at its own URL:
//! type → topic → description → attachments → contact → check → sent.

pub mod check;
pub mod contact;
pub mod description;
pub mod files;
pub mod kind;
pub mod sent;
pub mod start;
pub mod topic;
mod types;

use crate::{
    case_wizard::use_wizard,
    components::{error_panel::ErrorPanel, loading::Loading},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};
use miz_core::cases::CaseTypes;

pub use miz_core::routes::WIZARD_STEPS as STEPS;

/// The path of a wizard step.
pub fn href(step: &str) -> String {
    crate::paths::to(&format!("/cases/new/{step}"))
}

/// Where "continue" goes from `step`: the next step, or back to the check page when the
/// citizen came from one of its change links.
pub fn next_after(step: &str) -> String {
    let back_to_check = use_query_map().get_untracked().get("return").as_deref() == Some("check");
    if back_to_check {
        return href("check");
    }
    let i = STEPS.iter().position(|s| *s == step).unwrap_or(0);
    STEPS.get(i + 1).map(|s| href(s)).unwrap_or_else(|| href("check"))
}

fn previous(step: &str) -> String {
    let i = STEPS.iter().position(|s| *s == step);
    match i {
        Some(0) | None => crate::paths::to("/cases/new"),
        Some(i) => href(STEPS[i - 1]),
    }
}

/// Back link, step counter and, once, a note that an earlier draft was restored.
#[component]
pub fn StepShell(step: &'static str, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let n = STEPS.iter().position(|s| *s == step).map(|i| i + 1);
    let restored = w.restored.get_untracked();
    w.restored.set(false);
    view! {
        <div class="page wizard">
            <p class="back-link"><A href=previous(step)>{i18n.text(|m| m.back)}</A></p>
            {n.map(|n| {
                view! {
                    <p class="step-count">
                        {move || {
                            let lang = i18n.lang();
                            crate::i18n::fill(
                                i18n.t().step_of,
                                &[
                                    ("n", &crate::format::number(n as f64, lang)),
                                    ("total", &crate::format::number(STEPS.len() as f64, lang)),
                                ],
                            )
                        }}
                    </p>
                }
            })}
            {restored.then(|| view! { <p class="notice" role="status">{i18n.text(|m| m.restored)}</p> })}
            {children()}
        </div>
    }
}

/// Renders `view` with the case types once they are there.
#[component]
pub fn WithTypes<V, F>(view: F) -> impl IntoView
where
    F: Fn(CaseTypes) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let types = types::use_case_types();
    move || match types.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=Callback::new(move |_| types.retry()) /> }.into_any(),
        Some(Ok(types)) => view(types).into_any(),
    }
}

/// The continue button of a step.
#[component]
pub fn ContinueButton() -> impl IntoView {
    let i18n = use_i18n();
    view! { <button type="submit" class="button">{i18n.text(|m| m.continue_)}</button> }
}

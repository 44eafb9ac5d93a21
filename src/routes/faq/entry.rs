use super::WithFaq;
use crate::{
    api::{Api, ApiError},
    components::error_panel::ErrorPanel,
    i18n::use_i18n,
    storage::client_id,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};
use miz_core::{api::FaqFeedback, search::Index};
use std::sync::Arc;

#[component]
pub fn FaqEntryPage() -> impl IntoView {
    crate::feedback_outbox::start(expect_context::<crate::api::Api>());
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").unwrap_or_default());
    let page = move |index: Arc<Index>| {
                let found = index.entries().iter().find(|e| e.id == id.get()).cloned();
                match found {
                    Some(e) => {
                        set_title(&e.question, i18n.t().faq_title);
                        let paragraphs = e
                            .answer
                            .split('\n')
                            .filter(|p| !p.trim().is_empty())
                            .map(|p| view! { <p>{p.to_owned()}</p> })
                            .collect_view();
                        view! {
                            <p class="breadcrumb"><A href=crate::paths::to("/faq")>{i18n.text(|m| m.faq_back)}</A></p>
                            <h1 tabindex="-1">{e.question.clone()}</h1>
                            <p class="badge">{i18n.text(|m| m.faq_category_label)} ": " {e.category.clone()}</p>
                            <div class="answer">{paragraphs}</div>
                            <Feedback id=e.id.clone() />
                        }
                        .into_any()
                    }
                    None => view! {
                        <h1 tabindex="-1">{i18n.text(|m| m.faq_title)}</h1>
                        <p role="alert">{i18n.text(|m| m.faq_entry_missing)}</p>
                        <p><A href=crate::paths::to("/faq")>{i18n.text(|m| m.faq_back)}</A></p>
                    }
                    .into_any(),
                }
    };
    view! {
        <div class="page faq-entry">
            <WithFaq view=page />
        </div>
    }
}

fn set_title(question: &str, section: &str) {
    crate::embed::set_title(&format!("{question} | {section}"));
}

#[derive(Clone, PartialEq)]
enum Sent {
    No,
    Sending,
    Done,
    /// Given offline, to be sent when the network returns.
    Kept,
    Failed(ApiError, bool),
}

#[component]
fn Feedback(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let state = RwSignal::new(Sent::No);
    let id = StoredValue::new(id);
    let send = move |helpful: bool| {
        let api = api.clone();
        state.set(Sent::Sending);
        spawn_local(async move {
            let fb = FaqFeedback { client_id: client_id(), helpful, comment: None };
            match api.faq_feedback(&id.get_value(), &fb).await {
                Ok(_) => state.set(Sent::Done),
                // Offline: kept on the device and sent when the network is back.
                Err(ApiError::Network) => {
                    crate::feedback_outbox::keep(&id.get_value(), helpful);
                    state.set(Sent::Kept);
                }
                Err(e) => state.set(Sent::Failed(e, helpful)),
            }
        });
    };
    let send = StoredValue::new(send);
    move || match state.get() {
        Sent::Done => view! { <p class="feedback__thanks" role="status">{i18n.text(|m| m.faq_thanks)}</p> }.into_any(),
        Sent::Kept => view! { <p class="feedback__thanks" role="status">{i18n.text(|m| m.faq_thanks_kept)}</p> }.into_any(),
        Sent::Failed(error, helpful) => view! {
            <ErrorPanel error on_retry=Callback::new(move |_| (send.get_value())(helpful)) />
        }
        .into_any(),
        s => {
            let busy = s == Sent::Sending;
            view! {
                <fieldset class="feedback">
                    <legend>{i18n.text(|m| m.faq_helpful_question)}</legend>
                    <button type="button" class="button button--secondary" disabled=busy on:click=move |_| (send.get_value())(true)>
                        {i18n.text(|m| m.yes)}
                    </button>
                    <button type="button" class="button button--secondary" disabled=busy on:click=move |_| (send.get_value())(false)>
                        {i18n.text(|m| m.no)}
                    </button>
                </fieldset>
            }
            .into_any()
        }
    }
}

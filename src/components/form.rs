//! Form parts in the GOV.UK pattern: a label, an optional hint, the error next to the field,
//! and an error summary at the top that links to each field. The case wizard and the comment
//! form are built from these.
#![allow(dead_code)] // the first forms arrive with the drafts and cases pages

use crate::i18n::use_i18n;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One field's error, as the summary lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// The `id` of the input, so the summary can link to it.
    pub field_id: String,
    pub message: String,
}

/// Whether a field holds digits (phone, tracking code, national code): then Persian and
/// Arabic-Indic digits typed by the citizen are turned into ASCII as they type, and the phone
/// keyboard shows digits.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldKind {
    #[default]
    Text,
    Digits,
}

#[component]
pub fn TextField(
    id: &'static str,
    label: Signal<String>,
    value: RwSignal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] kind: FieldKind,
    #[prop(optional)] optional: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_error = move || error.map(|e| e.get().is_some()).unwrap_or(false);
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if has_error() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_input = move |ev: web_sys::Event| {
        let raw = ev
            .target()
            .and_then(|t| {
                t.clone().dyn_into::<web_sys::HtmlInputElement>().map(|i| i.value()).ok().or_else(|| {
                    t.dyn_into::<web_sys::HtmlTextAreaElement>().map(|a| a.value()).ok()
                })
            })
            .unwrap_or_default();
        value.set(match kind {
            FieldKind::Digits => miz_core::digits::to_ascii_digits(&raw),
            FieldKind::Text => raw,
        });
    };
    let input_mode = (kind == FieldKind::Digits).then_some("numeric");
    let control = if multiline {
        view! {
            <textarea
                id=id
                name=id
                class="field__input field__input--multiline"
                rows="6"
                aria-describedby=described_by.clone()
                aria-invalid=move || has_error().then_some("true")
                prop:value=move || value.get()
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                name=id
                class="field__input"
                type="text"
                inputmode=input_mode
                dir=(kind == FieldKind::Digits).then_some("ltr")
                autocomplete=autocomplete
                aria-describedby=described_by
                aria-invalid=move || has_error().then_some("true")
                prop:value=move || value.get()
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field--error=has_error>
            <label class="field__label" for=id>
                {move || label.get()}
                {optional.then(|| view! { " " <span class="field__optional">{move || i18n.t().optional}</span> })}
            </label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id>{move || h.get()}</p> })}
            {move || {
                error.and_then(|e| e.get()).map(|msg| view! { <p class="field__error" id=error_id.clone()>{msg}</p> })
            }}
            {control}
        </div>
    }
}

/// The list of a form's errors, shown above it after a failed submit. It takes focus when it
/// appears so a screen reader reads it, and each entry jumps to its field.
#[component]
pub fn ErrorSummary(errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        }
    });
    move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="error-summary" role="alert" tabindex="-1" node_ref=node>
                    <h2 class="error-summary__title">{move || i18n.t().error_summary_title}</h2>
                    <ul>
                        {list
                            .into_iter()
                            .map(|e| {
                                let href = format!("#{}", e.field_id);
                                view! { <li><a href=href>{e.message}</a></li> }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

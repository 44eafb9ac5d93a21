//! Form parts in the GOV.UK pattern: a label, an optional hint, the error next to the field,
//! and an error summary at the top that links to each field. The case wizard and the comment
//! form are built from these.

use super::{lang::current, text::common};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One field's error, as the summary lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// The `id` of the input, so the summary can link to it.
    pub field_id: String,
    pub message: String,
}

/// A set of radio buttons whose legend is the page's question.
#[component]
pub fn Radios(
    name: &'static str,
    legend: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// (value, label, hint)
    options: Vec<(String, String, Option<String>)>,
    selected: RwSignal<Option<String>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let has_error = move || error.map(|e| e.get().is_some()).unwrap_or(false);
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described = {
        let (h, e) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(h.clone());
            }
            if has_error() {
                ids.push(e.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, (value, label, item_hint))| {
            // The first radio carries the group's id, so the error summary can link to it.
            let id = if i == 0 { name.to_owned() } else { format!("{name}-{i}") };
            let item_hint_id = format!("{id}-hint");
            let v = value.clone();
            let checked = move || selected.get().as_deref() == Some(v.as_str());
            let on = value.clone();
            view! {
                <div class="radio">
                    <input
                        class="radio__input"
                        type="radio"
                        id=id.clone()
                        name=name
                        value=value.clone()
                        prop:checked=checked
                        aria-describedby=item_hint.as_ref().map(|_| item_hint_id.clone())
                        on:change=move |_| selected.set(Some(on.clone()))
                    />
                    <label class="radio__label" for=id.clone()>{label}</label>
                    {item_hint.map(|h| view! { <p class="radio__hint field__hint" id=item_hint_id.clone()>{h}</p> })}
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="field" class:field--error=has_error>
            <fieldset class="fieldset" aria-describedby=described>
                <legend class="fieldset__legend">
                    <h1 class="field__heading" tabindex="-1">{move || legend.get()}</h1>
                </legend>
                {hint.map(|h| view! { <p class="field__hint" id=hint_id>{move || h.get()}</p> })}
                {move || error.and_then(|e| e.get()).map(|m| view! { <p class="field__error" id=error_id.clone()>{m}</p> })}
                <div class="radios">{items}</div>
            </fieldset>
        </div>
    }
}

/// Whether a field holds digits (phone, tracking code, national code): the phone shows its
/// digit keyboard and the text runs left to right.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldKind {
    #[default]
    Text,
    Digits,
}

#[component]
pub fn TextField(
    #[prop(into)] id: String,
    label: Signal<String>,
    value: RwSignal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] kind: FieldKind,
    #[prop(optional)] optional: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    /// The label is the page's question (GOV.UK: one question per page), so it is the `<h1>`.
    #[prop(optional)]
    heading: bool,
    #[prop(optional)] input_type: Option<&'static str>,
) -> impl IntoView {
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
        // Kept as typed (Persian digits stay Persian on screen); the parsers accept every
        // digit script when the value is checked.
        value.set(raw);
    };
    let input_mode = (kind == FieldKind::Digits).then_some("numeric");
    let label_for = id.clone();
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=id.clone()
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
                id=id.clone()
                name=id.clone()
                class="field__input"
                type=input_type.unwrap_or("text")
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
    let label_el = view! {
        <label class="field__label" class:field__label--heading=heading for=label_for>
            {move || label.get()}
            {optional.then(|| view! { " " <span class="field__optional">{move || common(current()).optional}</span> })}
        </label>
    };
    let label_el = if heading {
        view! { <h1 class="field__heading" tabindex="-1">{label_el}</h1> }.into_any()
    } else {
        label_el.into_any()
    };
    view! {
        <div class="field" class:field--error=has_error>
            {label_el}
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
                    <h2 class="error-summary__title">{move || common(current()).error_summary_title}</h2>
                    <ul>
                        {list
                            .into_iter()
                            .map(|e| {
                                let href = format!("#{}", e.field_id);
                                let id = e.field_id.clone();
                                // As GOV.UK's summary does: move focus to the field itself (a plain
                                // fragment link only scrolls), and let the router ignore it.
                                let jump = move |ev: web_sys::MouseEvent| {
                                    ev.prevent_default();
                                    if let Some(el) = web_sys::window()
                                        .and_then(|w| w.document())
                                        .and_then(|d| d.get_element_by_id(&id))
                                        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                                    {
                                        el.scroll_into_view();
                                        let _ = el.focus();
                                    }
                                };
                                view! { <li><a href=href on:click=jump>{e.message}</a></li> }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

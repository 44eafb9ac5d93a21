//! Form parts the workbench needs beyond the shared ones: a labelled select, and the way a
//! page turns a failed request into the error summary and the fields' own messages.

use crate::ui::{error::ApiError, form::FieldError};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A labelled `<select>`: (value, label) options.
#[component]
pub fn Select(
    #[prop(into)] id: String,
    label: Signal<String>,
    value: RwSignal<String>,
    options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let has_error = move || error.map(|e| e.get().is_some()).unwrap_or(false);
    let on_change = move |ev: web_sys::Event| {
        if let Some(s) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
            value.set(s.value());
        }
    };
    let label_for = id.clone();
    let described = {
        let e = error_id.clone();
        move || has_error().then(|| e.clone())
    };
    view! {
        <div class="field" class:field--error=has_error>
            <label class="field__label" for=label_for>{move || label.get()}</label>
            {move || error.and_then(|e| e.get()).map(|m| view! { <p class="field__error" id=error_id.clone()>{m}</p> })}
            <select id=id.clone() name=id class="field__input field__select" aria-describedby=described on:change=on_change>
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// The field errors of a 422 as the summary lists them; `ids` maps the API's field names to
/// the form's input ids (a field the form has no input for is listed under the first input).
pub fn field_errors(error: &ApiError, ids: &[(&str, &str)]) -> Vec<FieldError> {
    error
        .field_errors()
        .into_iter()
        .map(|(field, message)| {
            let id = ids.iter().find(|(f, _)| field == *f || field.starts_with(&format!("{f}["))).or(ids.first()).map(|(_, i)| *i).unwrap_or("");
            FieldError { field_id: id.to_owned(), message }
        })
        .collect()
}

/// The message of `id` among `errors`, for the field itself.
pub fn message_for(errors: RwSignal<Vec<FieldError>>, id: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|list| list.iter().find(|e| e.field_id == id).map(|e| e.message.clone())))
}

//! `/staff/holidays`: the official holidays of a Jalali year, as one line per day; the
//! server checks every line and changes nothing if one is wrong, naming it.

use crate::{
    api::Api,
    app::use_page_title,
    format,
    i18n::use_i18n,
    routes::fields::{field_errors, message_for},
    ui::{
        error::ApiError,
        error_panel::ErrorPanel,
        form::{ErrorSummary, FieldError, FieldKind, TextField},
    },
};
use leptos::{prelude::*, task::spawn_local};

/// This Jalali year, from the browser's `Intl` (so no calendar tables here).
fn this_year() -> i64 {
    let d = js_sys::Date::new_0();
    let text = format::date(&d.to_iso_string().as_string().unwrap_or_default(), crate::ui::lang::Lang::En).unwrap_or_default();
    text.split(|c: char| !c.is_ascii_digit()).filter_map(|p| p.parse::<i64>().ok()).find(|n| *n > 1300).unwrap_or(1405)
}

#[component]
pub fn HolidaysPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    use_page_title(|t| t.holidays_title.to_owned());
    let year = RwSignal::new(this_year().to_string());
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let load = {
        let api = api.clone();
        move || {
            let api = api.clone();
            let Ok(y) = miz_core::digits::to_ascii_digits(&year.get_untracked()).trim().parse::<i64>() else { return };
            spawn_local(async move {
                match api.holidays(y).await {
                    Ok(v) => text.set(v["text"].as_str().unwrap_or("").to_owned()),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    {
        let load = load.clone();
        Effect::new(move |_| load());
    }
    let show = {
        let load = load.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            saved.set(false);
            load();
        }
    };
    let save = {
        let api = api.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            saved.set(false);
            failure.set(None);
            let Ok(y) = miz_core::digits::to_ascii_digits(&year.get_untracked()).trim().parse::<i64>() else { return };
            let (api, t) = (api.clone(), text.get_untracked());
            spawn_local(async move {
                match api.put_holidays(y, &t).await {
                    Ok(v) => {
                        errors.set(vec![]);
                        text.set(v["text"].as_str().unwrap_or("").to_owned());
                        saved.set(true);
                    }
                    Err(e) if e.status() == Some(422) => errors.set(field_errors(&e, &[("text", "holiday-text"), ("year", "holiday-year")])),
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    view! {
        <div class="wb-page">
            <h1 tabindex="-1">{move || i18n.t().holidays_title}</h1>
            <p class="lead">{move || i18n.t().holidays_intro}</p>
            {move || failure.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| failure.set(None)) /> })}
            <form class="wb-inline-form" on:submit=show novalidate>
                <TextField id="holiday-year" label=Signal::derive(move || i18n.t().year_label.to_owned()) value=year kind=FieldKind::Digits error=message_for(errors, "holiday-year") />
                <button type="submit" class="button button--secondary">{move || i18n.t().apply}</button>
            </form>
            {move || saved.get().then(|| view! { <p class="wb-notice" role="status">{move || i18n.t().holidays_saved}</p> })}
            <ErrorSummary errors=Signal::derive(move || errors.get()) />
            <form on:submit=save novalidate>
                <TextField
                    id="holiday-text"
                    label=Signal::derive(move || i18n.t().holidays_text.to_owned())
                    hint=Signal::derive(move || i18n.t().holidays_hint.to_owned())
                    value=text
                    multiline=true
                    error=message_for(errors, "holiday-text")
                />
                <button type="submit" class="button">{move || i18n.t().holidays_save}</button>
            </form>
        </div>
    }
}

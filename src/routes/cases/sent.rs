use crate::{app::use_page_title, case_wizard::use_wizard, format, i18n::use_i18n};
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use miz_core::tracking::{CheckDigit, TrackingCode};
use wasm_bindgen::JsValue;

/// The confirmation: the tracking code, large, with copy and share; the access key of an
/// anonymous case; what happens next. Shown only for a receipt the server sent.
#[component]
pub fn SentPage() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    use_page_title(|t| t.sent_title);
    let Some(receipt) = w.receipt.get_untracked() else {
        return view! { <Redirect path=crate::paths::to("/cases/new") /> }.into_any();
    };
    // Shown grouped whatever the backend's check digit: the code is the backend's own.
    let code = TrackingCode::parse_with(&receipt.tracking_code, CheckDigit::None).ok();
    let grouped = code.as_ref().map(|c| c.grouped()).unwrap_or_else(|| receipt.tracking_code.clone());
    let shown = StoredValue::new(grouped.clone());
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(nav) = web_sys::window().map(|w| w.navigator()) {
            let clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard")).ok();
            if let Some(cb) = clipboard.filter(|c| !c.is_undefined()) {
                if let Ok(f) = js_sys::Reflect::get(&cb, &JsValue::from_str("writeText")) {
                    if let Ok(f) = f.dyn_into::<js_sys::Function>() {
                        let _ = f.call1(&cb, &JsValue::from_str(&shown.get_value()));
                        copied.set(true);
                    }
                }
            }
        }
    };
    let can_share = web_sys::window()
        .map(|w| js_sys::Reflect::has(&w.navigator(), &JsValue::from_str("share")).unwrap_or(false))
        .unwrap_or(false);
    let share = move |_| {
        let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return };
        let data = js_sys::Object::new();
        let text = crate::i18n::fill(i18n.t().tracking_code_is, &[("code", &shown.get_value())]);
        let _ = js_sys::Reflect::set(&data, &JsValue::from_str("text"), &JsValue::from_str(&text));
        if let Ok(f) = js_sys::Reflect::get(&nav, &JsValue::from_str("share")).and_then(|f| f.dyn_into::<js_sys::Function>()) {
            // The promise rejects when the citizen cancels; nothing to do then.
            if let Ok(p) = f.call1(&nav, &data).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                });
            }
        }
    };
    let track_href = crate::paths::to(&format!("/track/{}", receipt.tracking_code));
    // Kept in this tab only unless the citizen asks to remember it here.
    let code_raw = StoredValue::new(receipt.tracking_code.clone());
    let key_raw = StoredValue::new(receipt.access_key.clone());
    let remembered = RwSignal::new(crate::remembered::is_remembered(&receipt.tracking_code));
    let toggle_remember = move |_| {
        if remembered.get_untracked() {
            crate::remembered::forget(&code_raw.get_value());
            remembered.set(false);
        } else {
            crate::remembered::remember(&code_raw.get_value(), key_raw.get_value().as_deref());
            remembered.set(true);
        }
    };
    let unit = receipt.unit.clone();
    let key = receipt.access_key.clone();
    view! {
        <div class="page sent">
            <div class="panel panel--confirmation">
                <h1 tabindex="-1">{i18n.text(|m| m.sent_title)}</h1>
                <p class="panel__label">{i18n.text(|m| m.tracking_code)}</p>
                <p class="panel__code" dir="ltr" id="tracking-code">{move || format::digits(&grouped, i18n.lang())}</p>
            </div>
            <p class="actions">
                <button type="button" class="button button--secondary" on:click=copy>
                    {move || if copied.get() { i18n.t().copied } else { i18n.t().copy }}
                </button>
                {can_share.then(|| view! {
                    <button type="button" class="button button--secondary" on:click=share>{i18n.text(|m| m.share)}</button>
                })}
            </p>
            <span class="visually-hidden" role="status">{move || copied.get().then(|| i18n.t().copied)}</span>
            {key.map(|k| view! {
                <div class="notice notice--key">
                    <h2>{i18n.text(|m| m.access_key)}</h2>
                    <p class="panel__code panel__code--key" dir="ltr" id="access-key">{k}</p>
                    <p><strong>{i18n.text(|m| m.access_key_warning)}</strong></p>
                </div>
            })}
            <div class="notice remember">
                <p>{move || if remembered.get() { i18n.t().remembered_here } else { i18n.t().not_remembered }}</p>
                <button type="button" class="button button--secondary" on:click=toggle_remember>
                    {move || if remembered.get() { i18n.t().forget_here } else { i18n.t().remember_here }}
                </button>
            </div>
            <p>{i18n.text(|m| m.sent_to_unit)} ": " {move || unit.name.get(i18n.lang().code()).to_owned()}</p>
            <h2>{i18n.text(|m| m.next_title)}</h2>
            <p>{i18n.text(|m| m.next_body)}</p>
            <p><A href=track_href>{i18n.text(|m| m.track_it)}</A></p>
            <p><A href=crate::paths::to("/cases/new")>{i18n.text(|m| m.new_case)}</A></p>
        </div>
    }
    .into_any()
}

use wasm_bindgen::JsCast;

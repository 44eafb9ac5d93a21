use crate::{format, i18n::use_i18n};
use leptos::prelude::*;
use miz_core::api::{Channels, Contact};

/// A phone or SMS number: shown in the language's digits, dialled from `dial` (LTR, so
/// `+98…` reads correctly inside Persian text).
#[component]
pub fn ContactItem(contact: Contact, scheme: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("{scheme}:{}", contact.dial_number());
    let number = contact.number.clone();
    let label = contact.label.clone();
    let action = move || if scheme == "tel" { i18n.t().call_action } else { i18n.t().sms_action };
    view! {
        <li class="contact-item">
            <span class="contact-item__label">{move || label.get(i18n.lang().code()).to_owned()}</span>
            <a class="contact-item__number" href=href>
                <bdi dir="ltr" class="number">{move || format::digits(&number, i18n.lang())}</bdi>
                <span class="visually-hidden">{move || format!(" ({})", action())}</span>
            </a>
        </li>
    }
}

/// The agency's phone and SMS numbers, for when the desk has no answer.
#[component]
pub fn PhoneAndSms(channels: Channels) -> impl IntoView {
    let items = channels
        .phones
        .into_iter()
        .map(|c| view! { <ContactItem contact=c scheme="tel" /> })
        .chain(channels.sms.into_iter().map(|c| view! { <ContactItem contact=c scheme="sms" /> }))
        .collect_view();
    view! { <ul class="contact-list">{items}</ul> }
}

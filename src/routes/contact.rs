use crate::{
    app::use_page_title,
    components::{agency_view::WithAgency, channels::ContactItem},
    i18n::use_i18n,
};
use leptos::prelude::*;
use miz_core::api::{Agency, Link};

#[component]
pub fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.contact_title);
    view! {
        <div class="page contact">
            <h1 tabindex="-1">{i18n.text(|m| m.contact_title)}</h1>
            <p>{i18n.text(|m| m.contact_intro)}</p>
            <WithAgency view=move |a: Agency| view! { <Channels agency=a /> } />
        </div>
    }
}

#[component]
fn Channels(agency: Agency) -> impl IntoView {
    let i18n = use_i18n();
    let ch = agency.channels;
    let phones = (!ch.phones.is_empty()).then(|| {
        view! {
            <section class="channel" aria-labelledby="phones-heading">
                <h2 id="phones-heading">{i18n.text(|m| m.phones_heading)}</h2>
                <ul class="contact-list">
                    {ch.phones.into_iter().map(|c| view! { <ContactItem contact=c scheme="tel" /> }).collect_view()}
                </ul>
            </section>
        }
    });
    let sms = (!ch.sms.is_empty()).then(|| {
        view! {
            <section class="channel" aria-labelledby="sms-heading">
                <h2 id="sms-heading">{i18n.text(|m| m.sms_heading)}</h2>
                <ul class="contact-list">
                    {ch.sms.into_iter().map(|c| view! { <ContactItem contact=c scheme="sms" /> }).collect_view()}
                </ul>
            </section>
        }
    });
    let links: Vec<Link> =
        [ch.single_window, ch.website, ch.transparency].into_iter().flatten().chain(ch.social).collect();
    let online = (!links.is_empty()).then(|| {
        view! {
            <section class="channel" aria-labelledby="online-heading">
                <h2 id="online-heading">{i18n.text(|m| m.online_heading)}</h2>
                <ul class="contact-list">
                    {links.into_iter().map(|l| view! { <LinkItem link=l /> }).collect_view()}
                </ul>
            </section>
        }
    });
    let text_section = |id: &'static str, heading: fn(&crate::i18n::Msgs) -> &'static str, text: Option<miz_core::api::Localized>| {
        text.map(|text| {
            view! {
                <section class="channel" aria-labelledby=id>
                    <h2 id=id>{move || heading(i18n.t())}</h2>
                    <p>{move || text.get(i18n.lang().code()).to_owned()}</p>
                </section>
            }
        })
    };
    let address = text_section("address-heading", |t| t.address_heading, ch.address);
    let hours = text_section("hours-heading", |t| t.hours_heading, ch.hours);
    let units = (!agency.units.is_empty()).then(|| {
        let items = agency
            .units
            .into_iter()
            .map(|u| view! { <li>{move || u.name.get(i18n.lang().code()).to_owned()}</li> })
            .collect_view();
        view! {
            <section class="channel" aria-labelledby="units-heading">
                <h2 id="units-heading">{i18n.text(|m| m.units_heading)}</h2>
                <p>{i18n.text(|m| m.units_intro)}</p>
                <ul class="units">{items}</ul>
            </section>
        }
    });
    view! { <div class="channels">{phones} {sms} {online} {address} {hours} {units}</div> }
}

#[component]
fn LinkItem(link: Link) -> impl IntoView {
    let i18n = use_i18n();
    let label = link.label.clone();
    // Only web links: a document from a misconfigured backend must not become a
    // `javascript:` link.
    let safe = link.url.starts_with("https://") || link.url.starts_with("http://");
    let url = link.url.clone();
    view! {
        <li class="contact-item">
            <span class="contact-item__label">{move || label.get(i18n.lang().code()).to_owned()}</span>
            {safe.then(|| view! {
                <a class="contact-item__link" href=url.clone() rel="noopener" dir="ltr">{url.clone()}</a>
            })}
        </li>
    }
}

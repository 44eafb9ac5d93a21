use crate::{
    app::use_page_title,
    components::agency_view::WithAgency,
    format,
    i18n::{draft_kind_name, use_i18n, Msgs},
};
use leptos::prelude::*;
use leptos_router::components::A;
use miz_core::api::Agency;

/// A section of the desk: its title, what it is for, and its page once it exists.
struct Section {
    title: fn(&Msgs) -> &'static str,
    desc: fn(&Msgs) -> &'static str,
    href: Option<&'static str>,
}

const SECTIONS: &[Section] = &[
    Section { title: |t| t.section_drafts_title, desc: |t| t.section_drafts_desc, href: Some("/drafts") },
    Section { title: |t| t.section_cases_title, desc: |t| t.section_cases_desc, href: Some("/cases/new") },
    Section { title: |t| t.section_track_title, desc: |t| t.section_track_desc, href: Some("/track") },
    Section { title: |t| t.section_faq_title, desc: |t| t.section_faq_desc, href: Some("/faq") },
    Section { title: |t| t.section_services_title, desc: |t| t.section_services_desc, href: Some("/services") },
    Section { title: |t| t.section_reports_title, desc: |t| t.section_reports_desc, href: Some("/reports") },
    Section { title: |t| t.section_contact_title, desc: |t| t.section_contact_desc, href: Some("/contact") },
];

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.home_title);
    let cards = SECTIONS
        .iter()
        .map(|s| {
            let title = move || (s.title)(i18n.t());
            let desc = move || (s.desc)(i18n.t());
            match s.href {
                Some(href) => view! {
                    <li class="card card--link">
                        <h3 class="card__title"><A href=crate::paths::to(href)>{title}</A></h3>
                        <p>{desc}</p>
                    </li>
                }
                .into_any(),
                None => view! {
                    <li class="card card--soon">
                        <h3 class="card__title">{title}</h3>
                        <p>{desc}</p>
                        <p class="badge">{move || i18n.t().coming_soon}</p>
                    </li>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <div class="page home">
            <h1 tabindex="-1">{move || i18n.t().home_title}</h1>
            <WithAgency view=move |a: Agency| {
                let lang = i18n.lang();
                a.tagline.map(|t| view! { <p class="lead">{t.get(lang.code()).to_owned()}</p> })
            } />
            <p>{move || i18n.t().home_intro}</p>
            <section aria-labelledby="sections-heading">
                <h2 id="sections-heading">{move || i18n.t().home_sections_heading}</h2>
                <ul class="cards">{cards}</ul>
            </section>
            <section aria-labelledby="periods-heading">
                <h2 id="periods-heading">{move || i18n.t().periods_heading}</h2>
                <WithAgency view=move |a: Agency| view! { <CommentPeriods agency=a /> } />
            </section>
        </div>
    }
}

#[component]
fn CommentPeriods(agency: Agency) -> impl IntoView {
    let i18n = use_i18n();
    let rows = agency
        .comment_periods
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{move || draft_kind_name(i18n.t(), p.kind)}</th>
                    <td>{move || format!("{} {}", format::number(p.days as f64, i18n.lang()), i18n.t().days)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p>{move || i18n.t().periods_intro}</p>
        <table class="periods">
            <tbody>{rows}</tbody>
        </table>
    }
}

use crate::{
    app::use_page_title,
    components::agency_view::WithAgency,
    format,
    i18n::{draft_kind_name, use_i18n, Msgs},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};
use miz_core::api::Agency;

mod sections;

use sections::{MORE, TASKS};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.home_title);
    let tasks = TASKS
        .iter()
        .map(|s| {
            view! {
                <li class="card card--link">
                    <h3 class="card__title"><A href=crate::paths::to(s.href)>{move || (s.title)(i18n.t())}</A></h3>
                    <p>{move || (s.desc)(i18n.t())}</p>
                </li>
            }
        })
        .collect_view();
    let more = MORE
        .iter()
        .map(|s| {
            view! {
                <li>
                    <A href=crate::paths::to(s.href)>{move || (s.title)(i18n.t())}</A>
                    <span class="more-links__desc">{move || (s.desc)(i18n.t())}</span>
                </li>
            }
        })
        .collect_view();
    // The FAQ's search box, here: a question typed on the home page opens the FAQ's answers.
    let query = RwSignal::new(String::new());
    let navigate = use_navigate();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        let href = if q.trim().is_empty() { "/faq".to_owned() } else { format!("/faq?q={}", crate::api::encode_segment(q.trim())) };
        navigate(&crate::paths::to(&href), Default::default());
    };
    view! {
        <div class="page home">
            <h1 tabindex="-1">{i18n.text(|m| m.home_title)}</h1>
            <WithAgency view=move |a: Agency| {
                let lang = i18n.lang();
                a.tagline.map(|t| view! { <p class="lead">{t.get(lang.code()).to_owned()}</p> })
            } />
            <form role="search" class="search home-search" on:submit=search>
                <label class="field__label" for="home-q">{i18n.text(|m| m.faq_search_label)}</label>
                <div class="home-search__row">
                    <input
                        id="home-q"
                        name="q"
                        class="field__input search__input"
                        type="search"
                        autocomplete="off"
                        enterkeyhint="search"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                    <button type="submit" class="button">{i18n.text(|m| m.home_search_submit)}</button>
                </div>
            </form>
            <section aria-labelledby="sections-heading">
                <h2 id="sections-heading">{i18n.text(|m| m.home_sections_heading)}</h2>
                <ul class="cards">{tasks}</ul>
            </section>
            <section aria-labelledby="more-heading">
                <h2 id="more-heading">{i18n.text(|m| m.home_more_heading)}</h2>
                <ul class="more-links">{more}</ul>
            </section>
            <section aria-labelledby="periods-heading">
                <h2 id="periods-heading">{i18n.text(|m| m.periods_heading)}</h2>
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
                    <td>{move || crate::i18n::fill(i18n.t().days, &[("n", &format::number(p.days as f64, i18n.lang()))])}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p>{i18n.text(|m| m.periods_intro)}</p>
        <table class="periods">
            <tbody>{rows}</tbody>
        </table>
    }
}

//! The first screen of each page, written into `index.html` by `cargo xtask codegen`: the
//! shell's header and the top of the page, in Persian, as the app draws them, so a citizen
//! reads the page's heading and opening words before the wasm (300 KB and more on a link that
//! may carry 50 KB a second) has arrived and started. The app replaces it when it has drawn
//! the same page (`src/first_screen.rs`); `tests/e2e/first-screen.spec.ts` holds that every
//! element shown here is where, and what, the app draws.
//!
//! It is inert (nothing in it can be focused or pressed: a form typed into before the app
//! runs would be lost; its fields are disabled too, so a script waiting for a field it can type
//! into waits for the app's) and hidden from the accessibility tree, so screen readers hear the
//! loading notice until the app is there and a test that finds a field by its role finds only
//! the app's (one that typed into the first screen's would lose its keys at the handover).
//!
//! Text that comes from the API is filled by `index.html`'s script from the answers it has
//! already asked for, as text, never as markup: `data-text="{agency:name}"` (the agency),
//! `data-text="{page:title}"` (the page's first request), `data-each="page:items"` (a row
//! repeated for each item of a list, whose own templates read `{item:…}`; `data-max` caps the
//! rows), `data-class` (a class made the same way). `{item:state|state}` passes the value
//! through a table of names (`data-maps`, from the catalogue) or a format (`date`, `number`, as
//! `ui/format.rs`'s). An element whose template names a missing value is left out, and so is
//! one whose `data-if` does, or whose `data-unless-stored` key is in `localStorage` (a hint
//! already dismissed). A path through a list reads every item's (`body.parts.articles`: all
//! the articles). The screen is shown once those answers are in, so nothing in it moves when
//! they arrive.
//!
//! Pages with no entry here show the header and the app's loading line.

// The app's catalogue, compiled here too; the first screens read a few of its messages.
#[path = "../../src/i18n/msgs.rs"]
#[allow(dead_code)]
mod msgs;
#[path = "../../src/i18n/fa.rs"]
mod fa;
#[path = "../../src/routes/home/sections.rs"]
mod home_sections;

use miz_core::{api::DraftKind, drafts::DraftState, routes::WIZARD_STEPS};
use msgs::{draft_kind_name, state_name, Msgs};

/// The `<div>` with the header and an empty `<main>`, and the pages' fragments, each under the
/// pattern of its address (as the boot script's table, below the desk's base).
pub fn html() -> String {
    let m = &fa::FA;
    let mut s = String::new();
    s.push_str("<div id=\"miz-first\" class=\"miz miz-first\" lang=\"fa\" dir=\"rtl\" inert aria-hidden=\"true\" hidden>\n");
    s.push_str(&header(m));
    s.push_str("<main></main>\n</div>\n<template id=\"miz-first-pages\">\n");
    for (path, page) in pages(m) {
        let route = miz_core::routes::ROUTES.iter().find(|r| r.path == path).unwrap_or_else(|| panic!("first screen for {path}, which is not in miz_core::routes"));
        s.push_str(&format!("<div data-path=\"{}\">{page}</div>\n", attr(&crate::codegen::pattern(route))));
    }
    s.push_str(&format!("<div data-path=\"\">{}</div>\n", loading(m)));
    s.push_str("</template>\n");
    let s = s.replacen("<template id=\"miz-first-pages\">", &format!("<template id=\"miz-first-pages\" data-maps=\"{}\">", attr(&maps(m))), 1);
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn attr(s: &str) -> String {
    esc(s).replace('"', "&quot;")
}

/// As `src/components/header.rs`. The name and the logo are the API's (or `config.json`'s),
/// filled in before the screen is shown.
fn header(m: &Msgs) -> String {
    let nav: String = [
        ("", m.nav_home),
        ("drafts", m.nav_drafts),
        ("cases/new", m.nav_cases),
        ("track", m.nav_track),
        ("faq", m.nav_faq),
        ("services", m.nav_services),
        ("reports", m.nav_reports),
        ("contact", m.nav_contact),
    ]
    .iter()
    .map(|(href, name)| format!("<li><a href=\"{href}\">{}</a></li>", esc(name)))
    .collect();
    format!(
        "<header class=\"site-header\"><div class=\"site-header__inner\">\
<a class=\"site-header__brand\" href=\"\"><span class=\"site-header__name\" data-text=\"{{agency:name}}\"></span></a>\
<button type=\"button\" class=\"menu-button\"><span class=\"menu-button__icon\" aria-hidden=\"true\"></span>{}</button>\
<button type=\"button\" class=\"lang-switch\" lang=\"en\">{}</button></div>\
<nav class=\"site-nav\"><ul>{nav}</ul></nav></header>\n",
        esc(m.menu),
        esc(m.switch_to_other)
    )
}

/// As `src/components/loading.rs`.
fn loading(m: &Msgs) -> String {
    format!("<p class=\"loading\"><span class=\"spinner\" aria-hidden=\"true\"></span>{}</p>", esc(m.loading))
}

/// A page's heading and lead paragraph, as most pages open.
fn heading(class: &str, title: &str, lead: Option<(&str, &str)>) -> String {
    let lead = lead.map(|(class, text)| if class.is_empty() { format!("<p>{}</p>", esc(text)) } else { format!("<p class=\"{class}\">{}</p>", esc(text)) });
    format!("<div class=\"page {class}\"><h1>{}</h1>{}", esc(title), lead.unwrap_or_default())
}

/// A labelled search box (`ui/form.rs`'s fields), with its hint.
fn search_field(class: &str, label: &str, hint: Option<&str>) -> String {
    let hint = hint.map(|h| format!("<p class=\"field__hint\">{}</p>", esc(h))).unwrap_or_default();
    format!("<div class=\"{class}\"><label class=\"field__label\">{}</label>{hint}<input disabled class=\"field__input search__input\" type=\"search\"></div>", esc(label))
}

/// A text field as `ui/form.rs`'s `TextField`: label, hint, input.
fn text_field(label: &str, hint: Option<&str>, digits: bool) -> String {
    let hint = hint.map(|h| format!("<p class=\"field__hint\">{}</p>", esc(h))).unwrap_or_default();
    let digits = if digits { " inputmode=\"numeric\" dir=\"ltr\"" } else { "" };
    format!("<div class=\"field\"><label class=\"field__label\">{}</label>{hint}<input disabled class=\"field__input\" type=\"text\"{digits}></div>", esc(label))
}

/// The tables of names templates may pass a value through (`{item:kind|kind}`), as JSON.
fn maps(m: &Msgs) -> String {
    let kinds: serde_json::Map<String, serde_json::Value> = DraftKind::ALL.iter().map(|k| (k.as_str().to_owned(), draft_kind_name(m, *k).into())).collect();
    let states: serde_json::Map<String, serde_json::Value> =
        [DraftState::Open, DraftState::Closed, DraftState::Final].iter().map(|s| (s.as_str().to_owned(), state_name(m, *s).into())).collect();
    serde_json::json!({
        "kind": kinds,
        "state": states,
        // As the drafts list's card: the window's label by the draft's state.
        "window": { "open": m.window_until, "closed": m.window_closed_on, "final": m.window_closed_on },
        // A draft open for comments, or one whose comments have been handled (the reader).
        "open": { "open": "1" },
        "closed": { "closed": "1", "final": "1" },
        "panel": { "open": m.panel_hint_open, "closed": m.panel_hint, "final": m.panel_hint },
    })
    .to_string()
}


/// Each page's first screen, by route path.
fn pages(m: &Msgs) -> Vec<(&'static str, String)> {
    vec![("/", home(m)), ("/contact", heading("contact", m.contact_title, Some(("", m.contact_intro))) + "</div>"), ("/drafts", drafts(m)), ("/drafts/:id", reader(m)), ("/faq", faq(m)), ("/cases/new", start(m)), ("/cases/new/type", kind(m)), ("/reports", heading("reports-page", m.reports_title, Some(("lead", m.reports_intro))) + &loading(m) + "</div>"), ("/services", services(m)), ("/services/:id", service(m)), ("/track", track(m))]
}

/// As `src/routes/home.rs`, with its sections (`home/sections.rs`).
fn home(m: &Msgs) -> String {
    let tasks: String = home_sections::TASKS
        .iter()
        .map(|s| {
            format!(
                "<li class=\"card card--link\"><h3 class=\"card__title\"><a href=\"{}\">{}</a></h3><p>{}</p></li>",
                s.href.trim_start_matches('/'),
                esc((s.title)(m)),
                esc((s.desc)(m))
            )
        })
        .collect();
    let more: String = home_sections::MORE
        .iter()
        .map(|s| {
            format!(
                "<li><a href=\"{}\">{}</a><span class=\"more-links__desc\">{}</span></li>",
                s.href.trim_start_matches('/'),
                esc((s.title)(m)),
                esc((s.desc)(m))
            )
        })
        .collect();
    format!(
        "<div class=\"page home\"><h1>{}</h1><p class=\"lead\" data-text=\"{{agency:tagline}}\"></p>\
<form class=\"search home-search\"><label class=\"field__label\">{}</label><div class=\"home-search__row\">\
<input disabled class=\"field__input search__input\" type=\"search\"><button type=\"submit\" class=\"button\">{}</button></div></form>\
<section><h2>{}</h2><ul class=\"cards\">{tasks}</ul></section><section><h2>{}</h2><ul class=\"more-links\">{more}</ul></section>\
<section><h2>{}</h2></section></div>",
        esc(m.home_title),
        esc(m.faq_search_label),
        esc(m.home_search_submit),
        esc(m.home_sections_heading),
        esc(m.home_more_heading),
        esc(m.periods_heading)
    )
}

/// As `src/routes/drafts/list.rs`: the filters, then the list of drafts.
fn drafts(m: &Msgs) -> String {
    let select = |label: &str, options: Vec<&str>| {
        let options: String = std::iter::once(m.filter_all).chain(options).map(|o| format!("<option>{}</option>", esc(o))).collect();
        format!("<div class=\"field\"><label class=\"field__label\">{}</label><select disabled class=\"field__input\">{options}</select></div>", esc(label))
    };
    format!(
        "{}<form class=\"filters\">{}{}<div class=\"field\"><label class=\"field__label\">{}</label><input disabled class=\"field__input\" type=\"search\"></div>\
<button type=\"submit\" class=\"button\">{}</button></form><div><ul class=\"cards cards--list\">\
<li class=\"card draft-card\" data-each=\"page:items\"><h2 class=\"card__title\"><a href=\"drafts\" data-text=\"{{item:title}}\"></a></h2>\
<p class=\"draft-card__meta\"><span class=\"badge\" data-text=\"{{item:kind|kind}}\"></span> \
<span class=\"badge\" data-class=\"badge--{{item:state}}\" data-text=\"{{item:state|state}}\"></span></p><p data-text=\"{{item:summary}}\"></p>\
<p class=\"draft-card__meta\" data-text=\"{}\"></p></li></ul></div></div>",
        heading("drafts", m.drafts_title, Some(("", m.drafts_intro))),
        select(m.filter_state, [DraftState::Open, DraftState::Closed, DraftState::Final].iter().map(|s| state_name(m, *s)).collect()),
        select(m.filter_kind, DraftKind::ALL.iter().map(|k| draft_kind_name(m, *k)).collect()),
        esc(m.filter_text),
        esc(m.filter_apply),
        // As the card's last line: unit, window and its date, comments (ui/format.rs's `sep`).
        attr(&format!("{{item:unit.name}}، {{item:state|window}} {{item:closes_at|date}}، {}", m.comments_count.replace("{n}", "{item:comment_count|number}")))
    )
}

/// As `src/routes/drafts/reader/mod.rs`, `text.rs`, `toc.rs`, `panel.rs` and
/// `selection.rs`'s hint: the draft's title, its line of facts, the summary, the account of the
/// comments' handling (a closed draft), the versions (more than one), the contents (six
/// articles or more) and the text with its paragraphs. A paragraph's comment count is the
/// comments' (a second request): its button keeps its place, unseen, until the app draws it.
/// Twenty articles at most, as the app's first slice (`text.rs`'s `SLICE`).
fn reader(m: &Msgs) -> String {
    let n = |path: &str| format!("{{page:{path}|number}}");
    let outcomes: String = [
        (m.outcome_accepted, "accepted"),
        (m.outcome_partly_accepted, "partly_accepted"),
        (m.outcome_not_accepted, "not_accepted"),
        (m.outcome_noted, "noted"),
        (m.unanswered, "unanswered"),
    ]
    .iter()
    .map(|(label, key)| format!("<tr><th scope=\"row\">{}</th><td data-text=\"{}\"></td></tr>", esc(label), n(&format!("outcomes.{key}"))))
    .collect();
    let facts = format!(
        "، {{page:unit.name}}، {{page:state|window}} {{page:closes_at|date}}، {}",
        m.version_n.replace("{n}", &n("shown_version"))
    );
    let article = format!(
        "<section class=\"article\" data-each=\"page:body.parts.articles\" data-max=\"20\"><h2 class=\"article__title\"><span data-text=\"{}\"></span>\
<span data-text=\" – {{item:title}}\"></span></h2><div class=\"para\" data-each=\"item:paragraphs\"><p class=\"para__text\" data-text=\"{{item:text}}\"></p>\
<button type=\"button\" class=\"para__count\">{}</button></div></section>",
        attr(&m.article_n.replace("{n}", "{item:number|number}")),
        esc(m.comment_on_paragraph)
    );
    format!(
        "<div class=\"page reader\"><h1 data-text=\"{{page:title}}\"></h1>\
<p class=\"draft-card__meta\"><span class=\"badge\" data-text=\"{{page:kind|kind}}\"></span> \
<span class=\"badge\" data-class=\"badge--{{page:state}}\" data-text=\"{{page:state|state}}\"></span><span data-text=\"{}\"></span></p>\
<p class=\"lead\" data-text=\"{{page:summary}}\"></p>\
<p class=\"notice\" data-if=\"{{page:state|closed}}\">{}</p><section data-if=\"{{page:state|closed}}\"><h2>{}</h2><table class=\"periods\"><tbody>{outcomes}</tbody></table></section>\
<details class=\"versions\" data-if=\"{{page:versions.1.number}}\"><summary>{}</summary></details>\
<p data-if=\"{{page:versions.1.number}}\"><a class=\"button button--secondary\" href=\"drafts\">{}</a></p>\
<div class=\"hint\" data-if=\"{{page:state|open}}\" data-unless-stored=\"miz.hint.phrase\"><p>{}</p>\
<button type=\"button\" class=\"button button--secondary button--small\">{}</button></div>\
<nav class=\"toc\" data-if=\"{{page:body.parts.articles.5.id}}\"><details><summary>{}</summary></details></nav>\
<div class=\"reader__layout\"><div class=\"draft-text\">{article}</div>\
<aside class=\"comments-panel\"><h2 class=\"comments-panel__title\">{}</h2><p class=\"field__hint\" data-text=\"{{page:state|panel}}\"></p></aside></div></div>",
        attr(&facts),
        esc(m.closed_notice),
        esc(m.handled_summary),
        esc(m.versions_title),
        esc(m.see_changes),
        esc(m.phrase_hint),
        esc(m.hint_dismiss),
        esc(m.contents),
        esc(m.draft_comments)
    )
}

/// As `src/routes/faq/list.rs`.
fn faq(m: &Msgs) -> String {
    format!(
        "{}<form class=\"search\"><label class=\"field__label\">{}</label><p class=\"field__hint\">{}</p>\
<input disabled class=\"field__input search__input\" type=\"search\"></form>{}</div>",
        heading("faq", m.faq_title, Some(("", m.faq_intro))),
        esc(m.faq_search_label),
        esc(m.faq_search_hint),
        loading(m)
    )
}

/// As `src/routes/cases/start.rs`.
fn start(m: &Msgs) -> String {
    format!(
        "{}<p><a class=\"button button--start\" href=\"cases/new/type\">{}</a></p></div>",
        heading("wizard", m.wizard_title, Some(("lead", m.wizard_intro))),
        esc(m.wizard_start)
    )
}

/// As `src/routes/cases/kind.rs` in `StepShell`: the question and the kinds the API names.
fn kind(m: &Msgs) -> String {
    let step = m.step_of.replace("{n}", "1").replace("{total}", &WIZARD_STEPS.len().to_string());
    format!(
        "<div class=\"page wizard\"><p class=\"back-link\"><a href=\"cases/new\">{}</a></p><p class=\"step-count\">{}</p>\
<form><div class=\"field\"><fieldset class=\"fieldset\"><legend class=\"fieldset__legend\"><h1 class=\"field__heading\">{}</h1></legend>\
<div class=\"radios\"><div class=\"radio\" data-each=\"page:types\"><input disabled class=\"radio__input\" type=\"radio\">\
<label class=\"radio__label\" data-text=\"{{item:name}}\"></label><p class=\"radio__hint field__hint\" data-text=\"{{item:description}}\"></p></div></div>\
</fieldset></div><button type=\"submit\" class=\"button\">{}</button></form></div>",
        esc(m.back),
        esc(&miz_core::digits::to_persian_digits(&step)),
        esc(m.q_kind),
        esc(m.continue_)
    )
}

/// As `src/routes/services/list.rs`.
fn services(m: &Msgs) -> String {
    format!(
        "{}{}{}</div>",
        heading("services-page", m.services_title, Some(("lead", m.services_intro))),
        search_field("field search", m.services_filter, None),
        loading(m)
    )
}

/// As `src/routes/services/entry.rs`: the service's name and description.
fn service(m: &Msgs) -> String {
    format!(
        "<div class=\"page service-page\"><p class=\"breadcrumb\"><a href=\"services\">{}</a></p><h1 data-text=\"{{page:name}}\"></h1>\
<p class=\"lead\" data-text=\"{{page:description}}\"></p></div>",
        esc(m.services_back)
    )
}

/// As `src/routes/track.rs`, for a citizen with no remembered codes.
fn track(m: &Msgs) -> String {
    format!(
        "<div class=\"page track\"><h1>{}</h1><form>{}<div class=\"field checkbox\"><input disabled class=\"checkbox__input\" type=\"checkbox\">\
<label class=\"checkbox__label\">{}</label></div>{}<button type=\"submit\" class=\"button\">{}</button></form></div>",
        esc(m.track_title),
        text_field(m.code_label, Some(m.code_hint), true),
        esc(m.use_key),
        text_field(m.mobile_label, Some(m.track_mobile_hint), true),
        esc(m.track_submit)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_first_screen_is_a_page_of_the_table() {
        let html = html();
        for (path, _) in pages(&fa::FA) {
            assert!(miz_core::routes::ROUTES.iter().any(|r| r.path == path), "{path}");
        }
        assert!(html.contains(r#"data-path="^drafts\/([^/]+)$""#));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn catalogue_text_is_escaped() {
        assert_eq!(esc("a <b> & c"), "a &lt;b&gt; &amp; c");
        assert_eq!(attr("\"x\""), "&quot;x&quot;");
    }
}

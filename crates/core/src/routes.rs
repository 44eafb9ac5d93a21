//! Every page of the desk, once: its path, the chunk its code is in, the API requests its
//! first paint needs and whether the service worker keeps that data for offline use.
//!
//! The rest is made from this table, not written beside it: `cargo xtask codegen` writes the
//! boot script's list of first requests in `index.html`, the service worker's list of kept
//! documents in `public/sw.js` and the browser test's list of pages to open
//! (`tests/e2e/routes.json`); `cargo xtask dist` reads the chunk of each path from it; and
//! `cargo xtask codegen --check` (part of `cargo xtask test`) fails when a generated file is
//! stale. The router in `src/app.rs` and the chunks' entry points in `src/lazy_pages.rs` are
//! generated too. Adding a page: a row here, the page module, its messages.

/// Where a page's code is: the main part, or a chunk fetched on the first visit to one of its
/// pages (`src/lazy_pages.rs`'s split points, by the same names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Main,
    Drafts,
    Cases,
    Faq,
    Info,
}

impl Group {
    /// The split point's name (`#[wasm_split(drafts)]`), or `None` for the main part.
    pub fn split_point(self) -> Option<&'static str> {
        match self {
            Group::Main => None,
            Group::Drafts => Some("drafts"),
            Group::Cases => Some("cases"),
            Group::Faq => Some("faq"),
            Group::Info => Some("info"),
        }
    }
}

pub struct Route {
    /// The router's path: `:name` is a parameter (one path segment).
    pub path: &'static str,
    pub group: Group,
    /// The API requests the page's first paint makes, relative to the API base, as the app
    /// builds them (`src/api.rs`): `{1}`, `{2}` are the path's parameters (each encoded as a
    /// path segment), `{drafts_filters}` the drafts list's filters that have a value
    /// (`state=open&`…), `{client_id}` this browser's id. `index.html` starts them while the
    /// wasm downloads. A page may ask for more once it has these (the changes page, for the
    /// version the draft names: `more`), never for one of these again.
    pub data: &'static [&'static str],
    /// Whether the first paint asks for more than `data` once it has that.
    pub more: bool,
    /// Whether the service worker keeps `data` for offline use.
    pub offline: bool,
    /// An address that opens this page on the demo content, for the browser tests.
    pub example: &'static str,
    /// The page's component, below `crate::routes` (`drafts::reader::ReaderPage`).
    pub view: &'static str,
}

const fn page(path: &'static str, view: &'static str, group: Group, data: &'static [&'static str], example: &'static str) -> Route {
    Route { path, group, data, more: false, offline: false, example, view }
}

/// The case wizard's steps that show the types of cases (all but the start and the
/// confirmation).
const WIZARD_TYPES: &[&str] = &["case-types"];

pub const ROUTES: &[Route] = &[
    page("/", "home::HomePage", Group::Main, &[], "/"),
    page("/contact", "contact::ContactPage", Group::Main, &[], "/contact"),
    page("/drafts", "drafts::list::DraftsPage", Group::Drafts, &["drafts?{drafts_filters}per_page=50"], "/drafts"),
    page(
        "/drafts/:id",
        "drafts::reader::ReaderPage",
        Group::Drafts,
        &["drafts/{1}", "drafts/{1}/comments?per_page=50&page=1&client_id={client_id}"],
        "/drafts/concert",
    ),
    Route { more: true, ..page("/drafts/:id/changes", "drafts::changes::ChangesPage", Group::Drafts, &["drafts/{1}"], "/drafts/concert/changes") },
    page("/drafts/:id/versions/:n", "drafts::version::VersionPage", Group::Drafts, &["drafts/{1}/versions/{2}"], "/drafts/concert/versions/1"),
    Route { offline: true, ..page("/faq", "faq::list::FaqPage", Group::Faq, &["faq"], "/faq") },
    Route { offline: true, ..page("/faq/:id", "faq::entry::FaqEntryPage", Group::Faq, &["faq"], "/faq/f01") },
    page("/cases/new", "cases::start::StartPage", Group::Cases, &[], "/cases/new"),
    page("/cases/new/type", "cases::kind::KindPage", Group::Cases, WIZARD_TYPES, "/cases/new/type"),
    page("/cases/new/topic", "cases::topic::TopicPage", Group::Cases, WIZARD_TYPES, "/cases/new/topic"),
    page("/cases/new/description", "cases::description::DescriptionPage", Group::Cases, WIZARD_TYPES, "/cases/new/description"),
    page("/cases/new/attachments", "cases::files::AttachmentsPage", Group::Cases, WIZARD_TYPES, "/cases/new/attachments"),
    page("/cases/new/contact", "cases::contact::ContactPage", Group::Cases, WIZARD_TYPES, "/cases/new/contact"),
    page("/cases/new/check", "cases::check::CheckPage", Group::Cases, WIZARD_TYPES, "/cases/new/check"),
    page("/cases/new/sent", "cases::sent::SentPage", Group::Cases, &[], "/cases/new/sent"),
    page("/reports", "reports::ReportsPage", Group::Info, &["reports"], "/reports"),
    page("/services", "services::list::ServicesPage", Group::Info, &["services"], "/services"),
    page("/services/:id", "services::entry::ServicePage", Group::Info, &["services/{1}"], "/services/art-school"),
    page("/track", "track::TrackPage", Group::Cases, &[], "/track"),
    page("/track/:code", "track::TrackPage", Group::Cases, &[], "/track/762162029589"),
];

/// The case wizard's question pages, in order (`/cases/new/{step}`), before "check".
pub const WIZARD_STEPS: [&str; 5] = ["type", "topic", "description", "attachments", "contact"];

/// Documents every page needs (the shell's): kept for offline use too.
pub const SHELL_DATA: &[&str] = &["agency"];

impl Route {
    /// The names of the path's parameters, in order.
    pub fn params(&self) -> Vec<&'static str> {
        self.path.split('/').filter_map(|s| s.strip_prefix(':')).collect()
    }
}

/// The route whose path matches `path` (no base prefix, no query), with its parameters.
pub fn find(path: &str) -> Option<(&'static Route, Vec<&str>)> {
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    ROUTES.iter().find_map(|r| {
        let want: Vec<&str> = r.path.trim_end_matches('/').split('/').collect();
        if want.len() != segs.len() {
            return None;
        }
        let mut params = Vec::new();
        for (w, s) in want.iter().zip(&segs) {
            if w.starts_with(':') {
                if s.is_empty() {
                    return None;
                }
                params.push(*s);
            } else if w != s {
                return None;
            }
        }
        Some((r, params))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_opens_its_own_page() {
        for r in ROUTES {
            let path = r.example.split(['?', '#']).next().unwrap();
            let (found, params) = find(path).unwrap_or_else(|| panic!("{} matches no route", r.example));
            assert_eq!(found.path, r.path, "{} opens another page", r.example);
            assert_eq!(params.len(), r.params().len());
        }
    }

    #[test]
    fn paths_are_unique_and_templates_name_only_what_there_is() {
        for (i, r) in ROUTES.iter().enumerate() {
            assert!(ROUTES[..i].iter().all(|o| o.path != r.path), "{} twice", r.path);
            for d in r.data {
                for place in crate::message::places(d) {
                    let known = match place.parse::<usize>() {
                        Ok(n) => (1..=r.params().len()).contains(&n),
                        Err(_) => ["drafts_filters", "client_id"].contains(&place),
                    };
                    assert!(known, "{}: {d} names {{{place}}}", r.path);
                }
            }
        }
    }
}

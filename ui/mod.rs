//! What the citizen desk and the staff workbench share in the browser: the languages and the
//! words of the shared parts (`lang`, `text`), numbers and Jalali dates through `Intl`
//! (`format`), the GOV.UK form parts (`form`), and how a failed request is told (`error`,
//! `error_panel`). Each app keeps its own pages and its own catalogue.
//!
//! One source, compiled into each app as its module `ui` (`#[path]`), not a crate: a crate
//! of Leptos components costs the citizen's first visit 2.3 KB brotli (measured), because on
//! stable Rust each crate instantiates the generic reactive and view code it uses for itself
//! and the app's own instantiations are not shared with it. Paths inside are relative
//! (`super::`), so the module means the same in both apps.

pub mod error;
pub mod error_panel;
pub mod form;
pub mod format;
pub mod lang;
pub mod text;

//! The FAQ: search and browse (`/faq`), and one entry per URL (`/faq/{id}`).

pub mod entry;
pub mod list;
mod store;

use crate::components::{error_panel::ErrorPanel, loading::Loading};
use leptos::prelude::*;
use miz_core::search::Index;
use std::sync::Arc;
use store::use_faq;

/// Renders `view` with the FAQ index once it is there.
#[component]
fn WithFaq<V, F>(view: F) -> impl IntoView
where
    F: Fn(Arc<Index>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let faq = use_faq();
    move || match faq.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=Callback::new(move |_| faq.retry()) /> }.into_any(),
        Some(Ok(index)) => view(index).into_any(),
    }
}

/// The path of an entry's page.
pub fn entry_href(id: &str) -> String {
    let mut out = crate::paths::to("/faq/");
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

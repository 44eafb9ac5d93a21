//! "Was this helpful?" answers given offline: kept on the device and sent when the network
//! returns, as a case is. Sending one again is harmless (the API keeps one answer per browser
//! and entry), so the outbox needs no key of its own. It lives with the FAQ's pages (their
//! chunk of wasm, not every first visit): an answer kept offline is sent when the browser is
//! back online while the desk is open, or at the next visit to the FAQ.

use crate::{
    api::{Api, ApiError},
    storage,
};
use leptos::task::spawn_local;
use miz_core::api::FaqFeedback;
use wasm_bindgen::{closure::Closure, JsCast};

const KEY: &str = "faq.feedback.pending";

/// One `1 id` or `0 id` a line: written by hand rather than as a JSON map, whose generic
/// decoder costs kilobytes of wasm for two fields.
fn pending() -> Vec<(String, bool)> {
    storage::get(KEY)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (flag, id) = l.split_once(' ')?;
            Some((id.to_owned(), flag == "1"))
        })
        .collect()
}

fn save(p: &[(String, bool)]) {
    if p.is_empty() {
        storage::remove(KEY);
    } else {
        let text: Vec<String> = p.iter().map(|(id, h)| format!("{} {id}", if *h { 1 } else { 0 })).collect();
        storage::set(KEY, &text.join("\n"));
    }
}

/// Keeps an answer for entry `id` until it can be sent (a later answer replaces it).
pub fn keep(id: &str, helpful: bool) {
    let mut p = pending();
    p.retain(|(i, _)| i != id);
    p.push((id.to_owned(), helpful));
    save(&p);
}

/// Sends what is kept; each one sent (or refused for good) leaves the outbox.
pub fn flush(api: Api) {
    let p = pending();
    if p.is_empty() {
        return;
    }
    spawn_local(async move {
        for (id, helpful) in p {
            let fb = FaqFeedback { client_id: storage::client_id(), helpful, comment: None };
            match api.faq_feedback(&id, &fb).await {
                // Not sent, or not now: kept for the next time the network is back.
                Err(ApiError::Network | ApiError::Busy(_) | ApiError::RateLimited(_)) => return,
                Err(e) if e.status().is_some_and(|s| s >= 500) => return,
                // Sent, or refused for good (the entry is gone): either way it leaves.
                _ => {
                    let mut left = pending();
                    left.retain(|(i, h)| !(*i == id && *h == helpful));
                    save(&left);
                }
            }
        }
    });
}

/// Sends what an earlier visit kept, now and whenever the browser is back online; once per
/// page load, from the FAQ's pages.
pub fn start(api: Api) {
    thread_local! {
        static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    flush(api.clone());
    let Some(window) = web_sys::window() else { return };
    let on_online = Closure::<dyn Fn()>::new(move || flush(api.clone()));
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    on_online.forget();
}

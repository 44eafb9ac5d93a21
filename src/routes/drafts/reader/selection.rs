//! Commenting on a phrase: select words in a paragraph (with a mouse, the keyboard or a
//! phone's touch handles) and a button appears below the selection. `selectionchange` is
//! the one event all of these fire.

use super::{ReaderState, Target};
use crate::{i18n::use_i18n, storage};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast};

/// Where the action sits, relative to the reader.
#[derive(Clone, Debug, PartialEq)]
struct Offer {
    target: Target,
    top: f64,
    inline_start: f64,
}

/// The selected phrase, trimmed of spaces and cut at the end of the paragraph it starts in.
fn selected() -> Option<(Target, web_sys::DomRect)> {
    let w = web_sys::window()?;
    let sel = w.get_selection().ok()??;
    if sel.is_collapsed() || sel.range_count() == 0 {
        return None;
    }
    let range = sel.get_range_at(0).ok()?;
    let start = range.start_container().ok()?;
    let element = match start.dyn_ref::<web_sys::Element>() {
        Some(e) => e.clone(),
        None => start.parent_element()?,
    };
    let para = element.closest(".para__text").ok()??;
    let pid = para.get_attribute("data-pid")?;
    let doc = w.document()?;
    let before = doc.create_range().ok()?;
    before.set_start(&para, 0).ok()?;
    before.set_end(&start, range.start_offset().ok()?).ok()?;
    let lead = String::from(before.to_string()).chars().count() as u32;
    let words = range.clone_range();
    if !para.contains(Some(&range.end_container().ok()?)) {
        words.set_end(&para, para.child_nodes().length()).ok()?;
    }
    let exact: Vec<char> = String::from(words.to_string()).chars().collect();
    let left = exact.iter().take_while(|c| c.is_whitespace()).count();
    if left == exact.len() {
        return None;
    }
    let right = exact.iter().rev().take_while(|c| c.is_whitespace()).count();
    let (s, e) = (lead + left as u32, lead + (exact.len() - right) as u32);
    Some((Target { pid, range: Some((s, e)) }, words.get_bounding_client_rect()))
}

fn offer() -> Option<Offer> {
    let (target, rect) = selected()?;
    let doc = web_sys::window()?.document()?;
    let reader = doc.query_selector(".reader").ok()??.get_bounding_client_rect();
    let rtl = doc.document_element().is_some_and(|e| e.get_attribute("dir").as_deref() == Some("rtl"));
    let from_start = if rtl { reader.right() - rect.right() } else { rect.left() - reader.left() };
    // Keep the whole button (about 12rem) inside the reader on a narrow phone.
    let widest = (reader.width() - 200.0).max(0.0);
    let mut top = rect.bottom() + 8.0;
    // Below the paragraph's own comments button when it would cover it (words on the last
    // line): a button under another is a target nobody can hit.
    const HEIGHT: f64 = 48.0;
    let count = doc.get_element_by_id(&super::text::count_button_id(&target.pid)).map(|c| c.get_bounding_client_rect());
    if let Some(c) = count.filter(|c| top < c.bottom() && top + HEIGHT > c.top()) {
        top = c.bottom() + 8.0;
    }
    Some(Offer { target, top: top - reader.top(), inline_start: from_start.clamp(0.0, widest) })
}

#[component]
pub fn SelectionAction() -> impl IntoView {
    let i18n = use_i18n();
    let state = expect_context::<ReaderState>();
    let shown = RwSignal::new(None::<Offer>);
    let generation = StoredValue::new(0u64);
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return ().into_any() };
    let on_change = Closure::<dyn Fn()>::new(move || {
        let Some(g) = generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        match offer() {
            Some(o) => {
                shown.try_set(Some(o));
            }
            None => {
                // A tap on the button itself collapses the selection first on some phones;
                // waiting a moment lets that tap still land.
                let hide = Closure::once_into_js(move || {
                    if generation.try_get_value() == Some(g) {
                        shown.try_set(None);
                    }
                });
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(hide.unchecked_ref(), 500);
                }
            }
        }
    })
    .into_js_value();
    let _ = doc.add_event_listener_with_callback("selectionchange", on_change.unchecked_ref());
    let cleanup = SendWrapper::new((doc, on_change));
    on_cleanup(move || {
        let (doc, f) = &*cleanup;
        let _ = doc.remove_event_listener_with_callback("selectionchange", f.unchecked_ref());
    });
    let act = move |_| {
        if let Some(o) = shown.get_untracked() {
            shown.set(None);
            if let Some(sel) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
                let _ = sel.remove_all_ranges();
            }
            state.choose(Some(o.target));
        }
    };
    view! {
        <Show when=move || shown.with(Option::is_some)>
            <button
                type="button"
                class="selection-action"
                style:top=move || shown.with(|o| o.as_ref().map(|o| format!("{}px", o.top.round() as i64)).unwrap_or_default())
                style:inset-inline-start=move || shown.with(|o| o.as_ref().map(|o| format!("{}px", o.inline_start.round() as i64)).unwrap_or_default())
                // Pressing the button must not clear the selection it is about.
                on:mousedown=|ev| ev.prevent_default()
                on:click=act
            >
                {i18n.text(|m| m.comment_on_phrase)}
            </button>
        </Show>
    }
    .into_any()
}

/// Once per browser: how to comment on a phrase, since nothing on the page shows it.
#[component]
pub fn FirstVisitHint() -> impl IntoView {
    const KEY: &str = "miz.hint.phrase";
    let i18n = use_i18n();
    let visible = RwSignal::new(storage::get(KEY).is_none());
    let dismiss = move |_| {
        storage::set(KEY, "seen");
        visible.set(false);
    };
    view! {
        <Show when=move || visible.get()>
            <div class="hint" role="note">
                <p>{i18n.text(|m| m.phrase_hint)}</p>
                <button type="button" class="button button--secondary button--small" on:click=dismiss>{i18n.text(|m| m.hint_dismiss)}</button>
            </div>
        </Show>
    }
}

//! Part of a page drawn in a task after the page's own.
//!
//! The reports page drew its four charts (with their tables) in one task of about 550 ms on a
//! phone-speed CPU, and a tap during it waits for all of it. Each `Later` is drawn in a task
//! of its own (a `setTimeout` of 0), so the first screen appears as before and the browser
//! paints and answers input between the rest. Meant for what is below the first screen:
//! drawn later, it moves nothing the citizen is looking at.

use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    // Setting a signal whose page has gone is a no-op.
    set_timeout(move || ready.set(true), Duration::ZERO);
    move || ready.get().then(|| children())
}

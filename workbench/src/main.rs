//! miz workbench: the agency's staff handle cases here (the inbox, a case, its answer against
//! its statutory deadline), and administrators keep accounts, holidays and the audit log.
//! A second app beside the citizen desk, served under `/staff/`: citizens never download it.

mod api;
mod app;
mod i18n;
mod paths;
mod routes;
mod session;
// Shared with the desk; not every part of it is used here.
#[allow(dead_code)]
#[path = "../../ui/mod.rs"]
mod ui;

use ui::format;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

//! miz, the citizen service desk: the browser app.

mod api;
mod app;
mod case_wizard;
mod components;
mod config;
mod faq_store;
mod format;
mod i18n;
mod routes;
mod service_worker;
mod storage;
mod upload;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    service_worker::register();
}

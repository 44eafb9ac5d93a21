use crate::{config::ConfigError, i18n::use_i18n};
use leptos::prelude::*;

/// The whole page when `config.json` is missing or broken: the desk cannot know its API, but
/// it can still say so clearly, in Persian, offer a retry, and tell the agency's engineer
/// exactly what is wrong.
#[component]
pub fn ConfigErrorPage(error: ConfigError, on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let (broken, detail) = match error {
        ConfigError::Broken(d) => (true, d),
        ConfigError::Unreachable(d) => (false, d),
    };
    let panel = view! {
            <div class="error-panel" role="alert">
                <h1 class="error-panel__title">{i18n.text(|m| m.config_error_title)}</h1>
                <p>
                    {move || {
                        let t = i18n.t();
                        if broken { t.config_broken_body } else { t.config_unreachable_body }
                    }}
                </p>
                <p class="error-panel__detail">
                    {i18n.text(|m| m.technical_detail)} ": " <bdi dir="ltr" class="error-panel__code">{detail.clone()}</bdi>
                </p>
                <button type="button" class="button" on:click=move |_| on_retry.run(())>
                    {move || i18n.common().retry}
                </button>
            </div>
    };
    // Inside a portal's page, which has its own <main>, as the desk's shell does.
    if crate::embed::mode() == crate::embed::Mode::Mounted {
        view! { <div id="main" class="page" tabindex="-1">{panel}</div> }.into_any()
    } else {
        view! { <main id="main" class="page" tabindex="-1">{panel}</main> }.into_any()
    }
}

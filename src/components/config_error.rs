use crate::{config::ConfigError, i18n::use_i18n};
use leptos::prelude::*;

/// The whole page when `config.json` is missing or broken: the desk cannot know its API, but
/// it can still say so clearly, in Persian, and offer a retry.
#[component]
pub fn ConfigErrorPage(error: ConfigError, on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let broken = matches!(error, ConfigError::Broken(_));
    view! {
        <main id="main" class="page" tabindex="-1">
            <div class="error-panel" role="alert">
                <h1 class="error-panel__title">{move || i18n.t().config_error_title}</h1>
                <p>
                    {move || {
                        let t = i18n.t();
                        if broken { t.config_broken_body } else { t.config_unreachable_body }
                    }}
                </p>
                <button type="button" class="button" on:click=move |_| on_retry.run(())>
                    {move || i18n.t().retry}
                </button>
            </div>
        </main>
    }
}

use super::{error::ApiError, format, lang::{current, Lang}, text::common};
use leptos::prelude::*;

/// What went wrong with a request, in the citizen's language, with a way to try again.
/// `in_form`: the panel sits above the form whose own button sends the request again, so it
/// offers no second button for the same action.
#[component]
pub fn ErrorPanel(error: ApiError, on_retry: Callback<()>, #[prop(optional)] in_form: bool) -> impl IntoView {
    let error = StoredValue::new(error);
    let title = move || {
        let (lang, t) = (current(), common(current()));
        match error.get_value() {
            ApiError::Network => t.error_network_title.to_owned(),
            ApiError::RateLimited(_) => t.too_many_title.to_owned(),
            ApiError::Busy(_) => t.busy_title.to_owned(),
            // A problem document's own title is specific and already Persian.
            ApiError::Problem(p) if lang == Lang::Fa => p.title,
            _ => t.error_server_title.to_owned(),
        }
    };
    let body = move || {
        let (lang, t) = (current(), common(current()));
        let wait = |s: u64| miz_core::message::fill(t.wait_seconds, &[("n", &format::number(s as f64, lang))]);
        match error.get_value() {
            ApiError::Network => t.error_network_body.to_owned(),
            ApiError::Decode => t.error_decode_body.to_owned(),
            ApiError::RateLimited(Some(s)) => format!("{} {}", t.too_many_body, wait(s)),
            ApiError::RateLimited(None) => format!("{} {}", t.too_many_body, t.wait_unknown),
            ApiError::Busy(Some(s)) => format!("{} {}", t.busy_body, wait(s)),
            ApiError::Busy(None) => format!("{} {}", t.busy_body, t.wait_unknown),
            // A problem's own detail when it is written for citizens (in Persian).
            ApiError::Problem(p)
                if lang == Lang::Fa
                    && p.status < 500
                    && p.detail.as_deref().is_some_and(|d| d.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))) =>
            {
                p.detail.unwrap_or_default()
            }
            ApiError::Problem(_) | ApiError::Status(_) => t.error_server_body.to_owned(),
        }
    };
    view! {
        <div class="error-panel" role="alert">
            <h2 class="error-panel__title">{title}</h2>
            <p>{body}</p>
            {move || {
                matches!(error.get_value(), ApiError::Network)
                    .then(|| view! { <p>{move || common(current()).offline_fallback}</p> })
            }}
            {(!in_form).then(|| view! {
                <button type="button" class="button" on:click=move |_| on_retry.run(())>
                    {move || common(current()).retry}
                </button>
            })}
        </div>
    }
}

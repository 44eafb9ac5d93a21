use crate::{
    app::use_agency,
    components::{error_panel::ErrorPanel, loading::Loading},
};
use leptos::prelude::*;
use miz_core::api::Agency;

/// Renders `view` with the agency document once it has arrived, a loading line before, and
/// the error with a retry if it could not be fetched.
#[component]
pub fn WithAgency<V, F>(view: F) -> impl IntoView
where
    F: Fn(Agency) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let agency = use_agency().0;
    move || match agency.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorPanel error on_retry=Callback::new(move |_| agency.refetch()) /> }.into_any()
        }
        Some(Ok(a)) => view(a).into_any(),
    }
}

//! The agency's case types and topics, fetched once when a step of the wizard first needs them
//! and kept for the visit (`crate::lasting`), so moving between the steps costs nothing.

use crate::{
    api::Api,
    lasting::{lasting, OnDemand},
};
use leptos::prelude::*;
use miz_core::cases::CaseTypes;

pub fn use_case_types() -> OnDemand<CaseTypes> {
    lasting(|| {
        let api = expect_context::<Api>();
        OnDemand::new(move || {
            let api = api.clone();
            async move { api.case_types().await }
        })
    })
}

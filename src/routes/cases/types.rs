//! The agency's case types and topics, fetched once when a step of the wizard first needs them
//! and kept for the visit (`crate::lasting`), so moving between the steps costs nothing.

use crate::api::{Api, ApiError};
use leptos::prelude::*;
use miz_core::cases::CaseTypes;

#[derive(Clone, Copy)]
pub struct CaseTypesStore {
    wanted: RwSignal<bool>,
    types: LocalResource<Option<Result<CaseTypes, ApiError>>>,
}

impl CaseTypesStore {
    /// Fetches nothing until a step calls `get`.
    fn new(api: Api) -> CaseTypesStore {
        let wanted = RwSignal::new(false);
        let types = LocalResource::new(move || {
            let api = api.clone();
            let go = wanted.get();
            async move {
                if go {
                    Some(api.case_types().await)
                } else {
                    None
                }
            }
        });
        CaseTypesStore { wanted, types }
    }

    /// The types: `None` while loading.
    pub fn get(&self) -> Option<Result<CaseTypes, ApiError>> {
        if !self.wanted.get_untracked() {
            self.wanted.set(true);
        }
        self.types.get().flatten()
    }

    pub fn retry(&self) {
        self.types.refetch();
    }
}

pub fn use_case_types() -> CaseTypesStore {
    crate::lasting::lasting(|| CaseTypesStore::new(expect_context::<Api>()))
}

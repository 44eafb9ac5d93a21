//! The FAQ, fetched once when a FAQ page first asks for it and indexed in the browser; kept
//! for the whole visit (`crate::lasting`) so moving between the list and an entry costs nothing.

use crate::api::{Api, ApiError};
use leptos::prelude::*;
use miz_core::search::Index;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct FaqStore {
    wanted: RwSignal<bool>,
    index: LocalResource<Option<Result<Arc<Index>, ApiError>>>,
}

impl FaqStore {
    /// Fetches nothing until a FAQ page calls `get`.
    fn new(api: Api) -> FaqStore {
        let wanted = RwSignal::new(false);
        let index = LocalResource::new(move || {
            let api = api.clone();
            let go = wanted.get();
            async move {
                if !go {
                    return None;
                }
                Some(api.faq().await.map(|doc| Arc::new(Index::build(doc.entries, &doc.synonyms))))
            }
        });
        FaqStore { wanted, index }
    }

    /// The index: `None` while loading.
    pub fn get(&self) -> Option<Result<Arc<Index>, ApiError>> {
        if !self.wanted.get_untracked() {
            self.wanted.set(true);
        }
        self.index.get().flatten()
    }

    pub fn retry(&self) {
        self.index.refetch();
    }
}

pub fn use_faq() -> FaqStore {
    crate::lasting::lasting(|| FaqStore::new(expect_context::<Api>()))
}

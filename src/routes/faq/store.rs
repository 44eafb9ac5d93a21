//! The FAQ, fetched once when a FAQ page first asks for it and indexed in the browser; kept
//! for the whole visit (`crate::lasting`) so moving between the list and an entry costs nothing.

use crate::{
    api::Api,
    lasting::{lasting, OnDemand},
};
use leptos::prelude::*;
use miz_core::search::Index;
use std::sync::Arc;

pub fn use_faq() -> OnDemand<Arc<Index>> {
    lasting(|| {
        let api = expect_context::<Api>();
        OnDemand::new(move || {
            let api = api.clone();
            async move { api.faq().await.map(|doc| Arc::new(Index::build(doc.entries, &doc.synonyms))) }
        })
    })
}

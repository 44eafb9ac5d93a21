//! The app's FAQ search, callable from a benchmark page: build an index from JSON, query it.

use miz_core::search::{FaqEntry, Index};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Faq(Index);

#[wasm_bindgen]
impl Faq {
    /// Builds the index from a JSON list of FAQ entries.
    #[wasm_bindgen(constructor)]
    pub fn new(entries_json: &str) -> Result<Faq, JsError> {
        let entries: Vec<FaqEntry> = serde_json::from_str(entries_json).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Faq(Index::build(entries, &[])))
    }

    /// The ids of the best `limit` entries for `query`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<String> {
        self.0.search(query, limit).into_iter().map(|h| self.0.entries()[h.entry].id.clone()).collect()
    }
}

//! Values that a page makes once and later pages reuse (the FAQ's index, the case types).
//! They are made under the desk's owner, not the page's, so they outlive the page that made
//! them. The page's own code makes them, so their code sits in the page's chunk rather than in
//! the main part that every visit downloads (the FAQ's index and search were 14 KB of it).

use leptos::prelude::*;

#[derive(Clone)]
struct DeskOwner(Owner);

/// Called once by the desk: what `lasting` makes lives as long as this owner.
pub fn provide_owner() {
    if let Some(owner) = Owner::current() {
        provide_context(DeskOwner(owner));
    }
}

/// The `T` the desk already has, or the one `make` makes now, kept by the desk for the visit.
pub fn lasting<T: Clone + Send + Sync + 'static>(make: impl FnOnce() -> T) -> T {
    if let Some(kept) = use_context::<T>() {
        return kept;
    }
    match use_context::<DeskOwner>() {
        Some(DeskOwner(owner)) => owner.with(|| {
            let made = make();
            provide_context(made.clone());
            made
        }),
        None => make(),
    }
}

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

/// A value fetched the first time a page asks for it (`get`), not before, and then kept: the
/// FAQ's index, the case types. Made with `lasting`, so it outlives the page that asked.
pub struct OnDemand<T: 'static> {
    wanted: RwSignal<bool>,
    value: crate::resource::ErasedResource<Option<Result<T, crate::api::ApiError>>>,
}

impl<T: 'static> Clone for OnDemand<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for OnDemand<T> {}

impl<T: Clone + 'static> OnDemand<T> {
    /// Fetches nothing until a page calls `get`.
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: std::future::Future<Output = Result<T, crate::api::ApiError>> + 'static,
    {
        let wanted = RwSignal::new(false);
        let value = crate::resource::ErasedResource::new(move || {
            let go = wanted.get();
            let fetching = go.then(&fetch);
            async move {
                match fetching {
                    Some(f) => Some(f.await),
                    None => None,
                }
            }
        });
        OnDemand { wanted, value }
    }

    /// The value: `None` while it is being fetched.
    pub fn get(&self) -> Option<Result<T, crate::api::ApiError>> {
        if !self.wanted.get_untracked() {
            self.wanted.set(true);
        }
        self.value.get().flatten()
    }

    pub fn retry(&self) {
        self.value.refetch();
    }
}

//! A page's data, fetched again when the signals its fetch reads change: Leptos'
//! `LocalResource`, behind one type.
//!
//! A `LocalResource<T>` compiles Leptos' async machinery (the derived value, its future, its
//! locks and drops) once for each `T` and each fetching closure: 19.6 KB of the drafts chunk's
//! 229 KB of wasm were that, for four pages. Every `ErasedResource<T>` shares one
//! `LocalResource` of a type-erased value, so that machinery is compiled once for the whole
//! app; what remains per `T` is the boxing of its future and a downcast.

use leptos::prelude::*;
use std::{any::Any, future::Future, marker::PhantomData, pin::Pin, rc::Rc};

type Erased = Rc<dyn Any>;
type Making = Pin<Box<dyn Future<Output = Erased>>>;

pub struct ErasedResource<T: 'static> {
    inner: LocalResource<Erased>,
    _value: PhantomData<fn() -> T>,
}

impl<T: 'static> Clone for ErasedResource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for ErasedResource<T> {}

/// The one `LocalResource` every `ErasedResource` is.
#[inline(never)]
fn resource(make: Rc<dyn Fn() -> Making>) -> LocalResource<Erased> {
    LocalResource::new(move || make())
}

impl<T: 'static> ErasedResource<T> {
    /// As `LocalResource::new`: `fetch` runs now and whenever a signal it read changes.
    pub fn new<Fut: Future<Output = T> + 'static>(fetch: impl Fn() -> Fut + 'static) -> Self {
        let make = move || -> Making {
            let fut = fetch();
            Box::pin(async move { Rc::new(fut.await) as Erased })
        };
        ErasedResource { inner: resource(Rc::new(make)), _value: PhantomData }
    }

    /// The value, tracked: `None` while it is being fetched.
    pub fn get(&self) -> Option<T>
    where
        T: Clone,
    {
        self.with(|v| v.cloned())
    }

    /// A look at the value, tracked.
    pub fn with<U>(&self, f: impl FnOnce(Option<&T>) -> U) -> U {
        self.inner.with(|v| f(v.as_ref().and_then(|v| v.downcast_ref::<T>())))
    }

    /// A look at the value, untracked.
    pub fn with_untracked<U>(&self, f: impl FnOnce(Option<&T>) -> U) -> U {
        self.inner.with_untracked(|v| f(v.as_ref().and_then(|v| v.downcast_ref::<T>())))
    }

    pub fn refetch(&self) {
        self.inner.refetch();
    }
}

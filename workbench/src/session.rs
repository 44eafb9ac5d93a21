//! Who is signed in, for the whole app: the staff member (`Me`, with the session's CSRF
//! token) or nobody. A 401 from any request means the session ended (inactivity, signed out
//! elsewhere, account disabled): the app forgets it and shows the sign-in page.

use crate::ui::error::ApiError;
use leptos::prelude::*;
use miz_core::staff::{api::Me, roles::Role};

#[derive(Clone, Copy)]
pub struct Session {
    me: RwSignal<Option<Me>>,
    /// The session has been asked about once (before that, nothing is shown).
    pub known: RwSignal<bool>,
    /// Why the last session ended, when it ended by itself.
    pub ended: RwSignal<Option<String>>,
}

impl Session {
    pub fn new() -> Session {
        Session { me: RwSignal::new(None), known: RwSignal::new(false), ended: RwSignal::new(None) }
    }

    pub fn me(&self) -> Option<Me> {
        self.me.get()
    }

    pub fn set(&self, me: Option<Me>) {
        self.me.set(me);
        self.known.set(true);
    }

    pub fn csrf(&self) -> String {
        self.me.with_untracked(|m| m.as_ref().map(|m| m.csrf_token.clone()).unwrap_or_default())
    }

    pub fn has(&self, role: Role) -> bool {
        self.me.with(|m| m.as_ref().is_some_and(|m| m.roles.iter().any(|g| g.role == role)))
    }

    /// Handles cases: an officer or a supervisor.
    pub fn handles_cases(&self) -> bool {
        self.has(Role::Officer) || self.has(Role::Supervisor)
    }

    /// Passes a result through; a 401 signs the app out, keeping the server's reason.
    pub fn seen<T>(&self, r: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Err(ApiError::Problem(p)) = &r {
            if p.status == 401 {
                self.ended.set(Some(p.title.clone()));
                self.me.set(None);
            }
        }
        r
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

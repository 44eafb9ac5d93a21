//! The case being written: kept on the device as the citizen types (so a reload, a closed tab
//! or a dropped connection loses nothing), sent with one Idempotency-Key however many times the
//! sending is retried, and cleared only after the server has confirmed it.

use crate::{
    api::{Api, ApiError},
    storage,
};
use leptos::{prelude::*, task::spawn_local};
use miz_core::cases::{CaseKind, CaseReceipt, NewCase};
use miz_core::json::FromJson;
use serde::Serialize;
use wasm_bindgen::{closure::Closure, JsCast};

const DRAFT_KEY: &str = "miz.case-draft";
const RECEIPT_KEY: &str = "miz.case-receipt";
/// While waiting for the network, try again this often (and at once when it returns).
const RETRY_MS: i32 = 15_000;

#[derive(Clone, Debug, Default, PartialEq, Serialize, FromJson)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    pub size: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, FromJson)]
#[serde(default)]
pub struct CaseDraft {
    pub kind: Option<CaseKind>,
    pub topic_id: Option<String>,
    pub description: String,
    pub attachments: Vec<Attachment>,
    pub mobile: String,
    pub name: String,
    pub anonymous: bool,
    /// Set when the citizen presses send, before the first attempt, and kept until the server
    /// confirms: every retry (this visit or the next) sends the same key.
    pub pending_key: Option<String>,
}

impl CaseDraft {
    pub fn is_empty(&self) -> bool {
        *self == CaseDraft::default()
    }

    pub fn to_new_case(&self) -> NewCase {
        NewCase {
            kind: self.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
            topic_id: self.topic_id.clone().unwrap_or_default(),
            description: self.description.clone(),
            attachments: self.attachments.iter().map(|a| a.id.clone()).collect(),
            mobile: (!self.anonymous && !self.mobile.trim().is_empty()).then(|| self.mobile.clone()),
            name: (!self.anonymous && !self.name.trim().is_empty()).then(|| self.name.clone()),
            anonymous: self.anonymous,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SendState {
    Idle,
    Sending,
    /// No network: kept, and retried automatically.
    Waiting,
    /// The server refused it (fix and send again) or failed (send again).
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct CaseWizard {
    pub draft: RwSignal<CaseDraft>,
    pub receipt: RwSignal<Option<CaseReceipt>>,
    pub state: RwSignal<SendState>,
    /// Whether the draft was restored from an earlier visit (the pages say so once).
    pub restored: RwSignal<bool>,
    /// The router's navigate, set from inside the router (the wizard lives above it).
    navigate: RwSignal<Option<Callback<String>>>,
}

fn load<T: FromJson>(key: &str) -> Option<T> {
    storage::get(key).and_then(|s| miz_core::json::from_str(&s).ok())
}

impl CaseWizard {
    pub fn provide(api: Api) -> CaseWizard {
        let stored: Option<CaseDraft> = load(DRAFT_KEY);
        let restored = stored.as_ref().is_some_and(|d| !d.is_empty());
        let draft = RwSignal::new(stored.unwrap_or_default());
        // The receipt (with an anonymous case's access key) lives in this tab only: the
        // confirmation survives a reload, a shared computer keeps nothing once the tab is
        // closed. Earlier versions kept it on the device; that copy goes.
        storage::remove(RECEIPT_KEY);
        let receipt = RwSignal::new(storage::session_get(RECEIPT_KEY).and_then(|s| miz_core::json::from_str::<CaseReceipt>(&s).ok()));
        let w = CaseWizard {
            draft,
            receipt,
            state: RwSignal::new(SendState::Idle),
            restored: RwSignal::new(restored),
            navigate: RwSignal::new(None),
        };
        // Every change is written to the device at once.
        Effect::new(move |_| {
            let d = draft.get();
            if d.is_empty() {
                storage::remove(DRAFT_KEY);
            } else if let Ok(s) = serde_json::to_string(&d) {
                storage::set(DRAFT_KEY, &s);
            }
        });
        provide_context(w);
        // A send that was waiting for the network when the last visit ended goes now.
        if w.draft.get_untracked().pending_key.is_some() {
            w.send(api.clone());
        }
        w.retry_when_online(api);
        w
    }

    pub fn update(&self, f: impl FnOnce(&mut CaseDraft)) {
        self.draft.update(f);
    }

    /// Sends the draft. Safe to call again at any time: the Idempotency-Key is fixed before
    /// the first attempt and stored with the draft, so the server makes at most one case.
    pub fn send(&self, api: Api) {
        if self.state.get_untracked() == SendState::Sending {
            return;
        }
        let w = *self;
        let key = match w.draft.get_untracked().pending_key {
            Some(k) => k,
            None => {
                let k = random_key();
                // Persisted (by the effect above) before the request leaves.
                w.draft.update(|d| d.pending_key = Some(k.clone()));
                k
            }
        };
        w.state.set(SendState::Sending);
        let case = w.draft.get_untracked().to_new_case();
        spawn_local(async move {
            match api.create_case(&case, &key).await {
                Ok(receipt) => {
                    if let Ok(s) = serde_json::to_string(&receipt) {
                        storage::session_set(RECEIPT_KEY, &s);
                    }
                    w.receipt.set(Some(receipt));
                    w.draft.set(CaseDraft::default());
                    w.restored.set(false);
                    w.state.set(SendState::Idle);
                    w.go_to_confirmation();
                }
                Err(ApiError::Network) => w.state.set(SendState::Waiting),
                Err(e) => {
                    // A refusal was not stored under the key: the corrected case gets a new one.
                    if matches!(e.status(), Some(400..=499)) && e.status() != Some(429) {
                        w.draft.update(|d| d.pending_key = None);
                    }
                    w.state.set(SendState::Failed(e));
                }
            }
        });
    }

    fn retry_when_online(&self, api: Api) {
        let w = *self;
        let Some(window) = web_sys::window() else { return };
        let again = {
            let api = api.clone();
            move || {
                if w.state.get_untracked() == SendState::Waiting && w.draft.get_untracked().pending_key.is_some() {
                    w.send(api.clone());
                }
            }
        };
        let on_online = Closure::<dyn Fn()>::new(again.clone());
        let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        on_online.forget();
        let tick = Closure::<dyn Fn()>::new(again);
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), RETRY_MS);
        tick.forget();
    }
}

pub fn use_wizard() -> CaseWizard {
    expect_context::<CaseWizard>()
}

fn random_key() -> String {
    let mut buf = [0u8; 16];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut buf);
    }
    let mut s: String = buf.iter().map(|b| format!("{b:02x}")).collect();
    // Without crypto (very old browsers), mix in time and Math.random so keys still differ.
    if buf.iter().all(|&b| b == 0) {
        s = format!("{:x}-{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e16) as u64);
    }
    s
}

impl CaseWizard {
    pub fn set_navigate(&self, navigate: Callback<String>) {
        self.navigate.set(Some(navigate));
    }

    /// After a send completes: to the confirmation, if the citizen is still in the wizard
    /// (elsewhere, the notice in the header tells them).
    fn go_to_confirmation(&self) {
        let Some(w) = web_sys::window() else { return };
        let path = w.location().pathname().unwrap_or_default();
        if path.contains("/cases/new") {
            if let Some(nav) = self.navigate.get_untracked() {
                nav.run(crate::routes::cases::href("sent"));
            }
        }
    }
}

/// Gives the wizard the router's navigate; placed inside the router.
#[component]
pub fn WizardNavigator() -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    use_wizard().set_navigate(Callback::new(move |path: String| navigate(&path, Default::default())));
}

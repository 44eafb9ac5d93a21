//! Plain Rust shared by the app (wasm) and the reference server (native).
//!
//! Nothing here touches the browser or the network, so every rule is unit-tested natively.

// `#[derive(FromJson)]` names `::miz_core::json`, here as in the app.
extern crate self as miz_core;

pub mod anchor;
pub mod api;
pub mod cases;
pub mod diff;
pub mod digits;
pub mod drafts;
#[doc(hidden)]
pub mod fuzz_checks;
pub mod jalali;
pub mod json;
pub mod message;
pub mod mobile;
pub mod national_code;
pub mod normalize;
pub mod problem;
pub mod reports;
pub mod routes;
pub mod search;
pub mod services;
pub mod staff;
pub mod theme;
pub mod tracking;
pub mod workdays;

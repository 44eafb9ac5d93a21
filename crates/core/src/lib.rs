//! Plain Rust shared by the app (wasm) and the reference server (native).
//!
//! Nothing here touches the browser or the network, so every rule is unit-tested natively.

pub mod api;
pub mod digits;
pub mod normalize;
pub mod problem;
pub mod search;

//! The agency's staff on the server: accounts and their credentials (`accounts`, `password`,
//! `totp`), who is asking (`session`), the audit log (`audit`) and the case desk (`desk`).
//! The routes are in `routes::staff`.

pub mod accounts;
pub mod audit;
pub mod desk;
pub mod escalation;
pub mod oidc;
pub mod password;
pub mod session;
pub mod templates;
pub mod tokens;
pub mod totp;

pub use miz_core::staff::roles;

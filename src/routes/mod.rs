//! One module per page.

pub mod cases;
pub mod contact;
pub mod drafts;
pub mod faq;
pub mod home;
pub mod not_found;
pub mod reports;
pub mod services;
pub mod track;

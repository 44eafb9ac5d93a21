//! One module per page.

pub mod contact;
pub mod faq;
pub mod home;
pub mod not_found;

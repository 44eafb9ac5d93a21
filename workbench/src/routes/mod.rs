//! One module per page of the workbench.

pub mod accounts;
pub mod audit;
pub mod case;
pub mod fields;
pub mod holidays;
pub mod inbox;
pub mod security;
pub mod tokens;
pub mod sign_in;

//! The workbench's half of the API: what staff are allowed to do (`roles`) and the documents
//! the staff API exchanges (`api`), shared by the server and the workbench app.

pub mod api;
pub mod roles;
pub mod templates;

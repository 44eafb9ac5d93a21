//! Components shared by pages; one purpose each.

pub mod agency_view;
pub mod chart;
pub mod channels;
pub mod config_error;
pub mod footer;
pub mod header;
pub mod highlighted;
pub mod later;
pub mod offline_banner;
pub mod loading;

pub use crate::ui::{error_panel, form};

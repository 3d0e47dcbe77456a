//! The widget's components, one per file.

mod results;
mod search_panel;
mod state_views;
mod widget;

pub use widget::SalesforceWidget;

/// Opens a record URL in a new tab; a seam so browser tests can watch instead of navigating.
#[derive(Clone, Copy)]
pub struct RecordOpener(pub leptos::prelude::Callback<String>);

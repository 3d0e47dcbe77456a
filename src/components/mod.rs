//! The widget's components, one per file.

mod filter_bar;
mod glance;
mod open_sheet;
mod results;
mod search_panel;
mod search_state;
pub(crate) mod state_views;
mod widget;

pub use widget::SalesforceWidget;

/// Opens a record URL in a new tab; a seam so browser tests can watch instead of navigating.
#[derive(Clone, Copy)]
pub struct RecordOpener(pub leptos::prelude::Callback<String>);

/// Today in the browser's time zone as `YYYY-MM-DD` (Salesforce dates are the user's days).
fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

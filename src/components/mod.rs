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

/// An ARIA state (`aria-selected`, `aria-expanded`) as its attribute writes it: static text, not
/// `bool::to_string`'s formatting.
fn aria(state: bool) -> &'static str {
    if state { "true" } else { "false" }
}

/// Today in the browser's time zone as `YYYY-MM-DD` (Salesforce dates are the user's days).
fn today() -> String {
    let now = js_sys::Date::new_0();
    let mut day = String::with_capacity(10);
    // Digit by digit: padded formatting (`{:02}`) brings its own code into the bundle.
    for (number, digits) in [(now.get_full_year(), 4), (now.get_month() + 1, 2), (now.get_date(), 2)] {
        if !day.is_empty() {
            day.push('-');
        }
        for place in (0..digits).rev() {
            day.push(char::from(b'0' + (number / 10u32.pow(place) % 10) as u8));
        }
    }
    day
}

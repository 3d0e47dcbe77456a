//! The widget's components, one per file.

mod widget;

pub use widget::SalesforceWidget;

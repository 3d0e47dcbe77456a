//! Per-instance configuration, read from the placeholder's `data-*` attributes: the contract
//! crate's rule, shared with the configurator that writes them.

pub use widget_contract::placeholder::{Layout, MAX_LIMIT, PLACEHOLDER_ATTRIBUTE, WidgetConfig};

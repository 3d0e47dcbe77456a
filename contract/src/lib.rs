//! The HTTP contract between the widget, the backend and the intranet pages, written once: what
//! one side sends is what the other reads. Plain data and pure functions, no I/O; the widget
//! links it without serde (the `serde` feature is for the backend's JSON).

pub mod admin;
pub mod bundle;
pub mod codes;
pub mod filters;
pub mod objects;
pub mod paths;
pub mod placeholder;
pub mod query;
pub mod status;
pub mod tasks;

pub use tasks::TaskState;

//! Harness for the end-to-end suite: starts the real demo org and backend on loopback ports,
//! and a headless Chromium driven over WebDriver, so tests read like what a person does.

mod browser;
pub mod stack;

pub use browser::Browser;
pub use stack::Stack;

use std::{path::PathBuf, time::Duration};

/// The release widget bundle built by `cargo xtask test` (Trunk output).
pub fn widget_dist() -> PathBuf {
    std::env::var_os("WIDGET_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// How long a test waits for the page to reach an expected state.
pub const PATIENCE: Duration = Duration::from_secs(15);

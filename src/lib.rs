//! The Salesforce search widget that intranet pages embed.
//!
//! A page includes the bundle once and marks any number of placeholders with
//! `data-salesforce-widget`; every placeholder gets its own independent widget (own reactive
//! root, own state) that talks only to the intranet backend, never to Salesforce directly.

pub mod api;
pub mod components;
pub mod config;
pub mod i18n;
pub mod icons;
pub mod mount;
pub mod objects;
pub mod scheduling;
pub mod search;
pub mod status;

/// Bundle entry point: mounts every placeholder already on the page.
#[cfg(feature = "embed")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    mount::install();
}

//! The pages intranet administrators and page editors use, as one Leptos app with one router:
//!
//! - `/control-panel/marketplace/salesforce`: the Connected App's credentials, login host and
//!   scopes, a confirmation before a change signs every user out, Test connection, the setup guide;
//! - `/page-editor/salesforce-widget`: pick one widget instance's options, see the real widget
//!   live, copy the embed snippet.
//!
//! A bundle of its own: the embedded widget carries none of this code.

pub mod api;
pub mod app;
pub mod components;
pub mod configurator;
pub mod marketplace;

/// Bundle entry point: renders the app into the shell's `#intranet-pages`.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    use wasm_bindgen::JsCast;
    let Some(root) = leptos::prelude::document()
        .get_element_by_id("intranet-pages")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    root.set_inner_html("");
    leptos::mount::mount_to(root, app::App).forget();
}

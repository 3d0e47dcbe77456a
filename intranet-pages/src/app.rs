//! The router: one per page, owning the whole shell below the intranet header.

use crate::{configurator::ConfiguratorPage, marketplace::MarketplacePage};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <main class="ip-main">
                <Routes fallback=NotFound>
                    <Route path=path!("/control-panel/marketplace/salesforce") view=MarketplacePage />
                    <Route path=path!("/page-editor/salesforce-widget") view=ConfiguratorPage />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>
            <a href="/" rel="external">
                "Back to the intranet"
            </a>
        </p>
    }
}

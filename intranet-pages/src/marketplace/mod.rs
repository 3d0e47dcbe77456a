//! Control Panel › Marketplace › Salesforce: the page, its form, the connection checks and the
//! setup guide.

mod api_guard;
mod diagnostics;
mod embedding;
mod form;
mod scopes;
mod searchable_objects;
mod setup_guide;

use crate::api;
use leptos::prelude::*;

pub use scopes::{LoginHost, SCOPE_CHOICES};

#[component]
pub fn MarketplacePage() -> impl IntoView {
    let loaded = LocalResource::new(api::get_config);
    view! {
        <h1>"Marketplace › Salesforce"</h1>
        {move || match loaded.get() {
            None => view! { <p role="status">"Loading the settings…"</p> }.into_any(),
            Some(Err(error)) if error.is_forbidden() => {
                view! {
                    <section class="ip-card" data-testid="not-allowed">
                        <h2>"Not allowed"</h2>
                        <p>{error.message}</p>
                    </section>
                }
                    .into_any()
            }
            Some(Err(error)) => {
                view! {
                    <p class="ip-error" role="alert">
                        {error.message}
                    </p>
                }
                    .into_any()
            }
            Some(Ok(config)) => {
                let callback_url = config.callback_url.clone();
                let guard = config.configured.then(|| view! { <api_guard::ApiGuard saved=config.clone() /> });
                let embedding = config.configured.then(|| view! { <embedding::Embedding saved=config.clone() /> });
                let objects = config.configured.then(|| view! { <searchable_objects::SearchableObjects /> });
                view! {
                    <form::SettingsForm saved=config />
                    {objects}
                    {guard}
                    {embedding}
                    <setup_guide::SetupGuide callback_url />
                }
                    .into_any()
            }
        }}
    }
}

//! One widget instance: asks the backend whether this user can search and shows the answer.

use crate::{
    api::{ApiError, Backend},
    config::WidgetConfig,
    status::{Readiness, Status},
};
use leptos::prelude::*;

/// The whole widget as a page editor placed it.
#[component]
pub fn SalesforceWidget(
    /// What the page editor configured for this instance.
    config: WidgetConfig,
    /// The backend this instance talks to.
    backend: Backend,
) -> impl IntoView {
    let status = LocalResource::new({
        let backend = backend.clone();
        move || backend.status()
    });
    let body = move || match status.get() {
        None => view! { <p class="sfw-note" data-state="loading" role="status">"Loading…"</p> }.into_any(),
        Some(Ok(status)) => readiness_view(&status, &backend).into_any(),
        Some(Err(error)) => error_view(&error).into_any(),
    };
    view! {
        <section class="sfw" aria-label=config.title.clone()>
            <h2 class="sfw-title">{config.title.clone()}</h2>
            {body}
        </section>
    }
}

fn readiness_view(status: &Status, backend: &Backend) -> impl IntoView + use<> {
    match status.readiness() {
        Readiness::NotConfigured { is_admin: true } => view! {
            <p class="sfw-note" data-state="not-configured">
                "Salesforce is not set up yet. "
                <a href="/control-panel/marketplace/salesforce">"Open Control Panel › Marketplace › Salesforce"</a>
            </p>
        }
        .into_any(),
        Readiness::NotConfigured { is_admin: false } => view! {
            <p class="sfw-note" data-state="not-configured">
                "Salesforce search is not available yet: an intranet administrator has to set it up."
            </p>
        }
        .into_any(),
        Readiness::NotConnected => connect_view(backend, "not-connected", None).into_any(),
        Readiness::ReauthRequired { reason } => {
            connect_view(backend, "reauth-required", Some(reauth_sentence(&reason))).into_any()
        }
        Readiness::Ready { salesforce_user } => view! {
            <p class="sfw-note" data-state="ready">
                {match salesforce_user {
                    Some(user) => format!("Connected to Salesforce as {user}."),
                    None => "Connected to Salesforce.".to_owned(),
                }}
            </p>
        }
        .into_any(),
    }
}

fn reauth_sentence(reason: &str) -> &'static str {
    match reason {
        "config_changed" => "An administrator changed the Salesforce settings, so please sign in to Salesforce again.",
        "token_revoked" => "Your Salesforce connection has ended, so please sign in to Salesforce again.",
        _ => "Your Salesforce connection needs to be renewed.",
    }
}

fn connect_view(backend: &Backend, state: &'static str, reason: Option<&'static str>) -> impl IntoView + use<> {
    let href = backend.sign_in_url(&current_page());
    view! {
        <div class="sfw-connect" data-state=state>
            {reason.map(|r| view! { <p class="sfw-note">{r}</p> })}
            <a class="sfw-button" href=href>"Connect to Salesforce"</a>
        </div>
    }
}

fn error_view(error: &ApiError) -> impl IntoView + use<> {
    let sentence = match error {
        ApiError::Backend { code, .. } if code == "intranet_sign_in_required" => {
            "You are not signed in to the intranet. Sign in and reload this page."
        }
        ApiError::Network(_) => "The intranet server cannot be reached. Check your connection and reload.",
        _ => "Something went wrong while loading Salesforce search. Reload the page to try again.",
    };
    view! { <p class="sfw-note sfw-error" data-state="error" role="alert">{sentence}</p> }
}

/// The page to come back to after signing in: path, query and fragment of this page.
fn current_page() -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    format!("{path}{search}{hash}")
}

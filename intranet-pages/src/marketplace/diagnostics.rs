//! "Test connection": runs the backend's checks with the form's key and host and explains each.

use crate::api::{self, Check, TestInput};
use leptos::{prelude::*, task::spawn_local};

/// Where the administrator connects their own account (then comes back here).
const CONNECT_OWN_ACCOUNT: &str =
    "/marketplace/salesforce/account/sign-in?return_to=/control-panel/marketplace/salesforce";

fn title(id: &str) -> &'static str {
    match id {
        "login_host" => "Login host",
        "consumer_key" => "Consumer Key",
        "callback_url" => "Callback URL",
        "sign_in" => "Your own sign-in",
        "rest_api" => "REST API",
        "api_usage" => "API usage",
        _ => "Check",
    }
}

fn outcome_label(outcome: &str) -> &'static str {
    match outcome {
        "passed" => "Passed",
        "warning" => "Warning",
        "failed" => "Failed",
        _ => "Not checked",
    }
}

#[component]
pub fn Diagnostics(consumer_key: Signal<String>, login_host: Signal<String>) -> impl IntoView {
    let running = RwSignal::new(false);
    let report = RwSignal::new(None::<Result<Vec<Check>, String>>);
    let run = move |_| {
        let input = TestInput { consumer_key: consumer_key.get_untracked(), login_host: login_host.get_untracked() };
        running.set(true);
        report.set(None);
        spawn_local(async move {
            report.set(Some(api::test_connection(&input).await.map(|r| r.checks).map_err(|e| e.message)));
            running.set(false);
        });
    };
    let needs_own_sign_in = move || {
        report.with(|r| {
            matches!(r, Some(Ok(checks)) if checks.iter().any(|c| c.id == "sign_in" && c.outcome == "skipped" && !c.detail.starts_with("Save") && !c.detail.starts_with("The form")))
        })
    };
    view! {
        <section class="ip-card" aria-labelledby="test-heading">
            <h2 id="test-heading">"Test connection"</h2>
            <p class="ip-hint">
                "Checks the login host and Consumer Key in the form (saved or not), then your own sign-in, the REST API and the API usage with the saved settings."
            </p>
            <button type="button" class="ip-button ip-button--secondary" disabled=move || running.get() on:click=run>
                {move || if running.get() { "Testing…" } else { "Test connection" }}
            </button>
            <div role="status" aria-live="polite" data-testid="test-report">
                {move || match report.get() {
                    None => ().into_any(),
                    Some(Err(message)) => view! { <p class="ip-error">{message}</p> }.into_any(),
                    Some(Ok(checks)) => {
                        view! {
                            <ul class="ip-checks">
                                {checks
                                    .into_iter()
                                    .map(|check| {
                                        view! {
                                            <li class="ip-check" data-check=check.id.clone() data-outcome=check.outcome.clone()>
                                                <span class=format!("ip-badge ip-badge--{}", check.outcome)>
                                                    {outcome_label(&check.outcome)}
                                                </span>
                                                <strong>{title(&check.id)}</strong>
                                                <span class="ip-check-detail">{check.detail}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }}
            </div>
            <Show when=needs_own_sign_in>
                <a class="ip-button" href=CONNECT_OWN_ACCOUNT rel="external">
                    "Connect my Salesforce account"
                </a>
            </Show>
        </section>
    }
}

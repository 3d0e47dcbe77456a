//! What the widget shows when it cannot search: not configured, not connected, connection
//! ended (with the reason), and errors, each with a next step.

use crate::{
    api::{ApiError, Backend},
    i18n::Strings,
    status::Readiness,
};
use leptos::prelude::*;
use widget_contract::{codes, paths};

/// The page to come back to after signing in: path, query and fragment of this page.
pub fn current_page() -> String {
    // The address without its origin (`href` always starts with it).
    let location = window().location();
    let (href, origin) = (location.href().unwrap_or_default(), location.origin().unwrap_or_default());
    match href.strip_prefix(&origin) {
        Some(page) if page.starts_with('/') => page.to_owned(),
        _ => "/".to_owned(),
    }
}

pub fn readiness(readiness: &Readiness, backend: &Backend, strings: &'static Strings) -> AnyView {
    match readiness {
        Readiness::NotConfigured { is_admin: true } => view! {
            <p class="sfw-note" data-state="not-configured">
                {strings.not_configured_admin}" "
                <a href=paths::CONTROL_PANEL>{strings.open_control_panel}</a>
            </p>
        }
        .into_any(),
        Readiness::NotConfigured { is_admin: false } => {
            view! { <p class="sfw-note" data-state="not-configured">{strings.not_configured_user}</p> }.into_any()
        }
        Readiness::NotConnected => connect(backend, "not-connected", strings.connect_intro, strings.connect).into_any(),
        Readiness::ReauthRequired { reason } => {
            let sentence = match reason.as_str() {
                codes::REASON_CONFIG_CHANGED => strings.reauth_config_changed,
                codes::REASON_TOKEN_REVOKED => strings.reauth_token_revoked,
                _ => strings.reauth_session_invalid,
            };
            connect(backend, "reauth-required", sentence, strings.sign_in_again).into_any()
        }
        Readiness::Ready { .. } => ().into_any(),
    }
}

fn connect(
    backend: &Backend,
    state: &'static str,
    sentence: &'static str,
    label: &'static str,
) -> impl IntoView + use<> {
    let href = backend.sign_in_url(&current_page());
    view! {
        <div class="sfw-connect" data-state=state>
            <p class="sfw-note">{sentence}</p>
            <a class="sfw-button" href=href>{label}</a>
        </div>
    }
}

/// Not signed in to the demo intranet: its own sign-in page, coming back here.
pub fn intranet_sign_in(backend: &Backend, strings: &'static Strings) -> impl IntoView + use<> {
    let href = backend.intranet_sign_in_url(&current_page());
    view! {
        <div class="sfw-connect" data-state="intranet-sign-in">
            <p class="sfw-note">{strings.intranet_sign_in_demo}</p>
            <a class="sfw-button" href=href>{strings.sign_in_to_intranet}</a>
        </div>
    }
}

/// What a mis-configured widget shows instead of searching: what the page editor should fix.
pub fn config_error(strings: &'static Strings, problems: Vec<String>) -> impl IntoView + use<> {
    view! {
        <div data-state="config-error">
            <p class="sfw-note sfw-error" role="alert">{strings.config_error}</p>
            <ul class="sfw-problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
        </div>
    }
}

/// An error with its next step; `retry` is offered where trying again can help.
pub fn error(error: &ApiError, strings: &'static Strings, retry: Option<Callback<()>>) -> impl IntoView + use<> {
    let (state, sentence, can_retry) = match error.code() {
        Some(codes::INTRANET_SIGN_IN_REQUIRED) => ("intranet-sign-in", strings.intranet_sign_in, false),
        // For the page editor: this page's origin is not on the backend's allow-list.
        Some(codes::ORIGIN_NOT_ALLOWED) => ("origin-not-allowed", strings.origin_not_allowed, false),
        Some(codes::SALESFORCE_API_DISABLED) if error.reason() == Some(codes::REASON_USER) => {
            ("api-disabled", strings.api_disabled_user, false)
        }
        Some(codes::SALESFORCE_API_DISABLED) => ("api-disabled", strings.api_disabled, false),
        Some(codes::SALESFORCE_RATE_LIMITED) => ("rate-limited", strings.rate_limited, true),
        Some(codes::API_ALLOWANCE_GUARDED) => ("allowance-guarded", strings.api_allowance_guarded, true),
        // The search panel tries again by itself once the backend allows it.
        Some(codes::TOO_MANY_REQUESTS) => ("slowed-down", strings.too_many_requests, false),
        Some(codes::SALESFORCE_UNAVAILABLE) => ("unavailable", strings.unavailable, true),
        _ => match error {
            ApiError::Network(_) => ("network", strings.network_error, true),
            _ => ("error", strings.unexpected_error, true),
        },
    };
    let retry = retry.filter(|_| can_retry);
    view! {
        <div class="sfw-problem" data-state="error" data-error=state role="alert">
            <p class="sfw-note sfw-error">{sentence}</p>
            {retry.map(|retry| view! {
                <button type="button" class="sfw-button" on:click=move |_| retry.run(())>{strings.retry}</button>
            })}
        </div>
    }
}

/// When the backend asked this person to slow down (`429 too_many_requests`), runs `again`
/// once its `Retry-After` has passed (the answer says how long; a second if it does not).
pub fn when_allowed(error: &ApiError, again: impl FnOnce() + 'static) {
    if error.code() == Some(codes::TOO_MANY_REQUESTS) {
        let seconds = error.retry_after().unwrap_or(1);
        set_timeout(again, std::time::Duration::from_secs(seconds.into()));
    }
}

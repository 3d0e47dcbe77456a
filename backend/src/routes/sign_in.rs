//! The OAuth 2.0 web server flow for one intranet user:
//! `GET /marketplace/salesforce/account/sign-in` starts it (fresh `state` and PKCE verifier
//! kept server-side), the callback `…/sign-in/oauth2` finishes it, and the callback URL
//! deprecated in March 2021 explains where the new one is.

use super::{
    initiator::{Initiator, initiator},
    pages, return_to,
};
use crate::{
    AppState,
    identity::IntranetUser,
    rate_limit,
    salesforce::{TokenError, hosts},
    settings::IdentityMode,
    store::NewConnection,
};
use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// How long a started sign-in stays valid (Salesforce's codes live 15 minutes).
const SIGN_IN_SECONDS: i64 = 15 * 60;

#[derive(Debug, Deserialize)]
pub struct StartParams {
    return_to: Option<String>,
}

fn random_url_safe(bytes: usize) -> Option<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).ok()?;
    Some(URL_SAFE_NO_PAD.encode(buffer))
}

fn problem(status: StatusCode, title: &str, sentence: &str) -> Response {
    pages::message(status, title, &pages::escape(sentence), ("/", "Back to the intranet"))
}

pub async fn start(
    State(state): State<AppState>,
    user: Option<IntranetUser>,
    headers: HeaderMap,
    Query(params): Query<StartParams>,
) -> Response {
    let target = params.return_to.as_deref().unwrap_or("/");
    let Ok(target) = return_to::validate(target) else {
        return problem(StatusCode::BAD_REQUEST, "Cannot connect to Salesforce", return_to::INVALID);
    };
    // Straight on only from this intranet's pages, typed in, or a page allowed to embed the
    // widget; anything else (another site, a sibling host, or a request that names nobody,
    // which another site can make) asks the person first.
    let from = initiator(&headers, &state.settings.public_base_url());
    if !matches!(from, Initiator::SameOrigin | Initiator::Person) && !started_on_allowed_page(&state, &headers).await {
        // Login CSRF: another site could connect this person's intranet account to whichever
        // Salesforce user their browser is signed in as. The person confirms here instead (a
        // click on this page is same-origin; framing is forbidden by the CSP).
        let here = format!("/marketplace/salesforce/account/sign-in?return_to={}", urlencode(target));
        return pages::message(
            StatusCode::FORBIDDEN,
            "Connect to Salesforce?",
            "Another website sent you here to connect your Salesforce account to the intranet. Continue only if you meant to.",
            (&here, "Connect to Salesforce"),
        );
    }
    let Some(user) = user else {
        if state.settings.identity == IdentityMode::Demo {
            // Sign in to the demo intranet first, then come straight back here.
            let here = format!("/marketplace/salesforce/account/sign-in?return_to={}", urlencode(target));
            return (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, format!("/intranet/sign-in?return_to={}", urlencode(&here)))],
            )
                .into_response();
        }
        return problem(
            StatusCode::UNAUTHORIZED,
            "Sign in to the intranet",
            "Sign in to the intranet, then connect Salesforce.",
        );
    };
    // A navigation, so the person's share of the API allowance is told as a page, not JSON.
    if let Err(wait) = state.person_limiter.check(&user.id) {
        let seconds = rate_limit::retry_after_seconds(wait);
        let mut page = problem(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many sign-in attempts",
            &format!("Please wait {seconds} seconds, then connect to Salesforce again."),
        );
        page.headers_mut().insert(header::RETRY_AFTER, seconds.into());
        return page;
    }
    let config = match state.store.marketplace_config().await {
        Ok(Some(config)) => config,
        Ok(None) => {
            return problem(
                StatusCode::CONFLICT,
                "Salesforce is not set up",
                "An intranet administrator has to set up Salesforce first.",
            );
        }
        Err(error) => return crate::error::ApiError::from(error).into_response(),
    };
    let (Some(state_token), Some(verifier)) = (random_url_safe(32), random_url_safe(48)) else {
        return problem(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong", "Please try again.");
    };
    let verifier = SecretString::from(verifier);
    if let Err(error) =
        state.store.start_sign_in(&state_token, &user.id, &verifier, target, config.generation, SIGN_IN_SECONDS).await
    {
        return crate::error::ApiError::from(error).into_response();
    }
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.expose_secret().as_bytes()));
    let query = serde_urlencoded::to_string([
        ("response_type", "code"),
        ("client_id", config.config.consumer_key.as_str()),
        ("redirect_uri", state.settings.callback_url().as_str()),
        ("scope", config.config.scopes.join(" ").as_str()),
        ("state", state_token.as_str()),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ])
    .unwrap_or_default();
    let authorize = format!("{}/services/oauth2/authorize?{query}", config.config.login_host);
    (StatusCode::FOUND, [(header::LOCATION, authorize), (header::CACHE_CONTROL, "no-store".to_owned())]).into_response()
}

/// A page an administrator allowed to embed the widget started this (its `Referer` names it;
/// browsers send the origin at least, unless the page asked for no referrer).
async fn started_on_allowed_page(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(referer) = headers.get(header::REFERER).and_then(|r| r.to_str().ok()) else { return false };
    state.allowed_origins.allows(&super::initiator::origin_of(referer), &state.store).await
}

fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)]).unwrap_or_default().trim_start_matches("v=").to_owned()
}

#[derive(Debug, Deserialize)]
pub struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

pub async fn callback(
    State(state): State<AppState>,
    user: Option<IntranetUser>,
    Query(params): Query<CallbackParams>,
) -> Response {
    let start_again = ("/marketplace/salesforce/account/sign-in", "Connect to Salesforce again");
    let failed = |status, sentence: &str| {
        pages::message(status, "Salesforce sign-in did not finish", &pages::escape(sentence), start_again)
    };
    let Some(state_token) = params.state.as_deref().filter(|s| !s.is_empty()) else {
        return failed(StatusCode::BAD_REQUEST, "This sign-in link is not valid. Please start connecting again.");
    };
    // Single use: the row is gone after this, whatever happens next.
    let pending = match state.store.take_sign_in(state_token).await {
        Ok(Some(pending)) => pending,
        Ok(None) => {
            return failed(
                StatusCode::BAD_REQUEST,
                "This sign-in has expired or was already used. Please start connecting again.",
            );
        }
        Err(error) => return crate::error::ApiError::from(error).into_response(),
    };
    if user.as_ref().map(|u| u.id.as_str()) != Some(pending.intranet_user.as_str()) {
        return failed(
            StatusCode::FORBIDDEN,
            "This sign-in was started by someone else. Please start connecting again.",
        );
    }
    let back = (pending.return_to.as_str(), "Back to the page");
    if let Some(error) = params.error.as_deref() {
        let sentence = match error {
            // Salesforce's SDKs see `access_denied`; Salesforce Help's example writes `access-denied`.
            "access_denied" | "access-denied" => "You chose not to allow the intranet to access Salesforce. Nothing was connected.".to_owned(),
            "invalid_scope" => "Salesforce refused the permissions the intranet asks for. An administrator must check the Connected App's OAuth scopes.".to_owned(),
            _ => format!(
                "Salesforce reported a problem: {} ({}).",
                params.error_description.as_deref().unwrap_or("no description"),
                error
            ),
        };
        return pages::message(StatusCode::OK, "Salesforce was not connected", &pages::escape(&sentence), back);
    }
    let Some(code) = params.code.as_deref().filter(|c| !c.is_empty()) else {
        return failed(
            StatusCode::BAD_REQUEST,
            "Salesforce did not send an authorization code. Please start connecting again.",
        );
    };
    let config = match state.store.marketplace_config().await {
        Ok(Some(config)) if config.generation == pending.generation => config,
        Ok(_) => {
            return failed(
                StatusCode::CONFLICT,
                "The Salesforce settings changed while you were signing in. Please connect again.",
            );
        }
        Err(error) => return crate::error::ApiError::from(error).into_response(),
    };
    let tokens = match state
        .salesforce
        .exchange_code(&config.config, code, &state.settings.callback_url(), pending.pkce_verifier.expose_secret())
        .await
    {
        Ok(tokens) => tokens,
        Err(TokenError::InvalidClient(cause)) => {
            tracing::warn!(%cause, "Salesforce refused the Consumer Key or Secret");
            return failed(
                StatusCode::BAD_GATEWAY,
                "Salesforce does not accept the intranet's Consumer Key or Secret. An administrator must check the settings.",
            );
        }
        Err(error) => {
            tracing::warn!(%error, "code exchange failed");
            return failed(StatusCode::BAD_GATEWAY, "Salesforce did not complete the sign-in. Please try again.");
        }
    };
    let login_host = &config.config.login_host;
    if !hosts::may_receive_tokens(login_host, &tokens.instance_url)
        || !hosts::may_receive_tokens(login_host, &tokens.id)
    {
        tracing::warn!(instance_url = %tokens.instance_url, identity_url = %tokens.id, "token answer names a host that is not Salesforce");
        return failed(
            StatusCode::BAD_GATEWAY,
            "The sign-in answer named an address that is not Salesforce, so the intranet did not use it. An administrator must check the login host.",
        );
    }
    // Who we are in Salesforce, for "Connected as …"; the connection works without it.
    let salesforce_user = match state.salesforce.identity(&tokens.id, &tokens.access_token).await {
        Ok(identity) => Some(format!("{} ({})", identity.display_name, identity.username)),
        Err(error) => {
            tracing::info!(%error, "identity URL not readable");
            None
        }
    };
    let new = NewConnection {
        intranet_user: &pending.intranet_user,
        access_token: &tokens.access_token,
        refresh_token: tokens.refresh_token.as_ref(),
        instance_url: &tokens.instance_url,
        identity_url: &tokens.id,
        scopes: &tokens.scope,
        salesforce_user: salesforce_user.as_deref(),
    };
    match state.store.save_connection(&new, pending.generation).await {
        Ok(true) => (StatusCode::FOUND, [(header::LOCATION, pending.return_to)]).into_response(),
        Ok(false) => failed(
            StatusCode::CONFLICT,
            "The Salesforce settings changed while you were signing in. Please connect again.",
        ),
        Err(error) => crate::error::ApiError::from(error).into_response(),
    }
}

/// `GET /salesforce/Account/RetrieveAccessToken`: the callback URL deprecated in March 2021.
pub async fn legacy_callback(State(state): State<AppState>) -> Response {
    let callback = state.settings.callback_url();
    let sentence = format!(
        "This callback address was retired in March 2021. A Salesforce administrator must replace it in the \
         Connected App's Callback URL with <code>{}</code>.",
        pages::escape(&callback)
    );
    pages::message(
        StatusCode::GONE,
        "This Salesforce callback URL is no longer used",
        &sentence,
        ("/", "Back to the intranet"),
    )
}

//! Using a user's Salesforce connection: reuse the access token until Salesforce answers 401,
//! then refresh exactly once per user however many requests hit the 401 together (the others
//! wait and reuse the result), keep a refresh token unless a rotated one arrives, adopt the new
//! `instance_url`, retry once, and never loop.

use crate::{
    AppState,
    error::ApiError,
    marketplace::StoredConfig,
    metrics::RefreshOutcome,
    salesforce::{RestError, TokenError, hosts},
    store::Connection,
};
use axum::http::StatusCode;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};
use widget_contract::codes;

/// Reasons a connection needs the user to sign in to Salesforce again.
pub mod reason {
    pub use widget_contract::codes::{
        REASON_CONFIG_CHANGED as CONFIG_CHANGED, REASON_SESSION_INVALID as SESSION_INVALID,
        REASON_TOKEN_REVOKED as TOKEN_REVOKED,
    };
}

/// One lock per user, so one refresh at a time per user within this process (the database
/// lease extends the rule across replicas).
#[derive(Debug, Default)]
pub struct RefreshLocks {
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl RefreshLocks {
    fn lock_for(&self, user: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        // Forget locks nobody holds or waits for, so the map stays as small as the active users.
        locks.retain(|_, lock| Arc::strong_count(lock) > 1);
        locks.entry(user.to_owned()).or_default().clone()
    }
}

pub fn not_configured() -> ApiError {
    ApiError::new(StatusCode::CONFLICT, codes::NOT_CONFIGURED, "Salesforce has not been set up on this intranet yet.")
}

pub fn reauth_required(reason: &'static str) -> ApiError {
    let message = match reason {
        reason::CONFIG_CHANGED => {
            "An administrator changed the Salesforce settings. Please sign in to Salesforce again."
        }
        reason::TOKEN_REVOKED => "Your Salesforce connection has ended. Please sign in to Salesforce again.",
        _ => "Your Salesforce session can no longer be used. Please sign in to Salesforce again.",
    };
    ApiError::new(StatusCode::UNAUTHORIZED, codes::SALESFORCE_REAUTH_REQUIRED, message).with_reason(reason)
}

pub fn unavailable() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        codes::SALESFORCE_UNAVAILABLE,
        "Salesforce is not answering right now. Try again in a moment.",
    )
    .with_retry_after(30)
}

/// `API_DISABLED_FOR_ORG`: Salesforce's answer both to an edition without REST API and to a
/// user without the "API Enabled" permission. `org_has_api` when the org answered another user
/// lately (see [`crate::api_access`]); otherwise the message blames neither.
pub fn api_disabled(org_has_api: bool) -> ApiError {
    if org_has_api {
        ApiError::new(
            StatusCode::FORBIDDEN,
            codes::SALESFORCE_API_DISABLED,
            "Your Salesforce user is not allowed to use the API. Ask your Salesforce administrator for the \"API Enabled\" permission.",
        )
        .with_reason(codes::REASON_USER)
    } else {
        ApiError::new(
            StatusCode::FORBIDDEN,
            codes::SALESFORCE_API_DISABLED,
            "Salesforce does not allow API access here: your Salesforce user may lack the \"API Enabled\" permission, or your org's edition may not include the API. Ask your Salesforce administrator.",
        )
        .with_reason(codes::REASON_UNKNOWN)
    }
}

/// Maps a REST failure that is not about the session to the API's error. `org_has_api` is asked
/// only for `API_DISABLED_FOR_ORG`, whose meaning depends on it.
pub fn rest_failure(error: &RestError, org_has_api: impl FnOnce() -> bool) -> ApiError {
    match error {
        RestError::ApiDisabledForOrg => api_disabled(org_has_api()),
        RestError::AllowanceGuarded(wait) => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            codes::API_ALLOWANCE_GUARDED,
            "Your company has used most of its Salesforce API requests for today, so the intranet pauses its searches to leave the rest to other systems. Try again later.",
        )
        .with_retry_after(wait.as_secs().max(1)),
        RestError::RequestLimitExceeded => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            codes::SALESFORCE_RATE_LIMITED,
            "Your company has used up its Salesforce API requests for now. Try again later.",
        )
        .with_retry_after(3600),
        RestError::Unavailable(cause) => {
            tracing::warn!(%cause, "Salesforce unavailable");
            unavailable()
        }
        RestError::SessionExpired | RestError::SessionNotValidForRest => reauth_required(reason::SESSION_INVALID),
        RestError::InvalidSearch => {
            ApiError::new(StatusCode::BAD_REQUEST, codes::QUERY_TOO_SHORT, "Salesforce needs longer words to search for.")
        }
        other => {
            tracing::warn!(error = %other, "Salesforce refused a request");
            unavailable()
        }
    }
}

/// The saved marketplace configuration (which also says what widgets search), or why none.
pub async fn saved_config(state: &AppState) -> Result<StoredConfig, ApiError> {
    state.store.marketplace_config().await?.ok_or_else(not_configured)
}

/// The user's current connection, or why there is none.
pub async fn current(state: &AppState, user: &str) -> Result<Connection, ApiError> {
    let connection = state.store.connection(user).await?;
    or_why_not(state, user, connection).await
}

/// `user`'s connection as read, or why there is none: how their last one ended, if it did.
async fn or_why_not(state: &AppState, user: &str, connection: Option<Connection>) -> Result<Connection, ApiError> {
    if let Some(connection) = connection {
        return Ok(connection);
    }
    Err(match state.store.connection_ending(user).await?.as_deref() {
        Some(reason::CONFIG_CHANGED) => reauth_required(reason::CONFIG_CHANGED),
        Some(reason::TOKEN_REVOKED) => reauth_required(reason::TOKEN_REVOKED),
        Some(_) => reauth_required(reason::SESSION_INVALID),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            codes::SALESFORCE_NOT_CONNECTED,
            "Connect your Salesforce account to search it.",
        ),
    })
}

/// The marketplace configuration and the user's connection under it (or why there is none,
/// for the caller to report after its own checks), read in one statement.
pub async fn config_and_connection(
    state: &AppState,
    user: &str,
) -> Result<(StoredConfig, Result<Connection, ApiError>), ApiError> {
    let (config, connection) = state.store.config_and_connection(user).await?.ok_or_else(not_configured)?;
    Ok((config, or_why_not(state, user, connection).await))
}

/// The marketplace configuration and the user's connection.
pub async fn configured(state: &AppState, user: &str) -> Result<(StoredConfig, Connection), ApiError> {
    let (config, connection) = config_and_connection(state, user).await?;
    Ok((config, connection?))
}

/// What a call reaches at Salesforce: the REST API, whose answer shows the org has the API (see
/// [`crate::api_access`]), or the identity URL, an OAuth resource that proves nothing about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reaches {
    RestApi,
    IdentityUrl,
}

/// Runs `call` with the user's access token; on an expired session refreshes once (shared with
/// concurrent callers) and runs it once more.
pub async fn with_session<T, F, Fut>(
    state: &AppState,
    config: &StoredConfig,
    user: &str,
    reaches: Reaches,
    call: F,
) -> Result<T, ApiError>
where
    F: Fn(Connection) -> Fut,
    Fut: Future<Output = Result<T, RestError>>,
{
    let connection = current(state, user).await?;
    run(state, config, user, connection, call, reaches == Reaches::RestApi).await
}

/// [`with_session`] with the user's connection already read (by the caller, e.g. at the same
/// time as the configuration).
pub async fn with_connection<T, F, Fut>(
    state: &AppState,
    config: &StoredConfig,
    user: &str,
    connection: Connection,
    call: F,
) -> Result<T, ApiError>
where
    F: Fn(Connection) -> Fut,
    Fut: Future<Output = Result<T, RestError>>,
{
    run(state, config, user, connection, call, true).await
}

/// Runs `call`, refreshing once on an expired session. `rest`: the call is the REST API, so its
/// success shows the org has the API (see [`crate::api_access`]).
async fn run<T, F, Fut>(
    state: &AppState,
    config: &StoredConfig,
    user: &str,
    connection: Connection,
    call: F,
    rest: bool,
) -> Result<T, ApiError>
where
    F: Fn(Connection) -> Fut,
    Fut: Future<Output = Result<T, RestError>>,
{
    if !sends_tokens_only_to_salesforce(config, &connection.instance_url, &connection.identity_url) {
        // Stored before the addresses were checked: never send the token there.
        state.store.end_connection(user, Some(reason::SESSION_INVALID)).await?;
        return Err(reauth_required(reason::SESSION_INVALID));
    }
    // The administrator's share, as this request read the configuration (all replicas follow).
    state.salesforce.guard().set_percent(config.api_guard_percent);
    let seen_version = connection.token_version;
    let who = Caller::of(&connection, rest);
    match call(connection).await {
        Err(RestError::SessionExpired) => {}
        Err(RestError::SessionNotValidForRest) => return Err(reauth_required(reason::SESSION_INVALID)),
        Err(error) => return Err(who.failure(state, &error)),
        Ok(value) => return Ok(who.answered(state, value)),
    }
    let fresh = refresh(state, config, user, seen_version).await?;
    match call(fresh).await {
        Ok(value) => Ok(who.answered(state, value)),
        // A brand-new token refused again: do not loop. A configuration save may have purged
        // the connection meanwhile (and revoked its tokens at Salesforce): then say so.
        Err(RestError::SessionExpired | RestError::SessionNotValidForRest) => match current(state, user).await {
            Err(ended) => Err(ended),
            Ok(_) => Err(reauth_required(reason::SESSION_INVALID)),
        },
        Err(error) => Err(who.failure(state, &error)),
    }
}

/// The Salesforce org and user behind a connection, to learn whose API calls work.
struct Caller {
    /// `(org id, user id)` from the identity URL.
    who: Option<(String, String)>,
    /// The call reaches the REST API (its answer is evidence that the org has the API).
    rest: bool,
}

impl Caller {
    fn of(connection: &Connection, rest: bool) -> Self {
        let who = connection.salesforce_org_id().zip(connection.salesforce_user_id());
        Self { who: who.map(|(org, user)| (org.to_owned(), user.to_owned())), rest }
    }

    fn answered<T>(&self, state: &AppState, value: T) -> T {
        if let (true, Some((org, user))) = (self.rest, &self.who) {
            state.api_access.answered(org, user);
        }
        value
    }

    fn failure(&self, state: &AppState, error: &RestError) -> ApiError {
        rest_failure(error, || self.who.as_ref().is_some_and(|(org, user)| state.api_access.answered_others(org, user)))
    }
}

/// Refreshes the user's access token unless someone already did since `seen_version`.
async fn refresh(
    state: &AppState,
    config: &StoredConfig,
    user: &str,
    seen_version: i64,
) -> Result<Connection, ApiError> {
    let outcome = refresh_once(state, config, user, seen_version).await;
    state.metrics.refresh(match &outcome {
        Ok((_, outcome)) => *outcome,
        Err(error) if error.code == codes::SALESFORCE_REAUTH_REQUIRED => RefreshOutcome::Revoked,
        Err(_) => RefreshOutcome::Failed,
    });
    outcome.map(|(connection, _)| connection)
}

/// The current connection if its token changed since `seen_version` (someone else refreshed).
async fn refreshed_meanwhile(state: &AppState, user: &str, seen_version: i64) -> Result<Option<Connection>, ApiError> {
    let connection = current(state, user).await?;
    Ok((connection.token_version != seen_version).then_some(connection))
}

async fn refresh_once(
    state: &AppState,
    config: &StoredConfig,
    user: &str,
    seen_version: i64,
) -> Result<(Connection, RefreshOutcome), ApiError> {
    // First in this process (so one request per replica waits on the database), then across
    // replicas; after each, re-read: whoever held the lock before may have refreshed already.
    let lock = state.refresh_locks.lock_for(user);
    let _local = lock.lock().await;
    if let Some(connection) = refreshed_meanwhile(state, user, seen_version).await? {
        return Ok((connection, RefreshOutcome::Reused));
    }
    let _lease = state.store.lease_refresh(user).await?;
    let connection = current(state, user).await?;
    if connection.token_version != seen_version {
        return Ok((connection, RefreshOutcome::Reused));
    }
    let Some(refresh_token) = &connection.refresh_token else {
        state.store.end_connection(user, Some(reason::TOKEN_REVOKED)).await?;
        return Err(reauth_required(reason::TOKEN_REVOKED));
    };
    let mut attempts = 0;
    let tokens = loop {
        attempts += 1;
        match state.salesforce.refresh(&config.config, refresh_token).await {
            Ok(tokens) => break tokens,
            // A replica without the lease (e.g. SQLite files shared by mistake) may be
            // refreshing the same token: wait, then look again.
            Err(TokenError::AlreadyProcessing) if attempts < 3 => {
                tokio::time::sleep(Duration::from_millis(250 * attempts)).await;
                if let Some(connection) = refreshed_meanwhile(state, user, seen_version).await? {
                    return Ok((connection, RefreshOutcome::Reused));
                }
            }
            Err(TokenError::InvalidGrant(description)) => {
                // A configuration save purged the connection (and revoked the token) meanwhile:
                // its reason stands.
                current(state, user).await?;
                tracing::info!(user, %description, "refresh token refused; the connection has ended");
                state.store.end_connection(user, Some(reason::TOKEN_REVOKED)).await?;
                return Err(reauth_required(reason::TOKEN_REVOKED));
            }
            Err(error) => {
                tracing::warn!(user, %error, "refresh failed");
                return Err(unavailable());
            }
        }
    };
    if !sends_tokens_only_to_salesforce(config, &tokens.instance_url, &tokens.id) {
        // Refreshing again would bring the same answer: the person signs in again instead.
        state.store.end_connection(user, Some(reason::SESSION_INVALID)).await?;
        return Err(reauth_required(reason::SESSION_INVALID));
    }
    // When this stores nothing, a configuration save purged the connection meanwhile (then
    // `current` says so and the new token is dropped): `current` has the answer.
    state
        .store
        .update_refreshed_tokens(
            user,
            seen_version,
            &tokens.access_token,
            tokens.refresh_token.as_ref(),
            &tokens.instance_url,
        )
        .await?;
    Ok((current(state, user).await?, RefreshOutcome::Refreshed))
}

/// Whether a connection's instance and identity URLs may receive its token (see
/// [`hosts::may_receive_tokens`]); logs the refusal. Rows stored before the addresses were
/// checked may name others.
pub fn sends_tokens_only_to_salesforce(config: &StoredConfig, instance_url: &str, identity_url: &str) -> bool {
    let login_host = &config.config.login_host;
    let trusted =
        hosts::may_receive_tokens(login_host, instance_url) && hosts::may_receive_tokens(login_host, identity_url);
    if !trusted {
        tracing::warn!(%instance_url, %identity_url, "Salesforce named an address that is not Salesforce; no token is sent there");
    }
    trusted
}

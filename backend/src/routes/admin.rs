//! Control Panel › Marketplace › Salesforce, for intranet administrators only:
//! `GET|PUT /api/admin/marketplace/salesforce`. The secret is never returned.

use crate::{
    AppState, diagnostics,
    error::ApiError,
    identity::IntranetUser,
    marketplace::{self, ConfigInput},
    revocation,
};
use axum::{Json, extract::State, extract::rejection::JsonRejection, http::StatusCode};
use serde::Serialize;
pub use widget_contract::admin::{ConfigView, SaveResult, UsageView};
use widget_contract::codes;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardInput {
    pub percent: u8,
}

pub(super) fn require_admin(user: &IntranetUser) -> Result<(), ApiError> {
    if user.is_admin {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::ADMIN_REQUIRED,
            "Only intranet administrators can change the Salesforce settings.",
        ))
    }
}

pub async fn get_config(State(state): State<AppState>, user: IntranetUser) -> Result<Json<ConfigView>, ApiError> {
    require_admin(&user)?;
    let stored = state.store.marketplace_config().await?;
    let connected_users = state.store.count_connections().await?;
    let config = stored.as_ref().map(|s| &s.config);
    Ok(Json(ConfigView {
        configured: stored.is_some(),
        consumer_key: config.map(|c| c.consumer_key.clone()),
        consumer_secret_set: config.is_some_and(|c| !c.consumer_secret.is_empty()),
        login_host: config.map(|c| c.login_host.clone()),
        scopes: config.map_or_else(|| marketplace::DEFAULT_SCOPES.map(String::from).to_vec(), |c| c.scopes.clone()),
        api_version: config.map_or_else(|| marketplace::DEFAULT_API_VERSION.to_owned(), |c| c.api_version.clone()),
        callback_url: state.settings.callback_url(),
        connected_users,
        api_guard_percent: stored.as_ref().map_or(crate::api_guard::DEFAULT_PERCENT, |s| s.api_guard_percent),
        api_usage: usage_view(&state, stored.as_ref().map(|s| s.api_guard_percent)),
        allowed_origins: state.store.allowed_origins().await?,
        fixed_origins: state.allowed_origins.fixed().to_vec(),
    }))
}

fn usage_view(state: &AppState, percent: Option<u8>) -> Option<UsageView> {
    let guard = state.salesforce.guard();
    if let Some(percent) = percent {
        guard.set_percent(percent);
    }
    let reading = guard.reading()?;
    Some(UsageView {
        used: reading.usage.used,
        limit: reading.usage.limit,
        seconds_ago: reading.age.as_secs(),
        paused: guard.check().is_err(),
    })
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginsInput {
    pub origins: Vec<String>,
}

/// `PUT /api/admin/marketplace/salesforce/embedding`: the origins of other intranet pages that
/// may embed the widget (replaces the list). Signs nobody out.
pub async fn put_allowed_origins(
    State(state): State<AppState>,
    user: IntranetUser,
    body: Result<Json<OriginsInput>, JsonRejection>,
) -> Result<Json<Vec<String>>, ApiError> {
    require_admin(&user)?;
    let Json(input) = body.map_err(|rejection| {
        ApiError::unreadable_body(&rejection, codes::INVALID_CONFIGURATION, "The origins could not be read")
    })?;
    let invalid = |message: String| {
        let mut error =
            ApiError::new(StatusCode::BAD_REQUEST, codes::INVALID_CONFIGURATION, "Some settings need correcting.");
        error.fields.insert("origins", message);
        error
    };
    let mut origins: Vec<String> = Vec::new();
    for raw in input.origins.iter().filter(|raw| !raw.trim().is_empty()) {
        let origin = crate::embedding::allowable_origin(raw, &state.settings.public_base_url()).map_err(invalid)?;
        if origin.eq_ignore_ascii_case(&state.settings.public_base_url()) {
            continue; // this intranet's own pages need no permission
        }
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    if origins.len() > crate::embedding::MAX_ORIGINS {
        return Err(invalid(format!("List at most {} origins.", crate::embedding::MAX_ORIGINS)));
    }
    if !state.store.set_allowed_origins(&origins).await? {
        return Err(crate::connection::not_configured());
    }
    state.allowed_origins.remember(std::sync::Arc::new(origins.clone()));
    tracing::info!(by = %user.id, origins = ?origins, "allowed origins saved");
    Ok(Json(origins))
}

/// `PUT /api/admin/marketplace/salesforce/api-guard`: the share of the org's API allowance at
/// which widgets stop (1–100; 100 never stops them). Signs nobody out.
pub async fn put_api_guard(
    State(state): State<AppState>,
    user: IntranetUser,
    body: Result<Json<GuardInput>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    require_admin(&user)?;
    let Json(input) = body.map_err(|rejection| {
        ApiError::unreadable_body(&rejection, codes::INVALID_CONFIGURATION, "The setting could not be read")
    })?;
    if !(1..=100).contains(&input.percent) {
        let mut error =
            ApiError::new(StatusCode::BAD_REQUEST, codes::INVALID_CONFIGURATION, "Some settings need correcting.");
        error.fields.insert("percent", "Choose a share from 1 to 100 %.".into());
        return Err(error);
    }
    if !state.store.set_api_guard_percent(input.percent).await? {
        return Err(crate::connection::not_configured());
    }
    state.salesforce.guard().set_percent(input.percent);
    tracing::info!(by = %user.id, percent = input.percent, "API allowance guard set");
    Ok(StatusCode::NO_CONTENT)
}

pub async fn put_config(
    State(state): State<AppState>,
    user: IntranetUser,
    body: Result<Json<ConfigInput>, JsonRejection>,
) -> Result<Json<SaveResult>, ApiError> {
    require_admin(&user)?;
    let Json(input) = body.map_err(|rejection| {
        ApiError::unreadable_body(&rejection, codes::INVALID_CONFIGURATION, "The settings could not be read")
    })?;
    let existing = state.store.marketplace_config().await?;
    let config = marketplace::validate(&input, existing.as_ref().map(|s| &s.config)).map_err(|fields| {
        let mut error =
            ApiError::new(StatusCode::BAD_REQUEST, codes::INVALID_CONFIGURATION, "Some settings need correcting.");
        error.fields = fields;
        error
    })?;
    if existing.as_ref().is_some_and(|s| s.config == config) {
        // Nothing changed: nobody has to sign in again.
        return Ok(Json(SaveResult { purged_tokens: 0 }));
    }
    let outcome = state.store.save_marketplace_config(&config).await?;
    state.metrics.config_saved(outcome.purged_tokens);
    tracing::info!(by = %user.id, purged = outcome.purged_tokens, generation = outcome.generation, "marketplace configuration saved");
    if let Some(issued_by) = existing.map(|stored| stored.config)
        && !outcome.revoke.is_empty()
    {
        // The save stands whatever Salesforce answers: revoke after it, without holding the answer.
        tokio::spawn(revocation::revoke_purged(
            state.salesforce.clone(),
            state.metrics.clone(),
            issued_by,
            outcome.revoke,
        ));
    }
    Ok(Json(SaveResult { purged_tokens: outcome.purged_tokens }))
}

#[derive(Debug, Serialize)]
pub struct TestReport {
    pub checks: Vec<diagnostics::Check>,
}

/// `POST /api/admin/marketplace/salesforce/test`: the connection checks, with the form's
/// (possibly unsaved) login host and consumer key.
pub async fn test_connection(
    State(state): State<AppState>,
    user: IntranetUser,
    body: Result<Option<Json<serde_json::Value>>, JsonRejection>,
) -> Result<Json<TestReport>, ApiError> {
    require_admin(&user)?;
    let invalid = |why: String| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", format!("The request could not be read: {why}"))
    };
    let input = match body.map_err(|rejection| {
        ApiError::unreadable_body(&rejection, "invalid_request", "The request could not be read")
    })? {
        None => diagnostics::TestInput::default(),
        // serde would also read a struct from an array: only an object is a valid body.
        Some(Json(value)) if value.is_object() => serde_json::from_value(value).map_err(|e| invalid(e.to_string()))?,
        Some(_) => return Err(invalid("expected a JSON object".to_owned())),
    };
    Ok(Json(TestReport { checks: diagnostics::run(&state, &user.id, input).await }))
}

//! Control Panel › Searchable objects, for intranet administrators: the org's searchable
//! objects (`GET /api/admin/marketplace/salesforce/objects`) and one object's fields and look
//! (`…/objects/{name}`), read live from Salesforce with the administrator's own connection, so a
//! custom object the org gains shows up with no change here, in Salesforce's own labels.

use super::admin::require_admin;
use crate::{
    AppState,
    connection::{self, Reaches},
    error::ApiError,
    identity::IntranetUser,
    salesforce::RestError,
};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use widget_contract::objects::{OrgObject, OrgObjectDetail, is_object_name};

pub async fn list(State(state): State<AppState>, user: IntranetUser) -> Result<Json<Vec<OrgObject>>, ApiError> {
    require_admin(&user)?;
    let config = state.store.marketplace_config().await?.ok_or_else(connection::not_configured)?;
    let api_version = config.config.api_version.clone();
    let objects = connection::with_session(&state, &config, &user.id, Reaches::RestApi, |connection| {
        let (state, api_version) = (state.clone(), api_version.clone());
        async move {
            state.salesforce.searchable_objects(&connection.instance_url, &api_version, &connection.access_token).await
        }
    })
    .await?;
    Ok(Json(objects))
}

pub async fn detail(
    State(state): State<AppState>,
    user: IntranetUser,
    Path(name): Path<String>,
) -> Result<Json<OrgObjectDetail>, ApiError> {
    require_admin(&user)?;
    // Checked before it becomes part of a Salesforce URL.
    if !is_object_name(&name) {
        return Err(unknown_object(&name));
    }
    let config = state.store.marketplace_config().await?.ok_or_else(connection::not_configured)?;
    let api_version = config.config.api_version.clone();
    let described = connection::with_session(&state, &config, &user.id, Reaches::RestApi, |connection| {
        let (state, api_version, name) = (state.clone(), api_version.clone(), name.clone());
        async move {
            let described = state
                .salesforce
                .describe_object(&connection.instance_url, &api_version, &connection.access_token, &name)
                .await;
            match described {
                // The org has no such object (or hides it from this administrator).
                Err(RestError::Other { status: 404, .. }) => Ok(None),
                other => other.map(Some),
            }
        }
    })
    .await?;
    described.map(Json).ok_or_else(|| unknown_object(&name))
}

fn unknown_object(name: &str) -> ApiError {
    let shown: String = name.chars().take(60).collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        widget_contract::codes::UNKNOWN_OBJECT,
        format!("Salesforce has no object named {shown:?} that you can see."),
    )
}

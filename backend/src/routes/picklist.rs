//! `GET /api/salesforce/picklist?filter=lead_status`: the values a picklist filter of the
//! widget offers, as the org defines them for this person (see [`crate::picklists`]).

use crate::{AppState, catalog::FilterRule, connection, error::ApiError, identity::IntranetUser};
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct PicklistParams {
    filter: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PicklistValues {
    /// The active values in the org's order (none when the person may not see the field).
    pub values: Vec<String>,
}

fn unknown_filter(filter: &str) -> ApiError {
    let shown: String = filter.chars().take(60).collect();
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "unknown_filter",
        format!("\"{shown}\" is not a picklist filter of the objects widgets search."),
    )
}

pub async fn picklist(
    State(state): State<AppState>,
    user: IntranetUser,
    params: Result<Query<PicklistParams>, QueryRejection>,
) -> Result<Json<PicklistValues>, ApiError> {
    let Query(params) = params.map_err(|_| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_parameter", "The filter parameter could not be read.")
    })?;
    let filter = params.filter.unwrap_or_default();
    let (config, connection) = connection::configured(&state, &user.id).await?;
    // Only a filter of an object widgets search, so no other field's values can be asked for.
    let (object, field) = config
        .catalog()
        .objects()
        .iter()
        .find_map(|object| {
            object.spec().filters.iter().find_map(|rule| match rule {
                FilterRule::Picklist { parameter, field } if *parameter == filter.trim() => {
                    Some((object.api_name().to_owned(), field.clone()))
                }
                _ => None,
            })
        })
        .ok_or_else(|| unknown_filter(&filter))?;
    let values = crate::picklists::of(&state, &config, &user.id, connection, &object, &field)
        .await
        .map_err(|error| ApiError::clone(&error))?;
    Ok(Json(PicklistValues { values: Option::clone(&values).unwrap_or_default() }))
}

//! `GET /api/salesforce/picklist?object=lead&field=Status`: the values a picklist filter of
//! the widget offers, as the org defines them for this person (see [`crate::picklists`]).

use crate::{AppState, connection, error::ApiError, identity::IntranetUser};
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use widget_contract::objects::FilterKind;

#[derive(Debug, Deserialize)]
pub struct PicklistParams {
    object: Option<String>,
    field: Option<String>,
    /// The first release's name for the two filters it had (`lead_status`, `account_type`).
    filter: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PicklistValues {
    /// The active values in the org's order (none when the person may not see the field).
    pub values: Vec<String>,
}

fn unknown_filter(object: &str, field: &str) -> ApiError {
    let shown: String = format!("{object}.{field}").chars().take(90).collect();
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
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_parameter", "The parameters could not be read.")
    })?;
    let earlier = params.filter.as_deref().map(str::trim).and_then(widget_contract::filters::earlier_parameter);
    let (object, field) = match earlier {
        Some((object, field)) => (object.to_owned(), field.to_owned()),
        None => (params.object.unwrap_or_default(), params.field.unwrap_or_default()),
    };
    let (config, connection) = connection::configured(&state, &user.id).await?;
    // Only a picklist filter of an object widgets search, so no other field's values can be
    // asked for; the names that reach Salesforce's URL are the catalog's.
    let catalog = config.catalog();
    let (object, field) = catalog
        .by_name(&object)
        .and_then(|o| Some((o, o.filter_field(field.trim())?)))
        .filter(|(_, f)| f.kind == FilterKind::Picklist)
        .map(|(o, f)| (o.api_name().to_owned(), f.field.clone()))
        .ok_or_else(|| unknown_filter(&object, &field))?;
    let values = crate::picklists::of(&state, &config, &user.id, connection, &object, &field)
        .await
        .map_err(|error| ApiError::clone(&error))?;
    Ok(Json(PicklistValues { values: Option::clone(&values).unwrap_or_default() }))
}

//! Control Panel › Searchable objects, for intranet administrators: the org's searchable
//! objects (`GET /api/admin/marketplace/salesforce/objects`) and one object's fields and look
//! (`…/objects/{name}`), read live from Salesforce with the administrator's own connection, so a
//! custom object the org gains shows up with no change here, in Salesforce's own labels; and
//! the objects widgets may search (`GET|PUT …/searchable-objects`), each checked against the
//! org's describe before it is saved.

use super::admin::require_admin;
use crate::catalog::{ObjectChoice, ShownField};
use crate::{
    AppState,
    connection::{self, Reaches},
    error::ApiError,
    identity::IntranetUser,
    marketplace::StoredConfig,
    salesforce::RestError,
};
use axum::extract::rejection::JsonRejection;
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use widget_contract::{
    codes,
    objects::{
        FilterField, FilterKind, MAX_FILTER_FIELDS, MAX_SEARCHABLE_OBJECTS, MAX_SHOWN_FIELDS, OrgObject,
        OrgObjectDetail, SearchableObject, is_object_name,
    },
};

pub async fn list(State(state): State<AppState>, user: IntranetUser) -> Result<Json<Vec<OrgObject>>, ApiError> {
    require_admin(&user)?;
    let config = connection::saved_config(&state).await?;
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

/// `GET …/searchable-objects`: what widgets search now (the presets until a save).
pub async fn get_searchable(
    State(state): State<AppState>,
    user: IntranetUser,
) -> Result<Json<Vec<SearchableObject>>, ApiError> {
    require_admin(&user)?;
    let config = connection::saved_config(&state).await?;
    Ok(Json(config.catalog().choices()))
}

/// `PUT …/searchable-objects`: replaces the objects widgets search. Each object, title, shown
/// and filter field is checked against the org's describe (with the administrator's session) and
/// saved in Salesforce's spelling; nothing is saved unless all are right. Signs nobody out.
pub async fn put_searchable(
    State(state): State<AppState>,
    user: IntranetUser,
    body: Result<Json<Vec<SearchableObject>>, JsonRejection>,
) -> Result<Json<Vec<SearchableObject>>, ApiError> {
    require_admin(&user)?;
    let Json(wanted) = body.map_err(|rejection| {
        ApiError::unreadable_body(&rejection, codes::INVALID_CONFIGURATION, "The objects could not be read")
    })?;
    if wanted.is_empty() || wanted.len() > MAX_SEARCHABLE_OBJECTS {
        return Err(invalid(format!("Choose 1 to {MAX_SEARCHABLE_OBJECTS} objects.")));
    }
    for (index, object) in wanted.iter().enumerate() {
        if !is_object_name(&object.name) {
            return Err(invalid(format!("{:?} is not an object name.", shorten(&object.name))));
        }
        if wanted[..index].iter().any(|o| o.name.eq_ignore_ascii_case(&object.name)) {
            return Err(invalid(format!("{} is chosen twice.", object.name)));
        }
        if object.shown_fields.len() > MAX_SHOWN_FIELDS {
            return Err(invalid(format!("{}: show at most {MAX_SHOWN_FIELDS} fields.", object.name)));
        }
        if object.filter_fields.len() > MAX_FILTER_FIELDS {
            return Err(invalid(format!("{}: filter by at most {MAX_FILTER_FIELDS} fields.", object.name)));
        }
    }
    let config = connection::saved_config(&state).await?;
    let mut choices = Vec::with_capacity(wanted.len());
    for object in wanted {
        let described = describe(&state, &config, &user.id, &object.name)
            .await?
            .ok_or_else(|| invalid(format!("Salesforce has no object named {} that you can see.", object.name)))?;
        let choice = checked(object, &described).map_err(invalid)?;
        // Two spellings of one object (a namespace written differently) are one object.
        if choices.iter().any(|c: &ObjectChoice| c.object.name == choice.object.name) {
            return Err(invalid(format!("{} is chosen twice.", choice.object.name)));
        }
        choices.push(choice);
    }
    if !state.store.set_searchable_objects(&choices).await? {
        return Err(connection::not_configured());
    }
    let saved: Vec<SearchableObject> = choices.into_iter().map(|choice| choice.object).collect();
    tracing::info!(by = %user.id, objects = ?saved.iter().map(|o| &o.name).collect::<Vec<_>>(), "searchable objects saved");
    Ok(Json(saved))
}

/// The administrator's choice for one object, checked against its describe and written in
/// Salesforce's spelling, or why it cannot be searched so.
fn checked(wanted: SearchableObject, described: &OrgObjectDetail) -> Result<ObjectChoice, String> {
    let name = &described.object.name;
    if !described.searchable {
        return Err(format!("Salesforce does not search {name}."));
    }
    let field = |wanted: &str| described.fields.iter().find(|f| f.name.eq_ignore_ascii_case(wanted));
    let title = field(&wanted.title_field)
        .ok_or_else(|| format!("{name} has no field {:?} that you can see.", shorten(&wanted.title_field)))?;
    let mut shown = Vec::with_capacity(wanted.shown_fields.len());
    let mut shown_fields = Vec::with_capacity(wanted.shown_fields.len());
    for path in &wanted.shown_fields {
        let (spelled, label, number) = match path.split_once('.') {
            // A parent's name through a relationship (`Account.Name`), labelled as the
            // reference field is, without its " ID" (`Account ID` → `Account`).
            Some((relationship, parent_field)) => {
                let reference = described
                    .fields
                    .iter()
                    .find(|f| f.relationship.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(relationship)));
                match reference.and_then(|f| Some((f, f.relationship.as_deref()?))) {
                    Some((reference, relationship)) if parent_field.eq_ignore_ascii_case("Name") => {
                        let label = reference.label.strip_suffix(" ID").unwrap_or(&reference.label).to_owned();
                        (format!("{relationship}.Name"), label, false)
                    }
                    Some(_) => return Err(format!("{name}: only a parent's Name can be shown ({:?}).", shorten(path))),
                    None => return Err(format!("{name} has no relationship {:?}.", shorten(relationship))),
                }
            }
            None => field(path)
                .map(|f| (f.name.clone(), f.label.clone(), NUMBER_TYPES.contains(&f.kind.as_str())))
                .ok_or_else(|| format!("{name} has no field {:?} that you can see.", shorten(path)))?,
        };
        if !shown.contains(&spelled) {
            shown_fields.push(ShownField { field: spelled.clone(), label, number });
            shown.push(spelled);
        }
    }
    // Filters: a picklist (offered with the org's values) or a checkbox, that SOQL can filter.
    let mut filters: Vec<FilterField> = Vec::with_capacity(wanted.filter_fields.len());
    for wanted in &wanted.filter_fields {
        let found =
            field(wanted).ok_or_else(|| format!("{name} has no field {:?} that you can see.", shorten(wanted)))?;
        let kind = FilterKind::of_field_type(&found.kind)
            .filter(|_| found.filterable)
            .ok_or_else(|| format!("{name}: {} cannot be a filter (only picklists and checkboxes can).", found.name))?;
        if !filters.iter().any(|f| f.field == found.name) {
            filters.push(FilterField { field: found.name.clone(), label: found.label.clone(), kind });
        }
    }
    Ok(ObjectChoice {
        object: SearchableObject {
            name: name.clone(),
            title_field: title.name.clone(),
            shown_fields: shown,
            filter_fields: filters.iter().map(|f| f.field.clone()).collect(),
        },
        owned: described.fields.iter().any(|f| f.name == "OwnerId"),
        label: described.object.label_plural.clone(),
        color: described.color.clone(),
        icon: described.icon.clone(),
        filters: Some(filters),
        shown_labels: shown_fields,
    })
}

/// Salesforce field types that hold numbers.
const NUMBER_TYPES: [&str; 4] = ["currency", "double", "int", "percent"];

fn invalid(message: String) -> ApiError {
    let mut error =
        ApiError::new(StatusCode::BAD_REQUEST, codes::INVALID_CONFIGURATION, "Some objects need correcting.");
    error.fields.insert("objects", message);
    error
}

fn shorten(text: &str) -> String {
    text.chars().take(60).collect()
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
    let config = connection::saved_config(&state).await?;
    let described = describe(&state, &config, &user.id, &name).await?;
    described.map(Json).ok_or_else(|| unknown_object(&name))
}

/// One object described with the administrator's session; None when the org has no such
/// object (or hides it from them). `name` must have passed `is_object_name`.
async fn describe(
    state: &AppState,
    config: &StoredConfig,
    user: &str,
    name: &str,
) -> Result<Option<OrgObjectDetail>, ApiError> {
    let api_version = config.config.api_version.clone();
    connection::with_session(state, config, user, Reaches::RestApi, |connection| {
        let (state, api_version, name) = (state.clone(), api_version.clone(), name.to_owned());
        async move {
            let described = state
                .salesforce
                .describe_object(&connection.instance_url, &api_version, &connection.access_token, &name)
                .await;
            match described {
                Err(RestError::Other { status: 404, .. }) => Ok(None),
                other => other.map(Some),
            }
        }
    })
    .await
}

fn unknown_object(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        codes::UNKNOWN_OBJECT,
        format!("Salesforce has no object named {:?} that you can see.", shorten(name)),
    )
}

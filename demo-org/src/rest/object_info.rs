//! `ui-api/object-info/{objectApiName}` (User Interface API): an object as Lightning shows it,
//! with its theme (colour and icon), name fields and a map of its fields, so a client can show
//! each object in Salesforce's own colours.

use super::{auth::Session, errors::not_found};
use crate::{
    DemoOrg, base_url,
    schema::{Field, FieldKind, MASTER_RECORD_TYPE, ObjectType, View},
};
use axum::{
    Extension, Json,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};
use std::sync::Arc;

pub async fn object_info(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    headers: HeaderMap,
    Path((_version, name)): Path<(String, String)>,
) -> Response {
    let data = org.data();
    let view = session.view(&data);
    let Some(object) = view.object(&name) else { return not_found() };
    // Objects the User Interface API does not support have no theme.
    let Some(theme) = &object.def().theme else { return not_found() };
    let definition = object.def();
    let fields: Map<String, Value> =
        view.fields(object).map(|field| (field.name.clone(), describe_field(object, field, view))).collect();
    Json(json!({
        "apiName": object.api_name(),
        "label": definition.label.get(view.language),
        "labelPlural": definition.label_plural.get(view.language),
        "keyPrefix": object.key_prefix(),
        "custom": definition.custom,
        "nameFields": [object.title_field()],
        "searchable": object.is_searchable(),
        "queryable": true,
        "createable": definition.access.createable,
        "updateable": definition.access.updateable,
        "deletable": definition.access.deletable,
        "layoutable": true,
        "mruEnabled": object.supports_recently_viewed(),
        "feedEnabled": false,
        "defaultRecordTypeId": MASTER_RECORD_TYPE,
        "childRelationships": [],
        "dependentFields": {},
        "fields": fields,
        "themeInfo": {
            "color": theme.color,
            "iconUrl": format!("{}/img/icon/t4v35/{}_120.png", base_url(&headers), theme.icon),
        },
    }))
    .into_response()
}

fn describe_field(object: &ObjectType, field: &Field, view: View) -> Value {
    let data_type = match field.kind {
        FieldKind::Id | FieldKind::Text => "String",
        FieldKind::Reference => "Reference",
        FieldKind::TextArea => "TextArea",
        FieldKind::Email => "Email",
        FieldKind::Phone => "Phone",
        FieldKind::Url => "Url",
        FieldKind::Picklist => "Picklist",
        FieldKind::Boolean => "Boolean",
        FieldKind::Currency => "Currency",
        FieldKind::Date => "Date",
        FieldKind::DateTime => "DateTime",
    };
    let relationship_name = field.relationship();
    let references: Vec<Value> = field
        .reference
        .iter()
        .flat_map(|r| &r.to)
        .map(|to| {
            let name_field = view.object(to).map_or("Name", ObjectType::title_field);
            json!({ "apiName": to, "nameFields": [name_field] })
        })
        .collect();
    json!({
        "apiName": field.name,
        "label": field.label.get(view.language),
        "dataType": data_type,
        "nameField": field.name == object.title_field(),
        "filterable": field.filterable(),
        "sortable": field.filterable(),
        "reference": relationship_name.is_some(),
        "relationshipName": relationship_name,
        "referenceToInfos": references,
        "polymorphicForeignKey": field.is_polymorphic(),
        "custom": field.name.ends_with("__c"),
        "calculated": false,
        "compound": false,
        "htmlFormatted": false,
    })
}

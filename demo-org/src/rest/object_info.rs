//! `ui-api/object-info/{objectApiName}` (User Interface API): an object as Lightning shows it,
//! with its theme (colour and icon), name fields and a map of its fields, so a client can show
//! each object in Salesforce's own colours.

use super::errors::not_found;
use crate::{
    base_url,
    schema::{FieldKind, MASTER_RECORD_TYPE, ObjectType, Target},
};
use axum::{
    Json,
    extract::Path,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};

/// The object's theme: Lightning's colour (hex, no `#`) and its standard icon's name.
fn theme(object: ObjectType) -> Option<(&'static str, &'static str)> {
    match object {
        ObjectType::Account => Some(("7F8DE1", "account")),
        ObjectType::Lead => Some(("F88962", "lead")),
        ObjectType::Task => Some(("4BC076", "task")),
        ObjectType::Campaign => Some(("F49756", "campaign")),
        ObjectType::User => Some(("65CAE4", "user")),
        // Not an object the User Interface API supports.
        ObjectType::Organization => None,
    }
}

pub async fn object_info(headers: HeaderMap, Path((_version, name)): Path<(String, String)>) -> Response {
    let Some(object) = ObjectType::from_api_name(&name) else { return not_found() };
    let Some((color, icon)) = theme(object) else { return not_found() };
    let (label, label_plural) = object.labels();
    let access = object.access();
    let fields: Map<String, Value> =
        object.fields().iter().map(|field| (field.name.to_owned(), describe_field(object, field))).collect();
    Json(json!({
        "apiName": object.api_name(),
        "label": label,
        "labelPlural": label_plural,
        "keyPrefix": object.key_prefix(),
        "custom": false,
        "nameFields": [object.title_field()],
        "searchable": object.is_searchable(),
        "queryable": true,
        "createable": access.createable,
        "updateable": access.updateable,
        "deletable": access.deletable,
        "layoutable": true,
        "mruEnabled": object.supports_recently_viewed(),
        "feedEnabled": false,
        "defaultRecordTypeId": MASTER_RECORD_TYPE,
        "childRelationships": [],
        "dependentFields": {},
        "fields": fields,
        "themeInfo": {
            "color": color,
            "iconUrl": format!("{}/img/icon/t4v35/standard/{icon}_120.png", base_url(&headers)),
        },
    }))
    .into_response()
}

fn describe_field(object: ObjectType, field: &crate::schema::Field) -> Value {
    let data_type = match field.kind {
        FieldKind::Id | FieldKind::Text => "String",
        FieldKind::Reference { .. } => "Reference",
        FieldKind::TextArea => "TextArea",
        FieldKind::Email => "Email",
        FieldKind::Phone => "Phone",
        FieldKind::Url => "Url",
        FieldKind::Picklist => "Picklist",
        FieldKind::Boolean => "Boolean",
        FieldKind::Date => "Date",
        FieldKind::DateTime => "DateTime",
    };
    let relationship_name = field.relationship();
    let references: Vec<Value> = object
        .reference_targets(field.name)
        .into_iter()
        .map(|to| {
            let name_field = ObjectType::from_api_name(to).map_or("Name", ObjectType::title_field);
            json!({ "apiName": to, "nameFields": [name_field] })
        })
        .collect();
    json!({
        "apiName": field.name,
        "label": field.label,
        "dataType": data_type,
        "nameField": field.name == object.title_field(),
        "filterable": field.filterable(),
        "sortable": field.filterable(),
        "reference": relationship_name.is_some(),
        "relationshipName": relationship_name,
        "referenceToInfos": references,
        "polymorphicForeignKey": matches!(field.kind, FieldKind::Reference { target: Target::Polymorphic, .. }),
        "custom": false,
        "calculated": false,
        "compound": false,
        "htmlFormatted": false,
    })
}

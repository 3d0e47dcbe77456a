//! `sobjects/` (Describe Global) and `sobjects/{Type}/describe/` (sObject Describe): the org's
//! objects and their fields as Salesforce describes them, so a client learns what it may search
//! from the org instead of from a built-in list. Both answers count against the API allowance
//! and carry `Sforce-Limit-Info` (only the versions list is exempt).

use super::{auth::Session, errors::not_found};
use crate::{
    DemoOrg,
    schema::{Field, FieldKind, MASTER_RECORD_TYPE, ObjectType, View},
};
use axum::{
    Extension, Json,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};
use std::sync::Arc;

pub async fn global(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    Path(version): Path<String>,
) -> Response {
    let data = org.data();
    let view = session.view(&data);
    let sobjects: Vec<Value> =
        data.schema.objects().iter().map(|object| Value::Object(summary(object, view, &version))).collect();
    Json(json!({ "encoding": "UTF-8", "maxBatchSize": 200, "sobjects": sobjects })).into_response()
}

pub async fn object(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    Path((version, name)): Path<(String, String)>,
) -> Response {
    let data = org.data();
    let view = session.view(&data);
    let Some(object) = view.object(&name) else { return not_found() };
    let mut described = summary(object, view, &version);
    // "Fields that are inaccessible to you by field-level security are not returned."
    let fields: Vec<Value> = view.fields(object).map(|field| describe_field(object, field, view)).collect();
    described.insert("fields".into(), fields.into());
    described.insert("childRelationships".into(), json!([]));
    described.insert(
        "recordTypeInfos".into(),
        json!([{
            "name": "Master",
            "available": true,
            "master": true,
            "recordTypeId": MASTER_RECORD_TYPE,
            "defaultRecordTypeMapping": true,
        }]),
    );
    Json(described).into_response()
}

/// What Describe Global says of one object (sObject Describe says the same and more), with
/// labels in the user's language.
fn summary(object: &ObjectType, view: View, version: &str) -> Map<String, Value> {
    let definition = object.def();
    let name = object.api_name();
    let base = format!("/services/data/{version}/sobjects/{name}");
    let access = definition.access;
    let Value::Object(summary) = json!({
        "name": name,
        "label": definition.label.get(view.language),
        "labelPlural": definition.label_plural.get(view.language),
        "keyPrefix": object.key_prefix(),
        "custom": definition.custom,
        "customSetting": false,
        "searchable": object.is_searchable(),
        "queryable": true,
        "retrieveable": true,
        "layoutable": access.updateable,
        "createable": access.createable,
        "updateable": access.updateable,
        "deletable": access.deletable,
        "mruEnabled": object.supports_recently_viewed(),
        "deprecatedAndHidden": false,
        "urls": {
            "sobject": base,
            "describe": format!("{base}/describe"),
            "rowTemplate": format!("{base}/{{ID}}"),
        },
    }) else {
        unreachable!("an object literal")
    };
    summary
}

fn describe_field(object: &ObjectType, field: &Field, view: View) -> Value {
    let (kind, soap_type, length) = match field.kind {
        FieldKind::Id => ("id", "tns:ID", 18),
        FieldKind::Reference => ("reference", "tns:ID", 18),
        FieldKind::Text => ("string", "xsd:string", 255),
        FieldKind::TextArea => ("textarea", "xsd:string", 32_000),
        FieldKind::Email => ("email", "xsd:string", 80),
        FieldKind::Phone => ("phone", "xsd:string", 40),
        FieldKind::Url => ("url", "xsd:string", 255),
        FieldKind::Picklist => ("picklist", "xsd:string", 255),
        FieldKind::Boolean => ("boolean", "xsd:boolean", 0),
        FieldKind::Currency => ("currency", "xsd:double", 0),
        FieldKind::Date => ("date", "xsd:date", 0),
        FieldKind::DateTime => ("datetime", "xsd:dateTime", 0),
    };
    let required = field.system
        || field.kind == FieldKind::Boolean
        || field.name == "OwnerId"
        || field.name == object.title_field();
    let editable = object.def().access.updateable && !field.system;
    let picklist_values: Vec<Value> = field
        .picklist
        .iter()
        .map(|value| {
            json!({
                "value": value,
                "label": value,
                "active": true,
                "defaultValue": field.picklist_default.as_ref() == Some(value),
                "validFor": null,
            })
        })
        .collect();
    let reference_to = field.reference.as_ref().map(|r| r.to.as_slice()).unwrap_or_default();
    json!({
        "name": field.name,
        "label": field.label.get(view.language),
        "type": kind,
        "soapType": soap_type,
        "length": length,
        "precision": if field.kind == FieldKind::Currency { 18 } else { 0 },
        "scale": if field.kind == FieldKind::Currency { 2 } else { 0 },
        "nameField": field.name == object.title_field(),
        "filterable": field.filterable(),
        "sortable": field.filterable(),
        "groupable": field.filterable() && !matches!(field.kind, FieldKind::DateTime | FieldKind::Currency),
        "nillable": !required,
        "createable": editable,
        "updateable": editable,
        "custom": field.name.ends_with("__c"),
        "calculated": false,
        "unique": false,
        "externalId": false,
        "idLookup": field.kind == FieldKind::Id,
        "defaultValue": null,
        "picklistValues": picklist_values,
        "restrictedPicklist": false,
        "dependentPicklist": false,
        "controllerName": null,
        "referenceTo": reference_to,
        "relationshipName": field.relationship(),
        // A reference that may point at several objects names its record by the Name pseudo-object.
        "namePointing": field.is_polymorphic(),
        "htmlFormatted": false,
        "deprecatedAndHidden": false,
        "inlineHelpText": null,
    })
}

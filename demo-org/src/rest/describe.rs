//! `sobjects/` (Describe Global) and `sobjects/{Type}/describe/` (sObject Describe): the org's
//! objects and their fields as Salesforce describes them, so a client learns what it may search
//! from the org instead of from a built-in list. Both answers count against the API allowance
//! and carry `Sforce-Limit-Info` (only the versions list is exempt).

use super::errors::not_found;
use crate::{
    schema::{Field, FieldKind, MASTER_RECORD_TYPE, ObjectType, Target},
    seed::{EDITION, words},
};
use axum::{
    Json,
    extract::Path,
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};

pub async fn global(Path(version): Path<String>) -> Response {
    let sobjects: Vec<Value> =
        ObjectType::ALL.into_iter().map(|object| Value::Object(summary(object, &version))).collect();
    Json(json!({ "encoding": "UTF-8", "maxBatchSize": 200, "sobjects": sobjects })).into_response()
}

pub async fn object(Path((version, name)): Path<(String, String)>) -> Response {
    let Some(object) = ObjectType::from_api_name(&name) else { return not_found() };
    let mut described = summary(object, &version);
    let fields: Vec<Value> = object.fields().iter().map(|field| describe_field(object, field)).collect();
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

/// What Describe Global says of one object (sObject Describe says the same and more).
fn summary(object: ObjectType, version: &str) -> Map<String, Value> {
    let name = object.api_name();
    let (label, label_plural) = object.labels();
    let base = format!("/services/data/{version}/sobjects/{name}");
    let access = object.access();
    let editable = access.updateable;
    let Value::Object(summary) = json!({
        "name": name,
        "label": label,
        "labelPlural": label_plural,
        "keyPrefix": object.key_prefix(),
        "custom": false,
        "customSetting": false,
        "searchable": object.is_searchable(),
        "queryable": true,
        "retrieveable": true,
        "layoutable": editable,
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

fn describe_field(object: ObjectType, field: &Field) -> Value {
    let (kind, soap_type, length) = match field.kind {
        FieldKind::Id => ("id", "tns:ID", 18),
        FieldKind::Reference { .. } => ("reference", "tns:ID", 18),
        FieldKind::Text => ("string", "xsd:string", 255),
        FieldKind::TextArea => ("textarea", "xsd:string", 32_000),
        FieldKind::Email => ("email", "xsd:string", 80),
        FieldKind::Phone => ("phone", "xsd:string", 40),
        FieldKind::Url => ("url", "xsd:string", 255),
        FieldKind::Picklist => ("picklist", "xsd:string", 255),
        FieldKind::Boolean => ("boolean", "xsd:boolean", 0),
        FieldKind::Date => ("date", "xsd:date", 0),
        FieldKind::DateTime => ("datetime", "xsd:dateTime", 0),
    };
    let reference_to = object.reference_targets(field.name);
    // Set by Salesforce itself, never by a user.
    let system = matches!(field.name, "Id" | "CreatedDate" | "LastModifiedDate" | "IsClosed" | "IsConverted")
        || (field.name == "Name" && matches!(object, ObjectType::Lead | ObjectType::User));
    let required =
        system || field.kind == FieldKind::Boolean || field.name == "OwnerId" || field.name == object.title_field();
    let editable = object.access().updateable && !system;
    let (values, default) = picklist(object, field.name);
    let picklist_values: Vec<Value> = values
        .iter()
        .map(|value| {
            json!({
                "value": value,
                "label": value,
                "active": true,
                "defaultValue": default == Some(*value),
                "validFor": null,
            })
        })
        .collect();
    json!({
        "name": field.name,
        "label": field.label,
        "type": kind,
        "soapType": soap_type,
        "length": length,
        "nameField": field.name == object.title_field(),
        "filterable": field.filterable(),
        "sortable": field.filterable(),
        "groupable": field.filterable() && field.kind != FieldKind::DateTime,
        "nillable": !required,
        "createable": editable,
        "updateable": editable,
        "custom": false,
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
        "namePointing": matches!(field.kind, FieldKind::Reference { target: Target::Polymorphic, .. }),
        "htmlFormatted": false,
        "deprecatedAndHidden": false,
        "inlineHelpText": null,
    })
}

/// A picklist's values, in the order Salesforce lists them, and its default value.
fn picklist(object: ObjectType, field: &str) -> (&'static [&'static str], Option<&'static str>) {
    match (object, field) {
        (ObjectType::Account, "Type") => (words::ACCOUNT_TYPES, None),
        (ObjectType::Account, "Industry") => (words::INDUSTRIES, None),
        (ObjectType::Lead, "Status") => (words::LEAD_STATUSES, Some("Open - Not Contacted")),
        (ObjectType::Lead, "LeadSource") => (words::LEAD_SOURCES, None),
        (ObjectType::Task, "Status") => (words::TASK_STATUSES, Some("Not Started")),
        (ObjectType::Task, "Priority") => (words::TASK_PRIORITIES, Some("Normal")),
        (ObjectType::Campaign, "Type") => (words::CAMPAIGN_TYPES, None),
        (ObjectType::Campaign, "Status") => (words::CAMPAIGN_STATUSES, Some("Planned")),
        (ObjectType::Organization, "OrganizationType") => (std::slice::from_ref(&EDITION), None),
        _ => (&[], None),
    }
}

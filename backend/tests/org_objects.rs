//! Control Panel › Searchable objects over real HTTP against the demo org: the administrator's
//! own Salesforce session lists the org's searchable objects and describes each one (fields,
//! picklist values, name field, colour), a custom object the org gains while everything runs
//! appears with no restart, and no one else may look.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::*;

const OBJECTS: &str = "/api/admin/marketplace/salesforce/objects";

fn names(objects: &Value) -> Vec<&str> {
    objects.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_administrator_sees_the_orgs_searchable_objects_and_their_fields() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    // Salesforce is asked with the administrator's own session: none yet.
    let (status, body) = ada.json(OBJECTS).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("salesforce_not_connected")));
    ada.connect("ada").await;

    let (status, objects) = ada.json(OBJECTS).await;
    assert_eq!(status, StatusCode::OK, "{objects}");
    assert_eq!(
        names(&objects),
        ["Account", "Lead", "Task", "Campaign", "Contact", "Opportunity", "Case", "Project__c"],
        "searchable objects in Salesforce's order; User and Organization are not searchable"
    );
    let project = &objects[7];
    assert_eq!(
        (&project["label"], &project["label_plural"], &project["custom"]),
        (&json!("Project"), &json!("Projects"), &json!(true))
    );

    let (status, contact) = ada.json(&format!("{OBJECTS}/contact")).await;
    assert_eq!(status, StatusCode::OK, "{contact}");
    assert_eq!(contact["object"]["name"], "Contact", "Salesforce's spelling, whatever the path's case");
    assert_eq!((&contact["color"], &contact["name_field"]), (&json!("#A094ED"), &json!("Name")));
    let field = |detail: &Value, name: &str| {
        detail["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).cloned().unwrap_or(Value::Null)
    };
    assert_eq!(field(&contact, "AccountId")["relationship"], "Account");
    let (_, case) = ada.json(&format!("{OBJECTS}/Case")).await;
    assert_eq!(case["name_field"], "CaseNumber");
    let status_field = field(&case, "Status");
    assert_eq!(
        (&status_field["kind"], &status_field["values"], &status_field["filterable"]),
        (&json!("picklist"), &json!(["New", "Working", "Escalated", "Closed"]), &json!(true))
    );
    assert_eq!(field(&case, "Description")["filterable"], false, "long text cannot be filtered on");
    let (_, opportunity) = ada.json(&format!("{OBJECTS}/Opportunity")).await;
    assert_eq!(field(&opportunity, "Amount")["kind"], "currency");

    for (path, code) in [
        ("Contract", "unknown_object"),
        ("Contact%2Fdescribe", "unknown_object"),
        ("..%2F..%2Flimits", "unknown_object"),
        ("User%20", "unknown_object"),
    ] {
        let (status, body) = ada.json(&format!("{OBJECTS}/{path}")).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::NOT_FOUND, Some(code)), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_custom_object_the_org_gains_appears_without_a_restart() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    let (_, before) = ada.json(OBJECTS).await;
    assert!(!names(&before).contains(&"Invoice__c"));

    let added = reqwest::Client::new()
        .post(format!("{}/demo-admin/objects", world.org.base))
        .json(&json!({
            "object": {
                "name": "Invoice__c", "label": "Invoice", "labelPlural": "Invoices",
                "color": "e3d067", "icon": "custom18",
                "fields": [{ "name": "Status__c", "label": "Status", "type": "picklist", "values": ["Draft", "Paid"] }],
            },
            "records": [{ "Name": "INV-1", "Status__c": "Draft" }],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);

    let (_, after) = ada.json(OBJECTS).await;
    assert_eq!(names(&after).last(), Some(&"Invoice__c"));
    let (status, invoice) = ada.json(&format!("{OBJECTS}/Invoice__c")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((&invoice["color"], &invoice["object"]["custom"]), (&json!("#E3D067"), &json!(true)));
    let statuses = invoice["fields"].as_array().unwrap().iter().find(|f| f["name"] == "Status__c").unwrap();
    assert_eq!(statuses["values"], json!(["Draft", "Paid"]));
}

#[tokio::test]
async fn only_administrators_may_list_the_orgs_objects() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    for path in [OBJECTS.to_owned(), format!("{OBJECTS}/Account")] {
        let (status, body) = grace.json(&path).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::FORBIDDEN, Some("admin_required")), "{path}");
    }
    let calls = world.stats().rest_calls;
    assert_eq!(calls, 0, "nothing was asked of Salesforce for someone who may not look");
}

//! Objects are data: each user reads describe in their own language, field-level security
//! hides a field from one profile only (describe leaves it out, a search naming it fails as
//! Salesforce's does), and a custom object added to the running org through the admin API is
//! described, searchable and readable at once, with no rebuild.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::*;

async fn get_json(org: &TestOrg, token: &str, path: &str) -> Value {
    let response = org.get(path, token).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

async fn search(org: &TestOrg, token: &str, sosl: &str) -> reqwest::Response {
    let query = serde_urlencoded::to_string([("q", sosl)]).unwrap();
    org.get(&format!("/services/data/v62.0/search/?{query}"), token).await
}

fn field<'a>(described: &'a Value, name: &str) -> Option<&'a Value> {
    described["fields"].as_array().unwrap().iter().find(|f| f["name"] == name)
}

#[tokio::test]
async fn describe_answers_in_the_users_language() {
    let org = start().await;
    let hedy = org.tokens("hedy").await;
    let grace = org.tokens("grace").await;
    let (german, english) = (hedy["access_token"].as_str().unwrap(), grace["access_token"].as_str().unwrap());
    let identity: Value =
        org.http.get(hedy["id"].as_str().unwrap()).bearer_auth(german).send().await.unwrap().json().await.unwrap();
    assert_eq!((&identity["language"], &identity["locale"]), (&json!("de"), &json!("de_DE")));

    let global = get_json(&org, german, "/services/data/v62.0/sobjects/").await;
    let labels = |body: &Value, name: &str| {
        let object = body["sobjects"].as_array().unwrap().iter().find(|o| o["name"] == name).unwrap().clone();
        (object["label"].as_str().unwrap().to_owned(), object["labelPlural"].as_str().unwrap().to_owned())
    };
    assert_eq!(labels(&global, "Task"), ("Aufgabe".to_owned(), "Aufgaben".to_owned()));
    assert_eq!(labels(&global, "Case"), ("Kundenvorgang".to_owned(), "Kundenvorgänge".to_owned()));
    assert_eq!(labels(&global, "Contact"), ("Kontakt".to_owned(), "Kontakte".to_owned()));
    assert_eq!(labels(&global, "Project__c"), ("Projekt".to_owned(), "Projekte".to_owned()));
    let english_global = get_json(&org, english, "/services/data/v62.0/sobjects/").await;
    assert_eq!(labels(&english_global, "Task"), ("Task".to_owned(), "Tasks".to_owned()));

    let task = get_json(&org, german, "/services/data/v62.0/sobjects/Task/describe").await;
    assert_eq!(field(&task, "Subject").unwrap()["label"], "Thema");
    let info = get_json(&org, german, "/services/data/v62.0/ui-api/object-info/Case").await;
    assert_eq!((&info["label"], &info["fields"]["Subject"]["label"]), (&json!("Kundenvorgang"), &json!("Thema")));
    // Picklist values are the API's values whatever the language (a client asks toLabel() for labels).
    let case = get_json(&org, german, "/services/data/v62.0/sobjects/Case/describe").await;
    assert_eq!(field(&case, "Status").unwrap()["picklistValues"][0]["value"], "New");
}

#[tokio::test]
async fn a_field_hidden_by_field_level_security_is_gone_for_that_profile_only() {
    let org = start().await;
    let alan = org.tokens("alan").await;
    let grace = org.tokens("grace").await;
    let (hidden, seen) = (alan["access_token"].as_str().unwrap(), grace["access_token"].as_str().unwrap());

    let described = get_json(&org, hidden, "/services/data/v62.0/sobjects/Opportunity/describe").await;
    assert!(field(&described, "Amount").is_none(), "describe leaves out what the user may not see");
    assert!(field(&described, "StageName").is_some());
    let info = get_json(&org, hidden, "/services/data/v62.0/ui-api/object-info/Opportunity").await;
    assert!(info["fields"].get("Amount").is_none());
    let described = get_json(&org, seen, "/services/data/v62.0/sobjects/Opportunity/describe").await;
    assert_eq!(field(&described, "Amount").unwrap()["type"], "currency");

    let statement = "FIND {migration} RETURNING Opportunity(Id, Name, Amount)";
    let found = search(&org, seen, statement).await;
    assert_eq!(found.status(), StatusCode::OK);
    let records: Value = found.json().await.unwrap();
    let first = &records["searchRecords"][0];
    assert!(first["Amount"].is_number(), "{first}");
    let (status, code, message) = error_code(search(&org, hidden, statement).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "INVALID_FIELD"));
    assert!(message.contains("No such column 'Amount' on entity 'Opportunity'"), "{message}");
    assert!(message.contains("ERROR at Row:1:Column:"), "positional, as Salesforce writes it: {message}");
    // Without the field, the same search works for him.
    assert_eq!(search(&org, hidden, "FIND {migration} RETURNING Opportunity(Id, Name)").await.status(), StatusCode::OK);

    // Reading the record: the hidden field is not returned, and asking for it fails.
    let id = first["Id"].as_str().unwrap();
    let record = get_json(&org, hidden, &format!("/services/data/v62.0/sobjects/Opportunity/{id}")).await;
    assert!(record.get("Amount").is_none() && record.get("StageName").is_some(), "{record}");
    let (status, code, _) =
        error_code(org.get(&format!("/services/data/v62.0/sobjects/Opportunity/{id}?fields=Amount"), hidden).await)
            .await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "INVALID_FIELD"));
}

fn invoice_object() -> Value {
    json!({
        "object": {
            "name": "Invoice__c",
            "label": "Invoice",
            "labelPlural": "Invoices",
            "labelDe": "Rechnung",
            "labelPluralDe": "Rechnungen",
            "color": "e3d067",
            "icon": "custom18",
            "fields": [
                { "name": "Status__c", "label": "Status", "type": "picklist", "values": ["Draft", "Sent", "Paid"] },
                { "name": "Customer__c", "label": "Customer", "labelDe": "Kunde", "type": "lookup", "referenceTo": "Account" },
                { "name": "Total__c", "label": "Total", "type": "currency" },
                { "name": "Due__c", "label": "Due", "type": "date" },
            ],
        },
        "records": [
            { "Name": "INV-Zephyr 1", "Status__c": "Sent", "Total__c": 1200.5, "Due__c": "2026-12-24" },
            { "Name": "INV-Zephyr <b>2</b>", "Status__c": "Paid", "Total__c": 80 },
        ],
    })
}

#[tokio::test]
async fn a_custom_object_added_while_the_org_runs_is_described_and_searchable_at_once() {
    let org = start().await;
    let grace = org.tokens("grace").await;
    let token = grace["access_token"].as_str().unwrap();
    let (status, _, _) = error_code(org.get("/services/data/v62.0/sobjects/Invoice__c/describe", token).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let mut body = invoice_object();
    let account = get_json(&org, token, "/services/data/v62.0/query?q=SELECT+Id,+Name+FROM+Account+LIMIT+1").await;
    let account_id = account["records"][0]["Id"].as_str().unwrap().to_owned();
    body["records"][0]["Customer__c"] = json!(account_id);
    let response = org.http.post(org.url("/demo-admin/objects")).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let added: Value = response.json().await.unwrap();
    assert_eq!(added["name"], "Invoice__c");
    let prefix = added["keyPrefix"].as_str().unwrap().to_owned();
    assert!(prefix.starts_with('a') && prefix != "a01", "a custom prefix of its own: {prefix}");
    assert_eq!(added["recordIds"].as_array().unwrap().len(), 2);

    // The same token, no new sign-in: describe lists it and SOSL finds its records.
    let global = get_json(&org, token, "/services/data/v62.0/sobjects").await;
    let listed = global["sobjects"].as_array().unwrap().iter().find(|o| o["name"] == "Invoice__c").unwrap().clone();
    assert_eq!(
        (&listed["custom"], &listed["searchable"], &listed["keyPrefix"]),
        (&json!(true), &json!(true), &json!(prefix))
    );
    let described = get_json(&org, token, "/services/data/v62.0/sobjects/Invoice__c/describe").await;
    let statuses: Vec<&Value> = field(&described, "Status__c").unwrap()["picklistValues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["value"])
        .collect();
    assert_eq!(statuses, [&json!("Draft"), &json!("Sent"), &json!("Paid")]);
    let info = get_json(&org, token, "/services/data/v62.0/ui-api/object-info/Invoice__c").await;
    assert_eq!(info["themeInfo"]["color"], "E3D067");
    let found = search(
        &org,
        token,
        "FIND {zephyr} RETURNING Invoice__c(Name, Status__c, Total__c, Customer__r.Name WHERE Status__c = 'Sent')",
    )
    .await;
    assert_eq!(found.status(), StatusCode::OK);
    let found: Value = found.json().await.unwrap();
    let records = found["searchRecords"].as_array().unwrap();
    assert_eq!(records.len(), 1, "{found}");
    assert_eq!((&records[0]["Name"], &records[0]["Total__c"]), (&json!("INV-Zephyr 1"), &json!(1200.5)));
    assert_eq!(records[0]["Customer__r"]["Name"], account["records"][0]["Name"]);
    assert_eq!(records[0]["attributes"]["type"], "Invoice__c");
    let hedy = org.tokens("hedy").await;
    let german =
        get_json(&org, hedy["access_token"].as_str().unwrap(), "/services/data/v62.0/sobjects/Invoice__c/describe")
            .await;
    assert_eq!(
        (&german["labelPlural"], &field(&german, "Customer__c").unwrap()["label"]),
        (&json!("Rechnungen"), &json!("Kunde"))
    );

    // Adding it again is refused, and changes nothing.
    let again = org.http.post(org.url("/demo-admin/objects")).json(&invoice_object()).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_bad_custom_object_or_record_is_refused_whole_with_its_reason() {
    let org = start().await;
    let grace = org.tokens("grace").await;
    let token = grace["access_token"].as_str().unwrap();
    type Spoil = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Spoil, &str)> = vec![
        (Box::new(|b| b["object"]["name"] = json!("Invoice")), "not a custom object name"),
        (Box::new(|b| b["object"]["name"] = json!("Account")), "not a custom object name"),
        (
            Box::new(|b| b["object"]["fields"][1]["referenceTo"] = json!("Nothing__c")),
            "not an object a lookup can point at",
        ),
        (Box::new(|b| b["records"][1]["Status__c"] = json!("Lost")), "not a value of the picklist"),
        (Box::new(|b| b["records"][1]["Total__c"] = json!("eighty")), "cannot hold"),
        (Box::new(|b| b["records"][1]["Total__c"] = json!(1e17)), "cannot hold"),
        (Box::new(|b| b["records"][1]["Due__c"] = json!("2026-13-01")), "must be a date"),
        (Box::new(|b| b["records"][1]["Due__c"] = json!("1066-10-14")), "between 1700 and 4000"),
        (Box::new(|b| b["records"][1]["Name"] = json!("x".repeat(81))), "at most 80 characters"),
        (Box::new(|b| b["records"][1]["Name"] = json!("  ")), "Name is required"),
        (Box::new(|b| b["object"]["fields"][0]["values"] = json!(["Paid", "paid"])), "distinct values"),
        (Box::new(|b| b["records"][0]["Customer__c"] = json!("003Dm0000000001AAA")), "must be the id of a Account"),
        (Box::new(|b| b["records"][1]["Nope__c"] = json!(1)), "has no field Nope__c"),
        (Box::new(|b| b["records"][1]["CreatedDate"] = json!("2020-01-01")), "set by Salesforce"),
        (
            Box::new(|b| b["records"][1].as_object_mut().unwrap().remove("Name").map(drop).unwrap_or(())),
            "Name is required",
        ),
        (Box::new(|b| b["object"]["surprise"] = json!(true)), "unknown field"),
    ];
    for (spoil, reason) in cases {
        let mut body = invoice_object();
        spoil(&mut body);
        let response = org.http.post(org.url("/demo-admin/objects")).json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{reason}");
        let error: Value = response.json().await.unwrap();
        assert!(error["error"].as_str().unwrap().contains(reason), "{reason}: {error}");
    }
    // Nothing was half added.
    let (status, _, _) = error_code(org.get("/services/data/v62.0/sobjects/Invoice__c/describe", token).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let added = org.http.post(org.url("/demo-admin/objects")).json(&invoice_object()).send().await.unwrap();
    assert_eq!(added.status(), StatusCode::CREATED, "the good definition still goes in");
}

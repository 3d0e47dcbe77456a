//! Describe Global, sObject Describe and the User Interface API's object info over real HTTP:
//! the org's objects, their labels, fields, types, picklist values and themes as Salesforce
//! answers them, and what describe promises holds in a search (every searchable object and
//! every listed field can be searched for).

mod support;

use demo_org::seed::words;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::*;

async fn describe(org: &TestOrg, token: &str, object: &str) -> Value {
    let response = org.get(&format!("/services/data/v62.0/sobjects/{object}/describe/"), token).await;
    assert_eq!(response.status(), StatusCode::OK, "describe {object}");
    response.json().await.unwrap()
}

async fn search(org: &TestOrg, token: &str, sosl: &str) -> reqwest::Response {
    let query = serde_urlencoded::to_string([("q", sosl)]).unwrap();
    org.get(&format!("/services/data/v62.0/search/?{query}"), token).await
}

fn usage(response: &reqwest::Response) -> u64 {
    let header = response.headers()["sforce-limit-info"].to_str().unwrap();
    header.trim_start_matches("api-usage=").split('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn describe_global_lists_the_orgs_objects_and_each_searchable_one_can_be_searched() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let token = tokens["access_token"].as_str().unwrap();
    let response = org.get("/services/data/v62.0/sobjects/", token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let before = usage(&response);
    let body: Value = response.json().await.unwrap();
    assert_eq!((&body["encoding"], &body["maxBatchSize"]), (&json!("UTF-8"), &json!(200)));
    let objects = body["sobjects"].as_array().unwrap();
    let account = objects.iter().find(|o| o["name"] == "Account").unwrap();
    for (key, expected) in [
        ("label", json!("Account")),
        ("labelPlural", json!("Accounts")),
        ("keyPrefix", json!("001")),
        ("custom", json!(false)),
        ("searchable", json!(true)),
        ("queryable", json!(true)),
    ] {
        assert_eq!(account[key], expected, "Account {key}");
    }
    assert_eq!(account["urls"]["describe"], "/services/data/v62.0/sobjects/Account/describe");
    assert_eq!(account["urls"]["rowTemplate"], "/services/data/v62.0/sobjects/Account/{ID}");
    let searchable: Vec<&str> =
        objects.iter().filter(|o| o["searchable"] == true).map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(searchable, ["Account", "Lead", "Task", "Campaign", "Contact", "Opportunity", "Case", "Project__c"]);
    let project = objects.iter().find(|o| o["name"] == "Project__c").unwrap();
    assert_eq!(
        (&project["custom"], &project["label"], &project["keyPrefix"]),
        (&json!(true), &json!("Project"), &json!("a01"))
    );
    // What describe calls searchable, SOSL searches; what it does not, SOSL refuses.
    for object in objects {
        let name = object["name"].as_str().unwrap();
        let response = search(&org, token, &format!("FIND {{acme}} RETURNING {name}(Id)")).await;
        assert_eq!(response.status().is_success(), object["searchable"] == true, "searching {name}");
    }
    // Counted like every REST call except the versions list.
    let again = org.get("/services/data/v62.0/sobjects", token).await;
    assert_eq!(usage(&again), before + 1 + objects.len() as u64);
}

#[tokio::test]
async fn an_objects_describe_gives_labels_types_picklist_values_and_references() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let token = tokens["access_token"].as_str().unwrap();
    // Object names are case-insensitive in the path; the answer names the object as Salesforce spells it.
    let lead = describe(&org, token, "lead").await;
    assert_eq!((&lead["name"], &lead["label"], &lead["keyPrefix"]), (&json!("Lead"), &json!("Lead"), &json!("00Q")));
    assert_eq!(lead["recordTypeInfos"][0]["recordTypeId"], "012000000000000AAA");
    let field = |described: &Value, name: &str| -> Value {
        described["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).cloned().unwrap()
    };
    let status = field(&lead, "Status");
    assert_eq!(
        (&status["type"], &status["label"], &status["soapType"]),
        (&json!("picklist"), &json!("Status"), &json!("xsd:string"))
    );
    let values: Vec<&str> =
        status["picklistValues"].as_array().unwrap().iter().map(|v| v["value"].as_str().unwrap()).collect();
    assert_eq!(values, words::LEAD_STATUSES, "the org's own values, in order");
    let defaults: Vec<&Value> = status["picklistValues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["defaultValue"] == true)
        .map(|v| &v["value"])
        .collect();
    assert_eq!(defaults, [&json!("Open - Not Contacted")]);
    let owner = field(&lead, "OwnerId");
    assert_eq!((&owner["type"], &owner["relationshipName"]), (&json!("reference"), &json!("Owner")));
    // Salesforce adds `Group` (queues), an object this org does not have.
    assert_eq!((&owner["referenceTo"], &owner["namePointing"]), (&json!(["User"]), &json!(true)));
    let name = field(&lead, "Name");
    assert_eq!(
        (&name["nameField"], &name["label"], &name["updateable"]),
        (&json!(true), &json!("Full Name"), &json!(false))
    );
    assert_eq!(field(&lead, "Company")["nameField"], false, "one name field per object");

    let task = describe(&org, token, "Task").await;
    let subject = field(&task, "Subject");
    assert_eq!(subject["nameField"], true, "a task is named by its subject");
    let description = field(&task, "Description");
    assert_eq!(
        (&description["type"], &description["filterable"], &description["sortable"]),
        (&json!("textarea"), &json!(false), &json!(false))
    );
    // What describe says cannot be filtered or sorted on, a search refuses to filter or sort on.
    for clause in ["WHERE Description = 'call'", "ORDER BY Description"] {
        let (status, code, message) =
            error_code(search(&org, token, &format!("FIND {{call}} RETURNING Task(Id, Description {clause})")).await)
                .await;
        assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "INVALID_FIELD"), "{clause}: {message}");
        assert!(message.contains("field 'Description' can not be"), "{message}");
    }
    assert_eq!(field(&task, "ActivityDate")["type"], "date");
    assert_eq!(field(&task, "WhoId")["namePointing"], true, "polymorphic, though this org's Who is always a lead");
    let user = describe(&org, token, "User").await;
    assert_eq!((&user["updateable"], &user["deletable"]), (&json!(true), &json!(false)), "users are deactivated");
    assert_eq!(field(&task, "IsClosed")["nillable"], false, "booleans are never null");

    let account = describe(&org, token, "Account").await;
    assert_eq!(field(&account, "OwnerId")["referenceTo"], json!(["User"]));
    let opportunity = describe(&org, token, "Opportunity").await;
    let amount = field(&opportunity, "Amount");
    assert_eq!(
        (&amount["type"], &amount["soapType"], &amount["scale"]),
        (&json!("currency"), &json!("xsd:double"), &json!(2))
    );
    let stage = field(&opportunity, "StageName");
    let stages: Vec<&str> =
        stage["picklistValues"].as_array().unwrap().iter().map(|v| v["value"].as_str().unwrap()).collect();
    assert_eq!(stages.first().zip(stages.last()), Some((&"Prospecting", &"Closed Lost")));
    let case = describe(&org, token, "Case").await;
    assert_eq!(field(&case, "CaseNumber")["nameField"], true, "a case is named by its number");
    let project = describe(&org, token, "Project__c").await;
    let lookup = field(&project, "Account__c");
    assert_eq!(
        (&lookup["relationshipName"], &lookup["referenceTo"], &lookup["custom"]),
        (&json!("Account__r"), &json!(["Account"]), &json!(true))
    );
    // Every field describe lists can be asked for in a search.
    for object in ["Account", "Lead", "Task", "Campaign", "Contact", "Opportunity", "Case", "Project__c"] {
        let described = describe(&org, token, object).await;
        let fields: Vec<&str> =
            described["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        let response = search(&org, token, &format!("FIND {{acme}} RETURNING {object}({})", fields.join(", "))).await;
        assert_eq!(response.status(), StatusCode::OK, "all fields of {object}: {}", response.text().await.unwrap());
    }
}

#[tokio::test]
async fn describing_an_object_the_org_does_not_have_is_not_found() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let token = tokens["access_token"].as_str().unwrap();
    let (status, code, message) =
        error_code(org.get("/services/data/v62.0/sobjects/Contract/describe/", token).await).await;
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (StatusCode::NOT_FOUND, "NOT_FOUND", "The requested resource does not exist")
    );
    let (status, code, _) =
        error_code(org.get("/services/data/v62.0/sobjects/Account/describe/", "not-a-token").await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "INVALID_SESSION_ID"));
}

#[tokio::test]
async fn object_info_gives_each_object_its_lightning_theme_and_name_field() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let token = tokens["access_token"].as_str().unwrap();
    let mut colours = Vec::new();
    for object in ["Account", "Lead", "Task", "Campaign", "Contact", "Opportunity", "Case", "Project__c"] {
        let response = org.get(&format!("/services/data/v62.0/ui-api/object-info/{object}"), token).await;
        assert_eq!(response.status(), StatusCode::OK, "{object}");
        assert!(response.headers().contains_key("sforce-limit-info"));
        let info: Value = response.json().await.unwrap();
        assert_eq!(info["apiName"], object);
        let colour = info["themeInfo"]["color"].as_str().unwrap().to_owned();
        assert!(colour.len() == 6 && colour.chars().all(|c| c.is_ascii_hexdigit()), "{colour}");
        let icon = info["themeInfo"]["iconUrl"].as_str().unwrap();
        let expected = match object {
            "Project__c" => "/custom/custom57_120.png".to_owned(),
            standard => format!("/standard/{}_120.png", standard.to_lowercase()),
        };
        assert!(icon.starts_with(&org.base) && icon.ends_with(&expected), "{icon}");
        // The image itself, to anyone: no session needed, as Salesforce serves its icons.
        let image = reqwest::get(icon).await.unwrap();
        assert_eq!((image.status(), image.headers()["content-type"].to_str().unwrap()), (StatusCode::OK, "image/png"));
        assert!(image.bytes().await.unwrap().starts_with(b"\x89PNG"), "{icon}");
        colours.push(colour);
        // The fields map agrees with describe: same names, same name field.
        let described = describe(&org, token, object).await;
        let names: Vec<&str> =
            described["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        let mut keys: Vec<&str> = info["fields"].as_object().unwrap().keys().map(String::as_str).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        keys.sort_unstable();
        assert_eq!(keys, sorted, "{object} fields");
        let name_field = described["fields"].as_array().unwrap().iter().find(|f| f["nameField"] == true).unwrap();
        assert_eq!(info["nameFields"], json!([name_field["name"]]));
    }
    assert_eq!(
        colours,
        ["7F8DE1", "F88962", "4BC076", "F49756", "A094ED", "FCB95B", "F2CF5B", "3C97DD"],
        "each object its own colour"
    );
    for missing in ["custom/custom999_120.png", "standard/account_60.png", "standard/..%2Fcustom/custom1_120.png"] {
        let image = reqwest::get(format!("{}/img/icon/t4v35/{missing}", org.base)).await.unwrap();
        assert_eq!(image.status(), StatusCode::NOT_FOUND, "{missing}");
    }
    let info: Value = org.get("/services/data/v62.0/ui-api/object-info/Task", token).await.json().await.unwrap();
    assert_eq!(
        info["fields"]["WhatId"]["referenceToInfos"],
        json!([
            { "apiName": "Account", "nameFields": ["Name"] },
            { "apiName": "Campaign", "nameFields": ["Name"] },
            { "apiName": "Case", "nameFields": ["CaseNumber"] },
            { "apiName": "Opportunity", "nameFields": ["Name"] },
        ])
    );
    assert_eq!(info["fields"]["Description"]["dataType"], "TextArea");
    for object in ["Organization", "Contract"] {
        let (status, code, _) =
            error_code(org.get(&format!("/services/data/v62.0/ui-api/object-info/{object}"), token).await).await;
        assert_eq!((status, code.as_str()), (StatusCode::NOT_FOUND, "NOT_FOUND"), "{object}");
    }
}

//! The demo org's `query` (SOQL), `recent` and `sobjects/relevantItems` resources over real
//! HTTP: shapes, ordering, privacy, and `FOR VIEW` feeding the recently viewed list.

mod support;

use reqwest::StatusCode;
use serde_json::Value;
use support::*;

fn encode(text: &str) -> String {
    serde_urlencoded::to_string([("q", text)]).unwrap()
}

async fn query(org: &TestOrg, token: &str, soql: &str) -> reqwest::Response {
    org.get(&format!("/services/data/v62.0/query/?{}", encode(soql)), token).await
}

async fn token(org: &TestOrg, alias: &str) -> String {
    org.tokens(alias).await["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_query_returns_records_in_order_for_their_owner_only() {
    let org = start().await;
    let grace = org.org.data().user_by_username(&username("grace")).unwrap().id.clone();
    let token = token(&org, "grace").await;
    let response = query(
        &org,
        &token,
        "SELECT Id, Subject, ActivityDate, Status, What.Name, Who.Name, OwnerId FROM Task \
         WHERE IsClosed = false ORDER BY ActivityDate ASC NULLS LAST, Id LIMIT 30",
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("sforce-limit-info"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["done"], true);
    let records = body["records"].as_array().unwrap();
    assert!(!records.is_empty());
    assert_eq!(body["totalSize"], records.len());
    let dates: Vec<Option<&str>> = records.iter().map(|r| r["ActivityDate"].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| match (a, b) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, _) => std::cmp::Ordering::Greater,
        (_, None) => std::cmp::Ordering::Less,
        (a, b) => a.cmp(b),
    });
    assert_eq!(dates, sorted, "ascending, nulls last");
    for record in records {
        assert_eq!(record["OwnerId"], grace.as_str(), "tasks are private to their owner");
        assert_eq!(record["attributes"]["type"], "Task");
        assert_ne!(record["Status"], "Completed");
        assert!(record.as_object().unwrap().contains_key("What"), "relationships are present, null or not");
    }
}

#[tokio::test]
async fn bad_queries_get_salesforce_errors() {
    let org = start().await;
    let token = token(&org, "grace").await;
    for (soql, code) in [
        ("SELECT FROM Task", "MALFORMED_QUERY"),
        ("SELECT Id FROM Contract", "INVALID_TYPE"),
        ("SELECT Nope FROM Task", "INVALID_FIELD"),
        ("SELECT Id FROM Task WHERE IsClosed = 'no'", "INVALID_FIELD"),
    ] {
        let (status, got, message) = error_code(query(&org, &token, soql).await).await;
        assert_eq!((status, got.as_str()), (StatusCode::BAD_REQUEST, code), "{soql}: {message}");
    }
    let (status, code, _) = error_code(org.get("/services/data/v62.0/query/", &token).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "MALFORMED_QUERY"));
}

#[tokio::test]
async fn for_view_puts_the_record_first_in_recent_for_that_user_only() {
    let org = start().await;
    let grace = token(&org, "grace").await;
    let alan = token(&org, "alan").await;
    let recent = |token: String| {
        let org = &org;
        async move {
            let response = org.get("/services/data/v62.0/recent/?limit=5", &token).await;
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<Vec<Value>>().await.unwrap()
        }
    };
    let before = recent(grace.clone()).await;
    assert!(!before.is_empty() && before.len() <= 5, "seeded views");
    for item in &before {
        let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["attributes", "Id", "Name"]);
    }
    let account = org.org.data().of_type_named("Account").nth(17).unwrap().clone();
    let body: Value =
        query(&org, &grace, &format!("SELECT Id, Name FROM Account WHERE Id = '{}' FOR VIEW", account.id))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(body["records"][0]["Name"], account.title());
    let after = recent(grace.clone()).await;
    assert_eq!(after[0]["Id"], account.id.as_str());
    assert_eq!(after[0]["Name"], account.title());
    assert_eq!(after[0]["attributes"]["type"], "Account");
    let alans = recent(alan).await;
    assert!(alans.iter().all(|r| r["Id"] != account.id.as_str()), "views are per user");
    let (status, code, _) = error_code(org.get("/services/data/v62.0/recent/?limit=x", &grace).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "INVALID_QUERY_PARAMETER_VALUE"));
}

#[tokio::test]
async fn relevant_items_list_ids_per_object_and_say_when_they_changed() {
    let org = start().await;
    let token = token(&org, "grace").await;
    let response = org.get("/services/data/v62.0/sobjects/relevantItems?sobjects=Account,Task", &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Vec<Value> = response.json().await.unwrap();
    let names: Vec<&str> = body.iter().map(|e| e["apiName"].as_str().unwrap()).collect();
    assert_eq!(names, ["Account", "Task"]);
    assert_eq!(body[0]["key"], "001");
    assert_eq!(body[0]["label"], "Accounts");
    let ids = body[1]["recordIds"].as_array().unwrap();
    assert!(!ids.is_empty() && ids.len() <= 50);
    let marker = body[0]["lastUpdatedId"].as_str().unwrap().to_owned();
    let accounts_since_marker = || async {
        let path =
            format!("/services/data/v62.0/sobjects/relevantItems?sobjects=Account&Account.lastUpdatedId={marker}");
        org.get(&path, &token).await.json::<Vec<Value>>().await.unwrap()
    };
    let same = accounts_since_marker().await;
    assert_eq!(same[0]["newResultSetSinceLastQuery"], false);
    let first = body[0]["recordIds"][0].as_str().unwrap();
    let account = org.org.data().of_type_named("Account").find(|a| a.id != first).unwrap().clone();
    let viewed = query(&org, &token, &format!("SELECT Id FROM Account WHERE Id = '{}' FOR VIEW", account.id)).await;
    assert_eq!(viewed.status(), StatusCode::OK, "{:?}", viewed.text().await);
    let changed = accounts_since_marker().await;
    assert_eq!(changed[0]["newResultSetSinceLastQuery"], true, "{marker} {changed:?}");
    assert_eq!(changed[0]["recordIds"][0], account.id.as_str());
    let (status, code, _) =
        error_code(org.get("/services/data/v62.0/sobjects/relevantItems?sobjects=account", &token).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "INVALID_TYPE"), "names are case-sensitive");
}

//! The demo org's REST API over real HTTP: versions, search (SOSL), parameterized search,
//! suggestions, records, limits, Salesforce's error bodies and every switch.

mod support;

use demo_org::Switches;
use reqwest::{StatusCode, header};
use support::*;

fn encode(text: &str) -> String {
    serde_urlencoded::to_string([("q", text)]).unwrap()
}

async fn search(org: &TestOrg, token: &str, sosl: &str) -> reqwest::Response {
    org.get(&format!("/services/data/v62.0/search/?{}", encode(sosl)), token).await
}

#[tokio::test]
async fn the_versions_list_needs_no_session_and_costs_nothing() {
    let org = start().await;
    let response = org.http.get(org.url("/services/data/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("sforce-limit-info").is_none());
    let versions: serde_json::Value = response.json().await.unwrap();
    let v62 = versions.as_array().unwrap().iter().find(|v| v["version"] == "62.0").unwrap();
    assert_eq!(v62, &serde_json::json!({ "label": "Winter '25", "url": "/services/data/v62.0", "version": "62.0" }));
}

#[tokio::test]
async fn a_search_returns_search_records_with_the_limit_header() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let token = tokens["access_token"].as_str().unwrap();
    let response = search(
        &org,
        token,
        "FIND {smith*} IN ALL FIELDS RETURNING Account(Id, Name, Type, BillingCity LIMIT 5), \
         Lead(Id, Name, Company, Status WHERE IsConverted = false LIMIT 5), \
         Task(Id, Subject, Status, ActivityDate, What.Name, OwnerId LIMIT 5), Campaign(Id, Name, Status LIMIT 5) LIMIT 20",
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json;charset=UTF-8");
    let usage = response.headers()["sforce-limit-info"].to_str().unwrap().to_owned();
    assert!(usage.starts_with("api-usage=") && usage.ends_with("/15000"), "{usage}");
    let body: serde_json::Value = response.json().await.unwrap();
    let records = body["searchRecords"].as_array().unwrap();
    assert!(!records.is_empty() && records.len() <= 20);
    let grace = org.org.data().user_by_username("grace@demo-org.example").unwrap().clone();
    for record in records {
        let kind = record["attributes"]["type"].as_str().unwrap();
        let id = record["Id"].as_str().unwrap();
        assert_eq!(id.len(), 18);
        let prefix = &id[..3];
        assert_eq!(
            prefix,
            match kind {
                "Account" => "001",
                "Lead" => "00Q",
                "Task" => "00T",
                "Campaign" => "701",
                _ => panic!("{kind}"),
            }
        );
        if kind == "Task" {
            assert_eq!(record["OwnerId"], grace.id.as_str(), "another user's task leaked");
            assert!(record.as_object().unwrap().contains_key("What"));
        }
    }
}

#[tokio::test]
async fn each_user_sees_their_own_tasks() {
    let org = start().await;
    let mut seen = Vec::new();
    for alias in ["grace", "alan"] {
        let tokens = org.tokens(alias).await;
        let body: serde_json::Value =
            search(&org, tokens["access_token"].as_str().unwrap(), "FIND {call*} RETURNING Task(Id, OwnerId)")
                .await
                .json()
                .await
                .unwrap();
        let owners: std::collections::BTreeSet<String> = body["searchRecords"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["OwnerId"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(owners.len(), 1, "{alias} sees tasks of {owners:?}");
        seen.extend(owners);
    }
    assert_ne!(seen[0], seen[1]);
}

#[tokio::test]
async fn bad_searches_get_salesforce_error_bodies() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let token = tokens["access_token"].as_str().unwrap();
    let cases = [
        ("FIND {Marie-Pier Martin}", "MALFORMED_SEARCH", "line 1:11 mismatched character '-' expecting '}'"),
        ("FIND Acme", "MALFORMED_SEARCH", "No search term found. The search term must be enclosed in braces."),
        ("FIND {g}", "INVALID_SEARCH", "search term must be longer than one character: g"),
        ("FIND {acme} RETURNING Foo(Id)", "INVALID_TYPE", "sObject type 'Foo' is not supported."),
        ("FIND {acme} RETURNING Account(Id, Bogus)", "INVALID_FIELD", "No such column 'Bogus' on entity 'Account'."),
    ];
    for (sosl, code, fragment) in cases {
        let (status, got_code, message) = error_code(search(&org, token, sosl).await).await;
        assert_eq!((status, got_code.as_str()), (StatusCode::BAD_REQUEST, code), "{sosl}");
        assert!(message.contains(fragment), "{sosl}: {message}");
    }
    let missing = org.get("/services/data/v62.0/search/", token).await;
    assert_eq!(error_code(missing).await.1, "MALFORMED_SEARCH");
    let old = org.get(&format!("/services/data/v20.0/search/?{}", encode("FIND {acme}")), token).await;
    assert_eq!(
        error_code(old).await,
        (StatusCode::NOT_FOUND, "NOT_FOUND".into(), "The requested resource does not exist".into())
    );
}

#[tokio::test]
async fn parameterized_search_by_get_and_post_matches_the_sosl_search() {
    let org = start().await;
    let tokens = org.tokens("ada").await;
    let token = tokens["access_token"].as_str().unwrap();
    let sosl: serde_json::Value =
        search(&org, token, "FIND {acme} RETURNING Account(Id, Name LIMIT 3), Lead(Id, Name LIMIT 3)")
            .await
            .json()
            .await
            .unwrap();
    let get: serde_json::Value = org
        .get(
            "/services/data/v62.0/parameterizedSearch/?q=acme&sobject=Account&Account.fields=Id,Name&Account.limit=3&sobject=Lead&Lead.fields=Id,Name&Lead.limit=3",
            token,
        )
        .await
        .json()
        .await
        .unwrap();
    let post: serde_json::Value = org
        .http
        .post(org.url("/services/data/v62.0/parameterizedSearch/"))
        .bearer_auth(token)
        .json(&serde_json::json!({
            "q": "acme",
            "sobjects": [{ "name": "Account", "fields": ["Id", "Name"], "limit": 3 }, { "name": "Lead", "fields": ["Id", "Name"], "limit": 3 }]
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!sosl["searchRecords"].as_array().unwrap().is_empty());
    assert_eq!(get, sosl);
    assert_eq!(post, sosl);
    let injected =
        org.get("/services/data/v62.0/parameterizedSearch/?q=x%7D%20RETURNING%20User(Id&sobject=Account", token).await;
    assert_eq!(error_code(injected).await.1, "MALFORMED_SEARCH");
}

#[tokio::test]
async fn suggestions_records_limits_and_resources() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let token = tokens["access_token"].as_str().unwrap();

    let suggestions: serde_json::Value =
        org.get("/services/data/v62.0/search/suggestions?q=acm&sobject=Account", token).await.json().await.unwrap();
    let results = suggestions["autoSuggestResults"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["Name"].as_str().unwrap().to_lowercase().contains("acm")));
    assert!(suggestions["hasMoreResults"].is_boolean());
    assert_eq!(
        error_code(org.get("/services/data/v62.0/search/suggestions?q=ac&sobject=Account", token).await).await.1,
        "INVALID_SEARCH"
    );

    let id = results[0]["Id"].as_str().unwrap();
    let record: serde_json::Value =
        org.get(&format!("/services/data/v62.0/sobjects/Account/{id}"), token).await.json().await.unwrap();
    assert_eq!(record["Id"], id);
    assert!(record.as_object().unwrap().contains_key("BillingCity"));
    let short: serde_json::Value = org
        .get(&format!("/services/data/v62.0/sobjects/Account/{}?fields=Name", &id[..15]), token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(short.as_object().unwrap().len(), 2, "attributes and Name: {short}");
    let missing = org.get("/services/data/v62.0/sobjects/Account/001Dm0000009999AAA", token).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let limits: serde_json::Value = org.get("/services/data/v62.0/limits", token).await.json().await.unwrap();
    assert_eq!(limits["DailyApiRequests"]["Max"], 15000);
    assert!(limits["DailyApiRequests"]["Remaining"].as_u64().unwrap() < 15000);
    let resources: serde_json::Value = org.get("/services/data/v62.0/", token).await.json().await.unwrap();
    assert_eq!(resources["search"], "/services/data/v62.0/search");
}

#[tokio::test]
async fn the_switches_make_the_org_fail_like_salesforce() {
    let org = start().await;
    let tokens = org.tokens("hedy").await;
    let token = tokens["access_token"].as_str().unwrap();
    let cases = [
        (Switches { api_disabled_for_org: true, ..Switches::default() }, StatusCode::FORBIDDEN, "API_DISABLED_FOR_ORG"),
        (
            Switches { users_without_api: vec!["hedy@demo-org.example".into()], ..Switches::default() },
            StatusCode::FORBIDDEN,
            "API_DISABLED_FOR_ORG",
        ),
        (
            Switches { api_limit_exhausted: true, ..Switches::default() },
            StatusCode::FORBIDDEN,
            "REQUEST_LIMIT_EXCEEDED",
        ),
    ];
    for (switches, status, code) in cases {
        org.set_switches(switches);
        let (got_status, got_code, _) = error_code(search(&org, token, "FIND {acme}").await).await;
        assert_eq!((got_status, got_code.as_str()), (status, code));
    }

    org.set_switches(Switches { outage: true, ..Switches::default() });
    let down = search(&org, token, "FIND {acme}").await;
    assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let refresh = org.refresh(tokens["refresh_token"].as_str().unwrap()).await;
    assert_eq!(refresh.status(), StatusCode::SERVICE_UNAVAILABLE);

    org.set_switches(Switches { latency_ms: (200, 200), ..Switches::default() });
    let started = std::time::Instant::now();
    assert_eq!(search(&org, token, "FIND {acme}").await.status(), StatusCode::OK);
    assert!(started.elapsed() >= std::time::Duration::from_millis(200));
}

#[tokio::test]
async fn the_admin_api_switches_counts_and_revokes() {
    let org = start().await;
    let tokens = org.tokens("alan").await;
    let token = tokens["access_token"].as_str().unwrap();
    let put = org
        .http
        .put(org.url("/demo-admin/switches"))
        .json(&serde_json::json!({ "api_limit_exhausted": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    assert_eq!(error_code(search(&org, token, "FIND {acme}").await).await.1, "REQUEST_LIMIT_EXCEEDED");
    let bad =
        org.http.put(org.url("/demo-admin/switches")).json(&serde_json::json!({ "no_such": 1 })).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    org.http.put(org.url("/demo-admin/switches")).json(&serde_json::json!({})).send().await.unwrap();

    let stats: serde_json::Value =
        org.http.get(org.url("/demo-admin/stats")).send().await.unwrap().json().await.unwrap();
    assert_eq!(stats["authorization_code_grants"], 1);

    let revoked: serde_json::Value = org
        .http
        .post(org.url("/demo-admin/users/alan@demo-org.example/revoke-tokens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(revoked["revoked"], 2);
    assert_eq!(error_code(search(&org, token, "FIND {acme}").await).await.1, "INVALID_SESSION_ID");
}

#[tokio::test]
async fn the_admin_api_refuses_callers_it_cannot_place_on_loopback() {
    use tower::ServiceExt;
    let org = start().await;
    // Without connection info (as behind an unknown transport) the admin API answers 403.
    let response = demo_org::router(org.org.clone())
        .oneshot(axum::http::Request::get("/demo-admin/stats").body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), axum::http::StatusCode::FORBIDDEN);
}

/// Issue 19 item 13: a web page cannot reach the admin API, neither through DNS rebinding (its
/// own host name resolved to 127.0.0.1) nor by sending the browser there from another origin.
#[tokio::test]
async fn the_admin_api_refuses_rebound_host_names_and_web_pages() {
    let org = start().await;
    let port = org.base.rsplit(':').next().unwrap().to_owned();
    let refused: [(&str, String); 5] = [
        ("host", format!("rebind.evil.example:{port}")),
        ("host", "127.0.0.1.evil.example".to_owned()),
        ("sec-fetch-site", "cross-site".to_owned()),
        ("sec-fetch-site", "same-site".to_owned()),
        ("origin", "http://evil.example".to_owned()),
    ];
    for (name, value) in refused {
        let response = org
            .http
            .post(org.url("/demo-admin/users/alan@demo-org.example/revoke-tokens"))
            .header(name, &value)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {value}");
    }
    for (name, value) in [
        ("host", format!("localhost:{port}")),
        ("origin", org.base.clone()),
        ("sec-fetch-site", "same-origin".to_owned()),
    ] {
        let response = org.http.get(org.url("/demo-admin/stats")).header(name, &value).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{name}: {value}");
    }
}

#[tokio::test]
async fn a_call_the_client_stops_waiting_for_is_still_processed_and_counted() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let token = tokens["access_token"].as_str().unwrap().to_owned();
    org.set_switches(Switches { latency_ms: (300, 300), ..Switches::default() });
    let before = org.org.stats.snapshot();
    // The client gives up after 100 ms, as a widget does when the query changes.
    let url = org.url(&format!("/services/data/v62.0/search/?{}", encode("FIND {acme} RETURNING Account(Id)")));
    let call = org.http.get(url).bearer_auth(&token).timeout(std::time::Duration::from_millis(100)).send().await;
    assert!(call.is_err(), "the client timed out");
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let after = org.org.stats.snapshot();
    assert_eq!(after.searches - before.searches, 1, "Salesforce charges a call it received");
    assert_eq!(after.rest_calls - before.rest_calls, 1);
}

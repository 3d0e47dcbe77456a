//! The product against the stricter demo org: each test fails where the backend relied on a
//! leniency real Salesforce does not have (see docs/salesforce-fidelity.md).

mod support;

use demo_org::Switches;
use reqwest::StatusCode;
use serde_json::Value;
use support::*;

impl Browser {
    /// Control Panel's *Test connection* (saved settings, or `form` values not saved yet).
    async fn test_connection(&self, form: Value) -> Vec<(String, String, String)> {
        let (status, body) =
            self.send_json(reqwest::Method::POST, "/api/admin/marketplace/salesforce/test", form).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let text = |k: &str| c[k].as_str().unwrap().to_owned();
                (text("id"), text("outcome"), text("detail"))
            })
            .collect()
    }

    async fn search_with(&self, params: &[(&str, &str)]) -> (StatusCode, Value) {
        let response = self.http.get(self.url("/api/salesforce/search")).query(params).send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }
}

fn check<'a>(checks: &'a [(String, String, String)], id: &str) -> (&'a str, &'a str) {
    checks
        .iter()
        .find(|(i, ..)| i == id)
        .map(|(_, outcome, detail)| (outcome.as_str(), detail.as_str()))
        .unwrap_or_else(|| panic!("no {id} check in {checks:?}"))
}

/// Item 1: Salesforce refuses OFFSET on more than one object, so the API does too, before
/// spending a call; one type pages as before.
#[tokio::test]
async fn an_offset_pages_through_exactly_one_type() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let before = world.stats().rest_calls;
    let (status, body) = grace.search_with(&[("q", "acme"), ("offset", "5")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("offset_needs_one_object")), "{body}");
    let (status, _) = grace.search_with(&[("q", "acme"), ("objects", "account,lead"), ("offset", "5")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(world.stats().rest_calls, before, "refused before calling Salesforce");
    let (status, body) = grace.search_with(&[("q", "acme"), ("objects", "account"), ("offset", "5")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["groups"][0]["object"], "account");
}

/// Item 2: a wrong Consumer Key and an unregistered callback URL get Salesforce's HTTP 400
/// plain-text refusals at authorize; Test connection names each.
#[tokio::test]
async fn test_connection_names_a_wrong_key_and_an_unregistered_callback() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    let checks = ada.test_connection(serde_json::json!({ "consumer_key": "3MVG9notTheRightKey" })).await;
    let (outcome, detail) = check(&checks, "consumer_key");
    assert_eq!(outcome, "failed", "{checks:?}");
    assert!(detail.contains("does not know this Consumer Key"), "{detail}");

    // The intranet's public address differs from the callback the Connected App lists.
    let moved = World::start_with(&["--public-base-url=http://intranet.example.com"]).await;
    let ada = moved.browser("ada").await;
    let checks = ada.test_connection(serde_json::json!({})).await;
    assert_eq!(check(&checks, "consumer_key").0, "passed", "{checks:?}");
    let (outcome, detail) = check(&checks, "callback_url");
    assert_eq!(outcome, "failed", "{checks:?}");
    assert!(
        detail.contains("does not list this intranet's callback URL")
            && detail.contains("http://intranet.example.com/marketplace/salesforce/account/sign-in/oauth2"),
        "{detail}"
    );
}

/// Item 4: API_DISABLED_FOR_ORG is what both an edition without API and a user without "API
/// Enabled" get. Only when the org answered someone else is the user to blame; otherwise the
/// message names both causes.
#[tokio::test]
async fn api_disabled_for_org_blames_the_user_only_when_the_org_answered_others() {
    let world = World::start().await;
    let (grace, hedy) = (world.browser("grace").await, world.browser("hedy").await);
    grace.connect("grace").await;
    hedy.connect("hedy").await;
    world.switches(Switches { users_without_api: vec!["hedy@demo-org.example".into()], ..Switches::default() });
    let (status, body) = hedy.search("acme").await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::FORBIDDEN, Some("salesforce_api_disabled")));
    assert_eq!(body["reason"], "unknown", "nobody else has searched yet: {body}");
    assert!(body["message"].as_str().unwrap().contains("edition"), "{body}");
    let (status, _) = grace.search("acme").await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = hedy.search("acme").await;
    assert_eq!(body["reason"], "user", "{body}");
    assert!(!body["message"].as_str().unwrap().contains("edition"), "{body}");

    // Test connection: the administrator lacks the permission, and another user's searches
    // prove the org has the API.
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    world.switches(Switches::default());
    let healthy = ada.test_connection(serde_json::json!({})).await;
    assert_eq!(
        check(&healthy, "rest_api"),
        ("passed", "The org's REST API answers for your user (Enterprise Edition).")
    );
    world.switches(Switches { users_without_api: vec!["ada@demo-org.example".into()], ..Switches::default() });
    let checks = ada.test_connection(serde_json::json!({})).await;
    let (outcome, detail) = check(&checks, "rest_api");
    assert_eq!(outcome, "failed");
    assert!(detail.contains("API Enabled") && detail.contains("answers other users"), "{detail}");

    // A new intranet server that has seen no REST answer from the org cannot tell: it names
    // both. The identity URL (OAuth, not the REST API) answering proves nothing about the API.
    let fresh = World::start().await;
    let (ada, grace) = (fresh.browser("ada").await, fresh.browser("grace").await);
    ada.connect("ada").await;
    grace.connect("grace").await;
    fresh.switches(Switches { api_disabled_for_org: true, ..Switches::default() });
    let checks = ada.test_connection(serde_json::json!({})).await;
    assert_eq!(check(&checks, "sign_in").0, "passed", "{checks:?}");
    let (outcome, detail) = check(&checks, "rest_api");
    assert_eq!(outcome, "failed");
    assert!(detail.contains("API_DISABLED_FOR_ORG") && detail.contains("edition") && detail.contains("API Enabled"));
    let (_, body) = grace.search("acme").await;
    assert_eq!(body["reason"], "unknown", "Ada's sign-in check is no evidence of the API: {body}");
}

/// The instance's public versions list is read before any REST call: a configured version the
/// org does not offer is named as such, not reported as Salesforce not answering.
#[tokio::test]
async fn test_connection_names_an_api_version_the_org_does_not_offer() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    let (status, body) = ada
        .put_config(serde_json::json!({
            "consumer_key": KEY,
            "login_host": world.org.base,
            "scopes": ["api", "refresh_token", "id", "web"],
            "api_version": "40.0",
        }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    ada.connect("ada").await;
    let before = world.stats().rest_calls;
    let checks = ada.test_connection(serde_json::json!({})).await;
    let (outcome, detail) = check(&checks, "rest_api");
    assert_eq!(outcome, "failed", "{checks:?}");
    assert!(detail.contains("does not offer API version 40.0") && detail.contains("66.0"), "{detail}");
    assert_eq!(check(&checks, "api_usage").0, "skipped");
    assert_eq!(world.stats().rest_calls, before, "no REST call spent on a version that cannot answer");
}

/// Item 5: the identity URL answers an expired access token with 403 `Bad_OAuth_Token`; Test
/// connection refreshes and tries once more instead of calling Salesforce unavailable.
#[tokio::test]
async fn test_connection_refreshes_an_expired_token_at_the_identity_url() {
    let world = World::start().await;
    world.switches(Switches { access_token_seconds: 1, ..Switches::default() });
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let refreshes = world.stats().refresh_grants;
    let checks = ada.test_connection(serde_json::json!({})).await;
    let (outcome, detail) = check(&checks, "sign_in");
    assert_eq!(outcome, "passed", "{checks:?}");
    assert!(detail.contains("Ada Lovelace"), "{detail}");
    assert!(world.stats().refresh_grants > refreshes, "the token was refreshed");
}

/// Item 6: declined consent in Salesforce Help's spelling `access-denied` is a "no" too.
#[tokio::test]
async fn declined_consent_with_a_hyphen_is_understood() {
    let world = World::start().await;
    world.switches(Switches { hyphenated_access_denied: true, ..Switches::default() });
    let alan = world.browser("alan").await;
    let authorize = alan.start_connect("/team").await;
    let callback = alan.at_salesforce(&authorize, "alan", "deny").await;
    assert!(callback.contains("error=access-denied"), "{callback}");
    let text = alan.http.get(&callback).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("You chose not to allow"), "{text}");
    assert_eq!(alan.status().await["connected"], false);
}

/// Item 7: usage past the allocation (Salesforce's example: 110018/100000) is shown as it is,
/// and searches go on while Salesforce serves them.
#[tokio::test]
async fn usage_past_the_allocation_is_shown_as_it_is() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    world.switches(Switches {
        api_limit: 100_000,
        api_used_elsewhere: 110_000,
        api_overage: 50_000,
        ..Switches::default()
    });
    let (status, _) = ada.search("acme").await;
    assert_eq!(status, StatusCode::OK);
    let checks = ada.test_connection(serde_json::json!({})).await;
    let (outcome, detail) = check(&checks, "api_usage");
    assert_eq!(outcome, "warning", "{checks:?}");
    assert!(detail.contains("of 100000 API requests") && detail.contains("past its allocation"), "{detail}");
    let used: u64 = detail.trim_start_matches("Used ").split(' ').next().unwrap().parse().unwrap();
    assert!(used > 110_000, "{detail}");
}

/// Item 9: the login host is checked through OpenID Connect discovery, which Salesforce serves on
/// login hosts and My Domains, not through `/services/data/` (documented on the instance). A
/// host that only answers a versions list is not a login host.
#[tokio::test]
async fn the_login_host_check_reads_openid_connect_discovery() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    let checks = ada.test_connection(serde_json::json!({})).await;
    let (outcome, detail) = check(&checks, "login_host");
    assert_eq!(outcome, "passed", "{checks:?}");
    assert!(detail.contains("OpenID Connect"), "{detail}");

    // An instance-like host: a versions list, no discovery document.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let only_versions = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new().route(
        "/services/data/",
        axum::routing::get(|| async {
            axum::Json(serde_json::json!([{"label": "Winter '25", "url": "/services/data/v62.0", "version": "62.0"}]))
        }),
    );
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let checks = ada.test_connection(serde_json::json!({ "login_host": only_versions })).await;
    let (outcome, detail) = check(&checks, "login_host");
    assert_eq!(outcome, "failed", "{checks:?}");
    assert!(detail.contains("did not answer like Salesforce"), "{detail}");
    server.abort();
}

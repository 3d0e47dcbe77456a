//! Where the demo org refuses or answers exactly as Salesforce documents it, though a more
//! lenient stand-in would pass the product's tests. Each test names its source; the rows of
//! docs/salesforce-fidelity.md point here.

mod support;

use demo_org::{Switches, seed::SeedConfig};
use reqwest::StatusCode;
use serde_json::Value;
use support::*;

async fn search(org: &TestOrg, token: &str, sosl: &str) -> reqwest::Response {
    org.http.get(org.url("/services/data/v62.0/search/")).query(&[("q", sosl)]).bearer_auth(token).send().await.unwrap()
}

async fn query(org: &TestOrg, token: &str, soql: &str) -> reqwest::Response {
    org.http.get(org.url("/services/data/v62.0/query/")).query(&[("q", soql)]).bearer_auth(token).send().await.unwrap()
}

async fn access_token(org: &TestOrg, alias: &str) -> String {
    org.tokens(alias).await["access_token"].as_str().unwrap().to_owned()
}

/// SOQL and SOSL Reference, "OFFSET n": "OFFSET can be used only when querying a single
/// object"; "Requesting an offset greater than 2,000 will result in a MALFORMED_SEARCH: SOSL
/// offset should be between 0 to 2000 error". SOQL's OFFSET: NUMBER_OUTSIDE_VALID_RANGE.
#[tokio::test]
async fn sosl_offset_only_on_a_single_object_and_at_most_2000() {
    let org = start().await;
    let token = access_token(&org, "grace").await;
    let (status, code, _) = error_code(
        search(&org, &token, "FIND {acme} RETURNING Account(Id LIMIT 6 OFFSET 5), Lead(Id LIMIT 6 OFFSET 5)").await,
    )
    .await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "MALFORMED_SEARCH"));
    let (_, code, _) =
        error_code(search(&org, &token, "FIND {acme} RETURNING Account(Id LIMIT 6 OFFSET 5), Lead(Id)").await).await;
    assert_eq!(code, "MALFORMED_SEARCH", "an offset on one of several objects is refused too");
    let (_, code, message) =
        error_code(search(&org, &token, "FIND {acme} RETURNING Account(Id LIMIT 6 OFFSET 2001)").await).await;
    assert_eq!((code.as_str(), message.as_str()), ("MALFORMED_SEARCH", "SOSL offset should be between 0 to 2000"));
    let single = search(&org, &token, "FIND {acme} RETURNING Account(Id LIMIT 6 OFFSET 2000)").await;
    assert_eq!(single.status(), StatusCode::OK);
    let (_, code, _) = error_code(query(&org, &token, "SELECT Id FROM Account LIMIT 5 OFFSET 2001").await).await;
    assert_eq!(code, "NUMBER_OUTSIDE_VALID_RANGE");
}

/// Object Reference, RecentlyViewed: "This object does not support Event, Task, Report,
/// KnowledgeArticle, and Article." A task read `FOR VIEW` is returned but never listed.
#[tokio::test]
async fn tasks_are_never_recently_viewed() {
    let org = start().await;
    let token = access_token(&org, "grace").await;
    let grace = org.org.data().user_by_username(&username("grace")).unwrap().id.clone();
    let task = org.org.data().of_type_named("Task").find(|t| t.owner_id() == Some(grace.as_str())).unwrap().clone();
    let viewed = query(&org, &token, &format!("SELECT Id, Subject FROM Task WHERE Id = '{}' FOR VIEW", task.id)).await;
    assert_eq!(viewed.status(), StatusCode::OK);
    let body: Value = viewed.json().await.unwrap();
    assert_eq!(body["records"][0]["Id"], task.id.as_str());
    let recent: Vec<Value> = org.get("/services/data/v62.0/recent/", &token).await.json().await.unwrap();
    assert!(!recent.is_empty(), "accounts, leads and campaigns are seeded as viewed");
    assert!(recent.iter().all(|r| r["attributes"]["type"] != "Task"), "{recent:?}");
    let admin = access_token(&org, "ada").await;
    let recent: Vec<Value> = org.get("/services/data/v62.0/recent/", &admin).await.json().await.unwrap();
    assert!(recent.iter().all(|r| r["attributes"]["type"] != "Task"), "nobody has tasks among recent records");
}

/// A user without the "API Enabled" permission gets the same 403 `API_DISABLED_FOR_ORG` ("The
/// REST API is not enabled for this Organization.") as an edition without API
/// (salesforcedx-vscode issue 2387); the edition is `Organization.OrganizationType`.
#[tokio::test]
async fn a_user_without_api_permission_gets_api_disabled_for_org_and_others_read_the_edition() {
    let org = start().await;
    let hedy = access_token(&org, "hedy").await;
    let grace = access_token(&org, "grace").await;
    org.set_switches(Switches { users_without_api: vec![username("hedy")], ..Switches::default() });
    let (status, code, message) = error_code(search(&org, &hedy, "FIND {acme}").await).await;
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (StatusCode::FORBIDDEN, "API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization.")
    );
    let edition: Value =
        query(&org, &grace, "SELECT Id, OrganizationType, IsSandbox FROM Organization").await.json().await.unwrap();
    assert_eq!(edition["records"][0]["OrganizationType"], "Enterprise Edition");
    assert_eq!(edition["records"][0]["Id"], org.org.data().org_id.as_str());
    assert_eq!(edition["records"][0]["IsSandbox"], false);
}

/// Identity URLs: an expired or invalid access token gets HTTP 403 `Bad_OAuth_Token`.
#[tokio::test]
async fn an_expired_token_at_the_identity_url_gets_403_bad_oauth_token() {
    let org = start_with(Switches { access_token_seconds: 0, ..Switches::default() }).await;
    let tokens = org.tokens("grace").await;
    let response =
        org.http.get(tokens["id"].as_str().unwrap()).bearer_auth(tokens["access_token"].as_str().unwrap()).send();
    let response = response.await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.text().await.unwrap(), "Bad_OAuth_Token");
}

/// Declined consent: `error=access_denied` (RFC 6749, Salesforce's SDKs), and `access-denied` as
/// Salesforce Help's web server flow example writes it; the demo org can send either.
#[tokio::test]
async fn declined_consent_comes_in_either_spelling() {
    for (hyphenated, error) in [(false, "access_denied"), (true, "access-denied")] {
        let org = start_with(Switches { hyphenated_access_denied: hyphenated, ..Switches::default() }).await;
        let params = org.authorize_params("no");
        let (cookie, _) = org.sign_in(&params, "alan").await;
        let denied = org.decide(&params, &cookie, "deny").await;
        assert_eq!(denied.status(), StatusCode::FOUND);
        let (target, query) = location_params(&denied);
        assert_eq!(target, CALLBACK);
        assert_eq!((param(&query, "error"), param(&query, "state")), (Some(error), Some("no")));
    }
}

/// REST API Developer Guide, "Limit Info Header": usage may exceed the allocation; Salesforce's
/// own example is `Sforce-Limit-Info: api-usage=110018/100000`.
#[tokio::test]
async fn api_usage_may_exceed_the_allocation() {
    let org = start().await;
    let token = access_token(&org, "grace").await;
    let counted = org.org.api_used.load(std::sync::atomic::Ordering::Relaxed);
    org.set_switches(Switches {
        api_limit: 100_000,
        api_used_elsewhere: 110_017 - counted,
        api_overage: 20_000,
        ..Switches::default()
    });
    let response = search(&org, &token, "FIND {acme}").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["sforce-limit-info"], "api-usage=110018/100000");
    org.set_switches(Switches { api_limit: 100_000, api_used_elsewhere: 130_000, ..Switches::default() });
    let (status, code, _) = error_code(search(&org, &token, "FIND {acme}").await).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "REQUEST_LIMIT_EXCEEDED"));
}

/// SOSL: "Search analyzes all records in the index and by default, only the top 2,000 matched
/// records are returned based on relevancy. … Sharing is applied after the result set is
/// returned from the search stack" — so filters and sharing can leave a search short.
#[tokio::test]
async fn search_keeps_the_top_2000_matches_before_sharing_and_where() {
    let org = start_seeded(
        Switches::default(),
        SeedConfig { accounts: 50, leads: 50, tasks: 4_000, campaigns: 5, ..seed_config() },
    )
    .await;
    let every_task = "FIND {call OR email OR send OR follow OR prepare OR schedule OR renewal OR check OR review \
                      OR invite OR thank}";
    let data = &org.org.data();
    let grace = data.user_by_username(&username("grace")).unwrap().id.clone();
    let graces_tasks = data.of_type_named("Task").filter(|t| t.owner_id() == Some(grace.as_str())).count();
    let open_tasks =
        data.of_type_named("Task").filter(|t| t.get("IsClosed") == &demo_org::records::Value::Bool(false)).count();

    let admin = access_token(&org, "ada").await;
    let all: Value = search(&org, &admin, &format!("{every_task} RETURNING Task(Id)")).await.json().await.unwrap();
    assert_eq!(all["searchRecords"].as_array().unwrap().len(), 2_000, "the window, though 4,000 tasks match");
    let open: Value = search(&org, &admin, &format!("{every_task} RETURNING Task(Id WHERE IsClosed = false)"))
        .await
        .json()
        .await
        .unwrap();
    let open = open["searchRecords"].as_array().unwrap().len();
    assert!(open < 2_000.min(open_tasks), "WHERE applies inside the window: {open} of {open_tasks} open tasks");

    let token = access_token(&org, "grace").await;
    let mine: Value = search(&org, &token, &format!("{every_task} RETURNING Task(Id)")).await.json().await.unwrap();
    let mine = mine["searchRecords"].as_array().unwrap().len();
    assert!(mine > 0 && mine < graces_tasks, "sharing applies inside the window: {mine} of {graces_tasks}");
}

/// OpenID Connect discovery, served by login hosts and My Domains without a session:
/// `/.well-known/openid-configuration` names the OAuth endpoints.
#[tokio::test]
async fn the_login_host_serves_openid_connect_discovery() {
    let org = start().await;
    let response = org.http.get(org.url("/.well-known/openid-configuration")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let before = org.org.api_used.load(std::sync::atomic::Ordering::Relaxed);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["issuer"], org.base.as_str());
    assert_eq!(body["authorization_endpoint"], org.url("/services/oauth2/authorize"));
    assert_eq!(body["token_endpoint"], org.url("/services/oauth2/token"));
    assert_eq!(body["revocation_endpoint"], org.url("/services/oauth2/revoke"));
    assert_eq!(body["userinfo_endpoint"], org.url("/services/oauth2/userinfo"));
    assert_eq!(org.org.api_used.load(std::sync::atomic::Ordering::Relaxed), before, "not an API call");
}

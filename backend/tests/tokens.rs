//! Token lifecycle against the demo org: one refresh for many concurrent searches, rotation,
//! revoked tokens, configuration purges (also with a refresh in flight), restarts, and
//! ciphertext at rest.

mod support;

use demo_org::Switches;
use futures::future::join_all;
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use std::time::Duration;
use support::*;

/// Connects `person` with access tokens that expire after `seconds`, then waits them out.
async fn connect_with_expired_token(world: &World, person: &str, rotation: bool) -> Browser {
    world.switches(Switches { access_token_seconds: 1, refresh_token_rotation: rotation, ..Switches::default() });
    let browser = world.browser(person).await;
    browser.connect(person).await;
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    // Tokens minted from now on live long, so only the first one is expired.
    world.switches(Switches { refresh_token_rotation: rotation, ..Switches::default() });
    browser
}

#[tokio::test]
async fn fifty_concurrent_searches_on_an_expired_token_refresh_once() {
    let world = World::start().await;
    let grace = connect_with_expired_token(&world, "grace", false).await;
    let searches = (0..50).map(|i| {
        let http = grace.http.clone();
        let url = grace.url(&format!("/api/salesforce/search?q=acme{}", i % 3));
        async move { http.get(url).send().await.unwrap().status() }
    });
    let statuses = join_all(searches).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    let stats = world.stats();
    assert_eq!(stats.refresh_grants, 1);
    assert_eq!(stats.refresh_rejected_concurrent, 0);
}

#[tokio::test]
async fn rotated_refresh_tokens_are_kept_and_used_next_time() {
    let world = World::start().await;
    let grace = connect_with_expired_token(&world, "grace", true).await;
    let before = world.backend.state.store.connection("grace").await.unwrap().unwrap().refresh_token.unwrap();
    assert_eq!(grace.search("acme").await.0, StatusCode::OK);
    let after = world.backend.state.store.connection("grace").await.unwrap().unwrap().refresh_token.unwrap();
    assert_ne!(before.expose_secret(), after.expose_secret(), "the rotated token replaced the old one");

    // Expire again: the stored (new) refresh token must work; the old one would revoke everything.
    let access_before = world.backend.state.store.connection("grace").await.unwrap().unwrap().access_token;
    world.org.org.oauth().revoke(access_before.expose_secret());
    assert_eq!(grace.search("globex").await.0, StatusCode::OK); // a new query: not answered from the cache
    assert_eq!(world.stats().refresh_grants, 2);
}

#[tokio::test]
async fn without_rotation_the_stored_refresh_token_is_kept() {
    let world = World::start().await;
    let grace = connect_with_expired_token(&world, "grace", false).await;
    let before = world.backend.state.store.connection("grace").await.unwrap().unwrap().refresh_token.unwrap();
    assert_eq!(grace.search("acme").await.0, StatusCode::OK);
    let after = world.backend.state.store.connection("grace").await.unwrap().unwrap().refresh_token.unwrap();
    assert_eq!(before.expose_secret(), after.expose_secret());
}

#[tokio::test]
async fn a_revoked_refresh_token_ends_the_connection_with_token_revoked() {
    let world = World::start().await;
    let alan = world.browser("alan").await;
    alan.connect("alan").await;
    world.org.org.oauth().revoke_user(&world.org.org.data().user_by_username("alan@demo-org.example").unwrap().id);
    let (status, body) = alan.search("acme").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        (body["error"].as_str(), body["reason"].as_str()),
        (Some("salesforce_reauth_required"), Some("token_revoked"))
    );
    let state = alan.status().await;
    assert_eq!((state["connected"].clone(), state["reauth_reason"].clone()), (false.into(), "token_revoked".into()));
    // Asking again does not loop on Salesforce: the connection is gone.
    let refreshes = world.stats().refresh_grants;
    assert_eq!(alan.search("acme").await.1["reason"], "token_revoked");
    assert_eq!(world.stats().refresh_grants, refreshes);
    // Connecting again clears the reason.
    alan.connect("alan").await;
    assert_eq!(alan.status().await["reauth_reason"], serde_json::Value::Null);
}

fn changed_config(org: &str) -> serde_json::Value {
    serde_json::json!({ "consumer_key": KEY, "consumer_secret": SECRET, "login_host": org, "api_version": "61.0" })
}

#[tokio::test]
async fn a_configuration_change_purges_every_connection_and_says_why() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    let grace = world.browser("grace").await;
    ada.connect("ada").await;
    grace.connect("grace").await;
    let view = ada.json("/api/admin/marketplace/salesforce").await.1;
    assert_eq!(view["connected_users"], 2);
    assert_eq!(view["consumer_secret_set"], true);
    assert!(view.get("consumer_secret").is_none());

    // Saving the same settings changes nothing.
    let same = serde_json::json!({ "consumer_key": KEY, "login_host": world.org.base });
    assert_eq!(ada.put_config(same).await, (StatusCode::OK, serde_json::json!({ "purged_tokens": 0 })));
    assert_eq!(grace.status().await["connected"], true);

    let before = world.backend.state.store.connection("grace").await.unwrap().unwrap();
    let (status, body) = ada.put_config(changed_config(&world.org.base)).await;
    assert_eq!((status, body), (StatusCode::OK, serde_json::json!({ "purged_tokens": 2 })));
    // Issue 19 item 11: the purged tokens are revoked at Salesforce too, after the save.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let revoked = "purged_token_revocations_total{outcome=\"revoked\"} 2";
    while !world.backend.state.metrics.render().contains(revoked) {
        assert!(std::time::Instant::now() < deadline, "the purged tokens were not revoked");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(world.stats().revocations, 2);
    let old_token = reqwest::Client::new()
        .get(format!("{}/services/data/v62.0/search/?q=FIND%20%7Bacme%7D", world.org.base))
        .bearer_auth(before.access_token.expose_secret())
        .send()
        .await
        .unwrap();
    assert_eq!(old_token.status(), StatusCode::UNAUTHORIZED, "grace's purged token no longer works at Salesforce");
    let (status, body) = grace.search("acme").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["reason"], "config_changed");
    assert_eq!(grace.status().await["reauth_reason"], "config_changed");
    grace.connect("grace").await;
    assert_eq!(grace.search("acme").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_refresh_in_flight_during_a_configuration_change_writes_nothing_back() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    let grace = connect_with_expired_token(&world, "grace", false).await;
    // Salesforce takes 600 ms to mint the new token; the admin saves meanwhile.
    world.switches(Switches { latency_ms: (600, 600), ..Switches::default() });
    let search = tokio::spawn({
        let http = grace.http.clone();
        let url = grace.url("/api/salesforce/search?q=acme");
        async move {
            let response = http.get(url).send().await.unwrap();
            (response.status(), response.json::<serde_json::Value>().await.unwrap())
        }
    });
    // Wait until the backend's refresh is being minted at Salesforce, then save.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while world.stats().refresh_requests == 0 {
        assert!(std::time::Instant::now() < deadline, "the refresh never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, body) = ada.put_config(changed_config(&world.org.base)).await;
    assert_eq!((status, body["purged_tokens"].as_u64()), (StatusCode::OK, Some(1)));
    let (status, body) = search.await.unwrap();
    assert_eq!(world.stats().refresh_grants, 1, "the refresh did happen at Salesforce");
    assert_eq!((status, body["reason"].as_str()), (StatusCode::UNAUTHORIZED, Some("config_changed")), "{body}");
    assert!(
        world.backend.state.store.connection("grace").await.unwrap().is_none(),
        "no old-generation token came back"
    );
    assert_eq!(world.backend.state.store.count_connections().await.unwrap(), 0);
}

#[tokio::test]
async fn a_restart_keeps_configuration_and_tokens() {
    let mut world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    world.restart_backend().await;
    let fresh = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let grace_again = Browser { http: fresh, intranet: world.backend.base.clone() };
    grace_again.http.post(grace_again.url("/intranet/sign-in")).form(&[("person", "grace")]).send().await.unwrap();
    assert_eq!(grace_again.status().await["connected"], true);
    assert_eq!(grace_again.search("acme").await.0, StatusCode::OK);
}

#[tokio::test]
async fn token_columns_hold_ciphertext_only() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let connection = world.backend.state.store.connection("grace").await.unwrap().unwrap();
    let access = connection.access_token.expose_secret().to_owned();
    let refresh = connection.refresh_token.unwrap().expose_secret().to_owned();
    let raw = world.backend.state.store.raw_token_columns().await.unwrap();
    assert_eq!(raw.len(), 1);
    let (stored_access, stored_refresh) = &raw[0];
    for (bytes, secret) in [(stored_access, &access), (stored_refresh.as_ref().unwrap(), &refresh)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(secret.as_str()) && !text.contains(&secret[..12]), "plaintext token in the database");
    }
    for file in ["widget.db", "widget.db-wal"] {
        let Ok(bytes) = std::fs::read(world.data_dir.path().join(file)) else { continue };
        let whole = String::from_utf8_lossy(&bytes);
        assert!(!whole.contains(&access[..24]) && !whole.contains(&refresh[..24]) && !whole.contains(SECRET), "{file}");
    }
}

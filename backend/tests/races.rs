//! Races, repeated: access-token expiry under a burst of searches from several HTTP connections
//! (with refresh-token rotation), and configuration saves landing at random moments among code
//! exchanges and refreshes. Each round checks what must always hold.

mod support;

use demo_org::Switches;
use futures::future::join_all;
use reqwest::StatusCode;
use std::time::Duration;
use support::*;

const ROUNDS: usize = 5;

#[tokio::test]
async fn two_hundred_searches_on_an_expired_token_refresh_once_per_round_with_rotation() {
    let world = World::start().await;
    world.switches(Switches { refresh_token_rotation: true, ..Switches::default() });
    // One intranet user, eight browsers (eight sessions, eight HTTP connection pools).
    let mut browsers = Vec::new();
    for _ in 0..8 {
        browsers.push(world.browser("grace").await);
    }
    browsers[0].connect("grace").await;
    for round in 1..=ROUNDS {
        // The access token dies at Salesforce (as when its session times out).
        let access = world.backend.state.store.connection("grace").await.unwrap().unwrap().access_token;
        world.org.org.oauth().revoke(secrecy::ExposeSecret::expose_secret(&access));
        let searches = (0..200).map(|i| {
            let browser = &browsers[i % browsers.len()];
            // New words each round: the answer cache must not hide the expired token.
            let query = format!("round{round} acme{}", i % 10);
            async move { browser.search(&query).await.0 }
        });
        let statuses = join_all(searches).await;
        assert!(statuses.iter().all(|s| *s == StatusCode::OK), "round {round}: {statuses:?}");
        let stats = world.stats();
        assert_eq!(stats.refresh_grants, round as u64, "round {round}: one refresh per expiry");
        assert_eq!(stats.refresh_rejected_concurrent, 0, "round {round}");
    }
    // No replayed refresh token: the rotated family is still alive.
    assert_eq!(browsers[0].search("globex").await.0, StatusCode::OK);
}

/// Starts `person`'s sign-in and approves it at the demo org; returns the callback URL not yet
/// visited (the code exchange happens when it is).
async fn approved_callback(world: &World, person: &str) -> Browser {
    let browser = world.browser(person).await;
    let authorize = browser.start_connect("/").await;
    let callback = browser.at_salesforce(&authorize, person, "approve").await;
    Browser { http: browser.http.clone(), intranet: callback }
}

#[tokio::test]
async fn configuration_saves_racing_exchanges_and_refreshes_leave_no_old_generation_token() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    for round in 0..ROUNDS * 2 {
        // Grace holds an expired token; Alan is between Salesforce's approval and the exchange.
        world.switches(Switches { access_token_seconds: 1, ..Switches::default() });
        let grace = world.browser("grace").await;
        grace.connect("grace").await;
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        let alan = approved_callback(&world, "alan").await;
        // Salesforce answers after 0–40 ms; the save lands 0–40 ms after the race starts.
        world.switches(Switches { latency_ms: (0, 40), ..Switches::default() });
        let delay = Duration::from_millis((round as u64 * 7) % 41);
        let api_version = if round % 2 == 0 { "61.0" } else { "62.0" };
        let change =
            serde_json::json!({ "consumer_key": KEY, "login_host": world.org.base, "api_version": api_version });
        let searches = join_all((0..20).map(|i| {
            let grace = &grace;
            async move { grace.search(&format!("race{round} acme{i}")).await }
        }));
        let exchange = async {
            let response = alan.http.get(&alan.intranet).send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        };
        let save = async {
            tokio::time::sleep(delay).await;
            ada.put_config(change).await
        };
        let (answers, exchanged, (saved, body)) = tokio::join!(searches, exchange, save);
        assert_eq!(saved, StatusCode::OK, "round {round}: {body}");
        for (status, body) in &answers {
            let fine = *status == StatusCode::OK
                || (*status == StatusCode::UNAUTHORIZED && body["reason"] == "config_changed");
            assert!(fine, "round {round}: {status} {body}");
        }
        // Either connected, or told plainly that this sign-in is over, with the way to start again
        // (the save ends sign-ins in progress, so the callback may find its state gone).
        let (status, page) = exchanged;
        let start_again = page.contains("href=\"/marketplace/salesforce/account/sign-in\"");
        assert!(
            status == StatusCode::FOUND || (status.is_client_error() && start_again),
            "round {round}: {status} {page}"
        );
        assert_eq!(
            world.backend.state.store.connections_outside_current_generation().await.unwrap(),
            0,
            "round {round}: an old-generation token survived the purge"
        );
    }
}

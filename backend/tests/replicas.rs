//! Three backend processes (the real binary) on one PostgreSQL database and one demo org, as
//! behind a load balancer: nothing that matters may live in one replica's memory.
//!
//! Ignored in the plain `cargo test` run (it needs PostgreSQL); the test command runs it with
//! `--include-ignored` and `WIDGET_TEST_POSTGRES`.

mod support;

use demo_org::Switches;
use futures::future::join_all;
use reqwest::StatusCode;
use std::time::{Duration, Instant};
use support::{cluster::Cluster, *};

#[tokio::test]
#[ignore = "needs PostgreSQL; run by the test command with --include-ignored"]
async fn sign_in_crosses_replicas_and_a_save_on_one_purges_for_all() {
    let cluster = Cluster::start().await;
    let [a, b, c] = [0, 1, 2].map(|i| cluster.replicas[i].base());

    // The sign-in starts on A (state and PKCE verifier stored there) and returns to B.
    let on_a = Browser::signed_in(&a, "grace").await;
    let authorize = on_a.start_connect("/news").await;
    let callback = on_a.at_salesforce(&authorize, "grace", "approve").await;
    assert!(callback.starts_with(&format!("{b}/marketplace/salesforce/account/sign-in/oauth2?")), "{callback}");
    let done = on_a.http.get(&callback).send().await.unwrap();
    assert_eq!((done.status(), location(&done)), (StatusCode::FOUND, "/news".to_owned()));
    for base in [&a, &b, &c] {
        assert_eq!(on_a.on(base).search("acme").await.0, StatusCode::OK, "search on {base}");
        assert_eq!(on_a.on(base).status().await["connected"], true);
    }

    // An administrator saves a change on C: the very next search on A and B says why it failed.
    let ada = Browser::signed_in(&c, "ada").await;
    ada.connect("ada").await;
    let (status, body) = ada
        .put_config(serde_json::json!({
            "consumer_key": KEY,
            "login_host": cluster.org.base,
            "scopes": ["api", "refresh_token", "id"],
            "api_version": "66.0",
        }))
        .await;
    assert_eq!((status, body["purged_tokens"].as_u64()), (StatusCode::OK, Some(2)), "{body}");
    for base in [&a, &b] {
        let (status, body) = on_a.on(base).search("acme").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{base}: {body}");
        assert_eq!(body["reason"], "config_changed", "{base}");
    }
    assert_eq!(cluster.replicas[2].metric("salesforce_widget_purged_connections_total", "").await, 2.0);
    assert_eq!(cluster.metric_sum("salesforce_widget_config_saves_total", "").await, 1.0);

    // Structured logs: every line one JSON object with a level and a message.
    let log = std::fs::read_to_string(&cluster.replicas[2].log).unwrap();
    assert!(log.lines().count() >= 2);
    for line in log.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(entry["level"].is_string() && entry["message"].is_string(), "{line}");
    }
    assert!(log.contains("marketplace configuration saved"));
}

#[tokio::test]
#[ignore = "needs PostgreSQL; run by the test command with --include-ignored"]
async fn three_hundred_searches_across_replicas_on_an_expired_token_refresh_once() {
    let cluster = Cluster::start().await;
    let grace = cluster.connected_with_expired_token("grace").await;
    let bases = cluster.bases();
    let searches = (0..300).map(|i| {
        let browser = grace.on(&bases[i % 3]);
        async move { browser.search(&format!("acme{}", i % 7)).await.0 }
    });
    let statuses = join_all(searches).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    let stats = cluster.org.org.stats.snapshot();
    assert_eq!((stats.refresh_grants, stats.refresh_rejected_concurrent), (1, 0));
    assert_eq!(cluster.metric_sum("salesforce_widget_token_refreshes_total", r#"outcome="refreshed""#).await, 1.0);
    let answered = cluster
        .metric_sum("salesforce_widget_http_requests_total", r#"route="/api/salesforce/search",status="200""#)
        .await;
    assert_eq!(answered, 300.0);
}

#[tokio::test]
#[ignore = "needs PostgreSQL; run by the test command with --include-ignored"]
async fn killing_a_replica_mid_load_loses_no_token() {
    let mut cluster = Cluster::start().await;
    // Access tokens live one second: refreshes happen throughout the load, also on B when it dies.
    cluster.switches(Switches { access_token_seconds: 1, latency_ms: (5, 30), ..Switches::default() });
    let grace = cluster.connected("grace").await;
    let started = Instant::now();
    let load = cluster.bases().into_iter().enumerate().map(|(replica, base)| {
        let browser = grace.on(&base);
        async move {
            let mut statuses = Vec::new();
            for n in 0..400 {
                if started.elapsed() > Duration::from_secs(4) {
                    break;
                }
                let response =
                    browser.http.get(browser.url("/api/salesforce/search")).query(&[("q", format!("acme {n}"))]).send();
                statuses.push(match response.await {
                    Ok(response) => Ok(response.status()),
                    Err(_) => Err(()), // the killed replica refuses connections
                });
            }
            (replica, statuses)
        }
    });
    let killer = async {
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        cluster.replicas[1].signal("KILL");
    };
    let (results, ()) = tokio::join!(join_all(load), killer);
    for (replica, statuses) in &results {
        let failed: Vec<_> = statuses.iter().filter(|s| *s != &Ok(StatusCode::OK)).collect();
        if *replica == 1 {
            assert!(failed.iter().all(|s| s.is_err()), "B answered with an error before dying: {failed:?}");
        } else {
            assert!(failed.is_empty(), "replica {replica}: {failed:?}");
            assert!(statuses.len() > 10, "replica {replica} served only {} searches", statuses.len());
        }
    }
    let refreshes = cluster.org.org.stats.snapshot().refresh_grants;
    assert!(refreshes >= 2, "tokens expired during the load: {refreshes} refreshes");

    // The connection survived: the survivors and a restarted B all search with it.
    cluster.switches(Switches::default());
    cluster.replicas[1].restart().await;
    for base in cluster.bases() {
        assert_eq!(grace.on(&base).search("globex").await.0, StatusCode::OK, "{base}");
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL; run by the test command with --include-ignored"]
async fn sigterm_finishes_in_flight_searches_before_exiting() {
    let mut cluster = Cluster::start().await;
    let grace = cluster.connected("grace").await;
    cluster.switches(Switches { latency_ms: (1_000, 1_000), ..Switches::default() });
    let on_a = grace.on(&cluster.replicas[0].base());
    let in_flight = tokio::spawn(async move { on_a.search("initech").await.0 });
    tokio::time::sleep(Duration::from_millis(300)).await;
    cluster.replicas[0].signal("TERM");
    assert_eq!(in_flight.await.unwrap(), StatusCode::OK, "the search in flight was answered");
    let exit = cluster.replicas[0].child.wait().unwrap();
    assert!(exit.success(), "{exit}");
    let log = std::fs::read_to_string(&cluster.replicas[0].log).unwrap();
    assert!(log.contains("stopped after finishing open requests"), "{log}");
}

/// Opens the cluster's database the way a replica does, to read what is stored.
async fn store_of(cluster: &Cluster) -> widget_backend::store::Store {
    let key = widget_backend::crypto::SecretBox::from_base64(support::cluster::ENCRYPTION_KEY).unwrap();
    widget_backend::store::Store::connect(&cluster.replicas[0].database_url, key).await.unwrap()
}

/// What must hold after any crash: every stored connection belongs to the current
/// configuration and decrypts.
async fn assert_consistent(store: &widget_backend::store::Store, people: &[&str], moment: &str) {
    assert_eq!(store.connections_outside_current_generation().await.unwrap(), 0, "{moment}: old-generation token");
    for person in people {
        store.connection(person).await.unwrap_or_else(|e| panic!("{moment}: {person}'s row is unreadable: {e}"));
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL; run by the test command with --include-ignored"]
async fn sigkill_during_exchange_refresh_and_save_leaves_a_consistent_store() {
    let mut cluster = Cluster::start().await;
    let store = store_of(&cluster).await;
    let slow = Switches { latency_ms: (800, 800), ..Switches::default() };

    // 1. Killed during the code exchange (callbacks land on B): Alan connects again afterwards.
    cluster.switches(Switches { access_token_seconds: 1, ..Switches::default() });
    let grace = cluster.connected("grace").await;
    let alan = Browser::signed_in(&cluster.replicas[0].base(), "alan").await;
    let authorize = alan.start_connect("/").await;
    let callback = alan.at_salesforce(&authorize, "alan", "approve").await;
    cluster.switches(slow.clone());
    let exchange = tokio::spawn({
        let http = alan.http.clone();
        async move { http.get(callback).send().await.is_err() }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    cluster.replicas[1].signal("KILL");
    assert!(exchange.await.unwrap(), "the exchange's connection died with the replica");
    cluster.replicas[1].restart().await;
    assert_consistent(&store, &["grace", "alan"], "after a kill during the exchange").await;
    cluster.switches(Switches::default());
    alan.connect("alan").await;
    assert_eq!(alan.search("acme").await.0, StatusCode::OK);

    // 2. Killed during a refresh (holding the refresh lock): another replica refreshes.
    cluster.switches(slow);
    let on_a = grace.on(&cluster.replicas[0].base());
    let refresh =
        tokio::spawn(async move { on_a.http.get(on_a.url("/api/salesforce/search?q=acme")).send().await.is_err() });
    tokio::time::sleep(Duration::from_millis(300)).await;
    cluster.replicas[0].signal("KILL");
    assert!(refresh.await.unwrap());
    cluster.replicas[0].restart().await;
    cluster.switches(Switches::default());
    assert_consistent(&store, &["grace", "alan"], "after a kill during a refresh").await;
    assert_eq!(grace.on(&cluster.replicas[2].base()).search("initech").await.0, StatusCode::OK);

    // 3. Killed at random moments of a configuration save: the purge is all or nothing.
    let ada = Browser::signed_in(&cluster.replicas[0].base(), "ada").await;
    for round in 0..5u64 {
        let before = store.marketplace_config().await.unwrap().unwrap().generation;
        let connected = store.count_connections().await.unwrap();
        assert!(connected > 0, "round {round}: someone is connected before the save");
        let change = serde_json::json!({
            "consumer_key": KEY,
            "login_host": cluster.org.base,
            "api_version": if round % 2 == 0 { "61.0" } else { "62.0" },
        });
        let save = tokio::spawn({
            let ada = ada.on(&ada.intranet);
            async move {
                ada.http
                    .put(ada.url("/api/admin/marketplace/salesforce"))
                    .header("x-requested-with", "salesforce-widget")
                    .json(&change)
                    .send()
                    .await
                    .map(|r| r.status())
            }
        });
        tokio::time::sleep(Duration::from_millis(round * 3)).await;
        cluster.replicas[0].signal("KILL");
        let _ = save.await.unwrap();
        cluster.replicas[0].restart().await;
        let after = store.marketplace_config().await.unwrap().unwrap().generation;
        let remaining = store.count_connections().await.unwrap();
        assert!(
            (after == before && remaining == connected) || (after == before + 1 && remaining == 0),
            "round {round}: generation {before} → {after}, connections {connected} → {remaining}"
        );
        assert_consistent(&store, &["grace", "alan", "ada"], &format!("round {round} of saves")).await;
        if remaining == 0 {
            grace.on(&cluster.replicas[2].base()).connect("grace").await;
        }
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL; run by the test command with --include-ignored"]
async fn many_users_refreshing_at_once_never_starve_the_pool() {
    // More users refreshing at once than the pool has connections: each lease holds one
    // connection and needs another for its reads and writes.
    let database = TestDatabase::postgres().await;
    let key = widget_backend::crypto::SecretBox::from_base64(support::cluster::ENCRYPTION_KEY).unwrap();
    let store = widget_backend::store::Store::connect(&database.url, key).await.unwrap();
    let users: Vec<String> = (0..24).map(|i| format!("user{i}")).collect();
    let work = users.iter().map(|user| {
        let store = store.clone();
        async move {
            let _lease = store.lease_refresh(user).await.unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await; // the call to Salesforce
            store.connection(user).await.unwrap();
            store.connection_ending(user).await.unwrap();
        }
    });
    tokio::time::timeout(Duration::from_secs(20), join_all(work)).await.expect("lease holders starved the pool");
}

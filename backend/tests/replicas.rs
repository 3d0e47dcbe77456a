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

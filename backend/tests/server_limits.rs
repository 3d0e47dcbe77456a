//! Issue 19 item 4: slow and large requests. A client that trickles its headers is cut off,
//! at most so many connections are served at once (the rest wait), and a large body is refused
//! with 413 instead of being read. Everything on loopback, every wait bounded.

mod support;

use reqwest::StatusCode;
use std::time::{Duration, Instant};
use support::*;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// A connection that sent the start of a request and then nothing.
async fn stalled(base: &str) -> TcpStream {
    let mut stream = TcpStream::connect(base.trim_start_matches("http://")).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await.unwrap();
    stream
}

fn fresh_client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder().timeout(timeout).pool_max_idle_per_host(0).build().unwrap()
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    let world = World::start_with(&["--header-read-timeout-seconds=1"]).await;
    let mut slow = stalled(&world.backend.base).await;
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the backend kept a connection without headers open for 5 s");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(3), "{waited:?}");
    // Whatever it answered (nothing, or 408), it never ran the request.
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));
    // Others are served as usual.
    let ok = fresh_client(Duration::from_secs(2)).get(format!("{}/healthz", world.backend.base)).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
}

/// A connection that sends nothing at all is cut off too (HTTP/2 detection would have waited
/// for its first bytes without a deadline).
#[tokio::test]
async fn a_client_that_sends_nothing_is_cut_off() {
    let world = World::start_with(&["--header-read-timeout-seconds=1"]).await;
    let mut silent = TcpStream::connect(world.backend.base.trim_start_matches("http://")).await.unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), silent.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the backend kept a silent connection open for 5 s");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_for_a_free_one() {
    let world = World::start_with(&["--max-connections=2", "--header-read-timeout-seconds=30"]).await;
    let first = stalled(&world.backend.base).await;
    let _second = stalled(&world.backend.base).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let health = format!("{}/healthz", world.backend.base);
    let waiting = fresh_client(Duration::from_millis(700)).get(&health).send().await;
    assert!(waiting.is_err(), "a third connection was served while two held every slot");
    drop(first);
    let served = fresh_client(Duration::from_secs(3)).get(&health).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK, "a freed slot serves the next connection");
}

#[tokio::test]
async fn a_large_body_is_refused_before_it_is_read() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    let huge = "x".repeat(100 * 1024);
    let response = ada
        .http
        .put(ada.url("/api/admin/marketplace/salesforce"))
        .header("x-requested-with", "salesforce-widget")
        .header("content-type", "application/json")
        .body(format!(r#"{{"consumer_key":"{huge}"}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "request_too_large", "{body}");
    assert_eq!(world.backend.state.store.marketplace_config().await.unwrap().unwrap().generation, 1, "nothing saved");
}

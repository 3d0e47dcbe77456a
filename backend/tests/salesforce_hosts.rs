//! Issue 19 item 8: a user's token goes only to Salesforce. The login host must be a Salesforce
//! host (or loopback, for the demo org), and the `instance_url` and identity URL a token answer
//! names must be too, at sign-in and after every refresh; an unsigned token answer is refused.
//! An impostor login host on loopback plays the token endpoint a mistyped host or a compromised
//! proxy would be: it signs its answers with the real Consumer Secret, and names other hosts.

mod support;

use axum::{
    Form, Json, Router,
    extract::{Query, State},
    http::{StatusCode as AxumStatus, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use sha2::Sha256;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use support::*;

/// What the impostor's token endpoint answers.
#[derive(Clone, Default)]
struct Answers {
    /// `instance_url` of the code exchange (default: the impostor itself, on loopback).
    exchange_instance: Option<String>,
    /// Identity URL of every answer (default: the impostor's `/id/…`).
    identity: Option<String>,
    /// `instance_url` of a refresh answer.
    refresh_instance: Option<String>,
    unsigned: bool,
}

#[derive(Clone)]
struct Impostor {
    base: String,
    answers: Arc<Mutex<Answers>>,
}

const ORG: &str = "00D000000000001AAA";
const USER: &str = "005000000000001AAA";

async fn authorize(Query(query): Query<HashMap<String, String>>) -> Response {
    let target = format!("{}?code=impostor-code&state={}", query["redirect_uri"], query["state"]);
    (AxumStatus::FOUND, [(header::LOCATION, target)]).into_response()
}

async fn token(State(impostor): State<Impostor>, Form(form): Form<HashMap<String, String>>) -> Response {
    let answers = impostor.answers.lock().unwrap().clone();
    let instance = if form["grant_type"] == "refresh_token" {
        answers.refresh_instance.clone().unwrap_or_else(|| impostor.base.clone())
    } else {
        answers.exchange_instance.clone().unwrap_or_else(|| impostor.base.clone())
    };
    let id = answers.identity.clone().unwrap_or_else(|| format!("{}/id/{ORG}/{USER}", impostor.base));
    let issued_at = "1764500000000";
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(id.as_bytes());
    mac.update(issued_at.as_bytes());
    let mut body = serde_json::json!({
        "access_token": format!("{ORG}!impostor-access"),
        "refresh_token": "impostor-refresh",
        "scope": "api refresh_token",
        "instance_url": instance,
        "id": id,
        "token_type": "Bearer",
        "issued_at": issued_at,
    });
    if !answers.unsigned {
        body["signature"] = STANDARD.encode(mac.finalize().into_bytes()).into();
    }
    Json(body).into_response()
}

/// Every REST call: the session has expired, so the backend refreshes.
async fn expired() -> Response {
    (
        AxumStatus::UNAUTHORIZED,
        Json(serde_json::json!([{ "message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID" }])),
    )
        .into_response()
}

async fn start_impostor() -> (Impostor, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let impostor = Impostor { base: format!("http://{}", listener.local_addr().unwrap()), answers: Arc::default() };
    let router = Router::new()
        .route("/services/oauth2/authorize", get(authorize))
        .route("/services/oauth2/token", post(token))
        .fallback(expired)
        .with_state(impostor.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (impostor, task)
}

/// The backend of `world` pointed at the impostor as its login host, and Ada's browser.
async fn behind_impostor(world: &World, impostor: &Impostor) -> Browser {
    let ada = world.browser("ada").await;
    let (status, body) = ada
        .put_config(serde_json::json!({ "consumer_key": KEY, "consumer_secret": SECRET, "login_host": impostor.base }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    ada
}

/// Walks the sign-in through the impostor and returns the callback's answer.
async fn sign_in(browser: &Browser) -> reqwest::Response {
    let authorize = browser.start_connect("/news").await;
    let callback = browser.http.get(&authorize).send().await.unwrap();
    assert_eq!(callback.status(), StatusCode::FOUND);
    browser.http.get(location(&callback)).send().await.unwrap()
}

async fn stored_instance(world: &World, user: &str) -> Option<String> {
    world.backend.state.store.connection(user).await.unwrap().map(|c| c.instance_url)
}

#[tokio::test]
async fn a_token_answer_naming_a_foreign_instance_or_identity_url_connects_nothing() {
    let world = World::start().await;
    let (impostor, _task) = start_impostor().await;
    let ada = behind_impostor(&world, &impostor).await;
    for answers in [
        Answers { exchange_instance: Some("https://evil.example".into()), ..Answers::default() },
        Answers { exchange_instance: Some("https://acme.my.salesforce.com.evil.example".into()), ..Answers::default() },
        Answers { identity: Some(format!("https://evil.example/id/{ORG}/{USER}")), ..Answers::default() },
    ] {
        *impostor.answers.lock().unwrap() = answers;
        let done = sign_in(&ada).await;
        assert_eq!(done.status(), StatusCode::BAD_GATEWAY);
        assert!(done.text().await.unwrap().contains("not Salesforce"));
        assert_eq!(stored_instance(&world, "ada").await, None, "nothing was stored");
        assert_eq!(ada.status().await["connected"], false);
    }
    // The same impostor naming only loopback addresses (allowed: its login host is loopback).
    *impostor.answers.lock().unwrap() = Answers::default();
    assert_eq!(sign_in(&ada).await.status(), StatusCode::FOUND);
    assert_eq!(stored_instance(&world, "ada").await, Some(impostor.base.clone()));
}

#[tokio::test]
async fn an_unsigned_token_answer_is_refused() {
    let world = World::start().await;
    let (impostor, _task) = start_impostor().await;
    let ada = behind_impostor(&world, &impostor).await;
    *impostor.answers.lock().unwrap() = Answers { unsigned: true, ..Answers::default() };
    let done = sign_in(&ada).await;
    assert_eq!(done.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(stored_instance(&world, "ada").await, None);
}

#[tokio::test]
async fn a_refresh_naming_a_foreign_instance_is_not_adopted() {
    let world = World::start().await;
    let (impostor, _task) = start_impostor().await;
    let ada = behind_impostor(&world, &impostor).await;
    assert_eq!(sign_in(&ada).await.status(), StatusCode::FOUND);
    impostor.answers.lock().unwrap().refresh_instance = Some("https://evil.example".into());
    let (status, body) = ada.search("acme").await;
    assert_eq!(
        (status, body["error"].as_str(), body["reason"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("salesforce_reauth_required"), Some("session_invalid")),
        "{body}"
    );
    assert_eq!(
        stored_instance(&world, "ada").await,
        None,
        "not adopted; the connection ended instead of failing for ever"
    );
}

#[tokio::test]
async fn the_login_host_must_be_salesforce_or_loopback() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    for host in ["https://evil.example", "https://login.salesforce.com.evil.example", "http://acme.my.salesforce.com"] {
        let (status, body) = ada
            .put_config(serde_json::json!({ "consumer_key": KEY, "consumer_secret": SECRET, "login_host": host }))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{host}: {body}");
        assert!(body["fields"]["login_host"].as_str().is_some(), "{body}");
    }
    let (status, body) = ada
        .put_config(
            serde_json::json!({ "consumer_key": KEY, "consumer_secret": SECRET, "login_host": "https://acme--uat.sandbox.my.salesforce.com" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The start-up flag is checked like the form, before anything is written.
    let data = tempfile::tempdir().unwrap();
    let settings = <widget_backend::settings::Settings as clap::Parser>::try_parse_from([
        "widget-backend",
        &format!("--data-dir={}", data.path().display()),
        "--initial-consumer-key=k",
        "--initial-consumer-secret=s",
        "--initial-login-host=https://evil.example",
    ])
    .unwrap();
    let error = widget_backend::AppState::open(settings).await.expect_err("refused").to_string();
    assert!(error.contains("--initial-login-host") && error.contains("Salesforce address"), "{error}");
    assert_eq!(std::fs::read_dir(data.path()).unwrap().count(), 0, "nothing written");
}

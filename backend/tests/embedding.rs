//! Issue 19 item 14: a widget on another intranet origin. The bundles load from any origin;
//! the API answers credentialed CORS only for the origins an administrator allowed (or the
//! operator fixed at start-up), and refuses every other origin with a reason the widget shows.

mod support;

use reqwest::{Method, StatusCode, header};
use support::*;

const TEAM_PAGE: &str = "http://www.intranet.test:9001";
const STRANGER: &str = "http://elsewhere.example";

fn preflight(browser: &Browser, path: &str, origin: &str) -> reqwest::RequestBuilder {
    browser
        .http
        .request(Method::OPTIONS, browser.url(path))
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "x-requested-with,content-type")
}

fn allowed_for(response: &reqwest::Response) -> Option<&str> {
    response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).and_then(|v| v.to_str().ok())
}

async fn allow(ada: &Browser, origins: &[&str]) -> (StatusCode, serde_json::Value) {
    ada.send_json(Method::PUT, "/api/admin/marketplace/salesforce/embedding", serde_json::json!({ "origins": origins }))
        .await
}

#[tokio::test]
async fn the_bundles_load_from_any_origin() {
    let world = World::start().await;
    let anyone = reqwest::Client::new();
    let response = anyone
        .get(format!("{}/widget/salesforce-widget-loader.js", world.backend.base))
        .header(header::ORIGIN, STRANGER)
        .send()
        .await
        .unwrap();
    assert_eq!(allowed_for(&response), Some("*"));
    assert_eq!(response.headers()["cross-origin-resource-policy"], "cross-origin");
    assert!(response.headers().get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());
}

#[tokio::test]
async fn an_origin_nobody_allowed_is_refused_with_a_reason_the_widget_can_read() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let response = preflight(&grace, "/api/salesforce/disconnect", STRANGER).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(allowed_for(&response), None, "no preflight is granted: the browser sends nothing");
    let response =
        grace.http.get(grace.url("/api/salesforce/status")).header(header::ORIGIN, STRANGER).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(allowed_for(&response), Some(STRANGER), "the refusal itself is readable");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "origin_not_allowed");
    assert!(body["message"].as_str().unwrap().contains(STRANGER), "{body}");
    assert!(body.get("connected").is_none(), "no data");
    // A state change from there is refused before it happens.
    let response = grace
        .changing(Method::POST, "/api/salesforce/disconnect")
        .header(header::ORIGIN, STRANGER)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(grace.status().await["connected"], true);
}

#[tokio::test]
async fn an_allowed_origin_gets_credentialed_cors() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    let (status, body) = allow(&ada, &["http://WWW.intranet.test:9001/", "not an origin"]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["fields"]["origins"].as_str().unwrap().contains("not an origin"), "{body}");
    let (status, body) = allow(&ada, &["http://WWW.intranet.test:9001/", &world.backend.base]).await;
    assert_eq!((status, body), (StatusCode::OK, serde_json::json!([TEAM_PAGE])), "normalised, own origin left out");
    let view = ada.json("/api/admin/marketplace/salesforce").await.1;
    assert_eq!(view["allowed_origins"], serde_json::json!([TEAM_PAGE]));

    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let response = preflight(&grace, "/api/salesforce/recent", TEAM_PAGE).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(allowed_for(&response), Some(TEAM_PAGE));
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    let methods = response.headers()[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap();
    assert!(methods.contains("POST") && methods.contains("PUT"), "{methods}");
    let allowed_headers = response.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS].to_str().unwrap().to_lowercase();
    assert!(allowed_headers.contains("x-requested-with"), "{allowed_headers}");
    assert!(response.headers().get_all(header::VARY).iter().any(|v| v == "Origin"));

    let response = grace
        .http
        .get(grace.url("/api/salesforce/search?q=acme"))
        .header(header::ORIGIN, TEAM_PAGE)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(allowed_for(&response), Some(TEAM_PAGE));
    assert!(response.headers()[header::ACCESS_CONTROL_EXPOSE_HEADERS].to_str().unwrap().contains("Retry-After"));
    let response = grace
        .changing(Method::POST, "/api/salesforce/disconnect")
        .header(header::ORIGIN, TEAM_PAGE)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "the CSRF check accepts the allowed origin");

    // The control panel's API is never open to that page, even for an administrator.
    let ada_there = ada
        .changing(Method::PUT, "/api/admin/marketplace/salesforce/embedding")
        .header(header::ORIGIN, TEAM_PAGE)
        .json(&serde_json::json!({ "origins": ["https://evil.example"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(ada_there.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        ada.json("/api/admin/marketplace/salesforce").await.1["allowed_origins"],
        serde_json::json!([TEAM_PAGE])
    );
    let preflight_admin = preflight(&ada, "/api/admin/marketplace/salesforce", TEAM_PAGE).send().await.unwrap();
    assert_eq!((preflight_admin.status(), allowed_for(&preflight_admin)), (StatusCode::FORBIDDEN, None));

    // Connecting from that page: the sign-in start another site triggered goes straight on
    // when its Referer is an allowed page.
    let response = grace
        .http
        .get(grace.url("/marketplace/salesforce/account/sign-in?return_to=/"))
        .header("sec-fetch-site", "cross-site")
        .header(header::REFERER, format!("{TEAM_PAGE}/team"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn origins_can_be_fixed_at_start_up() {
    let world =
        World::start_with(&["--allowed-origins=https://portal.intranet.example,http://www.intranet.test:9001"]).await;
    let grace = world.browser("grace").await;
    let response =
        grace.http.get(grace.url("/api/salesforce/status")).header(header::ORIGIN, TEAM_PAGE).send().await.unwrap();
    assert_eq!((response.status(), allowed_for(&response)), (StatusCode::OK, Some(TEAM_PAGE)));
    let ada = world.browser("ada").await;
    let view = ada.json("/api/admin/marketplace/salesforce").await.1;
    assert_eq!(view["fixed_origins"], serde_json::json!(["https://portal.intranet.example", TEAM_PAGE]));

    let data = tempfile::tempdir().unwrap();
    let settings = <widget_backend::settings::Settings as clap::Parser>::try_parse_from([
        "widget-backend",
        &format!("--data-dir={}", data.path().display()),
        "--allowed-origins=https://x.example/path",
    ])
    .unwrap();
    let error = widget_backend::AppState::open(settings).await.expect_err("refused").to_string();
    assert!(error.contains("--allowed-origins"), "{error}");
}

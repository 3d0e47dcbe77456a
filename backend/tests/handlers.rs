//! Handler-level tests with axum's `oneshot`: validation, access control, CSRF and error
//! shapes, without a network.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use clap::Parser;
use http_body_util::BodyExt;
use tower::ServiceExt;
use widget_backend::{AppState, app, settings::Settings};

/// The backend's settings with its data in `dir` and `extra` flags.
fn settings(dir: &std::path::Path, extra: &[&str]) -> Settings {
    let mut args = vec!["widget-backend".to_owned(), format!("--data-dir={}", dir.display())];
    args.extend(extra.iter().map(|flag| flag.to_string()));
    Settings::try_parse_from(args).unwrap()
}

async fn state(dir: &std::path::Path, configured: bool) -> AppState {
    let initial = [
        "--initial-consumer-key=k",
        "--initial-consumer-secret=s",
        "--initial-login-host=https://login.salesforce.com",
    ];
    AppState::open(settings(dir, if configured { &initial } else { &[] })).await.unwrap()
}

async fn session(state: &AppState, person: &str) -> String {
    let id = format!("session-of-{person}");
    state.store.create_session(&id, person, 3600).await.unwrap();
    format!("intranet_session={id}")
}

async fn call(state: &AppState, request: Request<Body>) -> (StatusCode, serde_json::Value) {
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::get(path);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::empty()).unwrap()
}

fn put_config(cookie: &str, body: serde_json::Value, csrf: bool, origin: Option<&str>) -> Request<Body> {
    let mut builder = Request::put("/api/admin/marketplace/salesforce")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json");
    if csrf {
        builder = builder.header("x-requested-with", "salesforce-widget");
    }
    if let Some(origin) = origin {
        builder = builder.header(header::ORIGIN, origin);
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn without_an_intranet_session_every_api_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), true).await;
    for path in ["/api/salesforce/status", "/api/salesforce/search?q=acme", "/api/admin/marketplace/salesforce"] {
        let (status, body) = call(&state, get(path, None)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(body["error"], "intranet_sign_in_required");
        assert!(body["message"].as_str().unwrap().len() > 10);
    }
    let (status, _) = call(&state, get("/api/salesforce/status", Some("intranet_session=forged"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_unconfigured_intranet_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), false).await;
    let cookie = session(&state, "grace").await;
    let (_, body) = call(&state, get("/api/salesforce/status", Some(&cookie))).await;
    assert_eq!(
        body,
        serde_json::json!({ "configured": false, "connected": false, "reauth_reason": null, "salesforce_user": null, "is_admin": false, "objects": [] })
    );
    let (status, body) = call(&state, get("/api/salesforce/search?q=acme", Some(&cookie))).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::CONFLICT, Some("not_configured")));
}

#[tokio::test]
async fn only_administrators_see_and_change_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), true).await;
    let grace = session(&state, "grace").await;
    let ada = session(&state, "ada").await;
    let (status, body) = call(&state, get("/api/admin/marketplace/salesforce", Some(&grace))).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::FORBIDDEN, Some("admin_required")));
    let change = serde_json::json!({ "consumer_key": "k2", "login_host": "https://test.salesforce.com" });
    let (status, _) = call(&state, put_config(&grace, change.clone(), true, None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(state.store.marketplace_config().await.unwrap().unwrap().config.consumer_key, "k");

    let (status, body) = call(&state, get("/api/admin/marketplace/salesforce", Some(&ada))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["consumer_secret_set"], true);
    assert!(!body.to_string().contains("\"s\""), "the secret never leaves");
    assert!(body["callback_url"].as_str().unwrap().ends_with("/marketplace/salesforce/account/sign-in/oauth2"));
    let (status, body) = call(&state, put_config(&ada, change, true, None)).await;
    assert_eq!((status, body), (StatusCode::OK, serde_json::json!({ "purged_tokens": 0 })));
    let saved = state.store.marketplace_config().await.unwrap().unwrap();
    assert_eq!(
        (saved.config.consumer_key.as_str(), saved.config.consumer_secret.as_str(), saved.generation),
        ("k2", "s", 2)
    );
}

#[tokio::test]
async fn invalid_configurations_get_field_errors_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), true).await;
    let ada = session(&state, "ada").await;
    let bad = serde_json::json!({ "consumer_key": " ", "login_host": "http://evil.example", "scopes": ["api", "nope"], "api_version": "x" });
    let (status, body) = call(&state, put_config(&ada, bad, true, None)).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_configuration")));
    let fields: Vec<&String> = body["fields"].as_object().unwrap().keys().collect();
    assert_eq!(fields, ["api_version", "consumer_key", "login_host", "scopes"]);
    let (status, body) = call(&state, put_config(&ada, serde_json::json!({ "unknown": 1 }), true, None)).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_configuration")));
    assert_eq!(state.store.marketplace_config().await.unwrap().unwrap().generation, 1);
}

#[tokio::test]
async fn state_changes_without_the_csrf_header_or_from_another_origin_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), true).await;
    let ada = session(&state, "ada").await;
    let change = serde_json::json!({ "consumer_key": "k3", "login_host": "https://test.salesforce.com" });
    // Another origin is refused before the CSRF check even looks (see `cross_origin`).
    let refusals = [(false, None, "csrf_rejected"), (true, Some("https://evil.example"), "origin_not_allowed")];
    for (csrf, origin, code) in refusals {
        let (status, body) = call(&state, put_config(&ada, change.clone(), csrf, origin)).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::FORBIDDEN, Some(code)));
    }
    assert_eq!(state.store.marketplace_config().await.unwrap().unwrap().config.consumer_key, "k");
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), true).await;
    let (status, doc) = call(&state, get("/api/openapi.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.0.3");
    for path in [
        "/api/salesforce/status",
        "/api/salesforce/search",
        "/api/salesforce/disconnect",
        "/api/admin/marketplace/salesforce",
        "/api/admin/marketplace/salesforce/test",
        "/api/admin/marketplace/salesforce/objects",
        "/api/admin/marketplace/salesforce/objects/{name}",
        "/api/admin/marketplace/salesforce/searchable-objects",
        "/api/salesforce/icons/{object}",
        "/marketplace/salesforce/account/sign-in/oauth2",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
}

/// A request as it arrives from `peer`, with the given headers.
fn from_peer(path: &str, peer: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(peer.parse().unwrap()));
    request
}

#[tokio::test]
async fn behind_a_proxy_the_identity_header_counts_only_from_trusted_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let proxy = ["--identity=proxy", "--trusted-proxies=10.0.0.5,127.0.0.1", "--groups-header=x-remote-groups"];
    let state = AppState::open(settings(dir.path(), &[&proxy[..], &["--admins=boss"]].concat())).await.unwrap();
    let status =
        |peer: &str, headers: &[(&str, &str)]| call(&state, from_peer("/api/salesforce/status", peer, headers));

    let (code, body) = status("10.0.0.5:4000", &[("x-remote-user", "alice")]).await;
    assert_eq!((code, body["is_admin"].as_bool()), (StatusCode::OK, Some(false)));
    let (_, body) =
        status("10.0.0.5:4000", &[("x-remote-user", "carol"), ("x-remote-groups", "staff, intranet-admins")]).await;
    assert_eq!(body["is_admin"], true);
    let (_, body) = status("127.0.0.1:4000", &[("x-remote-user", "boss")]).await;
    assert_eq!(body["is_admin"], true);
    // The same header from anywhere else is ignored: no identity.
    let (code, body) = status("192.0.2.7:4000", &[("x-remote-user", "alice")]).await;
    assert_eq!((code, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("intranet_sign_in_required")));
    assert!(body.get("reason").is_none(), "behind a proxy there is no sign-in page of ours to link: {body}");
    let (code, _) = status("10.0.0.5:4000", &[("x-remote-user", "  ")]).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    // A demo session cookie means nothing in proxy mode.
    state.store.create_session("s", "ada", 60).await.unwrap();
    let (code, _) = status("192.0.2.7:4000", &[("cookie", "intranet_session=s")]).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    // Issue 19 item 6: a header twice is refused; an IPv4-mapped IPv6 peer is that IPv4 address.
    let (code, body) = status("10.0.0.5:4000", &[("x-remote-user", "alice"), ("x-remote-user", "boss")]).await;
    assert_eq!((code, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("ambiguous_identity")));
    let twice = [("x-remote-user", "carol"), ("x-remote-groups", "staff"), ("x-remote-groups", "intranet-admins")];
    let (code, body) = status("10.0.0.5:4000", &twice).await;
    assert_eq!((code, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("ambiguous_identity")));
    let (code, body) = status("[::ffff:10.0.0.5]:4000", &[("x-remote-user", "alice")]).await;
    assert_eq!((code, body["is_admin"].as_bool()), (StatusCode::OK, Some(false)), "{body}");
}

/// Without `--groups-header`, no header makes anyone an administrator.
#[tokio::test]
async fn the_groups_header_counts_only_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let state =
        AppState::open(settings(dir.path(), &["--identity=proxy", "--trusted-proxies=10.0.0.5"])).await.unwrap();
    let headers = [("x-remote-user", "carol"), ("x-remote-groups", "intranet-admins")];
    let (code, body) = call(&state, from_peer("/api/salesforce/status", "10.0.0.5:4000", &headers)).await;
    assert_eq!((code, body["is_admin"].as_bool()), (StatusCode::OK, Some(false)), "{body}");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_health_checks_answer() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), true).await;
    for path in ["/", "/api/salesforce/status", "/intranet/sign-in", "/healthz", "/readyz"] {
        let response = app(state.clone()).oneshot(get(path, None)).await.unwrap();
        let headers = response.headers();
        let csp = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'") && csp.contains("default-src 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin", "{path}");
        if path.ends_with("z") {
            assert_eq!(response.status(), StatusCode::OK, "{path}");
        }
    }
}

#[tokio::test]
async fn the_control_panel_page_is_for_administrators_and_the_configurator_for_everyone_signed_in() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), true).await;
    let (ada, grace) = (session(&state, "ada").await, session(&state, "grace").await);
    let page = |path: &'static str, cookie: Option<String>| {
        let state = state.clone();
        async move {
            let response = app(state).oneshot(get(path, cookie.as_deref())).await.unwrap();
            let location = response.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_owned());
            let body = response.into_body().collect().await.unwrap().to_bytes();
            (location, String::from_utf8(body.to_vec()).unwrap())
        }
    };
    let control_panel = "/control-panel/marketplace/salesforce";
    let (location, _) = page(control_panel, None).await;
    assert_eq!(location.as_deref(), Some("/intranet/sign-in?return_to=%2Fcontrol-panel%2Fmarketplace%2Fsalesforce"));
    let (_, body) = page(control_panel, Some(grace.clone())).await;
    assert!(body.contains("Only intranet administrators"), "{body}");
    let (_, body) = page(control_panel, Some(ada)).await;
    assert!(body.contains("intranet-pages-loader.js") && !body.contains("salesforce-widget-loader.js"));
    let (_, body) = page("/page-editor/salesforce-widget", Some(grace.clone())).await;
    assert!(body.contains("intranet-pages-loader.js") && body.contains("salesforce-widget-loader.js"));

    let test = |cookie: &str| {
        Request::post("/api/admin/marketplace/salesforce/test")
            .header(header::COOKIE, cookie)
            .header("x-requested-with", "salesforce-widget")
            .body(Body::empty())
            .unwrap()
    };
    let (status, body) = call(&state, test(&grace)).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::FORBIDDEN, Some("admin_required")));
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_secure_behind_https() {
    for (base, secure) in [(None, false), (Some("https://intranet.example.com"), true)] {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["widget-backend".to_owned(), format!("--data-dir={}", dir.path().display())];
        args.extend(base.map(|b| format!("--public-base-url={b}")));
        let state = AppState::open(Settings::try_parse_from(args).unwrap()).await.unwrap();
        let request = Request::post("/intranet/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("person=grace&return_to=%2F"))
            .unwrap();
        let response = app(state).oneshot(request).await.unwrap();
        let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
        assert!(
            cookie.starts_with("intranet_session=")
                && cookie.contains("; HttpOnly")
                && cookie.contains("; SameSite=Lax"),
            "{cookie}"
        );
        assert_eq!(cookie.contains("; Secure"), secure, "{cookie}");
    }
}

/// Every API answer (data, identity, settings, errors alike) is `Cache-Control: no-store`.
#[tokio::test]
async fn api_answers_are_never_stored_by_a_cache() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), true).await;
    let ada = session(&state, "ada").await;
    for (path, cookie) in [
        ("/api/salesforce/status", Some(ada.as_str())),
        ("/api/admin/marketplace/salesforce", Some(ada.as_str())),
        ("/api/salesforce/search?q=acme", None),
        ("/api/salesforce/recent", Some(ada.as_str())),
    ] {
        let response = app(state.clone()).oneshot(get(path, cookie)).await.unwrap();
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store", "{path} ({})", response.status());
    }
}

/// Issue 19 item 5: demo identity lets anyone be anyone, so it is refused on a network address
/// unless a loudly named flag allows it; the message names the way out.
#[tokio::test]
async fn demo_identity_is_refused_on_a_network_address() {
    let dir = tempfile::tempdir().unwrap();
    let args = |extra: &[&str]| settings(dir.path(), extra);
    let error = AppState::open(args(&["--addr=0.0.0.0:8080"])).await.unwrap_err().to_string();
    assert!(error.contains("--identity proxy") && error.contains("--insecure-demo-identity-on-network"), "{error}");
    assert!(AppState::open(args(&["--addr=0.0.0.0:8080", "--insecure-demo-identity-on-network"])).await.is_ok());
    assert!(AppState::open(args(&["--addr=[::1]:8080"])).await.is_ok());
    let proxy = ["--addr=0.0.0.0:8080", "--identity=proxy", "--trusted-proxies=10.0.0.5"];
    assert!(AppState::open(args(&proxy)).await.is_ok());
}

//! The demo org's OAuth endpoints over real HTTP, against the shapes Salesforce documents.

mod support;

use base64::{Engine, engine::general_purpose::STANDARD};
use demo_org::Switches;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::{StatusCode, header};
use sha2::Sha256;
use support::*;

#[tokio::test]
async fn the_full_web_server_flow_with_pkce_returns_salesforces_token_body() {
    let org = start().await;
    let params = org.authorization_code("grace", "xyz-state").await;
    assert_eq!(param(&params, "state"), Some("xyz-state"));
    let code = param(&params, "code").unwrap();
    assert!(code.ends_with("=="), "codes end in == like Salesforce's");

    let response = org.exchange(code).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let body: serde_json::Value = response.json().await.unwrap();
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["access_token", "refresh_token", "signature", "scope", "instance_url", "id", "token_type", "issued_at"]
    );
    let org_id = &org.org.data().org_id;
    assert!(body["access_token"].as_str().unwrap().starts_with(&format!("{}!", &org_id[..15])));
    assert_eq!(body["scope"], "api refresh_token id web");
    assert_eq!(body["instance_url"], org.base.as_str());
    assert_eq!(body["token_type"], "Bearer");
    let issued_at = body["issued_at"].as_str().unwrap();
    assert!(issued_at.len() == 13 && issued_at.chars().all(|c| c.is_ascii_digit()), "milliseconds as a string");
    let grace = org.org.data().user_by_username("grace@demo-org.example").unwrap().clone();
    assert_eq!(body["id"], format!("{}/id/{org_id}/{}", org.base, grace.id));

    // signature = base64(HMAC-SHA256(consumer secret, id + issued_at))
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body["id"].as_str().unwrap().as_bytes());
    mac.update(issued_at.as_bytes());
    assert_eq!(body["signature"], STANDARD.encode(mac.finalize().into_bytes()));
}

#[tokio::test]
async fn unknown_apps_and_callbacks_get_400_in_plain_text_and_no_redirect() {
    let org = start().await;
    for (name, value, body) in [
        ("client_id", "unknown", "error=invalid_client_id&error_description=client%20identifier%20invalid"),
        (
            "redirect_uri",
            "https://evil.example/cb",
            "error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration",
        ),
    ] {
        let mut params = org.authorize_params("s");
        params.retain(|(k, _)| *k != name);
        params.push((name, value.into()));
        let response = org.http.get(org.url("/services/oauth2/authorize")).query(&params).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(response.headers().get(header::LOCATION).is_none());
        assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
        assert_eq!(response.text().await.unwrap(), body);
    }
}

#[tokio::test]
async fn deny_redirects_with_access_denied_and_the_state() {
    let org = start().await;
    let params = org.authorize_params("st8");
    let (cookie, _) = org.sign_in(&params, "alan").await;
    let response = org.decide(&params, &cookie, "deny").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert_eq!(
        location,
        format!("{CALLBACK}?error=access_denied&error_description=end-user+denied+authorization&state=st8")
    );
}

#[tokio::test]
async fn a_wrong_password_shows_the_login_page_again() {
    let org = start().await;
    let mut form = org.authorize_params("s");
    form.extend([("action", "login".into()), ("username", username("ada")), ("password", "nope".into())]);
    let response = org.http.post(org.url("/services/oauth2/authorize")).form(&form).send().await.unwrap();
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    assert!(response.text().await.unwrap().contains("check your username and password"));
}

#[tokio::test]
async fn an_approved_app_skips_consent_unless_prompted_and_prompt_login_forces_sign_in() {
    let org = start().await;
    let params = org.authorize_params("s");
    let (cookie, _) = org.sign_in(&params, "hedy").await;
    org.decide(&params, &cookie, "approve").await;

    let again = org
        .http
        .get(org.url("/services/oauth2/authorize"))
        .header(header::COOKIE, &cookie)
        .query(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::FOUND, "approved before: straight back with a code");

    for (prompt, expected) in [("consent", "Allow Access?"), ("login", "Log in to the demo org")] {
        let mut prompted = params.clone();
        prompted.push(("prompt", prompt.into()));
        let response = org
            .http
            .get(org.url("/services/oauth2/authorize"))
            .header(header::COOKIE, &cookie)
            .query(&prompted)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{prompt}");
        assert!(response.text().await.unwrap().contains(expected), "{prompt}");
    }
}

#[tokio::test]
async fn codes_are_single_use_and_bound_to_redirect_uri_verifier_and_secret() {
    let org = start().await;
    let token = |form: Vec<(&'static str, String)>| {
        let org = &org;
        async move {
            let response = org.http.post(org.url("/services/oauth2/token")).form(&form).send().await.unwrap();
            let status = response.status();
            let body: serde_json::Value = response.json().await.unwrap();
            (
                status,
                body["error"].as_str().unwrap_or_default().to_owned(),
                body["error_description"].as_str().unwrap_or_default().to_owned(),
            )
        }
    };
    let form = |code: &str| {
        vec![
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.to_owned()),
            ("client_id", KEY.to_owned()),
            ("client_secret", SECRET.to_owned()),
            ("redirect_uri", CALLBACK.to_owned()),
            ("code_verifier", VERIFIER.to_owned()),
        ]
    };
    let with = |mut f: Vec<(&'static str, String)>, name: &'static str, value: Option<&str>| {
        f.retain(|(k, _)| *k != name);
        if let Some(v) = value {
            f.push((name, v.to_owned()));
        }
        f
    };
    let cases: Vec<(Option<&str>, &str, &str, &str)> = vec![
        (
            Some("wrong-verifier-wrong-verifier-wrong-verifier"),
            "code_verifier",
            "invalid_request",
            "invalid code verifier",
        ),
        (None, "code_verifier", "invalid_grant", "invalid code verifier"),
        (
            Some("http://127.0.0.1/other-callback"),
            "redirect_uri",
            "redirect_uri_mismatch",
            "redirect_uri must match configuration",
        ),
        (Some("wrong"), "client_secret", "invalid_client", "invalid client credentials"),
        (None, "client_secret", "invalid_client", "invalid client credentials"),
        (Some("nobody"), "client_id", "invalid_client_id", "client identifier invalid"),
        (None, "grant_type", "invalid_request", "grant type is missing"),
        (Some("password"), "grant_type", "unsupported_grant_type", "grant type not supported"),
    ];
    for (value, field, error, description) in cases {
        let params = org.authorization_code("grace", "s").await;
        let code = param(&params, "code").unwrap();
        let (status, got_error, got_description) = token(with(form(code), field, value)).await;
        assert_eq!(
            (status, got_error.as_str(), got_description.as_str()),
            (StatusCode::BAD_REQUEST, error, description),
            "{field}={value:?}"
        );
    }

    let params = org.authorization_code("grace", "s").await;
    let code = param(&params, "code").unwrap();
    assert_eq!(token(form(code)).await.0, StatusCode::OK);
    assert_eq!(
        token(form(code)).await,
        (StatusCode::BAD_REQUEST, "invalid_grant".into(), "invalid authorization code".into())
    );
}

#[tokio::test]
async fn client_credentials_may_come_in_a_basic_header() {
    let org = start().await;
    let params = org.authorization_code("grace", "s").await;
    let response = org
        .http
        .post(org.url("/services/oauth2/token"))
        .basic_auth(KEY, Some(SECRET))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", param(&params, "code").unwrap()),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn refresh_keeps_the_refresh_token_unless_rotation_is_on() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let refresh_token = tokens["refresh_token"].as_str().unwrap();
    let refreshed: serde_json::Value = org.refresh(refresh_token).await.json().await.unwrap();
    assert!(refreshed.get("refresh_token").is_none());
    // The refresh answer is signed like the code exchange's (the backend refuses unsigned ones).
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(refreshed["id"].as_str().unwrap().as_bytes());
    mac.update(refreshed["issued_at"].as_str().unwrap().as_bytes());
    assert_eq!(refreshed["signature"], STANDARD.encode(mac.finalize().into_bytes()));
    assert_ne!(refreshed["access_token"], tokens["access_token"]);
    assert_eq!(
        org.get("/services/data/v62.0/limits", refreshed["access_token"].as_str().unwrap()).await.status(),
        StatusCode::OK
    );
    assert_eq!(org.refresh(refresh_token).await.status(), StatusCode::OK, "without rotation it can be used again");
}

#[tokio::test]
async fn with_rotation_a_replayed_refresh_token_revokes_the_whole_family() {
    let org = start_with(Switches { refresh_token_rotation: true, ..Switches::default() }).await;
    let tokens = org.tokens("grace").await;
    let first = tokens["refresh_token"].as_str().unwrap();
    let rotated: serde_json::Value = org.refresh(first).await.json().await.unwrap();
    let second = rotated["refresh_token"].as_str().unwrap();
    assert_ne!(first, second);
    let access = rotated["access_token"].as_str().unwrap();
    assert_eq!(org.get("/services/data/v62.0/limits", access).await.status(), StatusCode::OK);

    let replay = org.refresh(first).await;
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    assert_eq!(replay.json::<serde_json::Value>().await.unwrap()["error_description"], "expired access/refresh token");
    assert_eq!(org.refresh(second).await.status(), StatusCode::BAD_REQUEST, "the current token died with its family");
    assert_eq!(org.get("/services/data/v62.0/limits", access).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_second_concurrent_refresh_of_the_same_token_is_refused() {
    let org = start_with(Switches { latency_ms: (300, 300), ..Switches::default() }).await;
    let tokens = org.tokens("alan").await;
    let refresh_token = tokens["refresh_token"].as_str().unwrap();
    let (a, b) = tokio::join!(org.refresh(refresh_token), async {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        org.refresh(refresh_token).await
    });
    // Whichever arrived second (normally b) is refused while the first is being processed.
    let (ok, refused) = if a.status() == StatusCode::OK { (a, b) } else { (b, a) };
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(
        (body["error"].as_str(), body["error_description"].as_str()),
        (Some("invalid_grant"), Some("token request is already being processed"))
    );
    assert_eq!(org.org.stats.snapshot().refresh_grants, 1);
    assert_eq!(org.org.stats.snapshot().refresh_rejected_concurrent, 1);
}

#[tokio::test]
async fn revoking_a_refresh_token_ends_its_access_tokens() {
    let org = start().await;
    let tokens = org.tokens("grace").await;
    let access = tokens["access_token"].as_str().unwrap();
    let revoke = org
        .http
        .post(org.url("/services/oauth2/revoke"))
        .form(&[("token", tokens["refresh_token"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), StatusCode::OK);
    let response = org.get("/services/data/v62.0/limits", access).await;
    assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Token");
    assert_eq!(
        error_code(response).await,
        (StatusCode::UNAUTHORIZED, "INVALID_SESSION_ID".into(), "Session expired or invalid".into())
    );
    let again = org.http.post(org.url("/services/oauth2/revoke")).form(&[("token", "unknown")]).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn identity_url_and_userinfo_describe_the_signed_in_user() {
    let org = start().await;
    let tokens = org.tokens("katherine").await;
    let access = tokens["access_token"].as_str().unwrap();
    let id_url = tokens["id"].as_str().unwrap();
    let identity: serde_json::Value =
        org.http.get(id_url).bearer_auth(access).send().await.unwrap().json().await.unwrap();
    assert_eq!(identity["username"], "katherine@demo-org.example");
    assert_eq!(identity["display_name"], "Katherine Johnson");
    assert_eq!(identity["organization_id"], org.org.data().org_id.as_str());
    let userinfo: serde_json::Value = org.get("/services/oauth2/userinfo", access).await.json().await.unwrap();
    assert_eq!(userinfo["sub"], id_url);
    assert_eq!(userinfo["preferred_username"], "katherine@demo-org.example");
    assert_eq!(org.http.get(id_url).bearer_auth("nope").send().await.unwrap().status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn short_lived_access_tokens_expire_into_invalid_session_id() {
    let org = start_with(Switches { access_token_seconds: 0, ..Switches::default() }).await;
    let tokens = org.tokens("grace").await;
    let response = org.get("/services/data/v62.0/limits", tokens["access_token"].as_str().unwrap()).await;
    assert_eq!(error_code(response).await.1, "INVALID_SESSION_ID");
}

#[tokio::test]
async fn scopes_beyond_the_apps_selection_are_refused_by_redirect() {
    let org = start().await;
    let mut params = org.authorize_params("sc");
    params.retain(|(k, _)| *k != "scope");
    params.push(("scope", "api chatter_api".into()));
    let response = org.http.get(org.url("/services/oauth2/authorize")).query(&params).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let (_, query) = location_params(&response);
    assert_eq!(param(&query, "error"), Some("invalid_scope"));
    assert_eq!(param(&query, "state"), Some("sc"));
}

#[tokio::test]
async fn record_pages_show_visible_records_to_the_signed_in_user_as_text() {
    let org = start().await;
    let (cookie, _) = org.sign_in(&org.authorize_params("s"), "grace").await;
    let data = &org.org.data();
    let grace = data.user_by_username("grace@demo-org.example").unwrap();
    let hostile = data.of_type_named("Account").find(|a| a.title().contains("<img")).unwrap();
    let page = org
        .http
        .get(org.url(&format!("/lightning/r/Account/{}/view", hostile.id)))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; Holdings") && !html.contains("<img"), "escaped");

    let own = data.of_type_named("Task").find(|t| t.owner_id() == Some(grace.id.as_str())).unwrap();
    let other = data.of_type_named("Task").find(|t| t.owner_id() != Some(grace.id.as_str())).unwrap();
    let status = |id: String| {
        let request =
            org.http.get(org.url(&format!("/lightning/r/Task/{id}/view"))).header(header::COOKIE, cookie.clone());
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(status(own.id.clone()).await, StatusCode::OK);
    assert_eq!(status(other.id.clone()).await, StatusCode::NOT_FOUND);
    let anonymous = org.http.get(org.url(&format!("/lightning/r/Task/{}/view", own.id))).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

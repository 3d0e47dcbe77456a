//! A demo org on a free loopback port, an HTTP client that does not follow redirects, and the
//! browser leg of the web server flow (sign in, approve) done the way a browser does it.
#![allow(dead_code)]

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::NaiveDate;
use demo_org::{ConnectedApp, DemoOrg, DemoOrgConfig, Switches, seed::SeedConfig};
use reqwest::{StatusCode, header};
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub const KEY: &str = "3MVG9testConsumerKey";
pub const SECRET: &str = "test-consumer-secret";
pub const CALLBACK: &str = "https://intranet.example.com/marketplace/salesforce/account/sign-in/oauth2";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-the-pkce-verifier";

pub struct TestOrg {
    pub base: String,
    pub org: Arc<DemoOrg>,
    pub http: reqwest::Client,
    _served: demo_org::Spawned,
}

/// A smaller org than the full demo (fast to seed), same code paths.
pub async fn start_with(switches: Switches) -> TestOrg {
    start_seeded(switches, SeedConfig { accounts: 400, leads: 600, tasks: 1_000, campaigns: 40, ..seed_config() }).await
}

/// The full demo's seed and date, for tests that choose their own sizes.
pub fn seed_config() -> SeedConfig {
    SeedConfig::full(11, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
}

/// An org seeded as `seed` says.
pub async fn start_seeded(switches: Switches, seed: SeedConfig) -> TestOrg {
    let mut app = ConnectedApp::new(KEY, SECRET, CALLBACK);
    app.callback_urls.push("http://127.0.0.1/other-callback".into());
    let config = DemoOrgConfig { connected_apps: vec![app], seed, switches };
    let served = demo_org::spawn(config).await.unwrap();
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestOrg { base: served.base.clone(), org: served.org.clone(), http, _served: served }
}

pub async fn start() -> TestOrg {
    start_with(Switches::default()).await
}

pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub fn username(alias: &str) -> String {
    format!("{alias}@demo-org.example")
}

/// Query parameters of a redirect's `Location`.
pub fn location_params(response: &reqwest::Response) -> (String, Vec<(String, String)>) {
    let location = response.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let (base, query) = location.split_once('?').unwrap_or((&location, ""));
    let params = serde_urlencoded::from_str(query).unwrap();
    (base.to_owned(), params)
}

pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

impl TestOrg {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn authorize_params(&self, state: &str) -> Vec<(&'static str, String)> {
        vec![
            ("response_type", "code".into()),
            ("client_id", KEY.into()),
            ("redirect_uri", CALLBACK.into()),
            ("scope", "api refresh_token id web".into()),
            ("state", state.into()),
            ("code_challenge", challenge(VERIFIER)),
            ("code_challenge_method", "S256".into()),
        ]
    }

    /// Signs in as `alias` and returns the session cookie and the response to the login form.
    pub async fn sign_in(&self, params: &[(&'static str, String)], alias: &str) -> (String, reqwest::Response) {
        let mut form: Vec<(&str, String)> = params.to_vec();
        form.push(("action", "login".into()));
        form.push(("username", username(alias)));
        form.push(("password", "demo".into()));
        let response = self.http.post(self.url("/services/oauth2/authorize")).form(&form).send().await.unwrap();
        let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
        (cookie, response)
    }

    /// The whole browser leg for `alias`: sign in, approve (the first time), and return the
    /// redirect's parameters.
    pub async fn authorization_code(&self, alias: &str, state: &str) -> Vec<(String, String)> {
        let params = self.authorize_params(state);
        let (cookie, consent) = self.sign_in(&params, alias).await;
        if consent.status() == StatusCode::FOUND {
            return location_params(&consent).1; // approved before: no consent page
        }
        assert_eq!(consent.status(), StatusCode::OK);
        assert!(consent.text().await.unwrap().contains("Allow Access?"));
        let approved = self.decide(&params, &cookie, "approve").await;
        assert_eq!(approved.status(), StatusCode::FOUND);
        let (target, params) = location_params(&approved);
        assert_eq!(target, CALLBACK);
        params
    }

    /// On the consent page, signed in with `cookie`: presses `action` (`approve` or `deny`).
    pub async fn decide(&self, params: &[(&'static str, String)], cookie: &str, action: &str) -> reqwest::Response {
        let mut form: Vec<(&str, String)> = params.to_vec();
        form.push(("action", action.into()));
        self.http
            .post(self.url("/services/oauth2/authorize"))
            .header(header::COOKIE, cookie)
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    pub async fn exchange(&self, code: &str) -> reqwest::Response {
        self.http
            .post(self.url("/services/oauth2/token"))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("client_id", KEY),
                ("client_secret", SECRET),
                ("redirect_uri", CALLBACK),
                ("code_verifier", VERIFIER),
            ])
            .send()
            .await
            .unwrap()
    }

    /// Signs `alias` in and returns the token response body.
    pub async fn tokens(&self, alias: &str) -> serde_json::Value {
        let params = self.authorization_code(alias, "s").await;
        let response = self.exchange(param(&params, "code").unwrap()).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    pub async fn refresh(&self, refresh_token: &str) -> reqwest::Response {
        self.http
            .post(self.url("/services/oauth2/token"))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
                ("client_id", KEY),
                ("client_secret", SECRET),
            ])
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.http.get(self.url(path)).bearer_auth(token).send().await.unwrap()
    }

    pub fn set_switches(&self, switches: Switches) {
        *self.org.switches.write().unwrap() = switches;
    }
}

/// The `[{"message", "errorCode"}]` body of a REST error.
pub async fn error_code(response: reqwest::Response) -> (StatusCode, String, String) {
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    (status, body[0]["errorCode"].as_str().unwrap().to_owned(), body[0]["message"].as_str().unwrap().to_owned())
}

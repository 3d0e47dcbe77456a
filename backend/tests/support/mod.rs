//! A demo org and a backend on free loopback ports, and a browser-like client (cookie jar, no
//! automatic redirects) that walks the sign-in flow the way a person's browser does.
#![allow(dead_code)]

pub mod cluster;

use chrono::NaiveDate;
use clap::Parser;
use demo_org::{ConnectedApp, DemoOrgConfig, Switches, seed::SeedConfig};
use reqwest::{StatusCode, header};
use std::path::Path;
use widget_backend::{AppState, settings::Settings};

pub const KEY: &str = "3MVG9backendTestKey";
pub const SECRET: &str = "backend-test-consumer-secret";

pub struct Backend {
    pub base: String,
    pub state: AppState,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub struct World {
    pub org: demo_org::Spawned,
    pub backend: Backend,
    pub data_dir: tempfile::TempDir,
    /// The PostgreSQL database of this test, when the suite runs against PostgreSQL.
    pub postgres: Option<TestDatabase>,
    listener_addr: std::net::SocketAddr,
    backend_args: Vec<String>,
}

/// A PostgreSQL database of its own for one test, dropped afterwards.
pub struct TestDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl TestDatabase {
    /// With `WIDGET_TEST_POSTGRES` (e.g. `postgres://postgres@127.0.0.1:5432/test`) set, every
    /// test gets a fresh database there; without it the suite uses embedded SQLite.
    async fn create() -> Option<TestDatabase> {
        let admin_url = std::env::var("WIDGET_TEST_POSTGRES").ok()?;
        Some(Self::create_at(admin_url).await)
    }

    /// A fresh database on `WIDGET_TEST_POSTGRES`, or on this machine's PostgreSQL when unset.
    pub async fn postgres() -> TestDatabase {
        let admin_url = std::env::var("WIDGET_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        Self::create_at(admin_url).await
    }

    async fn create_at(admin_url: String) -> TestDatabase {
        use sqlx::Connection;
        let name = format!("widget_test_{}_{}", std::process::id(), rand_suffix());
        let mut admin = sqlx::postgres::PgConnection::connect(&admin_url).await.expect("PostgreSQL reachable");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
        let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base).to_owned();
        TestDatabase { url: format!("{base}/{name}"), admin_url, name }
    }
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{nanos}_{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop cannot await: a short-lived runtime on its own thread removes the database.
        let _ = std::thread::spawn(move || {
            use sqlx::Connection;
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                if let Ok(mut admin) = sqlx::postgres::PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                        .execute(&mut admin)
                        .await;
                }
            });
        })
        .join();
    }
}

/// A small org (fast to seed), the same code paths as the full demo org.
pub async fn start_org(callback: &str) -> demo_org::Spawned {
    let config = DemoOrgConfig {
        connected_apps: vec![ConnectedApp::new(KEY, SECRET, callback)],
        seed: SeedConfig {
            accounts: 400,
            leads: 600,
            tasks: 1_000,
            campaigns: 40,
            ..SeedConfig::full(21, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        },
        switches: Switches::default(),
    };
    demo_org::spawn(config).await.unwrap()
}

async fn start_backend(listener: tokio::net::TcpListener, data_dir: &Path, org_base: &str, extra: &[&str]) -> Backend {
    let addr = listener.local_addr().unwrap();
    let mut args = vec![
        "widget-backend".to_owned(),
        format!("--addr={addr}"),
        format!("--data-dir={}", data_dir.display()),
        format!("--initial-consumer-key={KEY}"),
        format!("--initial-consumer-secret={SECRET}"),
        format!("--initial-login-host={org_base}"),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let state = AppState::open(Settings::try_parse_from(args).unwrap()).await.unwrap();
    let served = state.clone();
    let task = tokio::spawn(async move {
        let _ = widget_backend::serve(listener, served).await;
    });
    Backend { base: format!("http://{addr}"), state, task }
}

impl World {
    pub async fn start() -> World {
        Self::start_with(&[]).await
    }

    /// `extra`: more backend flags, e.g. `--salesforce-timeout-seconds=1`.
    pub async fn start_with(extra: &[&str]) -> World {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let listener_addr = listener.local_addr().unwrap();
        let callback = format!("http://{listener_addr}/marketplace/salesforce/account/sign-in/oauth2");
        let org = start_org(&callback).await;
        let data_dir = tempfile::tempdir().unwrap();
        let postgres = TestDatabase::create().await;
        let mut backend_args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        // Suites that search in loops are not about the per-person limit; its own tests set it.
        if !extra.iter().any(|flag| flag.starts_with("--person-request")) {
            backend_args.push("--person-requests-per-minute=0".to_owned());
        }
        if let Some(database) = &postgres {
            backend_args.push(format!("--database-url={}", database.url));
        }
        let args: Vec<&str> = backend_args.iter().map(String::as_str).collect();
        let backend = start_backend(listener, data_dir.path(), &org.base, &args).await;
        World { org, backend, data_dir, postgres, listener_addr, backend_args }
    }

    /// Stops the backend and starts a new one on the same port and data folder.
    pub async fn restart_backend(&mut self) {
        self.backend.task.abort();
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let listener = tokio::net::TcpListener::bind(self.listener_addr).await.unwrap();
        let args: Vec<&str> = self.backend_args.iter().map(String::as_str).collect();
        self.backend = start_backend(listener, self.data_dir.path(), &self.org.base, &args).await;
    }

    pub fn switches(&self, switches: Switches) {
        *self.org.org.switches.write().unwrap() = switches;
    }

    pub fn stats(&self) -> demo_org::stats::StatsSnapshot {
        self.org.org.stats.snapshot()
    }

    /// A new browser signed in to the intranet as `person`.
    pub async fn browser(&self, person: &str) -> Browser {
        Browser::signed_in(&self.backend.base, person).await
    }
}

impl Browser {
    /// A new browser (cookie jar, no automatic redirects) signed in to the intranet at `base`.
    pub async fn signed_in(base: &str, person: &str) -> Browser {
        let http =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let browser = Browser { http, intranet: base.to_owned() };
        let response = browser
            .http
            .post(browser.url("/intranet/sign-in"))
            .form(&[("person", person), ("return_to", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        browser
    }
}

pub struct Browser {
    pub http: reqwest::Client,
    pub intranet: String,
}

pub fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION].to_str().unwrap().to_owned()
}

impl Browser {
    /// The same browser (same cookies) talking to another replica of the intranet.
    pub fn on(&self, base: &str) -> Browser {
        Browser { http: self.http.clone(), intranet: base.to_owned() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.intranet)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn json(&self, path: &str) -> (StatusCode, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    pub async fn status(&self) -> serde_json::Value {
        self.json("/api/salesforce/status").await.1
    }

    pub async fn search(&self, query: &str) -> (StatusCode, serde_json::Value) {
        let response = self.http.get(self.url("/api/salesforce/search")).query(&[("q", query)]).send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// Starts connecting and returns the demo org's authorize URL the backend redirects to.
    pub async fn start_connect(&self, return_to: &str) -> String {
        let response = self
            .http
            .get(self.url("/marketplace/salesforce/account/sign-in"))
            // What a browser sends for the widget's link on the intranet's own page.
            .header("sec-fetch-site", "same-origin")
            .query(&[("return_to", return_to)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FOUND);
        location(&response)
    }

    /// At the demo org: sign in as `alias` and press `action` (approve or deny). Returns the
    /// redirect to the intranet's callback.
    pub async fn at_salesforce(&self, authorize_url: &str, alias: &str, action: &str) -> String {
        let login_page = self.http.get(authorize_url).send().await.unwrap();
        if login_page.status() == StatusCode::FOUND {
            return location(&login_page); // signed in and approved before: straight back
        }
        assert_eq!(login_page.status(), StatusCode::OK);
        let query = authorize_url.split_once('?').unwrap().1;
        let mut form: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
        let org_base = authorize_url.split("/services/").next().unwrap().to_owned();
        let mut login = form.clone();
        login.push(("action".into(), "login".into()));
        login.push(("username".into(), format!("{alias}@demo-org.example")));
        login.push(("password".into(), "demo".into()));
        let after_login =
            self.http.post(format!("{org_base}/services/oauth2/authorize")).form(&login).send().await.unwrap();
        if after_login.status() == StatusCode::FOUND {
            return location(&after_login);
        }
        form.push(("action".into(), action.into()));
        let decided = self.http.post(format!("{org_base}/services/oauth2/authorize")).form(&form).send().await.unwrap();
        assert_eq!(decided.status(), StatusCode::FOUND);
        location(&decided)
    }

    /// The whole journey: connect as the Salesforce user `alias`, approve, come back.
    pub async fn connect(&self, alias: &str) {
        let authorize = self.start_connect("/news").await;
        let callback = self.at_salesforce(&authorize, alias, "approve").await;
        let done = self.http.get(&callback).send().await.unwrap();
        assert_eq!(done.status(), StatusCode::FOUND, "{:?}", done.text().await);
        assert_eq!(location(&done), "/news");
    }

    pub async fn put_config(&self, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
        self.send_json(reqwest::Method::PUT, "/api/admin/marketplace/salesforce", body).await
    }

    /// A state-changing request with the CSRF header the widget sends, to finish and send.
    pub fn changing(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, self.url(path)).header("x-requested-with", "salesforce-widget")
    }

    /// A state-changing API call with a JSON body (and the CSRF header the widget sends).
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        let response = self
            .http
            .request(method, self.url(path))
            .header("x-requested-with", "salesforce-widget")
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }
}

//! The demo org: a local stand-in for a Salesforce org that speaks Salesforce's own wire
//! protocol (OAuth endpoints, REST search, error bodies) over seeded, deterministic data.
//!
//! It is what a new user runs on one machine and what every test talks to; the backend cannot
//! tell it from `https://login.salesforce.com` plus an org instance.
// Handlers bail out early with a finished axum `Response`; boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod admin;
pub mod api_version;
pub mod connected_app;
pub mod ids;
pub mod oauth;
pub mod recently_viewed;
pub mod records;
pub mod rest;
pub mod schema;
pub mod seed;
pub mod soql;
pub mod sosl;
pub mod stats;
pub mod switches;
pub mod text;
mod theme_icons;

pub use connected_app::ConnectedApp;
pub use switches::Switches;

use axum::{Router, http::HeaderMap};
use chrono::NaiveDate;
use records::OrgData;
use std::{
    net::SocketAddr,
    sync::{Arc, Mutex, RwLock, atomic::AtomicU64},
};
use tokio::net::TcpListener;

/// How to build a demo org.
#[derive(Clone, Debug)]
pub struct DemoOrgConfig {
    pub connected_apps: Vec<ConnectedApp>,
    pub seed: seed::SeedConfig,
    pub switches: Switches,
}

impl DemoOrgConfig {
    /// The full-size org with one Connected App, seeded as of today.
    pub fn new(connected_apps: Vec<ConnectedApp>) -> Self {
        let today = chrono::Utc::now().date_naive();
        Self { connected_apps, seed: seed::SeedConfig::full(2026, today), switches: Switches::default() }
    }
}

/// Everything the demo org's handlers share.
#[derive(Debug)]
pub struct DemoOrg {
    /// The schema and the records. Handlers take a snapshot ([`DemoOrg::data`]); adding an
    /// object at run time swaps in a new one, so a search never sees half an object.
    data: RwLock<Arc<OrgData>>,
    adding: Mutex<()>,
    /// "Today" for date literals such as `TODAY` (the seed's anchor).
    pub today: NaiveDate,
    pub connected_apps: Vec<ConnectedApp>,
    pub oauth: Mutex<oauth::store::OAuthStore>,
    pub switches: RwLock<Switches>,
    pub stats: stats::Stats,
    /// API calls counted against the org's daily allocation.
    pub api_used: AtomicU64,
    pub recently_viewed: Mutex<recently_viewed::RecentlyViewed>,
}

impl DemoOrg {
    pub fn new(config: DemoOrgConfig) -> Self {
        let data = seed::generate(&config.seed);
        let recently_viewed = Mutex::new(recently_viewed::RecentlyViewed::seeded(&data));
        Self {
            data: RwLock::new(Arc::new(data)),
            adding: Mutex::new(()),
            recently_viewed,
            today: config.seed.today,
            connected_apps: config.connected_apps,
            oauth: Mutex::default(),
            switches: RwLock::new(config.switches),
            stats: stats::Stats::default(),
            api_used: AtomicU64::new(0),
        }
    }

    pub fn app(&self, consumer_key: &str) -> Option<&ConnectedApp> {
        self.connected_apps.iter().find(|app| app.consumer_key == consumer_key)
    }

    /// The org's schema and records as they are now.
    pub fn data(&self) -> Arc<OrgData> {
        self.data.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Adds a custom object and its records to the running org (the admin API's "new object"):
    /// checked whole first, so a bad definition or record changes nothing.
    pub fn add_custom_object(
        &self,
        definition: schema::custom::CustomObject,
        records: Vec<serde_json::Map<String, serde_json::Value>>,
    ) -> Result<schema::ObjectType, String> {
        // One addition at a time; searches go on reading the current snapshot meanwhile, and
        // the new one replaces it in a moment.
        let _adding = self.adding.lock().unwrap_or_else(|e| e.into_inner());
        let mut data = OrgData::clone(&self.data());
        let object = data.add_custom_object(definition, records)?;
        *self.data.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(data);
        Ok(object)
    }

    pub fn switches(&self) -> Switches {
        self.switches.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn recently_viewed(&self) -> std::sync::MutexGuard<'_, recently_viewed::RecentlyViewed> {
        self.recently_viewed.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn oauth(&self) -> std::sync::MutexGuard<'_, oauth::store::OAuthStore> {
        self.oauth.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The org's own URL as the caller reached it (`instance_url`, identity URLs, login host).
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

/// The demo org's HTTP surface.
pub fn router(org: Arc<DemoOrg>) -> Router {
    Router::new()
        .route("/img/icon/t4v35/{kind}/{file}", axum::routing::get(theme_icons::icon))
        .merge(oauth::router())
        .merge(rest::router(org.clone()))
        .merge(admin::router())
        .with_state(org)
}

/// A demo org serving on a free loopback port in this process (tests and embedding).
pub struct Spawned {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    pub org: Arc<DemoOrg>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Seeds an org from `config` and serves it on 127.0.0.1 with a port the system picks.
pub async fn spawn(config: DemoOrgConfig) -> std::io::Result<Spawned> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let org = Arc::new(DemoOrg::new(config));
    let served = org.clone();
    let task = tokio::spawn(async move {
        let _ = serve(listener, served).await;
    });
    Ok(Spawned { base, org, task })
}

/// Serves the demo org on `listener` until the process ends.
pub async fn serve(listener: TcpListener, org: Arc<DemoOrg>) -> std::io::Result<()> {
    axum::serve(listener, router(org).into_make_service_with_connect_info::<SocketAddr>()).await
}

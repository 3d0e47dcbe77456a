//! The demo org: a local stand-in for a Salesforce org that speaks Salesforce's own wire
//! protocol (OAuth endpoints, REST search, error bodies) over seeded, deterministic data.
//!
//! It is what a new user runs on one machine and what every test talks to; the backend cannot
//! tell it from `https://login.salesforce.com` plus an org instance.

pub mod api_version;
pub mod connected_app;
pub mod ids;
pub mod records;
pub mod rest;
pub mod schema;
pub mod seed;
pub mod sosl;
pub mod text;

pub use connected_app::ConnectedApp;

use axum::Router;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Everything the demo org's handlers share.
#[derive(Debug, Default)]
pub struct DemoOrg {
    pub connected_apps: Vec<ConnectedApp>,
}

impl DemoOrg {
    pub fn new(connected_apps: Vec<ConnectedApp>) -> Self {
        Self { connected_apps }
    }
}

/// The demo org's HTTP surface.
pub fn router(org: Arc<DemoOrg>) -> Router {
    Router::new().merge(rest::router()).with_state(org)
}

/// Serves the demo org on `listener` until the process ends.
pub async fn serve(listener: TcpListener, org: Arc<DemoOrg>) -> std::io::Result<()> {
    axum::serve(listener, router(org)).await
}

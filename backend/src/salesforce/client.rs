//! The one HTTP client for every Salesforce call, and what its calls share: timing each call
//! under its name, reading the reported API usage, describing transport failures without the
//! URL. The calls themselves live by concern: `token_endpoint` (code exchange, refresh, revoke
//! on the login host), `rest` (search, query, recent, identity on the user's instance) and
//! `probes` (the control panel's checks). Nothing here logs a token or the consumer secret.

use super::rest::ApiUsage;
use crate::metrics::Metrics;
use reqwest::header;
use std::time::{Duration, Instant};

/// One HTTP client for all Salesforce calls: connection reuse, timeouts, no redirects on token
/// calls (the oauth2 crate's SSRF advice).
#[derive(Clone, Debug)]
pub struct SalesforceClient {
    pub(super) http: reqwest::Client,
    metrics: Metrics,
    guard: std::sync::Arc<crate::api_guard::ApiGuard>,
}

impl SalesforceClient {
    pub fn new(timeout: Duration, metrics: Metrics) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(90))
            .user_agent(concat!("intranet-salesforce-widget/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("static HTTP client configuration");
        Self { http, metrics, guard: std::sync::Arc::default() }
    }

    /// The org-wide guard on the API allowance (fed by every `Sforce-Limit-Info` seen).
    pub fn guard(&self) -> &crate::api_guard::ApiGuard {
        &self.guard
    }

    pub(super) fn saw_usage(&self, usage: &ApiUsage) {
        self.metrics.api_usage(usage.used, usage.limit);
        self.guard.observe(*usage);
    }

    /// Sends a request, timing it under `call` (latency histogram by call and outcome).
    pub(super) async fn send(
        &self,
        call: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let started = Instant::now();
        let response = request.send().await;
        let ok = response.as_ref().is_ok_and(|r| !r.status().is_server_error());
        self.metrics.upstream_call(call, ok, started.elapsed());
        response
    }
}

pub(super) fn is_json(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"))
}

/// A transport failure described without the URL (it may carry a query with user input).
pub(super) fn transport_error(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "connection failed".to_owned()
    }
}

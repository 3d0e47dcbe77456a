//! Prometheus metrics of one replica: requests by route and status, Salesforce call latency,
//! token refreshes, configuration purges and the org's API usage from `Sforce-Limit-Info`.
//!
//! Each `AppState` owns its registry (no global recorder), so several replicas in one test
//! process keep separate figures. They are served on their own listener (`--metrics-addr`),
//! never on the public port.

use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};
use std::{
    sync::Arc,
    time::{Duration, Instant},
};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct UpstreamLabels {
    call: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

/// How a refresh attempt ended.
#[derive(Clone, Copy, Debug)]
pub enum RefreshOutcome {
    /// This replica got a new access token from Salesforce.
    Refreshed,
    /// Another request or replica had refreshed meanwhile; its token was reused.
    Reused,
    /// Salesforce refused the refresh token: the connection ended.
    Revoked,
    /// Salesforce could not be reached or answered an error.
    Failed,
}

impl RefreshOutcome {
    fn label(self) -> &'static str {
        match self {
            Self::Refreshed => "refreshed",
            Self::Reused => "reused",
            Self::Revoked => "revoked",
            Self::Failed => "failed",
        }
    }
}

struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Family<RouteLabels, Histogram>,
    upstream_seconds: Family<UpstreamLabels, Histogram>,
    refreshes: Family<OutcomeLabels, Counter>,
    config_saves: Counter,
    purged_connections: Counter,
    purged_token_revocations: Family<OutcomeLabels, Counter>,
    api_requests_used: Gauge,
    api_requests_limit: Gauge,
}

/// Cheap to clone; every clone records into the same registry.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

/// 1 ms … ~16 s: covers a cached answer and a Salesforce call at its timeout.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("salesforce_widget");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered, by route and status", requests.clone());
        let request_seconds = Family::<RouteLabels, Histogram>::new_with_constructor(latency_histogram as fn() -> _);
        registry.register("http_request_duration_seconds", "Time to answer an HTTP request", request_seconds.clone());
        let upstream_seconds =
            Family::<UpstreamLabels, Histogram>::new_with_constructor(latency_histogram as fn() -> _);
        registry.register(
            "salesforce_call_duration_seconds",
            "Time of one call to Salesforce (token, search, identity, revoke)",
            upstream_seconds.clone(),
        );
        let refreshes = Family::<OutcomeLabels, Counter>::default();
        registry.register("token_refreshes", "Access-token refreshes by outcome", refreshes.clone());
        let config_saves = Counter::default();
        registry.register("config_saves", "Marketplace configuration changes saved", config_saves.clone());
        let purged_connections = Counter::default();
        registry.register(
            "purged_connections",
            "User connections purged by configuration changes",
            purged_connections.clone(),
        );
        let purged_token_revocations = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "purged_token_revocations",
            "Purged tokens revoked at Salesforce after a configuration change, by outcome",
            purged_token_revocations.clone(),
        );
        let api_requests_used = Gauge::default();
        registry.register(
            "salesforce_api_requests_used",
            "API requests the org used in its rolling 24 hours (last Sforce-Limit-Info seen)",
            api_requests_used.clone(),
        );
        let api_requests_limit = Gauge::default();
        registry.register(
            "salesforce_api_requests_limit",
            "API requests the org may make in 24 hours (last Sforce-Limit-Info seen)",
            api_requests_limit.clone(),
        );
        Self {
            inner: Arc::new(Inner {
                registry,
                requests,
                request_seconds,
                upstream_seconds,
                refreshes,
                config_saves,
                purged_connections,
                purged_token_revocations,
                api_requests_used,
                api_requests_limit,
            }),
        }
    }
}

impl Metrics {
    pub fn upstream_call(&self, call: &'static str, ok: bool, elapsed: Duration) {
        let outcome = if ok { "ok" } else { "error" };
        self.inner.upstream_seconds.get_or_create(&UpstreamLabels { call, outcome }).observe(elapsed.as_secs_f64());
    }

    pub fn refresh(&self, outcome: RefreshOutcome) {
        self.inner.refreshes.get_or_create(&OutcomeLabels { outcome: outcome.label() }).inc();
    }

    pub fn config_saved(&self, purged_connections: u64) {
        self.inner.config_saves.inc();
        self.inner.purged_connections.inc_by(purged_connections);
    }

    pub fn purged_token_revoked(&self, revoked: bool) {
        let outcome = if revoked { "revoked" } else { "failed" };
        self.inner.purged_token_revocations.get_or_create(&OutcomeLabels { outcome }).inc();
    }

    pub fn api_usage(&self, used: u64, limit: u64) {
        self.inner.api_requests_used.set(i64::try_from(used).unwrap_or(i64::MAX));
        self.inner.api_requests_limit.set(i64::try_from(limit).unwrap_or(i64::MAX));
    }

    /// The text exposition format Prometheus scrapes.
    pub fn render(&self) -> String {
        let mut text = String::new();
        encode(&mut text, &self.inner.registry).expect("writing to a String cannot fail");
        text
    }

    fn request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let labels = RequestLabels { method: method.to_owned(), route: route.to_owned(), status };
        self.inner.requests.get_or_create(&labels).inc();
        self.inner
            .request_seconds
            .get_or_create(&RouteLabels { route: route.to_owned() })
            .observe(elapsed.as_secs_f64());
    }
}

/// Middleware: counts and times every request under its route template (never the raw path,
/// which would carry search text and make the label set unbounded).
pub async fn track(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", |p| p.as_str()).to_owned();
    let method = method_label(request.method()).to_owned();
    let mut pending = Pending { metrics, method, route, started: Instant::now(), answered: false };
    let response = next.run(request).await;
    pending.answered = true;
    let elapsed = pending.started.elapsed();
    pending.metrics.request(&pending.method, &pending.route, response.status().as_u16(), elapsed);
    tracing::debug!(method = %pending.method, route = %pending.route, status = response.status().as_u16(), elapsed_ms = elapsed.as_secs_f64() * 1e3, "answered");
    response
}

/// The method as a metric label: the standard ones by name, anything a client invents as
/// `other`, so no client text can add label values (each is a time series kept forever).
pub fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    KNOWN.iter().find(|known| *known == method).map_or("other", |known| known.as_str())
}

/// Status under which requests the client abandoned are counted (nginx's "client closed
/// request"): a widget aborts a search as soon as its query is no longer in the box.
pub const CLIENT_CLOSED_REQUEST: u16 = 499;

/// A request being answered; counted as [`CLIENT_CLOSED_REQUEST`] if its handler is dropped
/// because the client went away before the answer.
struct Pending {
    metrics: Metrics,
    method: String,
    route: String,
    started: Instant,
    answered: bool,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.answered {
            self.metrics.request(&self.method, &self.route, CLIENT_CLOSED_REQUEST, self.started.elapsed());
        }
    }
}

/// `GET /metrics` on the metrics listener.
pub async fn scrape(State(metrics): State<Metrics>) -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], metrics.render())
}

/// The router of the metrics listener.
pub fn router(metrics: Metrics) -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(scrape)).with_state(metrics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_family_with_the_prefix() {
        let metrics = Metrics::default();
        metrics.request("GET", "/api/salesforce/search", 200, Duration::from_millis(3));
        metrics.upstream_call("search", true, Duration::from_millis(150));
        metrics.refresh(RefreshOutcome::Refreshed);
        metrics.config_saved(7);
        metrics.api_usage(18, 5000);
        let text = metrics.render();
        for line in [
            r#"salesforce_widget_http_requests_total{method="GET",route="/api/salesforce/search",status="200"} 1"#,
            r#"salesforce_widget_token_refreshes_total{outcome="refreshed"} 1"#,
            "salesforce_widget_purged_connections_total 7",
            "salesforce_widget_config_saves_total 1",
            "salesforce_widget_salesforce_api_requests_used 18",
            "salesforce_widget_salesforce_api_requests_limit 5000",
            r#"salesforce_widget_salesforce_call_duration_seconds_count{call="search",outcome="ok"} 1"#,
        ] {
            assert!(text.contains(line), "missing {line} in\n{text}");
        }
    }

    /// Issue 19: 300 distinct invented methods grew memory by 6 MB that never came back, one
    /// time series each. Now they share one label value.
    #[tokio::test]
    async fn invented_methods_share_one_label() {
        use tower::ServiceExt;
        let metrics = Metrics::default();
        let app = axum::Router::new()
            .route("/x", axum::routing::get(|| async { "x" }))
            .layer(axum::middleware::from_fn_with_state(metrics.clone(), track));
        for i in 0..1_000 {
            let method = axum::http::Method::from_bytes(format!("M{i:04}{}", "X".repeat(200)).as_bytes()).unwrap();
            let request = axum::http::Request::builder().method(method).uri("/x").body(axum::body::Body::empty());
            app.clone().oneshot(request.unwrap()).await.unwrap();
        }
        app.clone()
            .oneshot(axum::http::Request::get("/nowhere").body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
        let text = metrics.render();
        let mut series: Vec<&str> =
            text.lines().filter(|l| l.starts_with("salesforce_widget_http_requests_total{")).collect();
        series.sort_unstable();
        assert_eq!(
            series,
            [
                r#"salesforce_widget_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
                r#"salesforce_widget_http_requests_total{method="other",route="/x",status="405"} 1000"#,
            ],
            "{text}"
        );
        assert!(text.len() < 10_000, "the rendered metrics stay small: {} bytes", text.len());
    }

    #[tokio::test]
    async fn a_request_the_client_abandons_is_counted_as_499() {
        use tokio::io::AsyncWriteExt;
        let metrics = Metrics::default();
        let app = axum::Router::new()
            .route(
                "/slow",
                axum::routing::get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .layer(axum::middleware::from_fn_with_state(metrics.clone(), track));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
        client.write_all(b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        drop(client);
        let wanted = r#"status="499"} 1"#;
        for _ in 0..50 {
            if metrics.render().contains(wanted) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("no abandoned request counted:\n{}", metrics.render());
    }
}

//! What stands in front of every authenticated REST call, in Salesforce's order: outage,
//! latency, API version, session, the org's and the user's API access, the daily limit. Every
//! answer then carries `Sforce-Limit-Info`.

use super::errors::{invalid_session, not_found, sf_error};
use crate::{
    DemoOrg, api_version,
    records::{DemoUser, OrgData},
    schema::View,
    stats::Stats,
    switches::OUTAGE_PAGE,
};
use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use std::sync::{Arc, atomic::Ordering};

/// The signed-in user of a REST call and the API version its path names.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: DemoUser,
    pub api_version: u32,
}

impl Session {
    /// The org's schema as this user sees it (field-level security, their language).
    pub fn view<'a>(&'a self, data: &'a OrgData) -> View<'a> {
        data.schema.seen_by(&self.user.profile, self.user.language)
    }
}

/// The token of `Authorization: Bearer …` (or the older `OAuth …`).
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("OAuth "))?;
    Some(token.trim().to_owned())
}

pub async fn require_session(State(org): State<Arc<DemoOrg>>, request: Request, next: Next) -> Response {
    // Salesforce processes (and counts against the API allocation) a call it received even if
    // the client stops waiting: the call runs to its end in its own task, whatever happens to
    // the connection.
    match tokio::spawn(authenticate_and_run(org, request, next)).await {
        Ok(response) => response,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn authenticate_and_run(org: Arc<DemoOrg>, mut request: Request, next: Next) -> Response {
    let switches = org.switches();
    if switches.outage {
        return (StatusCode::SERVICE_UNAVAILABLE, Html(OUTAGE_PAGE)).into_response();
    }
    let latency = switches.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let version = request.uri().path().split('/').nth(3).and_then(api_version::parse_segment);
    let Some(api_version) = version else { return not_found() };
    let Some(token) = bearer(request.headers()) else { return invalid_session("Session expired or invalid") };
    let Some(access) = org.oauth().access_token(&token).cloned() else {
        return invalid_session("Session expired or invalid");
    };
    if !access.scopes.iter().any(|s| s == "api" || s == "full") {
        return invalid_session("This session is not valid for use with the REST API");
    }
    let Some(user) = org.data().user(&access.user_id).cloned() else {
        return invalid_session("Session expired or invalid");
    };
    // A user without the "API Enabled" permission gets the very same answer as an org whose
    // edition has no API: the code alone cannot tell the two apart.
    if switches.api_disabled_for_org || switches.user_lacks_api(&user.username) {
        return sf_error(
            StatusCode::FORBIDDEN,
            "API_DISABLED_FOR_ORG",
            "The REST API is not enabled for this Organization.",
        );
    }
    let used = switches.api_usage(org.api_used.load(Ordering::Relaxed));
    if switches.api_limit_reached(used) {
        let mut response = sf_error(StatusCode::FORBIDDEN, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
        set_limit_info(&mut response, used.max(switches.api_limit), switches.api_limit);
        return response;
    }
    let used = switches.api_usage(org.api_used.fetch_add(1, Ordering::Relaxed) + 1);
    Stats::bump(&org.stats.rest_calls);
    request.extensions_mut().insert(Session { user, api_version });
    let mut response = next.run(request).await;
    set_limit_info(&mut response, used, switches.api_limit);
    response
}

fn set_limit_info(response: &mut Response, used: u64, limit: u64) {
    if let Ok(value) = HeaderValue::from_str(&format!("api-usage={used}/{limit}")) {
        response.headers_mut().insert("sforce-limit-info", value);
    }
    if response.headers().get(header::CONTENT_TYPE).is_some_and(|c| c.as_bytes().starts_with(b"application/json")) {
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json;charset=UTF-8"));
    }
}

//! The demo org's own admin API, for tests and demos, answered on loopback only:
//! `GET|PUT /demo-admin/switches`, `GET /demo-admin/stats`, `GET /demo-admin/users`,
//! `POST /demo-admin/users/{username}/revoke-tokens`.

use crate::{DemoOrg, switches::Switches};
use axum::{
    Json, Router,
    extract::{ConnectInfo, Path, Request, State},
    http::{StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::json;
use std::{net::SocketAddr, sync::Arc};

pub fn router() -> Router<Arc<DemoOrg>> {
    Router::new()
        .route("/demo-admin/switches", get(get_switches).put(put_switches))
        .route("/demo-admin/stats", get(stats))
        .route("/demo-admin/users", get(users))
        .route("/demo-admin/users/{username}/revoke-tokens", post(revoke_user))
        .layer(middleware::from_fn(loopback_only))
}

/// Refuses callers that are not on this machine (or whose address is unknown), requests
/// addressed to another host name (DNS rebinding: a foreign name resolved to 127.0.0.1), and
/// requests a web page of another origin started (`POST …/revoke-tokens` needs no preflight).
async fn loopback_only(request: Request, next: Next) -> Response {
    if let Some(why) = refusal(&request) {
        return (StatusCode::FORBIDDEN, why).into_response();
    }
    next.run(request).await
}

fn refusal(request: &Request) -> Option<&'static str> {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    if !peer.is_some_and(|ip| ip.is_loopback()) {
        return Some("the demo org's admin API answers on loopback only");
    }
    let header = |name: &header::HeaderName| request.headers().get(name).and_then(|v| v.to_str().ok());
    if !header(&header::HOST).is_some_and(is_loopback_authority) {
        return Some("the demo org's admin API answers only to 127.0.0.1, [::1] or localhost");
    }
    let from_a_page = matches!(header(&SEC_FETCH_SITE), Some("cross-site" | "same-site"))
        || header(&header::ORIGIN).is_some_and(|origin| {
            !origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"))
                .is_some_and(is_loopback_authority)
        });
    from_a_page.then_some("the demo org's admin API refuses requests started by web pages")
}

const SEC_FETCH_SITE: header::HeaderName = header::HeaderName::from_static("sec-fetch-site");

/// `127.0.0.1`, `localhost`, `[::1]`, each with an optional port.
fn is_loopback_authority(authority: &str) -> bool {
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    matches!(host.to_ascii_lowercase().as_str(), "127.0.0.1" | "localhost" | "[::1]")
}

async fn get_switches(State(org): State<Arc<DemoOrg>>) -> Json<Switches> {
    Json(org.switches())
}

/// Replaces the switches; fields left out fall back to their defaults.
async fn put_switches(
    State(org): State<Arc<DemoOrg>>,
    body: Result<Json<Switches>, axum::extract::rejection::JsonRejection>,
) -> Response {
    match body {
        Ok(Json(switches)) => {
            *org.switches.write().unwrap_or_else(|e| e.into_inner()) = switches.clone();
            Json(switches).into_response()
        }
        Err(rejection) => (StatusCode::BAD_REQUEST, Json(json!({ "error": rejection.body_text() }))).into_response(),
    }
}

async fn stats(State(org): State<Arc<DemoOrg>>) -> Json<crate::stats::StatsSnapshot> {
    Json(org.stats.snapshot())
}

async fn users(State(org): State<Arc<DemoOrg>>) -> Json<serde_json::Value> {
    let users: Vec<_> = org
        .data
        .users
        .iter()
        .map(|u| json!({ "id": u.id, "username": u.username, "name": u.display_name(), "is_admin": u.is_admin }))
        .collect();
    Json(json!({ "org_id": org.data.org_id, "users": users }))
}

async fn revoke_user(State(org): State<Arc<DemoOrg>>, Path(username): Path<String>) -> Response {
    let Some(user) = org.data.user_by_username(&username) else {
        return (StatusCode::NOT_FOUND, Json(json!({ "error": format!("no user {username}") }))).into_response();
    };
    let revoked = org.oauth().revoke_user(&user.id);
    Json(json!({ "revoked": revoked })).into_response()
}

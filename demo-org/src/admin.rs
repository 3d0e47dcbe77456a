//! The demo org's own admin API, for tests and demos, answered on loopback only:
//! `GET|PUT /demo-admin/switches`, `GET /demo-admin/stats`, `GET /demo-admin/users`,
//! `POST /demo-admin/users/{username}/revoke-tokens`, `POST /demo-admin/objects`.

use crate::{DemoOrg, schema::custom::CustomObject, switches::Switches};
use axum::{
    Json, Router,
    extract::{ConnectInfo, Path, Request, State},
    http::{StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::json;
use std::{net::SocketAddr, sync::Arc};

pub fn router() -> Router<Arc<DemoOrg>> {
    Router::new()
        .route("/demo-admin/switches", get(get_switches).put(put_switches))
        .route("/demo-admin/stats", get(stats))
        .route("/demo-admin/users", get(users))
        .route("/demo-admin/users/{username}/revoke-tokens", post(revoke_user))
        .route("/demo-admin/objects", post(add_object))
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
    let data = org.data();
    let users: Vec<_> = data
        .users
        .iter()
        .map(|u| {
            json!({
                "id": u.id,
                "username": u.username,
                "name": u.display_name(),
                "is_admin": u.is_admin,
                "profile": u.profile,
                "language": u.language.locale_key(),
            })
        })
        .collect();
    Json(json!({ "org_id": data.org_id, "users": users }))
}

/// A new custom object and its records, as Setup and a data import would add them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewObject {
    object: CustomObject,
    #[serde(default)]
    records: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// `POST /demo-admin/objects`: adds a custom object to the running org; `201` with its name,
/// key prefix and record ids, or `400` with the reason (and nothing added).
async fn add_object(
    State(org): State<Arc<DemoOrg>>,
    body: Result<Json<NewObject>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(new) = match body {
        Ok(body) => body,
        Err(rejection) => {
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": rejection.body_text() }))).into_response();
        }
    };
    match org.add_custom_object(new.object, new.records) {
        Ok(object) => {
            let data = org.data();
            let ids: Vec<&str> = data.of_type(&object).map(|r| r.id.as_str()).collect();
            let body = json!({ "name": object.api_name(), "keyPrefix": object.key_prefix(), "recordIds": ids });
            (StatusCode::CREATED, Json(body)).into_response()
        }
        Err(error) => (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response(),
    }
}

async fn revoke_user(State(org): State<Arc<DemoOrg>>, Path(username): Path<String>) -> Response {
    let data = org.data();
    let Some(user) = data.user_by_username(&username) else {
        return (StatusCode::NOT_FOUND, Json(json!({ "error": format!("no user {username}") }))).into_response();
    };
    let revoked = org.oauth().revoke_user(&user.id);
    Json(json!({ "revoked": revoked })).into_response()
}

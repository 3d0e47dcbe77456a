//! `POST /services/oauth2/token` (authorization code and refresh token grants) and
//! `/services/oauth2/revoke`, with Salesforce's success and error bodies.

use super::store::{AccessToken, RefreshRefusal, RefreshToken};
use crate::{DemoOrg, base_url, stats::Stats, switches::OUTAGE_PAGE};
use axum::{
    Form, Json,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use base64::{
    Engine,
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
};
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::{sync::Arc, time::Instant};

#[derive(Debug, Default, Deserialize)]
pub struct TokenRequest {
    grant_type: Option<String>,
    code: Option<String>,
    refresh_token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
}

/// A token-endpoint error: HTTP 400 with `{"error", "error_description"}`.
fn oauth_error(org: &DemoOrg, error: &str, description: &str) -> Response {
    Stats::bump(&org.stats.token_errors);
    no_store(
        (StatusCode::BAD_REQUEST, Json(json!({ "error": error, "error_description": description }))).into_response(),
    )
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, header::HeaderValue::from_static("no-cache"));
    response
}

/// Client credentials from the Basic header (RFC 6749 §2.3.1) or the form body.
fn client_credentials(headers: &HeaderMap, request: &TokenRequest) -> (Option<String>, Option<String>) {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|pair| pair.split_once(':').map(|(id, secret)| (decode_form(id), decode_form(secret))));
    match basic {
        Some((id, secret)) => (Some(id), Some(secret)),
        None => (request.client_id.clone(), request.client_secret.clone()),
    }
}

fn decode_form(text: &str) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={text}"))
        .ok()
        .and_then(|mut pairs| pairs.pop())
        .map(|(_, v)| v)
        .unwrap_or_else(|| text.to_owned())
}

pub async fn token(State(org): State<Arc<DemoOrg>>, headers: HeaderMap, Form(request): Form<TokenRequest>) -> Response {
    let switches = org.switches();
    if switches.outage {
        return (StatusCode::SERVICE_UNAVAILABLE, Html(OUTAGE_PAGE)).into_response();
    }
    let (client_id, client_secret) = client_credentials(&headers, &request);
    let grant_type = match request.grant_type.as_deref() {
        None | Some("") => return oauth_error(&org, "invalid_request", "grant type is missing"),
        Some(g @ ("authorization_code" | "refresh_token")) => g.to_owned(),
        Some(_) => return oauth_error(&org, "unsupported_grant_type", "grant type not supported"),
    };
    let Some(app) = client_id.as_deref().and_then(|id| org.app(id)).cloned() else {
        return oauth_error(&org, "invalid_client_id", "client identifier invalid");
    };
    // "Require Secret for Web Server Flow" and "… for Refresh Token Flow" are both on.
    if client_secret.as_deref() != Some(app.consumer_secret.as_str()) {
        return oauth_error(&org, "invalid_client", "invalid client credentials");
    }
    let base = base_url(&headers);
    if grant_type == "authorization_code" {
        tokio::time::sleep(switches.latency()).await;
        authorization_code(
            &org,
            &request,
            &app.consumer_key,
            &app.consumer_secret,
            &base,
            switches.access_token_seconds,
        )
        .await
    } else {
        let rotate = switches.refresh_token_rotation || app.refresh_token_rotation;
        let latency = switches.latency();
        refresh(
            &org,
            &request,
            &app.consumer_key,
            &app.consumer_secret,
            &base,
            rotate,
            latency,
            switches.access_token_seconds,
        )
        .await
    }
}

async fn authorization_code(
    org: &DemoOrg,
    request: &TokenRequest,
    consumer_key: &str,
    secret: &str,
    base: &str,
    access_seconds: u64,
) -> Response {
    let code = request.code.as_deref().unwrap_or_default();
    let grant = match org.oauth().take_code(code) {
        Ok(grant) => grant,
        Err(description) => return oauth_error(org, "invalid_grant", description),
    };
    if grant.consumer_key != consumer_key {
        return oauth_error(org, "invalid_grant", "invalid authorization code");
    }
    if request.redirect_uri.as_deref() != Some(grant.redirect_uri.as_str()) {
        return oauth_error(org, "redirect_uri_mismatch", "redirect_uri must match configuration");
    }
    if let Some(challenge) = &grant.code_challenge {
        let Some(verifier) = request.code_verifier.as_deref() else {
            return oauth_error(org, "invalid_grant", "invalid code verifier");
        };
        if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != *challenge {
            return oauth_error(org, "invalid_request", "invalid code verifier");
        }
    }
    Stats::bump(&org.stats.authorization_code_grants);
    let mut oauth = org.oauth();
    let family = oauth.new_family();
    let access = oauth.issue_access_token(
        &org.data().org_id,
        AccessToken {
            user_id: grant.user_id.clone(),
            consumer_key: consumer_key.to_owned(),
            scopes: grant.scopes.clone(),
            expires: Instant::now() + std::time::Duration::from_secs(access_seconds),
            family,
        },
    );
    let wants_refresh = grant.scopes.iter().any(|s| s == "refresh_token" || s == "offline_access");
    let refresh = wants_refresh.then(|| {
        oauth.issue_refresh_token(RefreshToken {
            user_id: grant.user_id.clone(),
            consumer_key: consumer_key.to_owned(),
            scopes: grant.scopes.clone(),
            family,
            current: true,
        })
    });
    drop(oauth);
    success(org, base, secret, &grant.user_id, &grant.scopes, access, refresh)
}

#[allow(clippy::too_many_arguments)]
async fn refresh(
    org: &DemoOrg,
    request: &TokenRequest,
    consumer_key: &str,
    secret: &str,
    base: &str,
    rotate: bool,
    latency: std::time::Duration,
    access_seconds: u64,
) -> Response {
    let presented = request.refresh_token.clone().unwrap_or_default();
    let token = match org.oauth().begin_refresh(&presented) {
        Ok(token) if token.consumer_key == consumer_key => token,
        Ok(_) => {
            org.oauth().end_refresh(&presented);
            return oauth_error(org, "invalid_grant", "expired access/refresh token");
        }
        Err(RefreshRefusal::InFlight) => {
            Stats::bump(&org.stats.refresh_rejected_concurrent);
            return oauth_error(org, "invalid_grant", "token request is already being processed");
        }
        Err(RefreshRefusal::Unknown | RefreshRefusal::Replayed) => {
            return oauth_error(org, "invalid_grant", "expired access/refresh token");
        }
    };
    // Salesforce takes a moment to mint tokens; a second request for the same token meanwhile
    // is refused (see above).
    Stats::bump(&org.stats.refresh_requests);
    tokio::time::sleep(latency).await;
    Stats::bump(&org.stats.refresh_grants);
    let mut oauth = org.oauth();
    oauth.end_refresh(&presented);
    let access = oauth.issue_access_token(
        &org.data().org_id,
        AccessToken {
            user_id: token.user_id.clone(),
            consumer_key: consumer_key.to_owned(),
            scopes: token.scopes.clone(),
            expires: Instant::now() + std::time::Duration::from_secs(access_seconds),
            family: token.family,
        },
    );
    let new_refresh = rotate.then(|| {
        oauth.rotate_out(&presented);
        oauth.issue_refresh_token(RefreshToken { current: true, ..token.clone() })
    });
    drop(oauth);
    success(org, base, secret, &token.user_id, &token.scopes, access, new_refresh)
}

/// The success body, field for field as Salesforce sends it.
fn success(
    org: &DemoOrg,
    base: &str,
    secret: &str,
    user_id: &str,
    scopes: &[String],
    access: String,
    refresh: Option<String>,
) -> Response {
    let id = format!("{base}/id/{}/{user_id}", org.data().org_id);
    let issued_at = chrono::Utc::now().timestamp_millis().to_string();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(id.as_bytes());
    mac.update(issued_at.as_bytes());
    let signature = STANDARD.encode(mac.finalize().into_bytes());
    let mut body = serde_json::Map::new();
    body.insert("access_token".into(), access.into());
    if let Some(refresh) = refresh {
        body.insert("refresh_token".into(), refresh.into());
    }
    body.insert("signature".into(), signature.into());
    body.insert("scope".into(), scopes.join(" ").into());
    body.insert("instance_url".into(), base.into());
    body.insert("id".into(), id.into());
    body.insert("token_type".into(), "Bearer".into());
    body.insert("issued_at".into(), issued_at.into());
    no_store(Json(serde_json::Value::Object(body)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct RevokeRequest {
    token: Option<String>,
}

pub async fn revoke(State(org): State<Arc<DemoOrg>>, Form(request): Form<RevokeRequest>) -> Response {
    revoke_token(&org, request.token.as_deref())
}

pub async fn revoke_get(State(org): State<Arc<DemoOrg>>, Query(request): Query<RevokeRequest>) -> Response {
    revoke_token(&org, request.token.as_deref())
}

fn revoke_token(org: &DemoOrg, token: Option<&str>) -> Response {
    let revoked = token.is_some_and(|t| org.oauth().revoke(t));
    if !revoked {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "invalid_token", "error_description": "invalid token" })),
        )
            .into_response();
    }
    Stats::bump(&org.stats.revocations);
    StatusCode::OK.into_response()
}

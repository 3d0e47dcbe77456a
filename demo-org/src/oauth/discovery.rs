//! `GET /.well-known/openid-configuration`: the OpenID Connect discovery document that
//! Salesforce serves on its login hosts and on every My Domain (no session, not an API call).
//! It names the OAuth endpoints, so a client can check that a host is a Salesforce login host.

use crate::{DemoOrg, base_url, switches::OUTAGE_PAGE};
use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{Html, IntoResponse, Response},
};
use serde_json::json;
use std::sync::Arc;

pub async fn openid_configuration(State(org): State<Arc<DemoOrg>>, headers: HeaderMap) -> Response {
    if org.switches().outage {
        return (StatusCode::SERVICE_UNAVAILABLE, Html(OUTAGE_PAGE)).into_response();
    }
    let base = base_url(&headers);
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/services/oauth2/authorize"),
        "token_endpoint": format!("{base}/services/oauth2/token"),
        "revocation_endpoint": format!("{base}/services/oauth2/revoke"),
        "userinfo_endpoint": format!("{base}/services/oauth2/userinfo"),
        "jwks_uri": format!("{base}/id/keys"),
        "scopes_supported": ["id", "api", "web", "full", "chatter_api", "visualforce", "refresh_token", "openid",
            "profile", "email", "address", "phone", "offline_access", "custom_permissions", "wave_api", "eclair_api"],
        "response_types_supported": ["code", "token", "token id_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "display_values_supported": ["page", "popup", "touch"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic", "private_key_jwt"],
        "claims_supported": ["active", "address", "email", "email_verified", "family_name", "given_name",
            "is_app_installed", "language", "locale", "name", "nickname", "organization_id", "phone_number",
            "phone_number_verified", "photos", "picture", "preferred_username", "profile", "sub", "updated_at",
            "urls", "user_id", "user_type", "zoneinfo"],
    }))
    .into_response()
}

//! The identity URL (`/id/{orgId}/{userId}`) and OIDC userinfo, for a bearer access token.

use crate::{DemoOrg, base_url, records::DemoUser};
use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;
use std::sync::Arc;

/// The user behind a valid bearer token; Salesforce answers a bad one with 403 `Bad_OAuth_Token`.
fn token_user(org: &DemoOrg, headers: &HeaderMap) -> Result<DemoUser, Response> {
    let bad = || (StatusCode::FORBIDDEN, "Bad_OAuth_Token").into_response();
    let token = crate::rest::auth::bearer(headers).ok_or_else(bad)?;
    let user_id = org.oauth().access_token(&token).map(|t| t.user_id.clone()).ok_or_else(bad)?;
    org.data().user(&user_id).cloned().ok_or_else(bad)
}

fn urls(base: &str, org_id: &str, user_id: &str) -> serde_json::Value {
    let data = format!("{base}/services/data/v{{version}}");
    json!({
        "enterprise": format!("{base}/services/Soap/c/{{version}}/{org_id}"),
        "partner": format!("{base}/services/Soap/u/{{version}}/{org_id}"),
        "rest": format!("{data}/"),
        "sobjects": format!("{data}/sobjects/"),
        "search": format!("{data}/search/"),
        "query": format!("{data}/query/"),
        "recent": format!("{data}/recent/"),
        "profile": format!("{base}/{user_id}"),
        "custom_domain": base,
    })
}

pub async fn identity(
    State(org): State<Arc<DemoOrg>>,
    headers: HeaderMap,
    Path((org_id, user_id)): Path<(String, String)>,
) -> Response {
    let user = match token_user(&org, &headers) {
        Ok(user) => user,
        Err(response) => return response,
    };
    if org_id != org.data().org_id || user_id != user.id {
        return (StatusCode::FORBIDDEN, "Bad_Id").into_response();
    }
    let base = base_url(&headers);
    Json(json!({
        "id": format!("{base}/id/{org_id}/{user_id}"),
        "asserted_user": true,
        "user_id": user.id,
        "organization_id": org.data().org_id,
        "username": user.username,
        "nick_name": user.alias,
        "display_name": user.display_name(),
        "email": user.email,
        "email_verified": true,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "timezone": "Europe/Berlin",
        "photos": { "picture": format!("{base}/profilephoto/005/F"), "thumbnail": format!("{base}/profilephoto/005/T") },
        "active": true,
        "user_type": "STANDARD",
        "language": user.language.locale_key(),
        "locale": user.language.locale(),
        "utcOffset": 3_600_000,
        "urls": urls(&base, &org.data().org_id, &user.id),
        "is_app_installed": true,
    }))
    .into_response()
}

pub async fn userinfo(State(org): State<Arc<DemoOrg>>, headers: HeaderMap) -> Response {
    let user = match token_user(&org, &headers) {
        Ok(user) => user,
        Err(response) => return response,
    };
    let base = base_url(&headers);
    Json(json!({
        "sub": format!("{base}/id/{}/{}", org.data().org_id, user.id),
        "user_id": user.id,
        "organization_id": org.data().org_id,
        "preferred_username": user.username,
        "nickname": user.alias,
        "name": user.display_name(),
        "email": user.email,
        "email_verified": true,
        "given_name": user.first_name,
        "family_name": user.last_name,
        "zoneinfo": "Europe/Berlin",
        "active": true,
        "user_type": "STANDARD",
        "language": user.language.locale_key(),
        "locale": user.language.locale(),
        "utcOffset": 3_600_000,
        "urls": urls(&base, &org.data().org_id, &user.id),
    }))
    .into_response()
}

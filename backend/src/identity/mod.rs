//! Who the intranet user is. The intranet says so, not Salesforce: in production a trusted
//! reverse proxy sets a header; in the embedded demo a small sign-in page with demo people
//! sets a session cookie.

pub mod demo;

use crate::{AppState, error::ApiError, settings::IdentityMode};
use axum::{
    extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts},
    http::{StatusCode, request::Parts},
};
use std::net::SocketAddr;

/// The signed-in intranet user of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntranetUser {
    pub id: String,
    pub is_admin: bool,
}

pub fn sign_in_required() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "intranet_sign_in_required",
        "Sign in to the intranet to use Salesforce search.",
    )
}

impl FromRequestParts<AppState> for IntranetUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        identify(parts, state).await?.ok_or_else(sign_in_required)
    }
}

/// `Option<IntranetUser>`: pages that treat "not signed in" themselves.
impl OptionalFromRequestParts<AppState> for IntranetUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        identify(parts, state).await
    }
}

async fn identify(parts: &Parts, state: &AppState) -> Result<Option<IntranetUser>, ApiError> {
    Ok(match state.settings.identity {
        IdentityMode::Demo => demo::user_from_cookie(&parts.headers, state).await?,
        IdentityMode::Proxy => user_from_proxy(parts, state),
    })
}

/// The identity header, believed only from a configured proxy address.
fn user_from_proxy(parts: &Parts, state: &AppState) -> Option<IntranetUser> {
    let settings = &state.settings;
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip();
    if !settings.trusted_proxies.contains(&peer) {
        return None;
    }
    let id = parts.headers.get(settings.identity_header.as_str())?.to_str().ok()?.trim();
    if id.is_empty() {
        return None;
    }
    let in_admin_group = parts
        .headers
        .get(settings.groups_header.as_str())
        .and_then(|g| g.to_str().ok())
        .is_some_and(|groups| groups.split(',').any(|g| g.trim() == settings.admin_group));
    let is_admin = in_admin_group || settings.admins.iter().any(|a| a == id);
    Some(IntranetUser { id: id.to_owned(), is_admin })
}

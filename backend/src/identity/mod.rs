//! Who the intranet user is. The intranet says so, not Salesforce: in production a trusted
//! reverse proxy sets a header; in the embedded demo a small sign-in page with demo people
//! sets a session cookie.

use widget_contract::codes;
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

/// Not signed in to the intranet. With demo identity the reason is `demo_sign_in`: this
/// backend's own `/intranet/sign-in` page signs people in, and the widget links it.
pub fn sign_in_required(mode: IdentityMode) -> ApiError {
    let error = ApiError::new(
        StatusCode::UNAUTHORIZED,
        codes::INTRANET_SIGN_IN_REQUIRED,
        "Sign in to the intranet to use Salesforce search.",
    );
    match mode {
        IdentityMode::Demo => error.with_reason(codes::REASON_DEMO_SIGN_IN),
        IdentityMode::Proxy => error,
    }
}

impl FromRequestParts<AppState> for IntranetUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        identify(parts, state).await?.ok_or_else(|| sign_in_required(state.settings.identity))
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
    // Already found by a middleware of this request (see `rate_limit`); clients cannot set it.
    if let Some(user) = parts.extensions.get::<IntranetUser>() {
        return Ok(Some(user.clone()));
    }
    Ok(match state.settings.identity {
        IdentityMode::Demo => demo::user_from_cookie(&parts.headers, state).await?,
        IdentityMode::Proxy => user_from_proxy(parts, state)?,
    })
}

/// The identity header, believed only from a configured proxy address (IPv4-mapped IPv6 peers
/// compared as the IPv4 address they are). A request carrying the identity or groups header
/// more than once is refused: which one the proxy meant cannot be known.
fn user_from_proxy(parts: &Parts, state: &AppState) -> Result<Option<IntranetUser>, ApiError> {
    let settings = &state.settings;
    let Some(peer) = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_canonical()) else {
        return Ok(None);
    };
    if !settings.trusted_proxies.iter().any(|trusted| trusted.to_canonical() == peer) {
        return Ok(None);
    }
    let single = |name: &str| -> Result<Option<&str>, ApiError> {
        let mut values = parts.headers.get_all(name).iter();
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "ambiguous_identity",
                format!("The request carries the {name} header more than once."),
            ));
        }
        Ok(first.and_then(|v| v.to_str().ok()))
    };
    let groups = match &settings.groups_header {
        Some(header) => single(header)?,
        None => None,
    };
    let Some(id) = single(&settings.identity_header)?.map(str::trim).filter(|id| !id.is_empty()) else {
        return Ok(None);
    };
    let in_admin_group = groups.is_some_and(|groups| groups.split(',').any(|g| g.trim() == settings.admin_group));
    let is_admin = in_admin_group || settings.admins.iter().any(|a| a == id);
    Ok(Some(IntranetUser { id: id.to_owned(), is_admin }))
}

//! Salesforce's OAuth 2.0 endpoints: authorize (sign-in and approval pages), token
//! (authorization code with PKCE, refresh token with optional rotation), revoke, the identity
//! URL, userinfo and OpenID Connect discovery.

mod authorize;
mod discovery;
mod identity;
mod pages;
mod record_page;
pub mod store;
mod token;

use crate::DemoOrg;
use axum::{
    Router,
    routing::{get, post},
};
use std::sync::Arc;

pub fn router() -> Router<Arc<DemoOrg>> {
    Router::new()
        .route("/.well-known/openid-configuration", get(discovery::openid_configuration))
        .route("/services/oauth2/authorize", get(authorize::get).post(authorize::post))
        .route("/services/oauth2/token", post(token::token))
        .route("/services/oauth2/revoke", post(token::revoke).get(token::revoke_get))
        .route("/services/oauth2/userinfo", get(identity::userinfo))
        .route("/id/{org_id}/{user_id}", get(identity::identity))
        .route("/lightning/r/{object}/{id}/{view}", get(record_page::view))
}

//! HTTP routes, one module per area of the contract.

mod admin;
mod assets;
mod csrf;
mod disconnect;
pub mod pages;
pub mod return_to;
mod search;
mod sign_in;
mod status;

pub use csrf::{HEADER as CSRF_HEADER, VALUE as CSRF_VALUE};

use crate::{AppState, identity::demo};
use axum::{
    Router, middleware,
    routing::{get, post},
};

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/salesforce/status", get(status::status))
        .route("/api/salesforce/search", get(search::search))
        .route("/api/salesforce/disconnect", post(disconnect::disconnect))
        .route("/api/admin/marketplace/salesforce", get(admin::get_config).put(admin::put_config))
        .route("/api/openapi.json", get(assets::openapi))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::protect));
    Router::new()
        .merge(api)
        .route("/marketplace/salesforce/account/sign-in", get(sign_in::start))
        .route("/marketplace/salesforce/account/sign-in/oauth2", get(sign_in::callback))
        .route("/salesforce/Account/RetrieveAccessToken", get(sign_in::legacy_callback))
        .route("/intranet/sign-in", get(demo::page).post(demo::sign_in))
        .route("/intranet/sign-out", post(demo::sign_out))
        .merge(assets::router(&state.settings.widget_dir))
        .with_state(state)
}

//! HTTP routes, one module per area of the contract.

mod assets;
mod status;

use crate::AppState;
use axum::{Router, routing::get};

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/salesforce/status", get(status::status))
        .merge(assets::router(&state.settings.widget_dir))
        .with_state(state)
}

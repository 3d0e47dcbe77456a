//! The built widget bundle (`/widget/…`) and the demo intranet page (`/`).

use crate::AppState;
use axum::{Router, response::Html, routing::get};
use std::path::Path;
use tower_http::services::ServeDir;

/// A plain intranet page with widgets on it, as a page editor would build one.
const DEMO_INTRANET_PAGE: &str = include_str!("../../demo-intranet/index.html");

/// The HTTP contract between widget and backend.
const OPENAPI: &str = include_str!("../../openapi.json");

pub async fn openapi() -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], OPENAPI)
}

pub fn router(widget_dir: &Path) -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Html(DEMO_INTRANET_PAGE) }))
        .nest_service("/widget", ServeDir::new(widget_dir).precompressed_br().precompressed_gzip())
}

/// `GET /readyz`: 200 when the database answers, 503 otherwise (for load balancers).
pub async fn ready(axum::extract::State(state): axum::extract::State<AppState>) -> axum::http::StatusCode {
    match state.store.ping().await {
        Ok(()) => axum::http::StatusCode::OK,
        Err(error) => {
            tracing::warn!(%error, "not ready: the database does not answer");
            axum::http::StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

//! The built widget bundle (`/widget/…`) and the demo intranet page (`/`).

use crate::{AppState, identity::IntranetUser};
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

/// `GET /`: the demo intranet's home page, saying who is signed in and linking the control
/// panel for administrators.
async fn home(user: Option<IntranetUser>) -> Html<String> {
    let who = match &user {
        Some(user) => format!("Signed in as {}", html_escape::encode_text(&user.id)),
        None => "Not signed in".to_owned(),
    };
    let admin_link = if user.is_some_and(|u| u.is_admin) {
        r#"<a href="/control-panel/marketplace/salesforce">Control Panel</a>"#
    } else {
        ""
    };
    Html(DEMO_INTRANET_PAGE.replace("{{WHO}}", &who).replace("{{ADMIN_LINK}}", admin_link))
}

pub fn router(widget_dir: &Path) -> Router<AppState> {
    Router::new()
        .route("/", get(home))
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

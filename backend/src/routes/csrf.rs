//! Cross-site request forgery protection for state-changing API calls made with the session
//! cookie: they must carry `X-Requested-With: salesforce-widget` (a custom header no other site
//! can send without a CORS preflight, which this backend grants only to the origins an
//! administrator allowed) and, when the browser names an `Origin`, it must be this intranet's
//! or one of those.

use crate::{AppState, error::ApiError};
use axum::{
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use widget_contract::codes;

use widget_contract::paths::{CSRF_HEADER, CSRF_VALUE};

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state {
        let headers = request.headers();
        let marked = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) == Some(CSRF_VALUE);
        let public = state.settings.public_base_url();
        let origin = headers.get("origin").and_then(|v| v.to_str().ok());
        let origin_ok = match origin {
            None => true,
            Some(origin) if origin == public => true,
            // A page an administrator allowed to embed the widget, for the widget's own calls:
            // `cross_origin` (the outer layer) has checked it and marked the request.
            Some(_) => request.extensions().get::<super::cross_origin::AllowedOrigin>().is_some(),
        };
        if !marked || !origin_ok {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                codes::CSRF_REJECTED,
                "This request did not come from the intranet's own pages and was refused.",
            )
            .into_response();
        }
    }
    next.run(request).await
}

//! Cross-origin calls to the API from widgets on other intranet pages. A request whose `Origin`
//! is this intranet's own (or absent) passes untouched. An origin an administrator allowed gets
//! credentialed CORS: its preflight is answered, its answers name it (`Vary: Origin`). Any other
//! origin, and any origin for the control panel's API (`/api/admin/…`), is refused before the
//! handler runs: its preflight gets 403 without CORS headers (the
//! browser then sends nothing), and a simple request gets `403 origin_not_allowed` that names
//! the origin, readable by the widget so it can tell the page editor what to do.

use crate::{AppState, error::ApiError};
use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use widget_contract::codes;

/// Methods and headers the widget uses across origins.
const ALLOW_METHODS: &str = "GET, POST, PUT";
const ALLOW_HEADERS: &str = "X-Requested-With, Content-Type";
/// Headers the widget reads besides the CORS-safelisted ones.
const EXPOSE_HEADERS: &str = "Retry-After";

/// Set by [`api`] on a request from an allowed origin, so the CSRF check need not ask again.
#[derive(Clone, Copy, Debug)]
pub struct AllowedOrigin;

pub async fn api(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(origin) = request.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_owned) else {
        return next.run(request).await;
    };
    if origin.eq_ignore_ascii_case(&state.settings.public_base_url()) {
        return next.run(request).await;
    }
    let preflight =
        request.method() == Method::OPTIONS && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let allowed = crate::embedding::is_widget_api(request.uri().path())
        && state.allowed_origins.allows(&origin, &state.store).await;
    let mut response = match (allowed, preflight) {
        (true, true) => {
            let mut answer = StatusCode::NO_CONTENT.into_response();
            let headers = answer.headers_mut();
            headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
            headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            answer
        }
        (true, false) => {
            request.extensions_mut().insert(AllowedOrigin);
            next.run(request).await
        }
        (false, true) => return vary(StatusCode::FORBIDDEN.into_response()),
        // Readable by the page (the widget shows the editor what to do), so it must never carry
        // data: the handler does not run.
        (false, false) => ApiError::new(
            StatusCode::FORBIDDEN,
            codes::ORIGIN_NOT_ALLOWED,
            format!(
                "Pages on {origin} may not use this intranet's Salesforce widget. An intranet administrator can allow \
                 them in Control Panel › Marketplace › Salesforce › Embedding."
            ),
        )
        .into_response(),
    };
    name_origin(response.headers_mut(), &origin);
    vary(response)
}

fn name_origin(headers: &mut HeaderMap, origin: &str) {
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
    }
}

/// Answers differ by `Origin`: caches must keep them apart.
fn vary(mut response: Response) -> Response {
    response.headers_mut().append(header::VARY, HeaderValue::from_static("Origin"));
    response
}

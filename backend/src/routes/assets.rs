//! The built widget bundle (`/widget/…`) and the demo intranet page (`/`).

use crate::{AppState, identity::IntranetUser, settings::IdentityMode};
use axum::http::{HeaderName, HeaderValue, header};
use axum::{Router, extract::State, response::Html, routing::get};
use std::path::Path;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

/// A plain intranet page with widgets on it, as a page editor would build one.
const DEMO_INTRANET_PAGE: &str = include_str!("../../demo-intranet/index.html");

/// The HTTP contract between widget and backend.
const OPENAPI: &str = include_str!("../../openapi.json");

pub async fn openapi() -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// `GET /`: the demo intranet's home page, saying who is signed in (with demo identity: a way
/// to sign in, or to switch person and sign out) and linking the control panel for
/// administrators.
async fn home(State(state): State<AppState>, user: Option<IntranetUser>) -> Html<String> {
    let demo = state.settings.identity == IdentityMode::Demo;
    let account = match (&user, demo) {
        (Some(user), true) => format!(
            r#"<form method="post" action="/intranet/sign-out"><span data-testid="who">Signed in as {}</span>
      <a href="/intranet/sign-in?return_to=/">Switch person</a> <button type="submit">Sign out</button></form>"#,
            html_escape::encode_text(&user.id)
        ),
        (Some(user), false) => {
            format!(r#"<span data-testid="who">Signed in as {}</span>"#, html_escape::encode_text(&user.id))
        }
        (None, true) => r#"<nav aria-label="Account"><span data-testid="who">Not signed in</span>
      <a href="/intranet/sign-in?return_to=/">Sign in</a></nav>"#
            .to_owned(),
        (None, false) => r#"<span data-testid="who">Not signed in</span>"#.to_owned(),
    };
    let admin_link = if user.is_some_and(|u| u.is_admin) {
        r#"<a href="/control-panel/marketplace/salesforce">Control Panel</a>"#
    } else {
        ""
    };
    Html(DEMO_INTRANET_PAGE.replace("{{ACCOUNT}}", &account).replace("{{ADMIN_LINK}}", admin_link))
}

/// Files whose name carries their content hash (`salesforce-widget-<16 hex>_bg.wasm|.js`, see
/// xtask's `fingerprint`) never change: browsers keep them a year without asking again.
pub const FINGERPRINTED_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";
/// Every other bundle file keeps a stable name (an intranet page includes
/// `/widget/salesforce-widget-loader.js` once), so browsers ask whether it changed before reusing
/// it: `no-cache` with `Last-Modified` makes that a small `304 Not Modified`.
pub const BUNDLE_CACHE_CONTROL: &str = "no-cache";

pub fn router(widget_dir: &Path) -> Router<AppState> {
    Router::new().route("/", get(home)).merge(bundles(widget_dir))
}

/// `/widget/…`: the built bundles, served brotli or gzip from the copies the build wrote (never
/// compressed per request), with the caching their names allow.
fn bundles<S: Clone + Send + Sync + 'static>(widget_dir: &Path) -> Router<S> {
    Router::new()
        .nest_service("/widget", ServeDir::new(widget_dir).precompressed_br().precompressed_gzip())
        .layer(axum::middleware::from_fn(cache_control))
        // The bundles hold no data: pages of any origin may load them (a module script and the
        // wasm fetch are CORS requests without cookies), also under a strict
        // Cross-Origin-Embedder-Policy.
        .layer(SetResponseHeaderLayer::overriding(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
}

async fn cache_control(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let fingerprinted = is_fingerprinted(request.uri().path());
    let mut response = next.run(request).await;
    // A missing file must not be remembered for a year.
    let status = response.status();
    let found = status.is_success() || status == axum::http::StatusCode::NOT_MODIFIED;
    let value = if fingerprinted && found { FINGERPRINTED_CACHE_CONTROL } else { BUNDLE_CACHE_CONTROL };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Whether the path's file name carries a content hash: `salesforce-widget-<16 hex>_bg.wasm` or
/// `salesforce-widget-<16 hex>.js`.
pub fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    // Precompressed copies are never asked for by name: the browser asks for the file itself.
    !name.ends_with(".br") && !name.ends_with(".gz") && widget_contract::bundle::release_of(name).is_some()
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, http::Request};
    use tower::ServiceExt;

    /// The build writes `.br` and `.gz` beside each file: a browser that accepts brotli gets it
    /// with `Content-Encoding`, one that accepts nothing gets the file as it is, and a repeat
    /// visit revalidates.
    #[tokio::test]
    async fn bundles_are_served_precompressed_and_revalidated() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("salesforce-widget_bg.wasm"), b"\0asm raw bytes").unwrap();
        std::fs::write(dir.path().join("salesforce-widget_bg.wasm.br"), b"brotli bytes").unwrap();
        std::fs::write(dir.path().join("salesforce-widget_bg.wasm.gz"), b"gzip bytes").unwrap();
        let service = bundles::<()>(dir.path());
        let get = |encoding: &'static str| {
            Request::get("/widget/salesforce-widget_bg.wasm")
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())
                .unwrap()
        };
        for (accepted, encoding, body) in [
            ("br, gzip, zstd", Some("br"), &b"brotli bytes"[..]),
            ("gzip", Some("gzip"), &b"gzip bytes"[..]),
            ("identity", None, &b"\0asm raw bytes"[..]),
        ] {
            let response = service.clone().oneshot(get(accepted)).await.unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()), encoding);
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
            assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
            let last_modified = response.headers()[header::LAST_MODIFIED].clone();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
            assert_eq!(&bytes[..], body, "{accepted}");
            let mut again = get(accepted);
            again.headers_mut().insert(header::IF_MODIFIED_SINCE, last_modified);
            assert_eq!(service.clone().oneshot(again).await.unwrap().status(), 304, "{accepted}");
        }
    }

    /// Content-hashed names are kept a year; stable names and missing files are revalidated.
    #[tokio::test]
    async fn fingerprinted_files_are_immutable_and_others_revalidate() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["salesforce-widget-0123456789abcdef_bg.wasm", "salesforce-widget-loader.js"] {
            std::fs::write(dir.path().join(name), b"bytes").unwrap();
        }
        let service = bundles::<()>(dir.path());
        for (path, expected) in [
            ("/widget/salesforce-widget-0123456789abcdef_bg.wasm", FINGERPRINTED_CACHE_CONTROL),
            ("/widget/salesforce-widget-loader.js", BUNDLE_CACHE_CONTROL),
            ("/widget/salesforce-widget-fedcba9876543210.js", BUNDLE_CACHE_CONTROL),
        ] {
            let response = service.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
            assert_eq!(response.headers()[header::CACHE_CONTROL], expected, "{path} ({})", response.status());
        }
        assert!(is_fingerprinted("/widget/salesforce-widget-0123456789abcdef.js"));
        for path in
            ["/widget/salesforce-widget.js", "/widget/salesforce-widget-loader.js", "/widget/salesforce-widget-0123.js"]
        {
            assert!(!is_fingerprinted(path), "{path}");
        }
    }
}

//! HTTP routes, one module per area of the contract.

mod admin;
mod assets;
mod cross_origin;
mod csrf;
mod disconnect;
mod glance;
pub mod initiator;
mod intranet_pages;
mod org_objects;
pub mod pages;
mod picklist;
pub mod return_to;
mod search;
mod sign_in;
mod status;
mod theme_icons;

use crate::{AppState, identity::demo, rate_limit};
use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, header},
    middleware,
    routing::{get, post, put},
};
use tower_http::{set_header::SetResponseHeaderLayer, timeout::RequestBodyTimeoutLayer};
use widget_contract::paths;

/// For the pages this backend serves: its own scripts and the widget's wasm ('wasm-unsafe-eval'),
/// inline styles (the widget installs one stylesheet), calls to itself, forms to itself, and
/// nothing else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
    frame-ancestors 'self'; base-uri 'none'";

/// The largest request body read (the configuration form is under 2 KB): larger ones get 413
/// instead of being buffered.
pub const BODY_LIMIT: usize = 16 * 1024;
/// Time a client has to send a request's body.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub fn router(state: AppState) -> Router {
    // Each person's share of the org's API allowance (issue 19 item 2).
    let calls_salesforce = Router::new()
        .route(paths::SEARCH, get(search::search))
        .route(paths::RECENT, get(glance::recent).post(glance::record_view))
        .route(paths::TASKS, get(glance::tasks))
        .route(paths::PICKLIST, get(picklist::picklist))
        .route_layer(middleware::from_fn_with_state(state.clone(), rate_limit::per_person));
    let api = Router::new()
        .merge(calls_salesforce)
        .route(paths::STATUS, get(status::status))
        .route(paths::DISCONNECT, post(disconnect::disconnect))
        .route(paths::ADMIN_CONFIG, get(admin::get_config).put(admin::put_config))
        .route(paths::ADMIN_TEST, post(admin::test_connection))
        .route(paths::ADMIN_API_GUARD, put(admin::put_api_guard))
        .route(paths::ADMIN_EMBEDDING, put(admin::put_allowed_origins))
        .route(paths::ADMIN_OBJECTS, get(org_objects::list))
        .route(paths::ADMIN_SEARCHABLE_OBJECTS, get(org_objects::get_searchable).put(org_objects::put_searchable))
        .route(&format!("{}/{{name}}", paths::ADMIN_OBJECTS), get(org_objects::detail))
        .route(paths::OPENAPI, get(assets::openapi))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::protect))
        // Outside the CSRF check: a preflight (OPTIONS) is answered here, never routed.
        .layer(middleware::from_fn_with_state(state.clone(), cross_origin::api))
        // Answers carry Salesforce records, identities and settings: no browser or proxy cache
        // may keep them (issue 19 item 10).
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    Router::new()
        .merge(api)
        // Outside the API's no-store: an icon may be kept by the person's browser.
        .route(&format!("{}{{object}}", paths::ICONS), get(theme_icons::icon))
        .route(paths::SIGN_IN, get(sign_in::start))
        .route(paths::SIGN_IN_CALLBACK, get(sign_in::callback))
        .route(paths::LEGACY_CALLBACK, get(sign_in::legacy_callback))
        .route(intranet_pages::CONTROL_PANEL_PATH, get(intranet_pages::control_panel))
        .route(intranet_pages::CONFIGURATOR_PATH, get(intranet_pages::configurator))
        .route(paths::INTRANET_SIGN_IN, get(demo::page).post(demo::sign_in))
        .route(paths::INTRANET_SIGN_OUT, post(demo::sign_out))
        .merge(assets::router(&state.settings.widget_dir))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(assets::ready))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // A body trickled in a byte at a time would hold its connection: 10 s for all of it.
        .layer(RequestBodyTimeoutLayer::new(BODY_TIMEOUT))
        // Applied to every route above, after routing: the route template is known.
        .layer(middleware::from_fn_with_state(state.metrics.clone(), crate::metrics::track))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        // OAuth callback URLs carry a code and a state: never let them leak to another site
        // through Referer. Same-origin requests keep theirs (and a real `Origin` on form posts:
        // `no-referrer` made it `null`, which tells the intranet's own pages from nobody's where
        // browsers send no Fetch Metadata, i.e. on plain http).
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin-allow-popups"),
        ))
        .with_state(state)
}

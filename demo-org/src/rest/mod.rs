//! The REST API (`/services/data/...`).

pub mod auth;
mod describe;
mod errors;
mod object_info;
mod query;
mod recent;
mod records;
mod search;
mod versions;

use crate::DemoOrg;
use axum::{Router, middleware, routing::get};
use std::sync::Arc;

pub fn router(org: Arc<DemoOrg>) -> Router<Arc<DemoOrg>> {
    let authenticated = Router::new()
        .route("/services/data/{version}", get(records::resources))
        .route("/services/data/{version}/", get(records::resources))
        .route("/services/data/{version}/search", get(search::search))
        .route("/services/data/{version}/search/", get(search::search))
        .route("/services/data/{version}/search/suggestions", get(records::suggestions))
        .route(
            "/services/data/{version}/parameterizedSearch",
            get(search::parameterized_get).post(search::parameterized_post),
        )
        .route(
            "/services/data/{version}/parameterizedSearch/",
            get(search::parameterized_get).post(search::parameterized_post),
        )
        .route("/services/data/{version}/query", get(query::query))
        .route("/services/data/{version}/query/", get(query::query))
        .route("/services/data/{version}/recent", get(recent::recent))
        .route("/services/data/{version}/recent/", get(recent::recent))
        .route("/services/data/{version}/sobjects", get(describe::global))
        .route("/services/data/{version}/sobjects/", get(describe::global))
        .route("/services/data/{version}/sobjects/relevantItems", get(recent::relevant_items))
        .route("/services/data/{version}/sobjects/{object}/describe", get(describe::object))
        .route("/services/data/{version}/sobjects/{object}/describe/", get(describe::object))
        .route("/services/data/{version}/sobjects/{object}/{id}", get(records::record))
        .route("/services/data/{version}/ui-api/object-info/{object}", get(object_info::object_info))
        .route("/services/data/{version}/limits", get(records::limits))
        .route("/services/data/{version}/limits/", get(records::limits))
        .layer(middleware::from_fn_with_state(org, auth::require_session));
    // The versions list needs no session and does not count against the limit.
    Router::new()
        .route("/services/data", get(versions::list))
        .route("/services/data/", get(versions::list))
        .merge(authenticated)
}

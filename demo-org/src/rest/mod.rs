//! The REST API (`/services/data/...`).

mod versions;

use crate::DemoOrg;
use axum::{Router, routing::get};
use std::sync::Arc;

pub fn router() -> Router<Arc<DemoOrg>> {
    Router::new().route("/services/data/", get(versions::list)).route("/services/data", get(versions::list))
}

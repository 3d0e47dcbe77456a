//! `GET /services/data/`: the versions list. Needs no authentication and, as on Salesforce,
//! does not count against the API limit; during an outage it is the maintenance page too.

use crate::{DemoOrg, api_version, switches::OUTAGE_PAGE};
use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use std::sync::Arc;

pub async fn list(State(org): State<Arc<DemoOrg>>) -> Response {
    if org.switches().outage {
        return (StatusCode::SERVICE_UNAVAILABLE, Html(OUTAGE_PAGE)).into_response();
    }
    Json(api_version::all()).into_response()
}

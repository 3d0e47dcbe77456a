//! `GET /services/data/`: the versions list. Needs no authentication and, as on Salesforce,
//! does not count against the API limit.

use crate::api_version;
use axum::Json;

pub async fn list() -> Json<Vec<api_version::VersionInfo>> {
    Json(api_version::all())
}

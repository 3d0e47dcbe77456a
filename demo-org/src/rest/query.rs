//! `query/?q=<SOQL>`: runs a SOQL query as the session's user; `FOR VIEW` / `FOR REFERENCE`
//! mark the returned records as recently viewed, as Salesforce documents.

use super::{auth::Session, errors::sf_error};
use crate::{
    DemoOrg,
    soql::{self, MALFORMED_QUERY},
    sosl::SoslError,
    sosl::engine::SearchContext,
    stats::Stats,
};
use axum::{
    Extension, Json,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
pub struct QueryParams {
    q: Option<String>,
}

pub async fn query(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    Query(params): Query<QueryParams>,
) -> Response {
    Stats::bump(&org.stats.queries);
    let Some(text) = params.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) else {
        return sf_error(StatusCode::BAD_REQUEST, MALFORMED_QUERY, "A query string has to be specified");
    };
    let data = org.data();
    let query = match soql::parse(text, session.view(&data)) {
        Ok(query) => query,
        Err(error) => return error.into(),
    };
    let hidden = org.switches().objects_without_access;
    let name = query.select.object.api_name();
    if hidden.iter().any(|h| h.eq_ignore_ascii_case(name)) {
        return SoslError::unsupported_type(text, 0, name).into();
    }
    let context = SearchContext { org: &data, user: &session.user, today: org.today, api_version: session.api_version };
    let records = soql::run(&query, &context);
    if query.usage.is_some() {
        let mut recent = org.recently_viewed();
        for record in records.iter().rev() {
            recent.view(&session.user.id, record);
        }
    }
    Json(soql::response(&query, &records, &context)).into_response()
}

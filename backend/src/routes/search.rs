//! `GET /api/salesforce/search?q=&objects=&limit=&offset=` and filters (`mine`, `task`,
//! `campaign`, `filter.{object}.{field}`): reads and checks the parameters,
//! each problem with its own error code; the search itself is [`crate::search`].

use crate::{
    AppState,
    catalog::Catalog,
    error::ApiError,
    identity::IntranetUser,
    salesforce::{
        filters::{self, Filters},
        query::{self, QueryProblem},
        results::SearchResults,
    },
    search::SearchRequest,
};
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::StatusCode,
};
use serde::Deserialize;
use widget_contract::codes;

pub const DEFAULT_LIMIT: usize = 5;
pub const MAX_LIMIT: usize = 50;
pub const MAX_OFFSET: usize = 2_000;

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    objects: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

/// Checks a request's parameters; `pairs` are all of its query's pairs (filters are named by
/// object and field, so they are not fields of [`SearchParams`]).
pub fn validate(
    params: &SearchParams,
    pairs: &[(String, String)],
    catalog: &Catalog,
) -> Result<SearchRequest, ApiError> {
    let query = query::normalize(params.q.as_deref().unwrap_or_default()).map_err(|problem| match problem {
        QueryProblem::TooShort => bad_request(codes::QUERY_TOO_SHORT, "Type at least 2 letters or digits."),
        QueryProblem::TooLong => bad_request(
            codes::QUERY_TOO_LONG,
            format!("Searches are limited to {} characters.", query::MAX_QUERY_CHARS),
        ),
    })?;
    let objects = catalog
        .parse_list(params.objects.as_deref())
        .map_err(|unknown| bad_request(codes::UNKNOWN_OBJECT, unknown.message))?;
    let number =
        |value: Option<&str>, default: usize, max: usize, name: &str| -> Result<usize, ApiError> {
            match value {
                None | Some("") => Ok(default),
                Some(v) => v.parse::<usize>().ok().filter(|n| *n <= max).ok_or_else(|| {
                    bad_request("invalid_parameter", format!("{name} must be a whole number up to {max}."))
                }),
            }
        };
    let limit = number(params.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT, "limit")?.max(1);
    let offset = number(params.offset.as_deref(), 0, MAX_OFFSET, "offset")?;
    // Salesforce: "OFFSET can be used only when querying a single object" (else MALFORMED_SEARCH).
    if offset > 0 && objects.len() > 1 {
        return Err(bad_request(
            "offset_needs_one_object",
            "offset pages through one type at a time: name exactly one type in objects.",
        ));
    }
    let mut filters = Filters::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|problem| bad_request("invalid_filter", problem.message))?;
    filters::check(&mut filters, catalog).map_err(|problem| bad_request("invalid_filter", problem.message))?;
    Ok(SearchRequest { query, objects, limit, offset, filters })
}

pub async fn search(
    State(state): State<AppState>,
    user: IntranetUser,
    params: Result<Query<SearchParams>, QueryRejection>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    // A malformed query string (e.g. a parameter twice) gets the API's JSON error too.
    let invalid = |rejection: QueryRejection| bad_request("invalid_parameter", rejection.body_text());
    let (Query(params), Query(pairs)) = (params.map_err(invalid)?, pairs.map_err(invalid)?);
    // The objects a widget may name are part of the saved configuration; it and the person's
    // connection are read together, the parameters checked before a missing connection is
    // reported.
    let (config, connection) = crate::connection::config_and_connection(&state, &user.id).await?;
    let request = validate(&params, &pairs, &config.catalog())?;
    Ok(Json(crate::search::search(&state, &user.id, config, connection?, request).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate(params: &SearchParams) -> Result<SearchRequest, ApiError> {
        super::validate(params, &[], &Catalog::presets())
    }

    fn params(q: &str, objects: Option<&str>, limit: Option<&str>, offset: Option<&str>) -> SearchParams {
        SearchParams {
            q: Some(q.into()),
            objects: objects.map(Into::into),
            limit: limit.map(Into::into),
            offset: offset.map(Into::into),
        }
    }

    #[test]
    fn defaults_and_object_lists() {
        let request = validate(&params("  acme  ", None, None, None)).unwrap();
        assert_eq!(
            request,
            SearchRequest {
                query: "acme".into(),
                objects: Catalog::presets().objects().to_vec(),
                limit: 5,
                offset: 0,
                filters: Filters::default()
            }
        );
        let request = validate(&params("acme", Some("Lead, task,lead"), Some("10"), None)).unwrap();
        let keys: Vec<String> = request.objects.iter().map(|o| o.key()).collect();
        assert_eq!(keys, ["lead", "task"]);
        let request = validate(&params("acme", Some("task"), Some("10"), Some("20"))).unwrap();
        assert_eq!((request.objects[0].key().as_str(), request.limit, request.offset), ("task", 10, 20));
    }

    #[test]
    fn each_problem_has_its_code() {
        let code = |p: SearchParams| validate(&p).unwrap_err().code;
        assert_eq!(code(params("a", None, None, None)), codes::QUERY_TOO_SHORT);
        assert_eq!(code(params(&"a".repeat(201), None, None, None)), codes::QUERY_TOO_LONG);
        assert_eq!(code(params("acme", Some("contact"), None, None)), "unknown_object");
        assert_eq!(code(params("acme", None, Some("51"), None)), "invalid_parameter");
        assert_eq!(code(params("acme", None, Some("-1"), None)), "invalid_parameter");
        assert_eq!(code(params("acme", None, None, Some("2001"))), "invalid_parameter");
        assert_eq!(code(params("acme", None, None, Some("5"))), "offset_needs_one_object");
        assert_eq!(code(params("acme", Some("account,lead"), None, Some("5"))), "offset_needs_one_object");
        assert!(validate(&params("acme", Some("lead,lead"), None, Some("5"))).is_ok(), "one type, named twice");
        assert!(validate(&params("acme", None, None, Some("0"))).is_ok());
        let filtered = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            super::validate(&params("acme", None, None, None), &pairs, &Catalog::presets())
        };
        assert_eq!(filtered(&[("task", "someday")]).unwrap_err().code, "invalid_filter");
        let stale = filtered(&[("filter.lead.Email", "x")]).unwrap();
        assert!(stale.filters.fields.is_empty(), "not a filter field (any more): left out");
        assert_eq!(filtered(&[("filter.lead.Status", "a\u{1}")]).unwrap_err().code, "invalid_filter");
        let request = filtered(&[("q", "acme"), ("filter.lead.status", "Open")]).unwrap();
        assert_eq!(request.filters.field("lead", "Status"), Some("Open"));
    }
}

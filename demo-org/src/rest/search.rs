//! `search/?q=<SOSL>` and `parameterizedSearch/` (GET and POST).

use super::{auth::Session, errors::sf_error};
use crate::{
    DemoOrg,
    sosl::{self, engine},
    stats::Stats,
};
use axum::{
    Extension, Json,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

fn run_sosl(org: &DemoOrg, session: &Session, sosl_text: &str) -> Response {
    Stats::bump(&org.stats.searches);
    let data = org.data();
    let query = match sosl::parse(sosl_text, session.view(&data)) {
        Ok(query) => query,
        Err(error) => return error.into(),
    };
    let hidden = org.switches().objects_without_access;
    if let Some(item) =
        query.returning.iter().find(|r| hidden.iter().any(|h| h.eq_ignore_ascii_case(r.object.api_name())))
    {
        let name = item.object.api_name();
        return sf_error(StatusCode::BAD_REQUEST, "INVALID_TYPE", &sosl::SoslError::unsupported_type_text(name));
    }
    let context =
        engine::SearchContext { org: &data, user: &session.user, today: org.today, api_version: session.api_version };
    Json(json!({ "searchRecords": engine::run(&query, &context) })).into_response()
}

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
}

pub async fn search(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    Query(params): Query<SearchParams>,
) -> Response {
    match params.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => run_sosl(&org, &session, q),
        None => sf_error(
            StatusCode::BAD_REQUEST,
            "MALFORMED_SEARCH",
            "No search term found. The search term must be enclosed in braces.",
        ),
    }
}

/// One object of a parameterized search.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchObject {
    name: String,
    fields: Option<Vec<String>>,
    limit: Option<usize>,
    #[serde(rename = "where")]
    condition: Option<String>,
    order_by: Option<String>,
}

/// The POST body (the GET parameters map onto the same shape).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterizedSearch {
    q: Option<String>,
    fields: Option<Vec<String>>,
    #[serde(default)]
    sobjects: Vec<SearchObject>,
    #[serde(rename = "in")]
    scope: Option<String>,
    overall_limit: Option<usize>,
    default_limit: Option<usize>,
    offset: Option<usize>,
}

impl ParameterizedSearch {
    /// Reads `q`, `sobject` (repeated), `fields`, `in`, `overallLimit`, `defaultLimit`, `offset`
    /// and the per-object `{Object}.fields|limit|where|orderBy` parameters.
    fn from_query(pairs: &[(String, String)]) -> Self {
        let mut search = Self::default();
        let list = |v: &str| v.split(',').map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()).collect::<Vec<_>>();
        for (key, value) in pairs {
            match key.as_str() {
                "q" => search.q = Some(value.clone()),
                "sobject" => search.sobjects.push(SearchObject { name: value.clone(), ..Default::default() }),
                "fields" => search.fields = Some(list(value)),
                "in" => search.scope = Some(value.clone()),
                "overallLimit" => search.overall_limit = value.parse().ok(),
                "defaultLimit" => search.default_limit = value.parse().ok(),
                "offset" => search.offset = value.parse().ok(),
                _ => {}
            }
        }
        for object in &mut search.sobjects {
            for (key, value) in pairs {
                let Some((name, setting)) = key.split_once('.') else { continue };
                if !name.eq_ignore_ascii_case(&object.name) {
                    continue;
                }
                match setting {
                    "fields" => object.fields = Some(list(value)),
                    "limit" => object.limit = value.parse().ok(),
                    "where" => object.condition = Some(value.clone()),
                    "orderBy" => object.order_by = Some(value.clone()),
                    _ => {}
                }
            }
        }
        search
    }

    /// The equivalent SOSL statement. `q` cannot close the braces: an unescaped `}` is refused.
    fn to_sosl(&self) -> Result<String, Response> {
        let q = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).ok_or_else(|| {
            sf_error(
                StatusCode::BAD_REQUEST,
                "MALFORMED_SEARCH",
                "No search term found. The search term must be enclosed in braces.",
            )
        })?;
        if has_unescaped_closing_brace(q) {
            return Err(sf_error(
                StatusCode::BAD_REQUEST,
                "MALFORMED_SEARCH",
                "line 1:0 mismatched character '}' in search term",
            ));
        }
        let mut sosl = format!("FIND {{{q}}}");
        if let Some(scope) = &self.scope {
            sosl.push_str(&format!(" IN {scope} FIELDS"));
        }
        if !self.sobjects.is_empty() {
            let objects: Vec<String> = self
                .sobjects
                .iter()
                .map(|o| {
                    let fields =
                        o.fields.clone().or_else(|| self.fields.clone()).unwrap_or_else(|| vec!["Id".to_owned()]);
                    let mut clause = format!("{}({}", o.name, fields.join(", "));
                    if let Some(condition) = &o.condition {
                        clause.push_str(&format!(" WHERE {condition}"));
                    }
                    if let Some(order) = &o.order_by {
                        clause.push_str(&format!(" ORDER BY {order}"));
                    }
                    if let Some(limit) = o.limit.or(self.default_limit) {
                        clause.push_str(&format!(" LIMIT {limit}"));
                    }
                    if let (Some(offset), 1) = (self.offset, self.sobjects.len()) {
                        clause.push_str(&format!(" OFFSET {offset}"));
                    }
                    clause.push(')');
                    clause
                })
                .collect();
            sosl.push_str(&format!(" RETURNING {}", objects.join(", ")));
        }
        if let Some(limit) = self.overall_limit {
            sosl.push_str(&format!(" LIMIT {limit}"));
        }
        Ok(sosl)
    }
}

fn has_unescaped_closing_brace(q: &str) -> bool {
    let mut escaped = false;
    for c in q.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '}' => return true,
            _ => {}
        }
    }
    false
}

pub async fn parameterized_get(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    match ParameterizedSearch::from_query(&pairs).to_sosl() {
        Ok(sosl) => run_sosl(&org, &session, &sosl),
        Err(response) => response,
    }
}

pub async fn parameterized_post(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    body: Result<Json<ParameterizedSearch>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(search)) = body else {
        return sf_error(
            StatusCode::BAD_REQUEST,
            "JSON_PARSER_ERROR",
            "The request body is not a valid parameterized search.",
        );
    };
    match search.to_sosl() {
        Ok(sosl) => run_sosl(&org, &session, &sosl),
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_parameters_become_the_equivalent_sosl() {
        let pairs: Vec<(String, String)> = [
            ("q", "Acme"),
            ("sobject", "Account"),
            ("Account.fields", "Id,Name"),
            ("Account.limit", "10"),
            ("sobject", "Lead"),
            ("Lead.where", "IsConverted=false"),
            ("in", "NAME"),
            ("overallLimit", "15"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            ParameterizedSearch::from_query(&pairs).to_sosl().unwrap(),
            "FIND {Acme} IN NAME FIELDS RETURNING Account(Id, Name LIMIT 10), Lead(Id WHERE IsConverted=false) LIMIT 15"
        );
    }

    #[test]
    fn q_cannot_close_the_braces() {
        let search = ParameterizedSearch { q: Some("x} RETURNING User(Id".into()), ..Default::default() };
        assert!(search.to_sosl().is_err());
        let search = ParameterizedSearch { q: Some("a\\}b".into()), ..Default::default() };
        assert!(search.to_sosl().is_ok());
    }
}

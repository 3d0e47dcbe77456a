//! `sobjects/{Type}/{Id}`, `search/suggestions`, `limits` and the version's resource list.

use super::{
    auth::Session,
    errors::{not_found, sf_error},
};
use crate::{
    DemoOrg, ids,
    records::Record,
    sosl::{FieldRef, Returning, engine},
    text,
};
use axum::{
    Extension, Json,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;
use std::sync::{Arc, atomic::Ordering};

#[derive(Debug, Deserialize)]
pub struct RecordParams {
    fields: Option<String>,
}

pub async fn record(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    Path((_version, object, id)): Path<(String, String, String)>,
    Query(params): Query<RecordParams>,
) -> Response {
    let data = org.data();
    let view = session.view(&data);
    let Some(object) = view.object(&object) else { return not_found() };
    let Some(id) = ids::to_18(&id) else {
        return sf_error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            &format!("Provided external ID field does not exist or is not accessible: {id}"),
        );
    };
    // Every user sees every user record, whatever the sharing.
    let record =
        data.record(&id).filter(|r| &r.object == object && (object.is("User") || data.is_visible(r, &session.user)));
    let Some(record) = record else { return not_found() };
    let fields = match &params.fields {
        Some(list) => {
            let mut fields = Vec::new();
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                // A field the user may not see answers as one that does not exist.
                let Some(index) = view.field_index(object, name) else {
                    return sf_error(
                        StatusCode::BAD_REQUEST,
                        "INVALID_FIELD",
                        &format!("No such column '{name}' on sobject of type {}", object.api_name()),
                    );
                };
                fields.push(FieldRef::Direct { index, name: object.fields()[index].name.clone() });
            }
            fields
        }
        // "Fields that are inaccessible to you by field-level security are not returned."
        None => object
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| f.visible_to(&session.user.profile))
            .map(|(index, f)| FieldRef::Direct { index, name: f.name.clone() })
            .collect(),
    };
    let item =
        Returning { object: object.clone(), fields, condition: None, order_by: Vec::new(), limit: None, offset: None };
    let context =
        engine::SearchContext { org: &data, user: &session.user, today: org.today, api_version: session.api_version };
    Json(engine::shape(record, &item, &context)).into_response()
}

#[derive(Debug, Deserialize)]
pub struct SuggestionParams {
    q: Option<String>,
    sobject: Option<String>,
    limit: Option<usize>,
}

/// Type-ahead on the name field: every word must start a word of the name, in any order.
pub async fn suggestions(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    Query(params): Query<SuggestionParams>,
) -> Response {
    let q: String = params.q.unwrap_or_default().chars().filter(|c| !matches!(c, '"' | '*' | '?')).collect();
    let q = q.trim();
    let minimum = if q.chars().any(text::is_cjk) { 2 } else { 3 };
    if q.chars().count() < minimum || q.chars().count() > 255 {
        return sf_error(
            StatusCode::BAD_REQUEST,
            "INVALID_SEARCH",
            "search term must be between 3 and 255 characters (2 for CJK)",
        );
    }
    let data = org.data();
    let Some(object) =
        params.sobject.as_deref().and_then(|name| data.schema.object(name)).filter(|o| o.is_searchable())
    else {
        let name = params.sobject.unwrap_or_default();
        return sf_error(StatusCode::BAD_REQUEST, "INVALID_TYPE", &format!("sObject type '{name}' is not supported."));
    };
    let limit = params.limit.unwrap_or(5).clamp(1, 50);
    let wanted: Vec<String> = text::words(q).collect();
    let normalized = text::normalize(q);
    let matches = |record: &Record| {
        let title = record.title();
        if normalized.chars().any(text::is_cjk) {
            return text::normalize(title).contains(&normalized);
        }
        let words: Vec<String> = text::words(title).collect();
        wanted.iter().all(|w| words.iter().any(|word| word.starts_with(w.as_str())))
    };
    let mut found: Vec<&Record> =
        data.of_type(object).filter(|r| data.is_visible(r, &session.user)).filter(|r| matches(r)).collect();
    found.sort_by(|a, b| a.title().cmp(b.title()));
    let has_more = found.len() > limit;
    let results: Vec<serde_json::Value> = found
        .into_iter()
        .take(limit)
        .map(|r| {
            let title_key = object.title_field();
            json!({
                "attributes": { "type": object.api_name(), "url": format!("/services/data/v{}.0/sobjects/{}/{}", session.api_version, object.api_name(), r.id) },
                "Id": r.id,
                title_key: r.title(),
            })
        })
        .collect();
    Json(json!({ "autoSuggestResults": results, "hasMoreResults": has_more, "runtimeErrors": [] })).into_response()
}

pub async fn limits(State(org): State<Arc<DemoOrg>>) -> Response {
    let switches = org.switches();
    let used = if switches.api_limit_exhausted {
        switches.api_limit
    } else {
        switches.api_usage(org.api_used.load(Ordering::Relaxed))
    };
    Json(json!({
        "DailyApiRequests": { "Max": switches.api_limit, "Remaining": switches.api_limit.saturating_sub(used) },
        "DailyAsyncApexExecutions": { "Max": 250000, "Remaining": 250000 },
        "DailyBulkApiBatches": { "Max": 15000, "Remaining": 15000 },
        "DataStorageMB": { "Max": 5, "Remaining": 5 },
    }))
    .into_response()
}

pub async fn resources(Extension(session): Extension<Session>) -> Response {
    let v = format!("/services/data/v{}.0", session.api_version);
    Json(json!({
        "limits": format!("{v}/limits"),
        "parameterizedSearch": format!("{v}/parameterizedSearch"),
        "query": format!("{v}/query"),
        "recent": format!("{v}/recent"),
        "search": format!("{v}/search"),
        "sobjects": format!("{v}/sobjects"),
    }))
    .into_response()
}

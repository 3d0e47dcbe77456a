//! Before the user types: `GET /api/salesforce/recent` (their recently viewed records),
//! `POST /api/salesforce/recent` (a record opened through the widget becomes recently viewed in
//! Salesforce) and `GET /api/salesforce/tasks` (the "my tasks" glance). Each spends at most one
//! Salesforce call, and answers are cached per user (see [`crate::glance_cache`]).

use crate::{
    AppState,
    catalog::{Catalog, SearchObject},
    connection,
    error::ApiError,
    glance_cache::{Answer, Glance, Key, Lookup},
    identity::IntranetUser,
    marketplace::StoredConfig,
    salesforce::{
        RestError,
        filters::TaskState,
        query,
        results::{self, ResultItem},
    },
    store::Connection,
};
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use widget_contract::codes;

/// Recently viewed records asked of Salesforce at once (its maximum is 200): enough that the
/// widget's four types are among them even for people who view many other kinds of record.
const RECENT_FETCH: usize = 100;
/// Most records a widget shows in a glance list (its results per type, at most 20).
pub const MAX_LIMIT: usize = 20;
/// Tasks asked of Salesforce at once: the most any widget shows, so one answer serves all.
const TASKS_FETCH: usize = MAX_LIMIT;
pub const DEFAULT_LIMIT: usize = 5;

fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

#[derive(Debug, Deserialize)]
pub struct GlanceParams {
    objects: Option<String>,
    limit: Option<String>,
    task: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GlanceResults {
    pub records: Vec<ResultItem>,
    /// More exist than `limit`.
    pub has_more: bool,
    /// Where Salesforce lists them all, when more exist.
    pub more_url: Option<String>,
}

fn limit(raw: Option<&str>, max: usize) -> Result<usize, ApiError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(DEFAULT_LIMIT.min(max)),
        Some(value) => {
            value.parse::<usize>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
                bad_request("invalid_parameter", format!("limit must be a whole number from 1 to {max}."))
            })
        }
    }
}

fn objects(catalog: &Catalog, raw: Option<&str>) -> Result<Vec<SearchObject>, ApiError> {
    catalog.parse_list(raw).map_err(|unknown| bad_request(codes::UNKNOWN_OBJECT, unknown.message))
}

/// The glance `glance` for this user: fresh from the cache, stale from the cache while one
/// background refresh runs, or fetched (once for concurrent callers) when there is none.
async fn glance(
    state: &AppState,
    config: StoredConfig,
    connection: Connection,
    user: &IntranetUser,
    glance: Glance,
) -> Result<Answer, ApiError> {
    let key = Key::new(&connection, glance);
    match state.glance_cache.get(&key).await {
        Lookup::Fresh(answer) => Ok(answer),
        Lookup::Stale(answer) => {
            if let Some(guard) = state.glance_cache.begin_refresh(&key) {
                let (state, user) = (state.clone(), user.id.clone());
                tokio::spawn(async move {
                    let _guard = guard;
                    let asked = std::time::Instant::now();
                    match fetch(&state, &config, &user, None, glance).await {
                        Ok(answer) => state.glance_cache.refreshed(key, answer, asked).await,
                        Err(error) => {
                            tracing::debug!(code = error.code, "background refresh failed; kept the old answer")
                        }
                    }
                });
            }
            Ok(answer)
        }
        Lookup::Missing => state
            .glance_cache
            .get_or_fetch(key, fetch(state, &config, &user.id, Some(connection), glance))
            .await
            .map_err(|error| error.as_ref().clone()),
    }
}

/// Asks Salesforce (one call, plus a token refresh when the access token expired).
async fn fetch(
    state: &AppState,
    config: &StoredConfig,
    user: &str,
    connection: Option<Connection>,
    glance: Glance,
) -> Result<Answer, ApiError> {
    let connection = match connection {
        Some(connection) => connection,
        None => connection::current(state, user).await?,
    };
    let api_version = config.config.api_version.clone();
    let catalog = config.catalog();
    connection::with_connection(state, config, user, connection, |connection| {
        let (state, api_version, catalog) = (state.clone(), api_version.clone(), catalog.clone());
        async move {
            let client = &state.salesforce;
            let token = &connection.access_token;
            let records = match glance {
                Glance::Recent => {
                    let recent = client.recent(&connection.instance_url, &api_version, token, RECENT_FETCH).await?;
                    shown_recent(&catalog, recent)
                }
                Glance::Tasks(task) => {
                    let owner = connection.salesforce_user_id().ok_or_else(|| {
                        RestError::Unavailable("the identity URL does not name a Salesforce user".into())
                    })?;
                    let tasks = catalog.tasks().ok_or_else(|| {
                        RestError::Unavailable("tasks are not among the objects widgets search".into())
                    })?;
                    let soql = query::tasks_query(tasks, owner, task, TASKS_FETCH);
                    client.query(&connection.instance_url, &api_version, token, &soql).await?
                }
            };
            Ok(Answer::new(records, &connection.instance_url))
        }
    })
    .await
}

/// What of Salesforce's recent list is worth keeping: records of the types a widget can show,
/// at most one more per type than a widget shows (to know that more exist), nothing else.
fn shown_recent(catalog: &Catalog, records: Vec<Value>) -> Vec<Value> {
    let mut kept_per_type = std::collections::HashMap::<SearchObject, usize>::new();
    records
        .into_iter()
        .filter(|record| {
            let object = record["attributes"]["type"].as_str().and_then(|name| catalog.by_name(name));
            let Some(object) = object.filter(|o| o.is_recently_viewed()) else { return false };
            let kept = kept_per_type.entry(object.clone()).or_default();
            *kept += 1;
            *kept <= MAX_LIMIT + 1
        })
        .collect()
}

/// A recent-list entry (`Id`, `Name`, `attributes.type`) as a result item, if of a wanted type.
fn recent_item(record: &Value, wanted: &[SearchObject], instance_url: &str) -> Option<ResultItem> {
    let name = record["attributes"]["type"].as_str()?;
    let object = wanted.iter().find(|o| o.api_name().eq_ignore_ascii_case(name) && o.is_recently_viewed())?;
    let mut item = results::item(object, record, instance_url)?;
    item.details.clear();
    Some(item)
}

/// `GET /api/salesforce/recent?objects=&limit=`
pub async fn recent(
    State(state): State<AppState>,
    user: IntranetUser,
    params: Result<Query<GlanceParams>, QueryRejection>,
) -> Result<Json<GlanceResults>, ApiError> {
    let Query(params) = params.map_err(|rejection| bad_request("invalid_parameter", rejection.body_text()))?;
    let (config, connection) = connection::config_and_connection(&state, &user.id).await?;
    let wanted = objects(&config.catalog(), params.objects.as_deref())?;
    let limit = limit(params.limit.as_deref(), MAX_LIMIT)?;
    let connection = connection?;
    // Salesforce never lists tasks among recently viewed records: nothing to ask for them alone
    // (the connection is still checked, so every caller gets the same answers about it).
    if !wanted.iter().any(|o| o.is_recently_viewed()) {
        return Ok(Json(GlanceResults { records: Vec::new(), has_more: false, more_url: None }));
    }
    let answer = glance(&state, config, connection, &user, Glance::Recent).await?;
    let mut records: Vec<ResultItem> =
        answer.records.iter().filter_map(|r| recent_item(r, &wanted, &answer.instance_url)).collect();
    let has_more = records.len() > limit;
    records.truncate(limit);
    Ok(Json(GlanceResults { records, has_more, more_url: None }))
}

/// `GET /api/salesforce/tasks?task=open|overdue|completed&limit=`
pub async fn tasks(
    State(state): State<AppState>,
    user: IntranetUser,
    params: Result<Query<GlanceParams>, QueryRejection>,
) -> Result<Json<GlanceResults>, ApiError> {
    let Query(params) = params.map_err(|rejection| bad_request("invalid_parameter", rejection.body_text()))?;
    let limit = limit(params.limit.as_deref(), MAX_LIMIT)?;
    let task = match params.task.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => TaskState::Open,
        Some(key) => TaskState::from_key(key).ok_or_else(|| {
            bad_request("invalid_parameter", format!("task must be open, overdue or completed, not \"{key}\"."))
        })?,
    };
    let (config, connection) = connection::configured(&state, &user.id).await?;
    let catalog = config.catalog();
    // Tasks are not among the objects widgets search: there are none to show (the connection
    // is still checked, so every caller gets the same answers about it).
    let Some(tasks) = catalog.tasks() else {
        return Ok(Json(GlanceResults { records: Vec::new(), has_more: false, more_url: None }));
    };
    let answer = glance(&state, config, connection, &user, Glance::Tasks(task)).await?;
    let mut records: Vec<ResultItem> =
        answer.records.iter().filter_map(|r| results::item(tasks, r, &answer.instance_url)).collect();
    let has_more = records.len() > limit;
    records.truncate(limit);
    // Salesforce's own task list (its list views include "My Tasks" and "Overdue Tasks").
    let more_url = has_more.then(|| format!("{}/lightning/o/Task/home", answer.instance_url));
    Ok(Json(GlanceResults { records, has_more, more_url }))
}

#[derive(Debug, Deserialize)]
pub struct ViewedRecord {
    object: String,
    id: String,
}

/// `POST /api/salesforce/recent` with `{"object": "account", "id": "001…"}`: one `FOR VIEW`
/// query, then the cached recent list gets the record in front (no second call).
pub async fn record_view(
    State(state): State<AppState>,
    user: IntranetUser,
    body: Result<Json<ViewedRecord>, axum::extract::rejection::JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(viewed) =
        body.map_err(|rejection| ApiError::unreadable_body(&rejection, "invalid_body", "The body could not be read"))?;
    let (config, connection) = connection::config_and_connection(&state, &user.id).await?;
    let catalog = config.catalog();
    let object = catalog
        .by_name(&viewed.object)
        .cloned()
        .ok_or_else(|| bad_request(codes::UNKNOWN_OBJECT, catalog.unknown(&viewed.object).message))?;
    if !query::is_record_id(&viewed.id) {
        return Err(bad_request("invalid_record_id", "A Salesforce record id has 15 or 18 letters and digits."));
    }
    let connection = connection?;
    // Salesforce's RecentlyViewed does not support tasks: a FOR VIEW would spend a call and list
    // nothing, so none is made and nothing is pretended.
    if !object.is_recently_viewed() {
        return Err(bad_request(
            "not_recently_viewable",
            format!("Salesforce does not keep {} among recently viewed records.", object.api_name()),
        ));
    }
    let key = Key::new(&connection, Glance::Recent);
    let soql = query::view_query(&object, &viewed.id);
    let api_version = config.config.api_version.clone();
    let records =
        connection::with_connection(&state, &config, &user.id, connection, |connection| {
            let (state, soql, api_version) = (state.clone(), soql.clone(), api_version.clone());
            async move {
                state.salesforce.query(&connection.instance_url, &api_version, &connection.access_token, &soql).await
            }
        })
        .await?;
    // No record: deleted, or not visible to this user. Nothing was marked.
    let Some(record) = records.into_iter().next() else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "record_not_found", "Salesforce has no such record for you."));
    };
    let entry = serde_json::json!({
        "attributes": record["attributes"],
        "Id": record["Id"],
        "Name": record[object.title_field()],
    });
    state
        .glance_cache
        .update(&key, |recent| {
            recent.retain(|r| r["Id"] != entry["Id"]);
            recent.insert(0, entry);
        })
        .await;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19 item 3: the cached recent list keeps only what a widget can show.
    #[test]
    fn the_kept_recent_list_holds_only_showable_types_and_one_more_than_shown() {
        let record = |object: &str, n: usize| serde_json::json!({ "attributes": { "type": object }, "Id": n });
        let mut recent: Vec<Value> = (0..40).map(|n| record("Account", n)).collect();
        recent.extend((0..30).map(|n| record("Opportunity", n)));
        recent.extend((0..3).map(|n| record("Lead", n)));
        let kept = shown_recent(&Catalog::presets(), recent);
        let count = |object: &str| kept.iter().filter(|r| r["attributes"]["type"] == object).count();
        assert_eq!((count("Account"), count("Lead"), count("Opportunity")), (MAX_LIMIT + 1, 3, 0));
        assert_eq!(kept[0]["Id"], 0, "Salesforce's order is kept");
    }
}

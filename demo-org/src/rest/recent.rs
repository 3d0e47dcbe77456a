//! `recent` (the user's recently viewed records, with their names) and `sobjects/relevantItems`
//! (record ids per object, with a change marker), shaped as Salesforce documents them.

use super::{auth::Session, errors::sf_error};
use crate::{
    DemoOrg,
    recently_viewed::MAX_PER_USER,
    records::{OrgData, Record},
    schema::ObjectType,
};
use axum::{
    Extension, Json,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};
use std::{collections::HashMap, sync::Arc};

/// `relevantItems` lists at most this many records per object.
const RELEVANT_PER_OBJECT: usize = 50;

/// The user's recently viewed records they can still see, most recent first.
fn visible_recent<'a>(org: &DemoOrg, data: &'a OrgData, session: &Session) -> Vec<&'a Record> {
    let recent = org.recently_viewed();
    recent
        .of(&session.user.id)
        .filter_map(|id| data.record(id))
        .filter(|record| data.is_visible(record, &session.user))
        .collect()
}

pub async fn recent(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let limit = match params.get("limit").map(|l| l.trim().parse::<usize>()) {
        None => MAX_PER_USER,
        Some(Ok(limit)) if limit > 0 => limit.min(MAX_PER_USER),
        Some(_) => {
            let value = params.get("limit").cloned().unwrap_or_default();
            return sf_error(
                StatusCode::BAD_REQUEST,
                "INVALID_QUERY_PARAMETER_VALUE",
                &format!("limit must be a positive whole number: {value}"),
            );
        }
    };
    let version = session.api_version;
    let data = org.data();
    let records: Vec<Value> = visible_recent(&org, &data, &session)
        .into_iter()
        .take(limit)
        .map(|record| {
            let object = record.object.api_name();
            json!({
                "attributes": { "type": object, "url": format!("/services/data/v{version}.0/sobjects/{object}/{}", record.id) },
                "Id": record.id,
                "Name": record.title(),
            })
        })
        .collect();
    Json(records).into_response()
}

/// A stable marker of a list's content (Salesforce's `lastUpdatedId` is an opaque number).
fn list_marker(ids: &[&str]) -> String {
    let mut hash: i32 = 17;
    for id in ids {
        for byte in id.bytes() {
            hash = hash.wrapping_mul(31).wrapping_add(i32::from(byte));
        }
    }
    hash.to_string()
}

pub async fn relevant_items(
    State(org): State<Arc<DemoOrg>>,
    Extension(session): Extension<Session>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    // Object names are case-sensitive here, unlike elsewhere in the API.
    let data = org.data();
    let objects: Vec<&ObjectType> = match params.get("sobjects") {
        None => data.schema.searchable().collect(),
        Some(list) => {
            let mut objects = Vec::new();
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                match data.schema.searchable().find(|o| o.api_name() == name) {
                    Some(object) => objects.push(object),
                    None => {
                        return sf_error(
                            StatusCode::BAD_REQUEST,
                            "INVALID_TYPE",
                            &format!("sObject type '{name}' is not supported."),
                        );
                    }
                }
            }
            objects
        }
    };
    let recent = visible_recent(&org, &data, &session);
    let mut everything = Vec::new();
    let mut answer = Vec::new();
    for object in objects {
        // Recently viewed first, then the user's own records most recently modified.
        let mut ids: Vec<&str> = recent.iter().filter(|r| &r.object == object).map(|r| r.id.as_str()).collect();
        let mut owned: Vec<&Record> = data
            .of_type(object)
            .filter(|r| r.owner_id() == Some(session.user.id.as_str()) && !ids.contains(&r.id.as_str()))
            .collect();
        owned.sort_by(|a, b| b.get("LastModifiedDate").as_str().cmp(&a.get("LastModifiedDate").as_str()));
        ids.extend(owned.iter().map(|r| r.id.as_str()));
        ids.truncate(RELEVANT_PER_OBJECT);
        if ids.is_empty() {
            continue;
        }
        let marker = list_marker(&ids);
        let mut entry = json!({
            "apiName": object.api_name(),
            "key": object.key_prefix(),
            // Plural labels, in the user's language.
            "label": object.def().label_plural.get(session.user.language),
            "lastUpdatedId": marker,
            "recordIds": ids,
        });
        if let Some(previous) = params.get(&format!("{}.lastUpdatedId", object.api_name())) {
            entry["newResultSetSinceLastQuery"] = json!(previous != &marker);
        }
        everything.extend(ids);
        answer.push(entry);
    }
    if let Some(previous) = params.get("lastUpdatedId") {
        let changed = previous != &list_marker(&everything);
        for entry in &mut answer {
            entry["newResultSetSinceLastQuery"] = json!(changed);
        }
    }
    Json(answer).into_response()
}

//! `GET /lightning/r/{Type}/{Id}/view`: the record page a widget link opens. The demo org shows
//! the record's fields to the signed-in browser user (who must be allowed to see it), so
//! "open in Salesforce" leads somewhere real in the demo.

use super::{authorize::session_user, pages};
use crate::{DemoOrg, ids, records::Value};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use std::sync::Arc;

pub async fn view(
    State(org): State<Arc<DemoOrg>>,
    headers: HeaderMap,
    Path((object, id, _view)): Path<(String, String, String)>,
) -> Response {
    let Some(user_id) = session_user(&org, &headers) else {
        return (StatusCode::UNAUTHORIZED, pages::error("not_signed_in", "Log in to the demo org to see this record."))
            .into_response();
    };
    let data = org.data();
    let user = data.user(&user_id);
    let record = data
        .schema
        .object(&object)
        .zip(ids::to_18(&id))
        .and_then(|(object, id)| data.record(&id).filter(|r| &r.object == object))
        .filter(|r| user.is_some_and(|u| data.is_visible(r, u)));
    let Some(record) = record else {
        return (StatusCode::NOT_FOUND, pages::error("not_found", "This record does not exist or you cannot see it."))
            .into_response();
    };
    let fields: Vec<(String, String)> = record
        .object
        .fields()
        .iter()
        .zip(&record.values)
        .filter(|(field, _)| user.is_some_and(|u| field.visible_to(&u.profile)))
        .filter_map(|(field, value)| match value {
            Value::Text(text) => Some((field.name.clone(), text.clone())),
            Value::Bool(b) => Some((field.name.clone(), b.to_string())),
            Value::Number(n) => Some((field.name.clone(), n.to_string())),
            Value::Null => None,
        })
        .collect();
    pages::record(record.object.api_name(), record.title(), &fields).into_response()
}

//! The search as the backend runs it, apart from HTTP: one SOSL call for every requested type,
//! answered from the cache when the same person asked the same statement on the same
//! connection; a type the user cannot read is left out, named in `skipped`, and the rest
//! searched again; a shown field the user may not see (field-level security) is left out for
//! them, and the object still searched.

use crate::{
    AppState,
    catalog::SearchObject,
    connection,
    error::ApiError,
    marketplace::StoredConfig,
    salesforce::{
        RestError,
        filters::Filters,
        query,
        results::{self, SearchResults},
    },
    search_cache,
    store::Connection,
};

/// A validated search request.
#[derive(Debug, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    pub objects: Vec<SearchObject>,
    pub limit: usize,
    pub offset: usize,
    pub filters: Filters,
}

/// Searches Salesforce for `intranet_user` on their stored `connection` (refreshed as needed),
/// under the saved configuration `config`.
pub async fn search(
    state: &AppState,
    intranet_user: &str,
    config: StoredConfig,
    connection: Connection,
    request: SearchRequest,
) -> Result<SearchResults, ApiError> {
    let mut connection = Some(connection);
    let mut objects = request.objects.clone();
    let mut skipped = Vec::new();
    // "Only mine" cannot hold for records without an owner: such objects have none of yours.
    if request.filters.mine {
        objects.retain(|o| o.spec().owned);
    }
    // Every retry drops an object or a shown field, so this many calls always suffice.
    let most_attempts = 1 + objects.len() + objects.iter().map(|o| o.spec().shown.len() + 1).sum::<usize>();
    // A type this user cannot read, or a field they may not see, fails the whole SOSL call
    // (INVALID_TYPE / INVALID_FIELD): search again without it. Each retry drops an object or a
    // field, so the loop ends; the cap keeps a confused answer from spending more calls.
    for _attempt in 0..most_attempts {
        if objects.is_empty() {
            break;
        }
        // The connection read above serves the first attempt; a retry reads it again.
        let connection = match connection.take() {
            Some(connection) => connection,
            None => connection::current(state, intranet_user).await?,
        };
        // What earlier searches found hidden from this person is left out at once.
        let hidden = state.hidden_fields.of(&connection.identity_url);
        for (object, field) in hidden.iter() {
            let Some(position) = objects.iter().position(|o| o.api_name().eq_ignore_ascii_case(object)) else {
                continue;
            };
            match field {
                Some(field) => match without(&objects[position], field, &request.filters) {
                    Some(without) => objects[position] = without,
                    // Filtered by a field this person may not see: none of theirs can match.
                    None if objects[position].without_shown(field).is_some() => {
                        skipped.push(objects.remove(position));
                    }
                    None => {}
                },
                None => skipped.push(objects.remove(position)),
            }
        }
        if objects.is_empty() {
            break;
        }
        let identity_url = connection.identity_url.clone();
        let owner = connection.salesforce_user_id().unwrap_or_default();
        if request.filters.mine && owner.is_empty() {
            tracing::warn!("the identity URL does not name a Salesforce user; cannot filter by owner");
            return Err(connection::unavailable());
        }
        let sosl = query::statement(&request.query, &objects, request.limit, request.offset, &request.filters, owner);
        let outcome = connection::with_connection(state, &config, intranet_user, connection, |connection| {
            let (sosl, state, api_version) = (sosl.clone(), state.clone(), config.config.api_version.clone());
            let key = search_cache::Key {
                intranet_user: connection.intranet_user.clone(),
                generation: connection.generation,
                identity_url: connection.identity_url.clone(),
                sosl: sosl.clone(),
            };
            async move {
                if let Some(answer) = state.search_cache.get(&key) {
                    return Ok(Ok(answer));
                }
                match state
                    .salesforce
                    .search(&connection.instance_url, &api_version, &connection.access_token, &sosl)
                    .await
                {
                    Ok((records, _usage)) => {
                        let answer = std::sync::Arc::new((records, connection.instance_url));
                        state.search_cache.insert(key, answer.clone());
                        Ok(Ok(answer))
                    }
                    Err(RestError::ObjectUnavailable(object)) => Ok(Err((object, None))),
                    Err(RestError::FieldUnavailable { object, field }) => Ok(Err((object, Some(field)))),
                    Err(error) => Err(error),
                }
            }
        })
        .await?;
        match outcome {
            Ok(answer) => {
                let (records, instance_url) = answer.as_ref();
                return Ok(results::shape(
                    request.query,
                    &request.objects,
                    skipped,
                    records,
                    request.limit,
                    instance_url,
                ));
            }
            Err((object, field)) => {
                // A relationship's refusal names no object: it is the one showing that parent.
                let position = match (&field, object.is_empty()) {
                    (Some(field), true) => objects.iter().position(|o| o.without_shown(field).is_some()),
                    _ => objects.iter().position(|o| o.api_name().eq_ignore_ascii_case(&object)),
                };
                let Some(position) = position else {
                    tracing::warn!(%object, "Salesforce refused an object that was not asked for");
                    return Err(connection::unavailable());
                };
                match field.and_then(|field| Some((objects[position].without_shown(&field)?, field))) {
                    Some((others, field)) => {
                        // Remembered as the field (later searches keep the object); this one
                        // leaves the object out if it filters by the field.
                        state.hidden_fields.found(&identity_url, objects[position].api_name(), Some(&field));
                        if without(&objects[position], &field, &request.filters).is_some() {
                            objects[position] = others;
                        } else {
                            skipped.push(objects.remove(position));
                        }
                    }
                    None => {
                        state.hidden_fields.found(&identity_url, objects[position].api_name(), None);
                        skipped.push(objects.remove(position));
                    }
                }
            }
        }
    }
    if !objects.is_empty() {
        tracing::warn!("Salesforce kept refusing the search; giving up");
        return Err(connection::unavailable());
    }
    Ok(results::shape(request.query, &request.objects, skipped, &[], request.limit, ""))
}

/// `object` without `field` for a request with `filters`: None when the object cannot do
/// without it, or the request filters the object by it.
fn without(object: &SearchObject, field: &str, filters: &Filters) -> Option<SearchObject> {
    if filters.fields.iter().any(|f| f.is(&object.key(), field)) {
        return None;
    }
    object.without_shown(field)
}

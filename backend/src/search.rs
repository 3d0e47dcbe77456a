//! The search as the backend runs it, apart from HTTP: one SOSL call for every requested type,
//! answered from the cache when the same person asked the same statement on the same
//! connection; a type the user cannot read is left out, named in `skipped`, and the rest
//! searched again.

use crate::{
    AppState,
    catalog::SearchObject,
    connection,
    error::ApiError,
    salesforce::{
        RestError,
        filters::Filters,
        query,
        results::{self, SearchResults},
    },
    search_cache,
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

/// Searches Salesforce for `intranet_user` on their stored connection (refreshed as needed).
pub async fn search(state: &AppState, intranet_user: &str, request: SearchRequest) -> Result<SearchResults, ApiError> {
    let (config, connection) = connection::configured(state, intranet_user).await?;
    let mut connection = Some(connection);
    let mut objects = request.objects.clone();
    let mut skipped = Vec::new();
    // A type this user cannot read fails the whole SOSL call (INVALID_TYPE / INVALID_FIELD):
    // search again without it, at most once per type.
    while !objects.is_empty() {
        // The connection read above serves the first attempt; a retry reads it again.
        let connection = match connection.take() {
            Some(connection) => connection,
            None => connection::current(state, intranet_user).await?,
        };
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
                    Err(RestError::ObjectUnavailable(object)) => Ok(Err(object)),
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
            Err(object) => {
                let Some(refused) = objects.iter().find(|o| o.api_name().eq_ignore_ascii_case(&object)).cloned() else {
                    tracing::warn!(%object, "Salesforce refused an object that was not asked for");
                    return Err(connection::unavailable());
                };
                objects.retain(|o| *o != refused);
                skipped.push(refused);
            }
        }
    }
    Ok(results::shape(request.query, &request.objects, skipped, &[], request.limit, ""))
}

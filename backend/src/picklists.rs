//! The values a picklist filter offers, as the org defines them for one person (values an
//! administrator added or renamed, and only fields that person may see): one describe call per
//! Salesforce identity and filter, kept for an hour (see [`PersonCache`]).

use crate::{AppState, error::ApiError, marketplace::StoredConfig, person_cache::PersonCache, store::Connection};
use std::sync::Arc;

/// The active values, in the org's order; None when the person may not see the field.
pub type Values = Arc<Option<Vec<String>>>;

/// (identity URL, object, field) → values.
pub type Picklists = PersonCache<(String, String, String), Values>;

/// Kept within 16 MB for all people.
pub fn cache() -> Picklists {
    PersonCache::new(
        |values| {
            values.iter().flatten().map(|v| v.len() + 8).sum::<usize>().saturating_add(64).min(u32::MAX as usize) as u32
        },
        16 << 20,
    )
}

/// The values of `object.field` as this person's session describes them. `object` must be an
/// object API name (it goes into the describe URL).
pub async fn of(
    state: &AppState,
    config: &StoredConfig,
    user: &str,
    connection: Connection,
    object: &str,
    field: &str,
) -> Result<Values, Arc<ApiError>> {
    let key = (connection.identity_url.clone(), object.to_ascii_lowercase(), field.to_ascii_lowercase());
    let api_version = config.config.api_version.clone();
    state
        .picklists
        .get_or_ask(state, config, user, connection, key, |connection| {
            let (state, api_version) = (state.clone(), api_version.clone());
            async move {
                let values = state
                    .salesforce
                    .picklist_values(&connection.instance_url, &api_version, &connection.access_token, object, field)
                    .await?;
                Ok(Arc::new(values))
            }
        })
        .await
}

//! Objects' plural labels in each person's Salesforce language: Describe Global answers in the
//! session user's language (`Contacts`, `Kontakte`). Read once per Salesforce identity and kept
//! for an hour (see [`PersonCache`]), so a page view costs no Salesforce call; the status answer
//! gives them to every widget of the page.

use crate::{AppState, error::ApiError, marketplace::StoredConfig, person_cache::PersonCache, store::Connection};
use std::{collections::HashMap, sync::Arc};

/// Lowercase API name → plural label.
pub type Labels = Arc<HashMap<String, String>>;

/// Identity URL → labels.
pub type ObjectLabels = PersonCache<String, Labels>;

/// An org lists hundreds of objects: its labels are kept within 64 MB for all people.
pub fn cache() -> ObjectLabels {
    PersonCache::new(
        |labels| labels.iter().map(|(k, v)| k.len() + v.len() + 16).sum::<usize>().min(u32::MAX as usize) as u32,
        64 << 20,
    )
}

/// The labels as this person's Salesforce session describes the org's searchable objects.
pub async fn of(
    state: &AppState,
    config: &StoredConfig,
    user: &str,
    connection: Connection,
) -> Result<Labels, Arc<ApiError>> {
    let key = connection.identity_url.clone();
    let api_version = config.config.api_version.clone();
    state
        .object_labels
        .get_or_ask(state, config, user, connection, key, |connection| {
            let (state, api_version) = (state.clone(), api_version.clone());
            async move {
                let objects = state
                    .salesforce
                    .searchable_objects(&connection.instance_url, &api_version, &connection.access_token)
                    .await?;
                Ok(Arc::new(objects.into_iter().map(|o| (o.name.to_ascii_lowercase(), o.label_plural)).collect()))
            }
        })
        .await
}

//! The values a picklist filter offers, as the org defines them for one person (values an
//! administrator added or renamed, and only fields that person may see): one describe call per
//! Salesforce identity and filter, kept for an hour for at most 10,000 people's filters.

use crate::{AppState, connection, error::ApiError, marketplace::StoredConfig, store::Connection};
use moka::future::Cache;
use std::{sync::Arc, time::Duration};

/// The active values, in the org's order; None when the person may not see the field.
pub type Values = Arc<Option<Vec<String>>>;

#[derive(Clone)]
pub struct Picklists {
    by_identity: Cache<(String, String, String), Values>,
}

impl Default for Picklists {
    fn default() -> Self {
        Self { by_identity: Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(3_600)).build() }
    }
}

impl Picklists {
    /// The values of `object.field` as this person's session describes them; concurrent first
    /// asks share one call. An error is not kept.
    pub async fn of(
        &self,
        state: &AppState,
        config: &StoredConfig,
        user: &str,
        connection: Connection,
        object: &str,
        field: &str,
    ) -> Result<Values, Arc<ApiError>> {
        let key = (connection.identity_url.clone(), object.to_ascii_lowercase(), field.to_ascii_lowercase());
        self.by_identity
            .try_get_with(key, async {
                let api_version = config.config.api_version.clone();
                let values = connection::with_connection(state, config, user, connection, |connection| {
                    let (state, api_version) = (state.clone(), api_version.clone());
                    async move {
                        state
                            .salesforce
                            .picklist_values(
                                &connection.instance_url,
                                &api_version,
                                &connection.access_token,
                                object,
                                field,
                            )
                            .await
                    }
                })
                .await?;
                Ok(Arc::new(values))
            })
            .await
    }
}

impl std::fmt::Debug for Picklists {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Picklists").field("entries", &self.by_identity.entry_count()).finish()
    }
}

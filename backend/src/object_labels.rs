//! Objects' plural labels in each person's Salesforce language: Describe Global answers in the
//! session user's language (`Contacts`, `Kontakte`). Read once per Salesforce identity and kept
//! for an hour, for at most 10,000 people, so a page view costs no Salesforce call; the status
//! answer gives them to every widget of the page.

use crate::{AppState, connection, error::ApiError, marketplace::StoredConfig, store::Connection};
use moka::future::Cache;
use std::{collections::HashMap, sync::Arc, time::Duration};

/// Lowercase API name → plural label.
pub type Labels = Arc<HashMap<String, String>>;

#[derive(Clone)]
pub struct ObjectLabels {
    by_identity: Cache<String, Labels>,
}

impl Default for ObjectLabels {
    fn default() -> Self {
        Self { by_identity: Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(3_600)).build() }
    }
}

impl ObjectLabels {
    /// The labels as this person's Salesforce session describes the org's searchable objects;
    /// concurrent first asks share one Describe Global call. An error is not kept.
    pub async fn of(
        &self,
        state: &AppState,
        config: &StoredConfig,
        user: &str,
        connection: Connection,
    ) -> Result<Labels, Arc<ApiError>> {
        let identity = connection.identity_url.clone();
        self.by_identity
            .try_get_with(identity, async {
                let api_version = config.config.api_version.clone();
                let objects = connection::with_connection(state, config, user, connection, |connection| {
                    let (state, api_version) = (state.clone(), api_version.clone());
                    async move {
                        state
                            .salesforce
                            .searchable_objects(&connection.instance_url, &api_version, &connection.access_token)
                            .await
                    }
                })
                .await?;
                Ok(Arc::new(objects.into_iter().map(|o| (o.name.to_ascii_lowercase(), o.label_plural)).collect()))
            })
            .await
    }
}

impl std::fmt::Debug for ObjectLabels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectLabels").field("people", &self.by_identity.entry_count()).finish()
    }
}

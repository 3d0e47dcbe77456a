//! What Salesforce tells one person that rarely changes (objects' labels in their language, a
//! picklist's values): asked once per key and kept for an hour (an administrator's change shows
//! within it), for at most 10,000 entries; concurrent first asks share one call, and an error is
//! not kept.

use crate::{
    AppState, connection, error::ApiError, marketplace::StoredConfig, salesforce::RestError, store::Connection,
};
use moka::future::Cache;
use std::{hash::Hash, sync::Arc, time::Duration};

pub struct PersonCache<K, V> {
    entries: Cache<K, V>,
}

impl<K: Hash + Eq + Send + Sync + 'static, V: Clone + Send + Sync + 'static> Default for PersonCache<K, V> {
    fn default() -> Self {
        Self { entries: Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(3_600)).build() }
    }
}

impl<K: Hash + Eq + Send + Sync + 'static, V: Clone + Send + Sync + 'static> PersonCache<K, V> {
    /// The kept answer for `key` (which must name the person, e.g. by identity URL), else
    /// `call`'s with the person's session (refreshed once if it expired).
    pub async fn get_or_ask<F, Fut>(
        &self,
        state: &AppState,
        config: &StoredConfig,
        user: &str,
        connection: Connection,
        key: K,
        call: F,
    ) -> Result<V, Arc<ApiError>>
    where
        F: Fn(Connection) -> Fut,
        Fut: Future<Output = Result<V, RestError>>,
    {
        self.entries.try_get_with(key, connection::with_connection(state, config, user, connection, call)).await
    }
}

impl<K, V> Clone for PersonCache<K, V> {
    fn clone(&self) -> Self {
        Self { entries: self.entries.clone() }
    }
}

impl<K, V> std::fmt::Debug for PersonCache<K, V>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonCache").field("entries", &self.entries.entry_count()).finish()
    }
}

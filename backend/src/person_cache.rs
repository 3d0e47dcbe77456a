//! What Salesforce tells one person that rarely changes (objects' labels in their language, a
//! picklist's values): asked once per key and kept for an hour (an administrator's change shows
//! within it), within a memory budget; concurrent first asks share one call. A failure is
//! remembered for a minute, so a slow or refusing Salesforce is not asked again on every page
//! view (except that the connection ended: the next sign-in must be able to ask at once).

use crate::{
    AppState, connection, error::ApiError, marketplace::StoredConfig, salesforce::RestError, store::Connection,
};
use moka::future::Cache;
use std::{hash::Hash, sync::Arc, time::Duration};
use widget_contract::codes;

pub struct PersonCache<K, V> {
    entries: Cache<K, V>,
    failures: Cache<K, Arc<ApiError>>,
}

impl<K: Hash + Eq + Clone + Send + Sync + 'static, V: Clone + Send + Sync + 'static> PersonCache<K, V> {
    /// Keeps answers whose `weight` (about their bytes) adds up to at most `budget`.
    pub fn new(weight: fn(&V) -> u32, budget: u64) -> Self {
        Self {
            entries: Cache::builder()
                .weigher(move |_key, value: &V| weight(value))
                .max_capacity(budget)
                .time_to_live(Duration::from_secs(3_600))
                .build(),
            failures: Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(60)).build(),
        }
    }

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
        if let Some(failure) = self.failures.get(&key).await {
            return Err(failure);
        }
        let asked =
            self.entries.try_get_with(key.clone(), connection::with_connection(state, config, user, connection, call));
        match asked.await {
            Err(error)
                if ![codes::SALESFORCE_REAUTH_REQUIRED, codes::SALESFORCE_NOT_CONNECTED].contains(&error.code) =>
            {
                self.failures.insert(key, error.clone()).await;
                Err(error)
            }
            other => other,
        }
    }
}

impl<K, V> Clone for PersonCache<K, V> {
    fn clone(&self) -> Self {
        Self { entries: self.entries.clone(), failures: self.failures.clone() }
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

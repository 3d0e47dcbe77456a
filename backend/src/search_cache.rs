//! A short-lived cache of Salesforce answers per user, so repeating a query (typing back and
//! forth, several widgets with the same query) does not spend API calls.
//!
//! Entries are keyed by the configuration generation and the Salesforce identity of the
//! connection that fetched them, and looked up only after the connection was read from the
//! database: a configuration purge, a disconnect or a different Salesforce user can never be
//! answered from the cache, on this replica or any other.

use moka::sync::Cache;
use std::{sync::Arc, time::Duration};

/// How long an answer is reused unless the settings say otherwise.
pub const DEFAULT_SECONDS: u64 = 30;
const CAPACITY: u64 = 10_000;

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Key {
    pub intranet_user: String,
    pub generation: i64,
    /// The identity URL of the connection (names the Salesforce org and user).
    pub identity_url: String,
    pub sosl: String,
}

/// Search records and the instance URL they were fetched from.
pub type Answer = Arc<(Vec<serde_json::Value>, String)>;

#[derive(Clone)]
pub struct SearchCache {
    /// `None` when the cache is turned off.
    entries: Option<Cache<Key, Answer>>,
}

impl std::fmt::Debug for SearchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchCache").field("entries", &self.entries.as_ref().map(Cache::entry_count)).finish()
    }
}

impl Default for SearchCache {
    fn default() -> Self {
        Self::new(Duration::from_secs(DEFAULT_SECONDS))
    }
}

impl SearchCache {
    /// Answers live for `time_to_live`; zero turns the cache off (every search asks Salesforce).
    pub fn new(time_to_live: Duration) -> Self {
        let entries = (!time_to_live.is_zero())
            .then(|| Cache::builder().max_capacity(CAPACITY).time_to_live(time_to_live).build());
        Self { entries }
    }

    pub fn get(&self, key: &Key) -> Option<Answer> {
        self.entries.as_ref()?.get(key)
    }

    pub fn insert(&self, key: Key, answer: Answer) {
        if let Some(entries) = &self.entries {
            entries.insert(key, answer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(generation: i64, identity: &str) -> Key {
        Key { intranet_user: "grace".into(), generation, identity_url: identity.into(), sosl: "FIND {a*}".into() }
    }

    #[test]
    fn answers_are_bound_to_generation_and_salesforce_identity() {
        let cache = SearchCache::default();
        cache.insert(key(1, "https://x/id/00D/005A"), Arc::new((vec![], "https://x".into())));
        assert!(cache.get(&key(1, "https://x/id/00D/005A")).is_some());
        assert!(cache.get(&key(2, "https://x/id/00D/005A")).is_none(), "after a purge");
        assert!(cache.get(&key(1, "https://x/id/00D/005B")).is_none(), "another Salesforce user");
    }

    #[test]
    fn a_zero_lifetime_turns_the_cache_off() {
        let cache = SearchCache::new(Duration::ZERO);
        cache.insert(key(1, "https://x/id/00D/005A"), Arc::new((vec![], "https://x".into())));
        assert!(cache.get(&key(1, "https://x/id/00D/005A")).is_none());
    }
}

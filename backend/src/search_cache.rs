//! A short-lived cache of Salesforce answers per user, so repeating a query (typing back and
//! forth, several widgets with the same query) does not spend API calls.
//!
//! Entries are keyed by the configuration generation and the Salesforce identity of the
//! connection that fetched them, and looked up only after the connection was read from the
//! database: a configuration purge, a disconnect or a different Salesforce user can never be
//! answered from the cache, on this replica or any other.

use crate::cache_budget::{PersonShares, answer_weight};
use moka::sync::Cache;
use std::{sync::Arc, time::Duration};

/// How long an answer is reused unless the settings say otherwise.
pub const DEFAULT_SECONDS: u64 = 30;
/// Bytes all cached answers may hold (a typical answer weighs 5–40 KB).
pub const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// Bytes one person's answers may hold: a few hundred queries and pages.
pub const PERSON_SHARE_BYTES: u64 = 2 * 1024 * 1024;

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
    shares: Arc<PersonShares>,
}

fn weight(key: &Key, answer: &Answer) -> u32 {
    let text = key.intranet_user.len() + key.identity_url.len() + key.sosl.len() + answer.1.len();
    answer_weight(&answer.0, text)
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
        Self::with_budget(time_to_live, CAPACITY_BYTES, PERSON_SHARE_BYTES)
    }

    /// [`SearchCache::new`] with other byte budgets (tests).
    pub fn with_budget(time_to_live: Duration, capacity_bytes: u64, person_share_bytes: u64) -> Self {
        let shares = Arc::new(PersonShares::new(person_share_bytes));
        let entries = (!time_to_live.is_zero()).then(|| {
            let released = shares.clone();
            Cache::builder()
                .max_capacity(capacity_bytes)
                .weigher(weight)
                .time_to_live(time_to_live)
                .eviction_listener(move |key: Arc<Key>, answer: Answer, _cause| {
                    released.release(&key.intranet_user, weight(&key, &answer).into());
                })
                .build()
        });
        Self { entries, shares }
    }

    pub fn get(&self, key: &Key) -> Option<Answer> {
        self.entries.as_ref()?.get(key)
    }

    /// Keeps `answer` unless its person's share is full (then it is simply not cached).
    pub fn insert(&self, key: Key, answer: Answer) {
        let Some(entries) = &self.entries else { return };
        if self.shares.admit(&key.intranet_user, weight(&key, &answer).into()) {
            entries.insert(key, answer);
        }
    }

    /// Bytes the cache holds now, after pending evictions (tests and the memory figures).
    pub fn weighed_bytes(&self) -> u64 {
        self.entries.as_ref().map_or(0, |entries| {
            entries.run_pending_tasks();
            entries.weighted_size()
        })
    }

    /// Bytes `person`'s answers hold.
    pub fn held_by(&self, person: &str) -> u64 {
        if let Some(entries) = &self.entries {
            entries.run_pending_tasks();
        }
        self.shares.held(person)
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

    fn answer_of(bytes: usize) -> Answer {
        Arc::new((vec![serde_json::json!({ "Name": "x".repeat(bytes) })], "https://x".into()))
    }

    fn search(person: &str, sosl: String) -> Key {
        Key { intranet_user: person.into(), generation: 1, identity_url: "https://x/id/00D/005A".into(), sosl }
    }

    /// Issue 19 item 3: a flood of distinct queries from one person stays within their share
    /// and does not evict anyone else; the whole cache stays within its byte cap.
    #[test]
    fn one_persons_flood_stays_in_their_share_and_evicts_nobody_else() {
        let cache = SearchCache::with_budget(Duration::from_secs(60), 1_000_000, 100_000);
        cache.insert(search("alan", "FIND {alan}".into()), answer_of(5_000));
        for i in 0..1_000 {
            cache.insert(search("grace", format!("FIND {{q{i}}}")), answer_of(5_000));
        }
        assert!(cache.held_by("grace") <= 100_000, "{}", cache.held_by("grace"));
        assert!(cache.get(&search("alan", "FIND {alan}".into())).is_some(), "Alan's answer stayed");
        assert!(cache.get(&search("grace", "FIND {q0}".into())).is_some(), "Grace's first answers stayed");
        assert!(cache.get(&search("grace", "FIND {q999}".into())).is_none(), "beyond her share: not cached");
        for person in 0..500 {
            cache.insert(search(&format!("p{person}"), "FIND {x}".into()), answer_of(20_000));
        }
        assert!(cache.weighed_bytes() <= 1_000_000, "{}", cache.weighed_bytes());
    }

    #[test]
    fn a_zero_lifetime_turns_the_cache_off() {
        let cache = SearchCache::new(Duration::ZERO);
        cache.insert(key(1, "https://x/id/00D/005A"), Arc::new((vec![], "https://x".into())));
        assert!(cache.get(&key(1, "https://x/id/00D/005A")).is_none());
    }
}

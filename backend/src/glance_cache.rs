//! Recent records and the tasks glance per user: served from memory while fresh, served stale
//! (and refreshed in the background, once) for a while after, so a page load or a focus on the
//! search box spends at most one Salesforce call, and usually none.
//!
//! Keys carry the configuration generation and the Salesforce identity of the connection, and
//! are only looked up after the connection was read from the database, as the search cache's.

use crate::salesforce::filters::TaskState;
use moka::{future::Cache, ops::compute::Op};
use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// How long an answer is fresh unless the settings say otherwise.
pub const DEFAULT_SECONDS: u64 = 60;
/// A stale answer is still shown (while a fresh one is fetched) for this many times the fresh
/// period; after that the user waits for Salesforce.
const STALE_FACTOR: u32 = 10;
/// Bytes all cached lists may hold. Each person has at most four lists (recent, and tasks in
/// three states), each cut to what a widget can show, so no person can take more than ~100 KB.
const CAPACITY_BYTES: u64 = 32 * 1024 * 1024;

/// What is cached.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum Glance {
    Recent,
    Tasks(TaskState),
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Key {
    pub intranet_user: String,
    pub generation: i64,
    pub identity_url: String,
    pub glance: Glance,
}

impl Key {
    /// The key of `glance` for the connection it is fetched with.
    pub fn new(connection: &crate::store::Connection, glance: Glance) -> Self {
        Self {
            intranet_user: connection.intranet_user.clone(),
            generation: connection.generation,
            identity_url: connection.identity_url.clone(),
            glance,
        }
    }
}

/// Salesforce records and the instance URL they came from, with their age.
#[derive(Clone, Debug)]
pub struct Answer {
    pub records: Arc<Vec<serde_json::Value>>,
    pub instance_url: Arc<str>,
    fetched: Instant,
    /// Last changed in place (see [`GlanceCache::update`]).
    changed: Instant,
}

impl Answer {
    pub fn new(records: Vec<serde_json::Value>, instance_url: &str) -> Self {
        let now = Instant::now();
        Self { records: Arc::new(records), instance_url: instance_url.into(), fetched: now, changed: now }
    }
}

/// A lookup's outcome.
#[derive(Debug)]
pub enum Lookup {
    Fresh(Answer),
    /// Usable, but old: refresh it in the background.
    Stale(Answer),
    Missing,
}

#[derive(Clone)]
pub struct GlanceCache {
    /// `None` when caching is off.
    entries: Option<Cache<Key, Answer>>,
    fresh_for: Duration,
    /// Keys being refreshed in the background (one refresh per key at a time).
    refreshing: Arc<Mutex<HashSet<Key>>>,
}

impl std::fmt::Debug for GlanceCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlanceCache").field("fresh_for", &self.fresh_for).finish_non_exhaustive()
    }
}

impl Default for GlanceCache {
    fn default() -> Self {
        Self::new(Duration::from_secs(DEFAULT_SECONDS))
    }
}

/// Ends a background refresh when dropped, whatever happened to it.
pub struct RefreshGuard {
    key: Key,
    refreshing: Arc<Mutex<HashSet<Key>>>,
}

impl Drop for RefreshGuard {
    fn drop(&mut self) {
        self.refreshing.lock().unwrap_or_else(|e| e.into_inner()).remove(&self.key);
    }
}

impl GlanceCache {
    /// Answers are fresh for `fresh_for`; zero turns caching off.
    pub fn new(fresh_for: Duration) -> Self {
        let entries = (!fresh_for.is_zero()).then(|| {
            Cache::builder()
                .max_capacity(CAPACITY_BYTES)
                .weigher(|key: &Key, answer: &Answer| {
                    let text = key.intranet_user.len() + key.identity_url.len() + answer.instance_url.len();
                    crate::cache_budget::answer_weight(&answer.records, text)
                })
                .time_to_live(fresh_for * STALE_FACTOR)
                .build()
        });
        Self { entries, fresh_for, refreshing: Arc::default() }
    }

    pub async fn get(&self, key: &Key) -> Lookup {
        let Some(entries) = &self.entries else { return Lookup::Missing };
        match entries.get(key).await {
            Some(answer) if answer.fetched.elapsed() < self.fresh_for => Lookup::Fresh(answer),
            Some(answer) => Lookup::Stale(answer),
            None => Lookup::Missing,
        }
    }

    /// Fetches a missing answer; concurrent callers for the same key share one fetch.
    pub async fn get_or_fetch<E, F>(&self, key: Key, fetch: F) -> Result<Answer, Arc<E>>
    where
        E: Send + Sync + 'static,
        F: Future<Output = Result<Answer, E>>,
    {
        match &self.entries {
            Some(entries) => entries.try_get_with(key, fetch).await,
            None => fetch.await.map_err(Arc::new),
        }
    }

    /// Claims the background refresh of `key`; `None` when one is already running.
    pub fn begin_refresh(&self, key: &Key) -> Option<RefreshGuard> {
        let mut refreshing = self.refreshing.lock().unwrap_or_else(|e| e.into_inner());
        refreshing.insert(key.clone()).then(|| RefreshGuard { key: key.clone(), refreshing: self.refreshing.clone() })
    }

    /// Stores a background refresh that was asked of Salesforce at `asked`, unless the cached
    /// answer was changed in place since (then Salesforce's answer may predate that change).
    pub async fn refreshed(&self, key: Key, answer: Answer, asked: Instant) {
        let Some(entries) = &self.entries else { return };
        entries
            .entry(key)
            .and_compute_with(|current| async move {
                match current {
                    Some(current) if current.value().changed > asked => Op::Nop,
                    _ => Op::Put(answer),
                }
            })
            .await;
    }

    /// Changes a cached answer in place (keeping its age), e.g. a record the user just viewed
    /// moves to the front of the recent list: what Salesforce would now answer, without a call.
    pub async fn update(&self, key: &Key, change: impl FnOnce(&mut Vec<serde_json::Value>)) {
        let Some(entries) = &self.entries else { return };
        entries
            .entry(key.clone())
            .and_compute_with(|current| async move {
                let Some(current) = current else { return Op::Nop };
                let mut answer = current.into_value();
                let mut records = answer.records.as_ref().clone();
                change(&mut records);
                answer.records = Arc::new(records);
                answer.changed = Instant::now();
                Op::Put(answer)
            })
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(glance: Glance) -> Key {
        Key { intranet_user: "grace".into(), generation: 1, identity_url: "https://x/id/00D/005A".into(), glance }
    }

    #[tokio::test]
    async fn answers_go_stale_and_one_refresh_is_claimed_at_a_time() {
        let cache = GlanceCache::new(Duration::from_millis(50));
        assert!(matches!(cache.get(&key(Glance::Recent)).await, Lookup::Missing));
        cache
            .refreshed(key(Glance::Recent), Answer::new(vec![serde_json::json!(1)], "https://x"), Instant::now())
            .await;
        assert!(matches!(cache.get(&key(Glance::Recent)).await, Lookup::Fresh(_)));
        assert!(matches!(cache.get(&key(Glance::Tasks(TaskState::Open))).await, Lookup::Missing));
        tokio::time::sleep(Duration::from_millis(80)).await;
        assert!(matches!(cache.get(&key(Glance::Recent)).await, Lookup::Stale(_)));
        // A refresh asked before an in-place change does not undo it.
        let asked = Instant::now();
        cache.update(&key(Glance::Recent), |records| records.insert(0, serde_json::json!(0))).await;
        cache.refreshed(key(Glance::Recent), Answer::new(vec![serde_json::json!(1)], "https://x"), asked).await;
        let Lookup::Stale(kept) = cache.get(&key(Glance::Recent)).await else { panic!("stale") };
        assert_eq!(kept.records.len(), 2);
        cache.refreshed(key(Glance::Recent), Answer::new(vec![], "https://x"), Instant::now()).await;
        assert!(matches!(cache.get(&key(Glance::Recent)).await, Lookup::Fresh(_)));
        let guard = cache.begin_refresh(&key(Glance::Recent)).unwrap();
        assert!(cache.begin_refresh(&key(Glance::Recent)).is_none(), "one refresh at a time");
        drop(guard);
        assert!(cache.begin_refresh(&key(Glance::Recent)).is_some());
    }

    #[tokio::test]
    async fn concurrent_misses_share_one_fetch_and_updates_keep_the_age() {
        let cache = GlanceCache::default();
        let calls = std::sync::atomic::AtomicU32::new(0);
        let fetch = || async {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok::<_, String>(Answer::new(vec![serde_json::json!("a")], "https://x"))
        };
        let (a, b) = tokio::join!(
            cache.get_or_fetch(key(Glance::Recent), fetch()),
            cache.get_or_fetch(key(Glance::Recent), fetch())
        );
        assert!(a.is_ok() && b.is_ok());
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
        cache.update(&key(Glance::Recent), |records| records.insert(0, serde_json::json!("b"))).await;
        let Lookup::Fresh(answer) = cache.get(&key(Glance::Recent)).await else { panic!("fresh") };
        assert_eq!(*answer.records, vec![serde_json::json!("b"), serde_json::json!("a")]);
    }

    #[tokio::test]
    async fn zero_turns_caching_off() {
        let cache = GlanceCache::new(Duration::ZERO);
        cache.refreshed(key(Glance::Recent), Answer::new(vec![], "https://x"), Instant::now()).await;
        assert!(matches!(cache.get(&key(Glance::Recent)).await, Lookup::Missing));
    }
}

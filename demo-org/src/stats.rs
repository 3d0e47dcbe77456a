//! Counters that let tests prove what the backend did (for example: exactly one refresh).

use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Stats {
    pub authorization_code_grants: AtomicU64,
    /// Refresh requests accepted for processing (counted before the minting delay).
    pub refresh_requests: AtomicU64,
    pub refresh_grants: AtomicU64,
    pub refresh_rejected_concurrent: AtomicU64,
    pub token_errors: AtomicU64,
    pub revocations: AtomicU64,
    pub rest_calls: AtomicU64,
    pub searches: AtomicU64,
    pub queries: AtomicU64,
}

/// A copy of the counters at one moment, as the admin API returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct StatsSnapshot {
    pub authorization_code_grants: u64,
    pub refresh_requests: u64,
    pub refresh_grants: u64,
    pub refresh_rejected_concurrent: u64,
    pub token_errors: u64,
    pub revocations: u64,
    pub rest_calls: u64,
    pub searches: u64,
    pub queries: u64,
}

impl Stats {
    pub fn bump(counter: &AtomicU64) -> u64 {
        counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn snapshot(&self) -> StatsSnapshot {
        let read = |c: &AtomicU64| c.load(Ordering::Relaxed);
        StatsSnapshot {
            authorization_code_grants: read(&self.authorization_code_grants),
            refresh_requests: read(&self.refresh_requests),
            refresh_grants: read(&self.refresh_grants),
            refresh_rejected_concurrent: read(&self.refresh_rejected_concurrent),
            token_errors: read(&self.token_errors),
            revocations: read(&self.revocations),
            rest_calls: read(&self.rest_calls),
            searches: read(&self.searches),
            queries: read(&self.queries),
        }
    }
}

//! One person must not be able to spend the org's daily API allowance, which every other
//! Salesforce integration of the company shares: a token bucket per intranet user on every
//! route that calls Salesforce (search, recent records, tasks, recording a view, the sign-in
//! start). An empty bucket answers `429 too_many_requests` with `Retry-After`, before any
//! Salesforce call.

use crate::{AppState, error::ApiError, identity::IntranetUser};
use axum::{
    extract::{Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{DefaultKeyedRateLimiter, Quota, clock::Clock};
use std::{
    num::NonZeroU32,
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};
use widget_contract::codes;

/// Requests per person per minute, sustained (one every 3 s: about 28,800 a day at most).
pub const DEFAULT_PER_MINUTE: u32 = 20;
/// Requests a person may make at once after a pause (a page of widgets loading, a burst of typing).
pub const DEFAULT_BURST: u32 = 40;
/// Forget people whose bucket is full again every this many checks, so the table stays as
/// small as the people active in the last minutes.
const SWEEP_EVERY: u64 = 4_096;

pub struct PersonLimiter {
    /// `None`: no limit (a rate of 0).
    limiter: Option<DefaultKeyedRateLimiter<String>>,
    checks: AtomicU64,
}

impl std::fmt::Debug for PersonLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonLimiter").field("enabled", &self.limiter.is_some()).finish_non_exhaustive()
    }
}

impl PersonLimiter {
    /// `per_minute` 0 turns the limit off.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let limiter = NonZeroU32::new(per_minute).map(|rate| {
            let burst = NonZeroU32::new(burst).unwrap_or(rate);
            DefaultKeyedRateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst))
        });
        Self { limiter, checks: AtomicU64::new(0) }
    }

    /// Takes one request from `person`'s bucket, or says how long until one is there.
    pub fn check(&self, person: &str) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        limiter.check_key(&person.to_owned()).map_err(|not_until| not_until.wait_time_from(limiter.clock().now()))
    }

    /// People with a bucket in memory (for tests and the memory figures).
    pub fn tracked(&self) -> usize {
        self.limiter.as_ref().map_or(0, |limiter| limiter.len())
    }
}

/// Whole seconds, rounded up, at least one: a client that waits that long finds a request in
/// the bucket.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

pub fn too_many_requests(wait: Duration) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        codes::TOO_MANY_REQUESTS,
        "You are searching faster than the intranet allows. It will search again in a moment.",
    )
    .with_retry_after(retry_after_seconds(wait))
}

/// Middleware for the routes that call Salesforce. Requests without an intranet user pass (the
/// route answers them without calling Salesforce); the user found is kept for the handler.
pub async fn per_person(
    State(state): State<AppState>,
    user: Option<IntranetUser>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(user) = user {
        if let Err(wait) = state.person_limiter.check(&user.id) {
            return too_many_requests(wait).into_response();
        }
        request.extensions_mut().insert(user);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_sustained_rate_per_person() {
        let limiter = PersonLimiter::new(60, 3);
        for _ in 0..3 {
            assert_eq!(limiter.check("grace"), Ok(()));
        }
        let wait = limiter.check("grace").unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        assert_eq!(limiter.check("alan"), Ok(()), "each person has a bucket of their own");
        assert_eq!(limiter.tracked(), 2);
    }

    #[test]
    fn a_rate_of_zero_turns_the_limit_off() {
        let limiter = PersonLimiter::new(0, 0);
        assert!((0..1_000).all(|_| limiter.check("grace").is_ok()));
        assert_eq!(limiter.tracked(), 0);
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up() {
        assert_eq!(too_many_requests(Duration::from_millis(1)).retry_after, Some(1));
        assert_eq!(too_many_requests(Duration::from_millis(2_001)).retry_after, Some(3));
        assert_eq!(too_many_requests(Duration::ZERO).retry_after, Some(1));
    }
}

//! The org-wide guard on the API allowance. Every Salesforce integration of the company shares
//! one daily allowance of API requests; when the last `Sforce-Limit-Info` this process saw
//! shows usage at or above the share an administrator set (90 % by default), the widgets stop
//! calling the REST API: answers still come from the caches, anything else is refused with
//! `429 api_allowance_guarded`. A reading counts for [`RECHECK`]; after that one call goes
//! through and brings a fresh one (usage falls as the rolling 24 hours move on).

use crate::salesforce::ApiUsage;
use std::{
    sync::{
        Mutex,
        atomic::{AtomicU8, Ordering},
    },
    time::{Duration, Instant},
};

/// The share of the allowance at which widgets stop, unless an administrator sets another.
pub const DEFAULT_PERCENT: u8 = 90;
/// How long a reading over the share holds the guard closed.
pub const RECHECK: Duration = Duration::from_secs(300);

#[derive(Debug)]
pub struct ApiGuard {
    /// 100 never stops.
    percent: AtomicU8,
    last: Mutex<Option<(ApiUsage, Instant)>>,
}

impl Default for ApiGuard {
    fn default() -> Self {
        Self { percent: AtomicU8::new(DEFAULT_PERCENT), last: Mutex::default() }
    }
}

/// The last reading, for the control panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub usage: ApiUsage,
    pub age: Duration,
}

impl ApiGuard {
    /// The administrator's share (1–100), as the configuration row says.
    pub fn set_percent(&self, percent: u8) {
        self.percent.store(percent.clamp(1, 100), Ordering::Relaxed);
    }

    pub fn percent(&self) -> u8 {
        self.percent.load(Ordering::Relaxed)
    }

    /// A `Sforce-Limit-Info` reading from any answer.
    pub fn observe(&self, usage: ApiUsage) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((usage, Instant::now()));
    }

    pub fn reading(&self) -> Option<Reading> {
        let last = *self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.map(|(usage, seen)| Reading { usage, age: seen.elapsed() })
    }

    /// `Err(wait)` while the last reading is recent and at or over the share.
    pub fn check(&self) -> Result<(), Duration> {
        let percent = u128::from(self.percent());
        let Some(Reading { usage, age }) = self.reading() else { return Ok(()) };
        let over =
            percent < 100 && usage.limit > 0 && u128::from(usage.used) * 100 >= u128::from(usage.limit) * percent;
        match RECHECK.checked_sub(age) {
            Some(wait) if over && !wait.is_zero() => Err(wait),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_closes_at_the_share_and_opens_below_it() {
        let guard = ApiGuard::default();
        assert_eq!(guard.check(), Ok(()), "no reading yet");
        guard.observe(ApiUsage { used: 89_999, limit: 100_000 });
        assert_eq!(guard.check(), Ok(()));
        guard.observe(ApiUsage { used: 90_000, limit: 100_000 });
        let wait = guard.check().unwrap_err();
        assert!(wait > RECHECK - Duration::from_secs(1) && wait <= RECHECK, "{wait:?}");
        guard.set_percent(95);
        assert_eq!(guard.check(), Ok(()), "the administrator raised the share");
        guard.set_percent(100);
        guard.observe(ApiUsage { used: 100_000, limit: 100_000 });
        assert_eq!(guard.check(), Ok(()), "100 % never stops (Salesforce's own limit still applies)");
    }
}

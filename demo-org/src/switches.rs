//! Behaviours a test or a demo can switch on: the org without API access, a user without the
//! "API Enabled" permission, an exhausted API limit, an outage, latency, short-lived tokens and
//! refresh-token rotation. Set at start-up by flags and changed at run time by the admin API.

use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Switches {
    /// The org's edition has no REST API (403 `API_DISABLED_FOR_ORG`).
    pub api_disabled_for_org: bool,
    /// Usernames whose profile lacks "API Enabled": Salesforce's REST API answers them with the
    /// same 403 `API_DISABLED_FOR_ORG` as an edition without API.
    pub users_without_api: Vec<String>,
    /// The org's rolling 24-hour API allocation.
    pub api_limit: u64,
    /// Calls the org's other integrations made in the same 24 hours: they count in the usage
    /// `Sforce-Limit-Info` reports and against the allocation.
    pub api_used_elsewhere: u64,
    /// Calls Salesforce still serves past the allocation (its limit is soft: usage may exceed it,
    /// e.g. its own example `api-usage=110018/100000`); 0 refuses at the allocation.
    pub api_overage: u64,
    /// Every API allocation is used up (403 `REQUEST_LIMIT_EXCEEDED`).
    pub api_limit_exhausted: bool,
    /// Salesforce is down: every REST and token call gets 503 with an HTML page.
    pub outage: bool,
    /// Added latency in milliseconds, uniformly random in `[min, max]`, on REST and token calls.
    pub latency_ms: (u64, u64),
    /// Access-token lifetime in seconds (Salesforce's default session timeout is two hours).
    pub access_token_seconds: u64,
    /// Refresh Token Rotation for every Connected App of the org.
    pub refresh_token_rotation: bool,
    /// Declined consent comes back as `error=access-denied`, the spelling of Salesforce Help's
    /// web server flow example, instead of `access_denied`.
    pub hyphenated_access_denied: bool,
    /// Objects the users' profiles cannot read: searches naming them get `INVALID_TYPE`.
    pub objects_without_access: Vec<String>,
}

impl Default for Switches {
    fn default() -> Self {
        Self {
            api_disabled_for_org: false,
            users_without_api: Vec::new(),
            api_limit: 15_000,
            api_used_elsewhere: 0,
            api_overage: 0,
            api_limit_exhausted: false,
            outage: false,
            latency_ms: (0, 0),
            access_token_seconds: 7_200,
            refresh_token_rotation: false,
            hyphenated_access_denied: false,
            objects_without_access: Vec::new(),
        }
    }
}

impl Switches {
    /// The latency to add to one call.
    pub fn latency(&self) -> Duration {
        let (min, max) = self.latency_ms;
        if max <= min {
            return Duration::from_millis(min);
        }
        Duration::from_millis(rand::random_range(min..=max))
    }

    pub fn user_lacks_api(&self, username: &str) -> bool {
        self.users_without_api.iter().any(|u| u.eq_ignore_ascii_case(username))
    }

    /// The usage Salesforce reports, given the calls counted here.
    pub fn api_usage(&self, counted_here: u64) -> u64 {
        counted_here.saturating_add(self.api_used_elsewhere)
    }

    /// Whether a call at this usage is refused with `REQUEST_LIMIT_EXCEEDED`.
    pub fn api_limit_reached(&self, usage: u64) -> bool {
        self.api_limit_exhausted || usage >= self.api_limit.saturating_add(self.api_overage)
    }
}

/// The HTML page Salesforce shows during maintenance, served with 503.
pub const OUTAGE_PAGE: &str = "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>\
<h1>Down for Maintenance</h1><p>The service is temporarily unavailable. Please try again later.</p></body></html>";

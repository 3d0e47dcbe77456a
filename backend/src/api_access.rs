//! Which orgs' REST API has answered lately, and for whom.
//!
//! Salesforce answers `API_DISABLED_FOR_ORG` both when the org's edition has no REST API and when
//! the user lacks the "API Enabled" permission. The code alone cannot tell them apart; an answer
//! from the same org to another user in the last day can: then the org has the API and this
//! user lacks the permission. Kept per process (a replica that saw nothing says it cannot tell)
//! and bounded, so no client input grows it without limit.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// How long an answer counts as evidence that the org has the REST API.
const REMEMBERED: Duration = Duration::from_secs(24 * 60 * 60);
const MAX_ORGS: usize = 256;
const MAX_USERS_PER_ORG: usize = 8;

#[derive(Debug, Default)]
pub struct ApiAccess {
    /// Per Salesforce org id: per Salesforce user id, when the REST API last answered them.
    answered: Mutex<HashMap<String, HashMap<String, Instant>>>,
}

impl ApiAccess {
    /// The org's REST API answered this user.
    pub fn answered(&self, org: &str, user: &str) {
        let now = Instant::now();
        let mut answered = self.answered.lock().unwrap_or_else(|e| e.into_inner());
        if !answered.contains_key(org) && answered.len() >= MAX_ORGS {
            answered.retain(|_, users| users.values().any(|at| now.duration_since(*at) < REMEMBERED));
            if answered.len() >= MAX_ORGS {
                return;
            }
        }
        let users = answered.entry(org.to_owned()).or_default();
        if !users.contains_key(user) && users.len() >= MAX_USERS_PER_ORG {
            // Keep the most recent answers: drop the oldest.
            if let Some(oldest) = users.iter().min_by_key(|(_, at)| **at).map(|(id, _)| id.clone()) {
                users.remove(&oldest);
            }
        }
        users.insert(user.to_owned(), now);
    }

    /// Whether the org's REST API answered someone other than `user` in the last day.
    pub fn answered_others(&self, org: &str, user: &str) -> bool {
        let answered = self.answered.lock().unwrap_or_else(|e| e.into_inner());
        answered.get(org).is_some_and(|users| users.iter().any(|(id, at)| id != user && at.elapsed() < REMEMBERED))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_another_users_answer_counts_and_memory_is_bounded() {
        let access = ApiAccess::default();
        access.answered("00DA", "005A");
        assert!(!access.answered_others("00DA", "005A"), "the same user proves nothing");
        assert!(access.answered_others("00DA", "005B"));
        assert!(!access.answered_others("00DB", "005B"), "another org proves nothing");
        for user in 0..100 {
            access.answered("00DA", &format!("005{user}"));
        }
        for org in 0..1_000 {
            access.answered(&format!("00D{org}"), "005A");
        }
        let answered = access.answered.lock().unwrap();
        assert!(answered.len() <= MAX_ORGS);
        assert!(answered.values().all(|users| users.len() <= MAX_USERS_PER_ORG));
    }
}

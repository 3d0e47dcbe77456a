//! Memory budgets for the answer caches. An entry weighs about what its records hold in
//! memory; each cache has a byte cap (moka evicts past it), and the search cache also gives
//! each person a share of it, so one person's flood of distinct queries and offsets can
//! neither grow memory without bound nor evict everyone else's answers.

use serde_json::Value;
use std::{collections::HashMap, sync::Mutex};

/// Bytes a JSON value takes in memory, roughly: its text plus a fixed cost per node (the
/// `Value` enum, map entries, vector slots). Close enough to budget by, and cheap.
pub fn json_weight(value: &Value) -> u64 {
    const NODE: u64 = 32;
    NODE + match value {
        Value::String(text) => text.len() as u64,
        Value::Array(items) => items.iter().map(json_weight).sum(),
        Value::Object(fields) => fields.iter().map(|(name, value)| name.len() as u64 + json_weight(value)).sum(),
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
    }
}

/// The weight of a cached answer: its records, its instance URL and its key's strings.
pub fn answer_weight(records: &[Value], extra_text: usize) -> u32 {
    let bytes = records.iter().map(json_weight).sum::<u64>() + extra_text as u64 + 128;
    u32::try_from(bytes).unwrap_or(u32::MAX)
}

/// How many cached bytes each person holds, against a share each.
#[derive(Debug)]
pub struct PersonShares {
    share: u64,
    held: Mutex<HashMap<String, u64>>,
}

impl PersonShares {
    pub fn new(share: u64) -> Self {
        Self { share, held: Mutex::default() }
    }

    /// Counts `bytes` for `person` if they fit in the share; false: do not cache it.
    pub fn admit(&self, person: &str, bytes: u64) -> bool {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        let used = held.get(person).copied().unwrap_or(0);
        if used + bytes > self.share {
            return false;
        }
        held.insert(person.to_owned(), used + bytes);
        true
    }

    /// An entry of `person` left the cache (expired, evicted, replaced).
    pub fn release(&self, person: &str, bytes: u64) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(used) = held.get_mut(person) {
            *used = used.saturating_sub(bytes);
            if *used == 0 {
                held.remove(person);
            }
        }
    }

    /// Bytes `person` holds now.
    pub fn held(&self, person: &str) -> u64 {
        self.held.lock().unwrap_or_else(|e| e.into_inner()).get(person).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_grows_with_the_text_held() {
        let small = serde_json::json!({ "Name": "Acme" });
        let large = serde_json::json!({ "Name": "Acme".repeat(1_000) });
        assert!(json_weight(&large) >= json_weight(&small) + 3_996);
        assert!(answer_weight(&[small.clone(), small], 20) > 128);
    }

    #[test]
    fn a_person_gets_no_more_than_the_share_and_gets_it_back_as_entries_leave() {
        let shares = PersonShares::new(1_000);
        assert!(shares.admit("grace", 600));
        assert!(!shares.admit("grace", 600), "over the share");
        assert!(shares.admit("alan", 600), "others have their own share");
        shares.release("grace", 600);
        assert_eq!(shares.held("grace"), 0);
        assert!(shares.admit("grace", 900));
    }
}

//! Fields Salesforce hides from one person (field-level security), as their searches found them:
//! a later search leaves those fields out at once instead of spending a failed call first.
//! Kept per Salesforce identity for an hour (an administrator may grant access meanwhile), for
//! at most 10,000 people.

use moka::sync::Cache;
use std::{sync::Arc, time::Duration};

#[derive(Clone)]
pub struct HiddenFields {
    /// Identity URL → `(object, field)` pairs, API names as Salesforce wrote them.
    by_identity: Cache<String, Arc<Vec<(String, String)>>>,
}

impl Default for HiddenFields {
    fn default() -> Self {
        Self { by_identity: Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(3_600)).build() }
    }
}

impl HiddenFields {
    /// The fields hidden from the person with this identity URL.
    pub fn of(&self, identity_url: &str) -> Arc<Vec<(String, String)>> {
        self.by_identity.get(identity_url).unwrap_or_default()
    }

    /// Notes that Salesforce answered "No such column" for `object.field` to this person.
    pub fn found(&self, identity_url: &str, object: &str, field: &str) {
        let mut hidden = Vec::clone(&self.of(identity_url));
        let known = hidden.iter().any(|(o, f)| o.eq_ignore_ascii_case(object) && f.eq_ignore_ascii_case(field));
        // A person sees at most a few objects' worth of hidden fields; keep the list small.
        if !known && hidden.len() < 64 {
            hidden.push((object.to_owned(), field.to_owned()));
            self.by_identity.insert(identity_url.to_owned(), Arc::new(hidden));
        }
    }
}

impl std::fmt::Debug for HiddenFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HiddenFields").field("people", &self.by_identity.entry_count()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_person_has_their_own_hidden_fields_once() {
        let hidden = HiddenFields::default();
        hidden.found("https://x/id/00D/005A", "Opportunity", "Amount");
        hidden.found("https://x/id/00D/005A", "opportunity", "amount");
        assert_eq!(hidden.of("https://x/id/00D/005A").as_slice(), [("Opportunity".to_owned(), "Amount".to_owned())]);
        assert!(hidden.of("https://x/id/00D/005B").is_empty());
    }
}

//! Objects and fields Salesforce hides from one person (object permissions, field-level
//! security), as their searches found them: a later search leaves them out at once instead of
//! spending failed calls first.
//! Kept per Salesforce identity for an hour (an administrator may grant access meanwhile), for
//! at most 10,000 people.

use moka::sync::Cache;
use std::{sync::Arc, time::Duration};

#[derive(Clone)]
pub struct HiddenFields {
    /// Identity URL → `(object, field)` pairs, API names as Salesforce wrote them; no field: the
    /// whole object.
    by_identity: Cache<String, Arc<Vec<Hidden>>>,
}

impl Default for HiddenFields {
    fn default() -> Self {
        Self { by_identity: Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(3_600)).build() }
    }
}

/// An object, or one field of it, that Salesforce hides from someone.
pub type Hidden = (String, Option<String>);

impl HiddenFields {
    /// What is hidden from the person with this identity URL.
    pub fn of(&self, identity_url: &str) -> Arc<Vec<Hidden>> {
        self.by_identity.get(identity_url).unwrap_or_default()
    }

    /// Notes that Salesforce refused `object` (no field) or answered "No such column" for
    /// `object.field` to this person.
    pub fn found(&self, identity_url: &str, object: &str, field: Option<&str>) {
        let mut hidden = Vec::clone(&self.of(identity_url));
        let same = |(o, f): &Hidden| {
            o.eq_ignore_ascii_case(object)
                && match (f, field) {
                    (Some(f), Some(field)) => f.eq_ignore_ascii_case(field),
                    (None, None) => true,
                    _ => false,
                }
        };
        // A person sees at most a few objects' worth of hidden fields; keep the list small.
        if !hidden.iter().any(same) && hidden.len() < 64 {
            hidden.push((object.to_owned(), field.map(str::to_owned)));
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
        hidden.found("https://x/id/00D/005A", "Opportunity", Some("Amount"));
        hidden.found("https://x/id/00D/005A", "opportunity", Some("amount"));
        hidden.found("https://x/id/00D/005A", "Campaign", None);
        assert_eq!(
            hidden.of("https://x/id/00D/005A").as_slice(),
            [("Opportunity".to_owned(), Some("Amount".to_owned())), ("Campaign".to_owned(), None)]
        );
        assert!(hidden.of("https://x/id/00D/005B").is_empty());
    }
}

//! Each user's recently viewed records (Salesforce's `RecentlyViewed`): what the `recent` and
//! `relevantItems` resources read, and what SOQL's `FOR VIEW` / `FOR REFERENCE` write.

use crate::records::{OrgData, Record};
use std::collections::{HashMap, VecDeque};

/// Salesforce truncates RecentlyViewed to this many records.
pub const MAX_PER_USER: usize = 200;

#[derive(Debug, Default)]
pub struct RecentlyViewed {
    /// Per user id, record ids, most recent first.
    by_user: HashMap<String, VecDeque<String>>,
}

impl RecentlyViewed {
    /// A few records every demo user looked at before the demo starts: their own latest
    /// records of each object that has a recently viewed list, so it is not empty on a first visit.
    pub fn seeded(data: &OrgData) -> Self {
        let mut recent = Self::default();
        for user in &data.users {
            for object in data.schema.searchable().filter(|o| o.supports_recently_viewed()) {
                let mut owned: Vec<_> =
                    data.of_type(object).filter(|r| r.owner_id() == Some(user.id.as_str())).collect();
                owned.sort_by(|a, b| a.get("LastModifiedDate").as_str().cmp(&b.get("LastModifiedDate").as_str()));
                for record in owned.iter().rev().take(2).rev() {
                    recent.view(&user.id, record);
                }
            }
        }
        recent
    }

    /// Marks a record as viewed by a user now (it moves to the front). Records of an object
    /// that RecentlyViewed does not support (Task) are never listed, as in Salesforce.
    pub fn view(&mut self, user: &str, record: &Record) {
        if !record.object.supports_recently_viewed() {
            return;
        }
        let list = self.by_user.entry(user.to_owned()).or_default();
        list.retain(|id| *id != record.id);
        list.push_front(record.id.clone());
        list.truncate(MAX_PER_USER);
    }

    /// The user's recently viewed record ids, most recent first.
    pub fn of(&self, user: &str) -> impl Iterator<Item = &str> {
        self.by_user.get(user).into_iter().flatten().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::standard;

    fn record(object: &str, id: &str) -> Record {
        let object = standard::schema().object(object).unwrap().clone();
        Record::from_fields(object, id.to_owned(), Vec::new())
    }

    #[test]
    fn a_view_moves_the_record_to_the_front_and_the_list_is_capped() {
        let mut recent = RecentlyViewed::default();
        for i in 0..MAX_PER_USER + 5 {
            recent.view("005A", &record("Account", &format!("001{i}")));
        }
        recent.view("005A", &record("Account", "0017"));
        let list: Vec<&str> = recent.of("005A").collect();
        assert_eq!(list.len(), MAX_PER_USER);
        assert_eq!(list[0], "0017");
        assert_eq!(list.iter().filter(|id| **id == "0017").count(), 1);
        assert_eq!(recent.of("005B").count(), 0);
    }

    #[test]
    fn tasks_are_never_recently_viewed() {
        let mut recent = RecentlyViewed::default();
        recent.view("005A", &record("Task", "00TDm0000000001AAA"));
        recent.view("005A", &record("Account", "001Dm0000000001AAA"));
        assert_eq!(recent.of("005A").collect::<Vec<_>>(), ["001Dm0000000001AAA"]);
    }
}

//! Contacts, opportunities, cases and the custom object's projects: the records that hang off
//! the accounts. Built by field name from the schema (no positional value lists), after the
//! first four objects so that their ids and values stay what they were.

use super::{Dates, SeedConfig, domain_of, phone, words::*};
use crate::{
    records::{DemoUser, Record, Value},
    schema::{ObjectType, Schema},
};
use chrono::Duration;
use rand::{Rng, seq::IndexedRandom};
use rand_chacha::ChaCha8Rng;

pub(super) struct Related<'a> {
    pub schema: &'a Schema,
    pub rng: &'a mut ChaCha8Rng,
    pub next_id: &'a mut dyn FnMut(&str) -> String,
    pub dates: &'a mut Dates,
    pub users: &'a [DemoUser],
}

impl Related<'_> {
    fn object(&self, name: &str) -> ObjectType {
        self.schema.object(name).cloned().unwrap_or_else(|| panic!("the schema has {name}"))
    }

    /// A new record of `object` with its owner and audit dates set.
    fn record(&mut self, object: &ObjectType, fields: Vec<(&str, Value)>) -> Record {
        let id = (self.next_id)(object.key_prefix());
        let (created, modified) = self.dates.created_and_modified(self.rng);
        let owner = &self.users.choose(self.rng).expect("users").id;
        let mut named = vec![
            ("OwnerId", Value::text(owner)),
            ("CreatedDate", Value::text(created)),
            ("LastModifiedDate", Value::text(modified)),
        ];
        named.extend(fields);
        Record::from_fields(object.clone(), id, named)
    }

    pub fn contacts(&mut self, config: &SeedConfig, accounts: &[Record]) -> Vec<Record> {
        let object = self.object("Contact");
        (0..config.contacts)
            .map(|i| {
                let account = accounts.choose(self.rng).expect("accounts");
                // Every 250th person has a hostile last name, as some leads do.
                let last = if i % 250 == 3 {
                    "<img src=x onerror=alert('contact')>".to_owned()
                } else {
                    LAST_NAMES.choose(self.rng).expect("names").to_string()
                };
                let first = FIRST_NAMES.choose(self.rng).expect("names").to_string();
                let email = format!(
                    "{}.{}{i}@{}.example",
                    super::ascii_word(&first),
                    super::ascii_word(&last),
                    domain_of(account.title())
                );
                let fields = vec![
                    ("Name", Value::text(format!("{first} {last}"))),
                    ("FirstName", Value::text(first)),
                    ("LastName", Value::text(last)),
                    ("AccountId", Value::text(&account.id)),
                    ("Title", Value::text(*TITLES.choose(self.rng).expect("titles"))),
                    ("Email", Value::text(email)),
                    ("Phone", Value::text(phone(self.rng))),
                    ("MailingCity", account.get("BillingCity").clone()),
                ];
                self.record(&object, fields)
            })
            .collect()
    }

    pub fn opportunities(&mut self, config: &SeedConfig, accounts: &[Record]) -> Vec<Record> {
        let object = self.object("Opportunity");
        (0..config.opportunities)
            .map(|_| {
                let account = accounts.choose(self.rng).expect("accounts");
                let (stage, closed, won) = *OPPORTUNITY_STAGES.choose(self.rng).expect("stages");
                let close = self.dates.today + Duration::days(self.rng.random_range(-120..=180));
                let amount = f64::from(self.rng.random_range(5..=500_u32)) * 1_000.0;
                let topic = PROJECT_TOPICS.choose(self.rng).expect("topics");
                let fields = vec![
                    ("Name", Value::text(format!("{} - {topic}", account.title()))),
                    ("AccountId", Value::text(&account.id)),
                    ("StageName", Value::text(stage)),
                    ("CloseDate", Value::text(close.to_string())),
                    ("Amount", Value::Number(amount)),
                    ("IsClosed", Value::Bool(closed)),
                    ("IsWon", Value::Bool(won)),
                    ("Description", Value::text(format!("{topic} for {}.", account.title()))),
                ];
                self.record(&object, fields)
            })
            .collect()
    }

    pub fn cases(&mut self, config: &SeedConfig, contacts: &[Record]) -> Vec<Record> {
        let object = self.object("Case");
        (0..config.cases)
            .map(|i| {
                let contact = contacts.choose(self.rng).expect("contacts");
                let status = *CASE_STATUSES.choose(self.rng).expect("statuses");
                let city = contact.get("MailingCity").as_str().unwrap_or("Berlin").to_owned();
                let subject = CASE_SUBJECTS
                    .choose(self.rng)
                    .expect("subjects")
                    .replace("{n}", &format!("INV-{:05}", 10_000 + i))
                    .replace("{city}", &city);
                let fields = vec![
                    // Salesforce's auto number, from 00001001 on.
                    ("CaseNumber", Value::text(format!("{:08}", 1_001 + i))),
                    ("Subject", Value::text(subject)),
                    ("Status", Value::text(status)),
                    ("Priority", Value::text(*CASE_PRIORITIES.choose(self.rng).expect("priorities"))),
                    ("Origin", Value::text(*CASE_ORIGINS.choose(self.rng).expect("origins"))),
                    ("AccountId", contact.get("AccountId").clone()),
                    ("ContactId", Value::text(&contact.id)),
                    ("IsClosed", Value::Bool(status == "Closed")),
                    ("Description", Value::text(format!("Reported by {}.", contact.title()))),
                ];
                self.record(&object, fields)
            })
            .collect()
    }

    pub fn projects(&mut self, config: &SeedConfig, accounts: &[Record]) -> Vec<Record> {
        let object = self.object("Project__c");
        (0..config.projects)
            .map(|_| {
                let account = accounts.choose(self.rng).expect("accounts");
                let topic = PROJECT_TOPICS.choose(self.rng).expect("topics");
                let due = self.dates.today + Duration::days(self.rng.random_range(-60..=240));
                let fields = vec![
                    ("Name", Value::text(format!("{topic} at {}", account.title()))),
                    ("Status__c", Value::text(*PROJECT_STATUSES.choose(self.rng).expect("statuses"))),
                    ("Account__c", Value::text(&account.id)),
                    ("Due_Date__c", Value::text(due.to_string())),
                    ("Budget__c", Value::Number(f64::from(self.rng.random_range(10..=400_u32)) * 500.0)),
                    ("Description__c", Value::text(format!("{topic} for {}.", account.title()))),
                ];
                self.record(&object, fields)
            })
            .collect()
    }
}

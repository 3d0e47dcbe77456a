//! Records and the org that holds them: values in field order, plus a precomputed search view.

use crate::{
    schema::{FieldKind, ObjectType},
    text,
};
use std::collections::HashMap;

/// A field value. Dates and datetimes are kept in Salesforce's text formats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Text(String),
    Bool(bool),
}

impl Value {
    pub fn text(value: impl Into<String>) -> Self {
        Value::Text(value.into())
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Text(s) => serde_json::Value::String(s.clone()),
            Value::Bool(b) => serde_json::Value::Bool(*b),
        }
    }
}

/// The words a record can be found by, per `IN … FIELDS` group, normalised once at seed time.
#[derive(Clone, Debug, Default)]
pub struct SearchView {
    pub name_words: Vec<Vec<char>>,
    pub all_words: Vec<Vec<char>>,
    pub email_words: Vec<Vec<char>>,
    pub phone_digits: Vec<String>,
    /// Normalised text of the name fields / all fields, for CJK substring matching.
    pub name_text: String,
    pub all_text: String,
}

#[derive(Clone, Debug)]
pub struct Record {
    pub object: ObjectType,
    pub id: String,
    /// One value per field of `object.fields()`, in that order.
    pub values: Vec<Value>,
    pub search: SearchView,
}

impl Record {
    pub fn new(object: ObjectType, id: String, values: Vec<Value>) -> Self {
        debug_assert_eq!(values.len(), object.fields().len());
        let mut record = Self { object, id, values, search: SearchView::default() };
        record.search = record.search_view();
        record
    }

    pub fn get(&self, field: &str) -> &Value {
        self.object.field_index(field).map(|i| &self.values[i]).unwrap_or(&Value::Null)
    }

    pub fn owner_id(&self) -> Option<&str> {
        self.get("OwnerId").as_str()
    }

    /// The record's title (Name, or Subject for tasks).
    pub fn title(&self) -> &str {
        self.get(self.object.title_field()).as_str().unwrap_or_default()
    }

    fn search_view(&self) -> SearchView {
        let mut view = SearchView::default();
        for (field, value) in self.object.fields().iter().zip(&self.values) {
            let Value::Text(text) = value else { continue };
            let searchable = matches!(
                field.kind,
                FieldKind::Text | FieldKind::TextArea | FieldKind::Email | FieldKind::Phone | FieldKind::Url
            );
            if !searchable {
                continue;
            }
            let words: Vec<Vec<char>> = text::words(text).map(|w| w.chars().collect()).collect();
            if field.name_field {
                view.name_words.extend(words.iter().cloned());
                view.name_text.push_str(&text::normalize(text));
                view.name_text.push(' ');
            }
            match field.kind {
                FieldKind::Email => {
                    view.email_words.extend(words.iter().cloned());
                    view.email_words.push(text::normalize(text).chars().collect());
                }
                FieldKind::Phone => view.phone_digits.push(text::digits(text)),
                _ => {}
            }
            view.all_words.extend(words);
            view.all_text.push_str(&text::normalize(text));
            view.all_text.push(' ');
        }
        view
    }
}

/// A demo user who can sign in to the demo org.
#[derive(Clone, Debug)]
pub struct DemoUser {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub alias: String,
    pub is_admin: bool,
}

impl DemoUser {
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Every record of the org, indexed by id and by type.
#[derive(Debug, Default)]
pub struct OrgData {
    pub org_id: String,
    pub users: Vec<DemoUser>,
    records: Vec<Record>,
    by_id: HashMap<String, usize>,
    by_type: HashMap<ObjectType, Vec<usize>>,
}

impl OrgData {
    pub fn new(org_id: String, users: Vec<DemoUser>, records: Vec<Record>) -> Self {
        let mut data = Self { org_id, users, ..Default::default() };
        for record in records {
            data.insert(record);
        }
        data
    }

    fn insert(&mut self, record: Record) {
        let index = self.records.len();
        self.by_id.insert(record.id.clone(), index);
        self.by_type.entry(record.object).or_default().push(index);
        self.records.push(record);
    }

    pub fn record(&self, id: &str) -> Option<&Record> {
        self.by_id.get(id).map(|&i| &self.records[i])
    }

    pub fn of_type(&self, object: ObjectType) -> impl Iterator<Item = &Record> {
        self.by_type.get(&object).into_iter().flatten().map(|&i| &self.records[i])
    }

    pub fn count(&self, object: ObjectType) -> usize {
        self.by_type.get(&object).map_or(0, Vec::len)
    }

    pub fn user(&self, id: &str) -> Option<&DemoUser> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn user_by_username(&self, username: &str) -> Option<&DemoUser> {
        self.users.iter().find(|u| u.username.eq_ignore_ascii_case(username.trim()))
    }

    /// Sharing: accounts, leads and campaigns are public in the org; tasks are private to
    /// their owner, except that administrators ("View All Data") see everything.
    pub fn is_visible(&self, record: &Record, user: &DemoUser) -> bool {
        user.is_admin || record.object != ObjectType::Task || record.owner_id() == Some(user.id.as_str())
    }
}

//! Records and the org that holds them: values in field order, plus a precomputed search view.

use crate::{
    schema::{FieldKind, Language, ObjectType, Schema, Sharing, custom::CustomObject},
    text,
};
use std::collections::HashMap;

/// A field value. Dates and datetimes are kept in Salesforce's text formats.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    Bool(bool),
    /// Currency amounts (JSON numbers).
    Number(f64),
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
            Value::Number(n) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into),
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

    /// A record from `(field, value)` pairs; fields not named are null, `Id` is the record's id.
    pub fn from_fields(object: ObjectType, id: String, named: Vec<(&str, Value)>) -> Self {
        let mut values = vec![Value::Null; object.fields().len()];
        values[0] = Value::text(&id);
        for (name, value) in named {
            let index = object.field_index(name).unwrap_or_else(|| panic!("{object:?} has no field {name}"));
            values[index] = value;
        }
        Self::new(object, id, values)
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
    /// The profile, which decides the fields the user may see (field-level security).
    pub profile: String,
    pub language: Language,
}

impl DemoUser {
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// One `@` with something before it and a dotted domain after it.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
        && !text.chars().any(char::is_whitespace)
}

/// Enterprise Edition's custom object allowance.
pub const MAX_CUSTOM_OBJECTS: usize = 200;
/// Records one admin call may add with a new object.
pub const MAX_RECORDS_PER_OBJECT: usize = 2_000;
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The org's schema and every record, indexed by id and by type.
#[derive(Clone, Debug, Default)]
pub struct OrgData {
    pub org_id: String,
    pub schema: Schema,
    pub users: Vec<DemoUser>,
    records: Vec<Record>,
    by_id: HashMap<String, usize>,
    by_type: HashMap<ObjectType, Vec<usize>>,
}

impl OrgData {
    pub fn new(org_id: String, schema: Schema, users: Vec<DemoUser>, records: Vec<Record>) -> Self {
        let mut data = Self { org_id, schema, users, ..Default::default() };
        for record in records {
            data.insert(record);
        }
        data
    }

    pub fn insert(&mut self, record: Record) {
        let index = self.records.len();
        self.by_id.insert(record.id.clone(), index);
        self.by_type.entry(record.object.clone()).or_default().push(index);
        self.records.push(record);
    }

    /// Adds a custom object and its records, or says why not (and changes nothing).
    pub fn add_custom_object(
        &mut self,
        definition: CustomObject,
        records: Vec<serde_json::Map<String, serde_json::Value>>,
    ) -> Result<ObjectType, String> {
        if let Some(problem) = definition.problem(&self.schema) {
            return Err(problem);
        }
        if self.schema.objects().iter().filter(|o| o.def().custom).count() >= MAX_CUSTOM_OBJECTS {
            return Err(format!("this org has its edition's {MAX_CUSTOM_OBJECTS} custom objects already"));
        }
        if records.len() > MAX_RECORDS_PER_OBJECT {
            return Err(format!("at most {MAX_RECORDS_PER_OBJECT} records at once"));
        }
        // Custom objects' key prefixes run a00, a01, … a0A, …, a0z, a10, … (base-62 order).
        let key_prefix = (0..62 * 62)
            .map(|n| format!("a{}{}", BASE62[n / 62] as char, BASE62[n % 62] as char))
            .find(|prefix| !self.schema.objects().iter().any(|o| o.key_prefix() == prefix))
            .ok_or("no key prefix is left")?;
        let object = ObjectType::new(definition.into_object(&key_prefix, &self.schema));
        let mut built = Vec::with_capacity(records.len());
        for (n, fields) in records.into_iter().enumerate() {
            let id = crate::ids::make(&key_prefix, n as u64 + 1);
            built.push(self.record_from_json(&object, id, fields).map_err(|e| format!("record {}: {e}", n + 1))?);
        }
        self.schema.add(object.clone())?;
        for record in built {
            self.insert(record);
        }
        Ok(object)
    }

    /// A record of `object` from a JSON object of field names and values, each checked against
    /// its field's type; `Name` is required, references must name a record of their object.
    fn record_from_json(
        &self,
        object: &ObjectType,
        id: String,
        fields: serde_json::Map<String, serde_json::Value>,
    ) -> Result<Record, String> {
        use serde_json::Value as Json;
        let mut values = vec![Value::Null; object.fields().len()];
        values[0] = Value::text(&id);
        for (name, json) in fields {
            let index =
                object.field_index(&name).ok_or_else(|| format!("{} has no field {name}", object.api_name()))?;
            let field = &object.fields()[index];
            if field.system || field.name == "OwnerId" {
                return Err(format!("{name} is set by Salesforce"));
            }
            values[index] = match (field.kind, json) {
                (_, Json::Null) => Value::Null,
                (FieldKind::Boolean, Json::Bool(b)) => Value::Bool(b),
                // Currency fields hold 18 digits, 2 after the point.
                (FieldKind::Currency, Json::Number(n)) if n.as_f64().is_some_and(|n| n.abs() < 1e16) => {
                    Value::Number((n.as_f64().unwrap_or_default() * 100.0).round() / 100.0)
                }
                (FieldKind::Date, Json::String(text)) => match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                    // Salesforce's date range; stored in its one format.
                    Ok(date) if (1700..=4000).contains(&chrono::Datelike::year(&date)) => {
                        Value::text(date.format("%Y-%m-%d").to_string())
                    }
                    _ => return Err(format!("{name} must be a date YYYY-MM-DD between 1700 and 4000: {text:?}")),
                },
                (FieldKind::Email, Json::String(text)) if !is_email(&text) => {
                    return Err(format!("{name} must be an e-mail address: {text:?}"));
                }
                (FieldKind::Picklist, Json::String(text)) if !field.picklist.contains(&text) => {
                    return Err(format!("{text:?} is not a value of the picklist {name}"));
                }
                (FieldKind::Reference, Json::String(target)) => {
                    let points_at = field.reference.as_ref().map(|r| r.to.as_slice()).unwrap_or_default();
                    match self.record(&target) {
                        Some(parent) if points_at.iter().any(|to| parent.object.is(to)) => Value::Text(target),
                        _ => return Err(format!("{name} must be the id of a {}", points_at.join(" or "))),
                    }
                }
                (
                    kind @ (FieldKind::Text
                    | FieldKind::TextArea
                    | FieldKind::Email
                    | FieldKind::Phone
                    | FieldKind::Url
                    | FieldKind::Picklist),
                    Json::String(text),
                ) => {
                    // The lengths describe gives (a custom object's Name holds 80).
                    let most = match kind {
                        _ if field.name == "Name" => 80,
                        FieldKind::TextArea => 32_000,
                        FieldKind::Email => 80,
                        FieldKind::Phone => 40,
                        _ => 255,
                    };
                    if text.chars().count() > most {
                        return Err(format!("{name} holds at most {most} characters"));
                    }
                    Value::Text(text)
                }
                (kind, value) => {
                    let shown: String = value.to_string().chars().take(40).collect();
                    return Err(format!("{name} ({kind:?}) cannot hold {shown}"));
                }
            };
        }
        let title = values[object.field_index("Name").unwrap_or(0)].as_str().unwrap_or_default();
        if title.trim().is_empty() {
            return Err("Name is required".to_owned());
        }
        // Created now by the administrator who added them.
        let owner = self.users.iter().find(|u| u.is_admin).map(|u| Value::text(&u.id)).unwrap_or(Value::Null);
        let now = Value::text(chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S.000+0000").to_string());
        for (name, value) in [("OwnerId", owner), ("CreatedDate", now.clone()), ("LastModifiedDate", now)] {
            if let Some(index) = object.field_index(name) {
                values[index] = value;
            }
        }
        Ok(Record::new(object.clone(), id, values))
    }

    pub fn record(&self, id: &str) -> Option<&Record> {
        self.by_id.get(id).map(|&i| &self.records[i])
    }

    pub fn of_type(&self, object: &ObjectType) -> impl Iterator<Item = &Record> {
        self.by_type.get(object).into_iter().flatten().map(|&i| &self.records[i])
    }

    /// The records of the object named `name` (none if there is no such object).
    pub fn of_type_named(&self, name: &str) -> impl Iterator<Item = &Record> {
        self.schema.object(name).into_iter().flat_map(|object| self.of_type(object))
    }

    pub fn count(&self, name: &str) -> usize {
        self.schema.object(name).and_then(|object| self.by_type.get(object)).map_or(0, Vec::len)
    }

    pub fn user(&self, id: &str) -> Option<&DemoUser> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn user_by_username(&self, username: &str) -> Option<&DemoUser> {
        self.users.iter().find(|u| u.username.eq_ignore_ascii_case(username.trim()))
    }

    /// Sharing: each object's organisation-wide default (tasks are private to their owner,
    /// the rest public), except that administrators ("View All Data") see everything.
    pub fn is_visible(&self, record: &Record, user: &DemoUser) -> bool {
        user.is_admin
            || record.object.def().sharing == Sharing::PublicRead
            || record.owner_id() == Some(user.id.as_str())
    }
}

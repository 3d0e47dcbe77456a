//! The objects and fields of the demo org as data: the standard objects it starts with
//! ([`standard`]) and custom ones an administrator adds while it runs ([`custom`]). Nothing
//! outside this module knows an object by an enum: the SOSL engine, describe and the seed all
//! read these definitions, so a new object needs no code change.

pub mod custom;
pub mod standard;

use std::{fmt, hash::Hash, sync::Arc};

/// The language a user reads labels in (describe answers in the session user's language).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    English,
    German,
}

impl Language {
    /// Salesforce's `LanguageLocaleKey` (what the identity service reports as `language`).
    pub fn locale_key(self) -> &'static str {
        match self {
            Language::English => "en_US",
            Language::German => "de",
        }
    }

    /// The user's locale (`LocaleSidKey`): formats of dates and numbers.
    pub fn locale(self) -> &'static str {
        match self {
            Language::English => "en_US",
            Language::German => "de_DE",
        }
    }
}

/// A label in each language the org has; German falls back to English where none was given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Label {
    pub en: String,
    pub de: Option<String>,
}

impl Label {
    pub fn new(en: &str, de: &str) -> Self {
        Self { en: en.to_owned(), de: Some(de.to_owned()) }
    }

    pub fn english(en: &str) -> Self {
        Self { en: en.to_owned(), de: None }
    }

    pub fn get(&self, language: Language) -> &str {
        match (language, &self.de) {
            (Language::German, Some(de)) => de,
            _ => &self.en,
        }
    }
}

/// What kind of value a field holds; decides how it is searched, compared and serialised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Id,
    Text,
    Email,
    Phone,
    Url,
    Picklist,
    Boolean,
    /// A decimal amount (JSON number).
    Currency,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDThh:mm:ss.000+0000`.
    DateTime,
    /// Long text (a Description): found by `ALL FIELDS`, but never filtered or sorted on.
    TextArea,
    /// An id pointing at another record, reachable as `relationship.Field` (see [`Field::reference`]).
    Reference,
}

/// Where a reference field points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The name a query reaches the parent through (`OwnerId` → `Owner`, `Account__c` → `Account__r`).
    pub relationship: String,
    /// The objects it may point at (describe's `referenceTo`).
    pub to: Vec<String>,
    /// Whether the parent resolves to the `Name` pseudo-object (Who, What, a Lead's Owner).
    pub polymorphic: bool,
}

/// One field: API name, label, kind, and how the org treats it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub label: Label,
    pub kind: FieldKind,
    /// Whether `IN NAME FIELDS` searches it.
    pub name_field: bool,
    /// Set by Salesforce itself (Id, audit dates, formula-like flags), never by a user.
    pub system: bool,
    pub reference: Option<Reference>,
    /// A picklist's values in the order Salesforce lists them, and its default.
    pub picklist: Vec<String>,
    pub picklist_default: Option<String>,
    /// Profiles whose users may not see the field (field-level security): describe leaves it
    /// out for them and a query naming it fails as if it did not exist.
    pub hidden_from: Vec<String>,
}

impl Field {
    pub fn new(name: &str, label: Label, kind: FieldKind) -> Self {
        Self {
            name: name.to_owned(),
            label,
            kind,
            name_field: false,
            system: false,
            reference: None,
            picklist: Vec::new(),
            picklist_default: None,
            hidden_from: Vec::new(),
        }
    }

    /// Searched by `IN NAME FIELDS`.
    pub fn searched_as_name(mut self) -> Self {
        self.name_field = true;
        self
    }

    /// Set by Salesforce, never by a user.
    pub fn set_by_salesforce(mut self) -> Self {
        self.system = true;
        self
    }

    pub fn with_picklist<'v>(mut self, values: impl IntoIterator<Item = &'v str>, default: Option<&str>) -> Self {
        self.picklist = values.into_iter().map(str::to_owned).collect();
        self.picklist_default = default.map(str::to_owned);
        self
    }

    pub fn pointing_to(mut self, relationship: &str, to: &[&str], polymorphic: bool) -> Self {
        self.reference = Some(Reference {
            relationship: relationship.to_owned(),
            to: to.iter().map(|s| (*s).to_owned()).collect(),
            polymorphic,
        });
        self
    }

    pub fn hidden_from_profile(mut self, profile: &str) -> Self {
        self.hidden_from.push(profile.to_owned());
        self
    }

    /// Whether a query may filter or sort on it (describe's `filterable` and `sortable`): long
    /// text areas can only be returned.
    pub fn filterable(&self) -> bool {
        self.kind != FieldKind::TextArea
    }

    /// The relationship a reference field is reached through (`OwnerId` → `Owner`).
    pub fn relationship(&self) -> Option<&str> {
        self.reference.as_ref().map(|r| r.relationship.as_str())
    }

    pub fn is_polymorphic(&self) -> bool {
        self.reference.as_ref().is_some_and(|r| r.polymorphic)
    }

    pub fn visible_to(&self, profile: &str) -> bool {
        !self.hidden_from.iter().any(|p| p == profile)
    }
}

/// Who sees an object's records (its organisation-wide default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sharing {
    /// Every user reads every record.
    PublicRead,
    /// Only the owner (and users with "View All Data").
    Private,
}

/// What the API lets people do with an object's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub createable: bool,
    pub updateable: bool,
    pub deletable: bool,
}

/// The object's look in Lightning (UI API `themeInfo`): colour (hex, no `#`) and icon path
/// below `/img/icon/t4v35/` (`standard/account`, `custom/custom57`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: String,
    pub icon: String,
}

/// One object (sObject type) of the org.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectDef {
    pub name: String,
    pub label: Label,
    pub label_plural: Label,
    pub key_prefix: String,
    pub custom: bool,
    pub fields: Vec<Field>,
    /// The field that names a record (Name; Subject for tasks, CaseNumber for cases).
    pub title_field: String,
    pub searchable: bool,
    /// Whether Salesforce's RecentlyViewed lists it (its reference says it does not support
    /// Event, Task, Report, KnowledgeArticle and Article).
    pub recently_viewed: bool,
    pub sharing: Sharing,
    pub access: Access,
    /// None for objects the User Interface API does not support (Organization).
    pub theme: Option<Theme>,
}

/// An object of the org, cheap to clone and compare (by API name, unique in a schema).
#[derive(Clone)]
pub struct ObjectType(Arc<ObjectDef>);

impl ObjectType {
    pub fn new(definition: ObjectDef) -> Self {
        Self(Arc::new(definition))
    }

    pub fn def(&self) -> &ObjectDef {
        &self.0
    }

    pub fn api_name(&self) -> &str {
        &self.0.name
    }

    /// Whether this is the object named `name` (case-insensitive, as object names are).
    pub fn is(&self, name: &str) -> bool {
        self.0.name.eq_ignore_ascii_case(name)
    }

    pub fn key_prefix(&self) -> &str {
        &self.0.key_prefix
    }

    pub fn fields(&self) -> &[Field] {
        &self.0.fields
    }

    /// Position of a field by case-insensitive API name.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.0.fields.iter().position(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The reference field behind a relationship name (`Owner` → `OwnerId`), by position.
    pub fn relationship(&self, name: &str) -> Option<usize> {
        self.0.fields.iter().position(|f| f.relationship().is_some_and(|r| r.eq_ignore_ascii_case(name)))
    }

    pub fn title_field(&self) -> &str {
        &self.0.title_field
    }

    pub fn is_searchable(&self) -> bool {
        self.0.searchable
    }

    pub fn supports_recently_viewed(&self) -> bool {
        self.0.recently_viewed
    }
}

impl PartialEq for ObjectType {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.name == other.0.name
    }
}

impl Eq for ObjectType {}

impl Hash for ObjectType {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl fmt::Debug for ObjectType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.name)
    }
}

/// The record type every object has before an administrator adds one (Salesforce's fixed id).
pub const MASTER_RECORD_TYPE: &str = "012000000000000AAA";

/// Fields reachable through a polymorphic relationship (the `Name` pseudo-object).
pub const NAME_OBJECT_FIELDS: &[&str] = &["Id", "Name", "Type", "Alias", "FirstName", "LastName"];

/// Every object of the org, in the order describe lists them.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    objects: Vec<ObjectType>,
}

impl Schema {
    pub fn new(objects: Vec<ObjectDef>) -> Self {
        Self { objects: objects.into_iter().map(ObjectType::new).collect() }
    }

    pub fn objects(&self) -> &[ObjectType] {
        &self.objects
    }

    /// Object names are case-insensitive in SOSL, SOQL and the REST paths.
    pub fn object(&self, name: &str) -> Option<&ObjectType> {
        self.objects.iter().find(|o| o.is(name))
    }

    /// The object a record id belongs to, by its key prefix.
    pub fn object_of_id(&self, id: &str) -> Option<&ObjectType> {
        let prefix = id.get(..3)?;
        self.objects.iter().find(|o| o.key_prefix() == prefix)
    }

    pub fn searchable(&self) -> impl Iterator<Item = &ObjectType> {
        self.objects.iter().filter(|o| o.is_searchable())
    }

    /// Adds an object; its name and key prefix must be new.
    pub fn add(&mut self, object: ObjectType) -> Result<(), String> {
        if self.object(object.api_name()).is_some() {
            return Err(format!("an object named {} already exists", object.api_name()));
        }
        if self.objects.iter().any(|o| o.key_prefix() == object.key_prefix()) {
            return Err(format!("the key prefix {} is taken", object.key_prefix()));
        }
        self.objects.push(object);
        Ok(())
    }

    /// The org as one user sees it.
    pub fn seen_by<'a>(&'a self, profile: &'a str, language: Language) -> View<'a> {
        View { schema: self, profile, language }
    }

    /// The org as an administrator sees it (every field), in English: for seeding and tests.
    pub fn unrestricted(&self) -> View<'_> {
        View { schema: self, profile: "", language: Language::English }
    }
}

/// The schema as one user sees it: field-level security applied, labels in their language.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    pub schema: &'a Schema,
    pub profile: &'a str,
    pub language: Language,
}

impl<'a> View<'a> {
    pub fn object(&self, name: &str) -> Option<&'a ObjectType> {
        self.schema.object(name)
    }

    /// A field this user may see, by case-insensitive name (a hidden one does not exist for them).
    pub fn field_index(&self, object: &ObjectType, name: &str) -> Option<usize> {
        object.field_index(name).filter(|&i| object.fields()[i].visible_to(self.profile))
    }

    /// The fields this user may see, in the object's order.
    pub fn fields<'o>(&self, object: &'o ObjectType) -> impl Iterator<Item = &'o Field> + use<'o, 'a> {
        let profile = self.profile;
        object.fields().iter().filter(move |f| f.visible_to(profile))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_insensitive_and_ids_reveal_the_type() {
        let schema = standard::schema();
        assert_eq!(schema.object("aCCount").map(ObjectType::api_name), Some("Account"));
        assert_eq!(schema.object("Contact").map(ObjectType::api_name), Some("Contact"));
        assert!(schema.object("Nothing__c").is_none());
        assert_eq!(schema.object_of_id("00QDm0000000001AAA").map(ObjectType::api_name), Some("Lead"));
        let task = schema.object("Task").unwrap();
        assert_eq!(task.field_index("subject"), Some(1));
        assert!(task.fields()[task.relationship("what").unwrap()].is_polymorphic());
    }

    #[test]
    fn a_field_hidden_by_field_level_security_does_not_exist_for_that_profile() {
        let schema = standard::schema();
        let opportunity = schema.object("Opportunity").unwrap();
        let hidden = standard::PROFILE_WITHOUT_AMOUNTS;
        assert!(schema.seen_by(hidden, Language::English).field_index(opportunity, "Amount").is_none());
        assert!(schema.seen_by("Standard User", Language::English).field_index(opportunity, "amount").is_some());
        let seen = schema.seen_by(hidden, Language::English).fields(opportunity).count();
        assert_eq!(seen, opportunity.fields().len() - 1);
    }

    #[test]
    fn labels_fall_back_to_english() {
        assert_eq!(Label::new("Task", "Aufgabe").get(Language::German), "Aufgabe");
        assert_eq!(Label::english("Project").get(Language::German), "Project");
    }
}

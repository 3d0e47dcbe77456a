//! The objects and fields of the demo org, with Salesforce's API names and key prefixes.

use crate::ids::prefix;

/// The sObject types the demo org holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectType {
    Account,
    Lead,
    Task,
    Campaign,
    User,
    /// The org itself (one record): what a client reads the edition from.
    Organization,
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
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDThh:mm:ss.000+0000`.
    DateTime,
    /// An id pointing at another record, reachable as `relationship.Field`.
    Reference {
        relationship: &'static str,
        target: Target,
    },
}

/// What a reference field may point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Always this object (e.g. Account.Owner is a User).
    Object(ObjectType),
    /// Several objects (Who, What, a Lead's or Task's Owner): resolves to the `Name` pseudo-object.
    Polymorphic,
}

/// One field: API name, kind, and whether `IN NAME FIELDS` searches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
    pub name_field: bool,
}

const fn field(name: &'static str, kind: FieldKind) -> Field {
    Field { name, kind, name_field: false }
}

const fn name_field(name: &'static str, kind: FieldKind) -> Field {
    Field { name, kind, name_field: true }
}

const fn owner(target: Target) -> Field {
    field("OwnerId", FieldKind::Reference { relationship: "Owner", target })
}

use FieldKind::*;

const ACCOUNT_FIELDS: &[Field] = &[
    field("Id", Id),
    name_field("Name", Text),
    field("Type", Picklist),
    field("Industry", Picklist),
    field("Phone", Phone),
    field("BillingCity", Text),
    field("BillingCountry", Text),
    name_field("Website", Url),
    owner(Target::Object(ObjectType::User)),
    field("CreatedDate", DateTime),
    field("LastModifiedDate", DateTime),
];

const LEAD_FIELDS: &[Field] = &[
    field("Id", Id),
    field("FirstName", Text),
    field("LastName", Text),
    name_field("Name", Text),
    name_field("Company", Text),
    field("Title", Text),
    field("Email", Email),
    field("Phone", Phone),
    field("Status", Picklist),
    field("LeadSource", Picklist),
    field("IsConverted", Boolean),
    owner(Target::Polymorphic),
    field("CreatedDate", DateTime),
    field("LastModifiedDate", DateTime),
];

const TASK_FIELDS: &[Field] = &[
    field("Id", Id),
    name_field("Subject", Text),
    field("Status", Picklist),
    field("Priority", Picklist),
    field("ActivityDate", Date),
    field("Description", Text),
    field("WhoId", Reference { relationship: "Who", target: Target::Polymorphic }),
    field("WhatId", Reference { relationship: "What", target: Target::Polymorphic }),
    owner(Target::Polymorphic),
    field("IsClosed", Boolean),
    field("CreatedDate", DateTime),
    field("LastModifiedDate", DateTime),
];

const CAMPAIGN_FIELDS: &[Field] = &[
    field("Id", Id),
    name_field("Name", Text),
    field("Status", Picklist),
    field("Type", Picklist),
    field("StartDate", Date),
    field("EndDate", Date),
    field("IsActive", Boolean),
    field("Description", Text),
    owner(Target::Object(ObjectType::User)),
    field("CreatedDate", DateTime),
    field("LastModifiedDate", DateTime),
];

const USER_FIELDS: &[Field] = &[
    field("Id", Id),
    name_field("Name", Text),
    field("FirstName", Text),
    field("LastName", Text),
    field("Username", Text),
    field("Email", Email),
    field("Alias", Text),
    field("IsActive", Boolean),
];

const ORGANIZATION_FIELDS: &[Field] = &[
    field("Id", Id),
    name_field("Name", Text),
    field("OrganizationType", Picklist),
    field("IsSandbox", Boolean),
    field("InstanceName", Text),
];

/// Fields reachable through a polymorphic relationship (the `Name` pseudo-object).
pub const NAME_OBJECT_FIELDS: &[&str] = &["Id", "Name", "Type", "Alias", "FirstName", "LastName"];

impl ObjectType {
    const ALL: [ObjectType; 6] = [
        ObjectType::Account,
        ObjectType::Lead,
        ObjectType::Task,
        ObjectType::Campaign,
        ObjectType::User,
        ObjectType::Organization,
    ];

    pub const SEARCHABLE: [ObjectType; 4] =
        [ObjectType::Account, ObjectType::Lead, ObjectType::Task, ObjectType::Campaign];

    pub fn api_name(self) -> &'static str {
        match self {
            ObjectType::Account => "Account",
            ObjectType::Lead => "Lead",
            ObjectType::Task => "Task",
            ObjectType::Campaign => "Campaign",
            ObjectType::User => "User",
            ObjectType::Organization => "Organization",
        }
    }

    /// Object names are case-insensitive in SOSL and the REST paths.
    pub fn from_api_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.api_name().eq_ignore_ascii_case(name))
    }

    pub fn key_prefix(self) -> &'static str {
        match self {
            ObjectType::Account => prefix::ACCOUNT,
            ObjectType::Lead => prefix::LEAD,
            ObjectType::Task => prefix::TASK,
            ObjectType::Campaign => prefix::CAMPAIGN,
            ObjectType::User => prefix::USER,
            ObjectType::Organization => prefix::ORGANIZATION,
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        let key = id.get(..3)?;
        Self::ALL.into_iter().find(|t| t.key_prefix() == key)
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            ObjectType::Account => ACCOUNT_FIELDS,
            ObjectType::Lead => LEAD_FIELDS,
            ObjectType::Task => TASK_FIELDS,
            ObjectType::Campaign => CAMPAIGN_FIELDS,
            ObjectType::User => USER_FIELDS,
            ObjectType::Organization => ORGANIZATION_FIELDS,
        }
    }

    /// Position of a field by case-insensitive API name.
    pub fn field_index(self, name: &str) -> Option<usize> {
        self.fields().iter().position(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The reference field behind a relationship name (`Owner` → `OwnerId`).
    pub fn relationship(self, name: &str) -> Option<(usize, Target)> {
        self.fields().iter().enumerate().find_map(|(index, f)| match f.kind {
            FieldKind::Reference { relationship, target } if relationship.eq_ignore_ascii_case(name) => {
                Some((index, target))
            }
            _ => None,
        })
    }

    /// The field that names a record (Task's is Subject).
    pub fn title_field(self) -> &'static str {
        if self == ObjectType::Task { "Subject" } else { "Name" }
    }

    /// Whether Salesforce's RecentlyViewed lists this object: its object reference says it
    /// does not support Event, Task, Report, KnowledgeArticle and Article.
    pub fn supports_recently_viewed(self) -> bool {
        self != ObjectType::Task
    }

    /// Whether SOSL can search this object.
    pub fn is_searchable(self) -> bool {
        !matches!(self, ObjectType::User | ObjectType::Organization)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_insensitive_and_ids_reveal_the_type() {
        assert_eq!(ObjectType::from_api_name("aCCount"), Some(ObjectType::Account));
        assert_eq!(ObjectType::from_api_name("Contact"), None);
        assert_eq!(ObjectType::from_id("00QDm0000000001AAA"), Some(ObjectType::Lead));
        assert_eq!(ObjectType::Task.field_index("subject"), Some(1));
        assert_eq!(ObjectType::Task.relationship("what").map(|(_, t)| t), Some(Target::Polymorphic));
    }
}

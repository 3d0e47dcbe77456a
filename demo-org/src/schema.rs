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
    /// Long text (a Description): found by `ALL FIELDS`, but never filtered or sorted on.
    TextArea,
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

/// One field: API name, label (as the org's English users see it in describe), kind, and
/// whether `IN NAME FIELDS` searches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub name_field: bool,
}

impl Field {
    /// Whether a query may filter or sort on it (describe's `filterable` and `sortable`): long
    /// text areas can only be returned.
    pub fn filterable(&self) -> bool {
        self.kind != FieldKind::TextArea
    }

    /// The relationship a reference field is reached through (`OwnerId` → `Owner`).
    pub fn relationship(&self) -> Option<&'static str> {
        match self.kind {
            FieldKind::Reference { relationship, .. } => Some(relationship),
            _ => None,
        }
    }
}

const fn field(name: &'static str, label: &'static str, kind: FieldKind) -> Field {
    Field { name, label, kind, name_field: false }
}

const fn name_field(name: &'static str, label: &'static str, kind: FieldKind) -> Field {
    Field { name, label, kind, name_field: true }
}

const fn owner(label: &'static str, target: Target) -> Field {
    field("OwnerId", label, FieldKind::Reference { relationship: "Owner", target })
}

use FieldKind::*;

const ACCOUNT_FIELDS: &[Field] = &[
    field("Id", "Account ID", Id),
    name_field("Name", "Account Name", Text),
    field("Type", "Account Type", Picklist),
    field("Industry", "Industry", Picklist),
    field("Phone", "Account Phone", Phone),
    field("BillingCity", "Billing City", Text),
    field("BillingCountry", "Billing Country", Text),
    name_field("Website", "Website", Url),
    owner("Owner ID", Target::Object(ObjectType::User)),
    field("CreatedDate", "Created Date", DateTime),
    field("LastModifiedDate", "Last Modified Date", DateTime),
];

const LEAD_FIELDS: &[Field] = &[
    field("Id", "Lead ID", Id),
    field("FirstName", "First Name", Text),
    field("LastName", "Last Name", Text),
    name_field("Name", "Full Name", Text),
    name_field("Company", "Company", Text),
    field("Title", "Title", Text),
    field("Email", "Email", Email),
    field("Phone", "Phone", Phone),
    field("Status", "Status", Picklist),
    field("LeadSource", "Lead Source", Picklist),
    field("IsConverted", "Converted", Boolean),
    owner("Owner ID", Target::Polymorphic),
    field("CreatedDate", "Created Date", DateTime),
    field("LastModifiedDate", "Last Modified Date", DateTime),
];

const TASK_FIELDS: &[Field] = &[
    field("Id", "Activity ID", Id),
    name_field("Subject", "Subject", Text),
    field("Status", "Status", Picklist),
    field("Priority", "Priority", Picklist),
    field("ActivityDate", "Due Date Only", Date),
    field("Description", "Description", TextArea),
    field("WhoId", "Name ID", Reference { relationship: "Who", target: Target::Polymorphic }),
    field("WhatId", "Related To ID", Reference { relationship: "What", target: Target::Polymorphic }),
    owner("Assigned To ID", Target::Polymorphic),
    field("IsClosed", "Closed", Boolean),
    field("CreatedDate", "Created Date", DateTime),
    field("LastModifiedDate", "Last Modified Date", DateTime),
];

const CAMPAIGN_FIELDS: &[Field] = &[
    field("Id", "Campaign ID", Id),
    name_field("Name", "Name", Text),
    field("Status", "Status", Picklist),
    field("Type", "Type", Picklist),
    field("StartDate", "Start Date", Date),
    field("EndDate", "End Date", Date),
    field("IsActive", "Active", Boolean),
    field("Description", "Description", TextArea),
    owner("Owner ID", Target::Object(ObjectType::User)),
    field("CreatedDate", "Created Date", DateTime),
    field("LastModifiedDate", "Last Modified Date", DateTime),
];

const USER_FIELDS: &[Field] = &[
    field("Id", "User ID", Id),
    name_field("Name", "Full Name", Text),
    field("FirstName", "First Name", Text),
    field("LastName", "Last Name", Text),
    field("Username", "Username", Text),
    field("Email", "Email", Email),
    field("Alias", "Alias", Text),
    field("IsActive", "Active", Boolean),
];

const ORGANIZATION_FIELDS: &[Field] = &[
    field("Id", "Organization ID", Id),
    name_field("Name", "Name", Text),
    field("OrganizationType", "Edition", Picklist),
    field("IsSandbox", "Is Sandbox", Boolean),
    field("InstanceName", "Instance Name", Text),
];

/// What the API lets people do with an object's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub createable: bool,
    pub updateable: bool,
    pub deletable: bool,
}

/// The record type every object has before an administrator adds one (Salesforce's fixed id).
pub const MASTER_RECORD_TYPE: &str = "012000000000000AAA";

/// Fields reachable through a polymorphic relationship (the `Name` pseudo-object).
pub const NAME_OBJECT_FIELDS: &[&str] = &["Id", "Name", "Type", "Alias", "FirstName", "LastName"];

impl ObjectType {
    pub const ALL: [ObjectType; 6] = [
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

    /// The label and plural label the org's English users see (describe's `label`, `labelPlural`).
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            ObjectType::Account => ("Account", "Accounts"),
            ObjectType::Lead => ("Lead", "Leads"),
            ObjectType::Task => ("Task", "Tasks"),
            ObjectType::Campaign => ("Campaign", "Campaigns"),
            ObjectType::User => ("User", "Users"),
            ObjectType::Organization => ("Organization", "Organizations"),
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

    /// The objects of this org a reference field may point at, by API name (describe's
    /// `referenceTo`): a polymorphic owner is a user; a task's Who is a lead and its What an
    /// account or a campaign.
    pub fn reference_targets(self, field: &str) -> Vec<&'static str> {
        match self.fields().iter().find(|f| f.name == field).map(|f| f.kind) {
            Some(FieldKind::Reference { target: Target::Object(to), .. }) => vec![to.api_name()],
            Some(FieldKind::Reference { target: Target::Polymorphic, .. }) => match field {
                // Salesforce also names `Group` (queues), an object this org does not have.
                "OwnerId" => vec!["User"],
                "WhoId" => vec!["Lead"],
                _ => vec!["Account", "Campaign"],
            },
            _ => Vec::new(),
        }
    }

    /// What the API lets people do with the object's records (describe's `createable`,
    /// `updateable`, `deletable`): the org itself is read-only, and users are deactivated,
    /// never deleted.
    pub fn access(self) -> Access {
        let editable = self != ObjectType::Organization;
        Access { createable: editable, updateable: editable, deletable: editable && self != ObjectType::User }
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

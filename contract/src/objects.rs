//! What the administrator picks searchable objects from: the org's objects and their fields,
//! as the administrator's own Salesforce session describes them (labels in their language).

/// One object of `GET /api/admin/marketplace/salesforce/objects`: searchable and queryable in
/// the org, standard or custom (`__c`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OrgObject {
    /// The API name (`Contact`, `Project__c`).
    pub name: String,
    pub label: String,
    pub label_plural: String,
    pub custom: bool,
}

/// `GET /api/admin/marketplace/salesforce/objects/{name}`: the object's fields and look.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OrgObjectDetail {
    pub object: OrgObject,
    /// Salesforce's search (SOSL) covers it.
    pub searchable: bool,
    /// The Lightning theme colour (`#A094ED`), when the org has one for the object.
    pub color: Option<String>,
    /// The theme's icon (`standard/account`, `custom/custom57`), when the org has one.
    #[cfg_attr(feature = "serde", serde(default))]
    pub icon: Option<String>,
    /// The field that names a record (`Name`, `CaseNumber`).
    pub name_field: Option<String>,
    pub fields: Vec<OrgField>,
}

/// A field the administrator may show or filter on (those this administrator can see).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OrgField {
    pub name: String,
    pub label: String,
    /// Salesforce's field type (`string`, `picklist`, `reference`, `date`, `currency`, …).
    pub kind: String,
    pub filterable: bool,
    /// A picklist's active values, in the org's order.
    pub values: Vec<String>,
    /// A reference's relationship name (`Account`, `Owner`), to show the parent's name.
    pub relationship: Option<String>,
}

/// One object an administrator lets widgets search, and what its results show:
/// `GET|PUT /api/admin/marketplace/salesforce/searchable-objects` (the list, in the order
/// results are grouped).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
pub struct SearchableObject {
    /// The API name (`Contact`, `Project__c`).
    pub name: String,
    /// The field that titles a result (`Name`, `CaseNumber`).
    pub title_field: String,
    /// Up to [`MAX_SHOWN_FIELDS`] fields shown under the title: the object's own (`Email`) or
    /// a parent's name through a relationship (`Account.Name`, `Account__r.Name`).
    pub shown_fields: Vec<String>,
    /// Up to [`MAX_FILTER_FIELDS`] fields people may narrow results by: picklists (offered with
    /// the org's values) and checkboxes (`IsClosed`: open or closed).
    #[cfg_attr(feature = "serde", serde(default))]
    pub filter_fields: Vec<String>,
}

/// What kind of values a filter field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum FilterKind {
    /// One of the field's picklist values.
    Picklist,
    /// `true` or `false` (a checkbox field such as `IsClosed`).
    Boolean,
}

impl FilterKind {
    /// The kind of a Salesforce field type that can be a filter (`picklist`, `boolean`).
    pub fn of_field_type(kind: &str) -> Option<Self> {
        match kind {
            "picklist" => Some(Self::Picklist),
            "boolean" => Some(Self::Boolean),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Picklist => "picklist",
            Self::Boolean => "boolean",
        }
    }
}

/// One field results of an object can be narrowed by, with the words to name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FilterField {
    /// The field's API name in Salesforce's spelling (`StageName`, `IsClosed`).
    pub field: String,
    /// Salesforce's label of the field (`Stage`, `Closed`).
    pub label: String,
    pub kind: FilterKind,
}

/// A good first choice for one of Salesforce's standard objects, with its English plural
/// label and Lightning theme colour as Salesforce ships them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preset {
    pub object: SearchableObject,
    pub label: &'static str,
    pub color: &'static str,
    /// The filter fields with Salesforce's English labels.
    pub filters: Vec<FilterField>,
}

/// What the control panel proposes when an administrator adds a standard object, and what
/// `--initial-searchable-objects` saves: the product's first four as they always showed, and
/// Contact, Opportunity and Case as people look for them. `name` in any case.
pub fn preset(name: &str) -> Option<Preset> {
    use FilterKind::{Boolean, Picklist};
    type Row = (&'static str, &'static str, &'static [&'static str], &'static str, &'static str, Filters);
    type Filters = &'static [(&'static str, &'static str, FilterKind)];
    const CLOSED: (&str, &str, FilterKind) = ("IsClosed", "Closed", Boolean);
    // Tasks and campaigns keep their own filters (task states with "overdue", active campaigns).
    const PRESETS: [Row; 7] = [
        ("Account", "Name", &["Type", "BillingCity"], "Accounts", "#7F8DE1", &[("Type", "Account Type", Picklist)]),
        ("Lead", "Name", &["Company", "Status"], "Leads", "#F88962", &[("Status", "Lead Status", Picklist)]),
        ("Task", "Subject", &["ActivityDate", "Status", "What.Name"], "Tasks", "#4BC076", &[]),
        ("Campaign", "Name", &["Status", "StartDate", "EndDate"], "Campaigns", "#F49756", &[]),
        ("Contact", "Name", &["Account.Name", "Email", "Phone"], "Contacts", "#A094ED", &[]),
        (
            "Opportunity",
            "Name",
            &["Account.Name", "StageName", "CloseDate"],
            "Opportunities",
            "#FCB95B",
            &[("StageName", "Stage", Picklist), CLOSED],
        ),
        ("Case", "CaseNumber", &["Subject", "Status"], "Cases", "#F2CF5B", &[("Status", "Status", Picklist), CLOSED]),
    ];
    let (name, title, shown, label, color, filters) = PRESETS.into_iter().find(|p| p.0.eq_ignore_ascii_case(name))?;
    let owned = |names: &[&str]| names.iter().map(|f| (*f).to_owned()).collect();
    Some(Preset {
        object: SearchableObject {
            name: name.to_owned(),
            title_field: title.to_owned(),
            shown_fields: owned(shown),
            filter_fields: filters.iter().map(|f| f.0.to_owned()).collect(),
        },
        label,
        color,
        filters: filters
            .iter()
            .map(|&(field, label, kind)| FilterField { field: field.to_owned(), label: label.to_owned(), kind })
            .collect(),
    })
}

/// Fields shown under a result's title.
pub const MAX_SHOWN_FIELDS: usize = 3;
/// Filter fields of one object.
pub const MAX_FILTER_FIELDS: usize = 2;
/// Objects one search may cover (each adds to the one SOSL statement).
pub const MAX_SEARCHABLE_OBJECTS: usize = 12;

/// Objects Salesforce's RecentlyViewed does not list (its object reference).
const NOT_RECENTLY_VIEWED: [&str; 5] = ["Event", "Task", "Report", "KnowledgeArticle", "Article"];

/// Whether Salesforce lists records of the object `name` (any case) as recently viewed.
pub fn is_recently_viewed(name: &str) -> bool {
    !NOT_RECENTLY_VIEWED.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The widgets' name for tasks: the object of the "my tasks" glance and its due dates.
pub const TASK: &str = "task";

/// The longest object API name Salesforce allows (40 characters plus `__c`), and what the
/// backend accepts in a path.
pub const MAX_OBJECT_NAME_CHARS: usize = 43;

/// Whether `name` can be an object API name (letters, digits, underscores; a letter first),
/// checked before it goes into a Salesforce URL.
pub fn is_object_name(name: &str) -> bool {
    name.len() <= MAX_OBJECT_NAME_CHARS
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_names_are_plain_identifiers() {
        for good in ["Contact", "Project__c", "ns__Thing__c"] {
            assert!(is_object_name(good), "{good}");
        }
        for bad in ["", "../sobjects", "Contact/describe", "1Contact", "Con tact", "Contact?x", &"A".repeat(44)] {
            assert!(!is_object_name(bad), "{bad}");
        }
    }

    #[test]
    fn presets_are_valid_choices() {
        for name in ["account", "Lead", "TASK", "Campaign", "Contact", "Opportunity", "Case"] {
            let preset = preset(name).unwrap();
            assert!(preset.object.shown_fields.len() <= MAX_SHOWN_FIELDS);
            assert!(preset.filters.len() <= MAX_FILTER_FIELDS);
            let names: Vec<&str> = preset.filters.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(preset.object.filter_fields, names);
            assert!(crate::status::is_color(preset.color), "{name}");
            assert!(preset.object.name.eq_ignore_ascii_case(name));
        }
        assert_eq!(preset("Case").unwrap().object.title_field, "CaseNumber");
        assert_eq!(preset("Project__c"), None);
        assert_eq!(preset("opportunity").unwrap().object.filter_fields, ["StageName", "IsClosed"]);
        assert_eq!(FilterKind::of_field_type("boolean"), Some(FilterKind::Boolean));
        assert_eq!(FilterKind::of_field_type("date"), None);
    }
}

//! The objects widgets may search, as data: for each, its Salesforce API name, the name
//! widgets use for it, the field that titles a record, the fields shown beside it, the
//! condition it always carries and the filters it takes. The SOSL statement, the results, the
//! recent list and recording a view all read these definitions; no code knows an object by
//! name. Today the catalog holds presets of the four standard objects the product started with.

use std::sync::Arc;

/// A narrowing a request may ask of an object.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FilterRule {
    /// The request parameter `parameter` holds a value of the picklist `field`.
    Picklist { parameter: &'static str, field: String },
    /// The request parameter `parameter` switches `condition` on.
    Flag { parameter: &'static str, condition: String },
    /// `task=open|overdue|completed`.
    TaskState,
}

/// A value shown beside a record's title: the first non-empty of `fields` (paths such as
/// `What.Name`), under the name `key` widgets read it by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Shown {
    pub key: String,
    pub fields: Vec<String>,
}

/// How one object is searched and shown.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ObjectSpec {
    /// The Salesforce API name (`Account`, `Project__c`).
    pub name: String,
    /// The field path that titles a record (`Name`, `Subject`, `CaseNumber`).
    pub title: String,
    pub shown: Vec<Shown>,
    /// A condition every search of the object carries (converted leads are never shown).
    pub always: Option<String>,
    pub filters: Vec<FilterRule>,
    /// Whether Salesforce's RecentlyViewed lists the object (its reference: not Event, Task,
    /// Report, KnowledgeArticle or Article).
    pub recently_viewed: bool,
    /// Records have an owner (`OwnerId`), so "Mine" applies.
    pub owned: bool,
}

/// One object widgets may search: cheap to clone, compared and hashed by API name, and known
/// to widgets by its lowercase API name (`account`, `project__c`).
#[derive(Clone, Debug)]
pub struct SearchObject(Arc<ObjectSpec>);

impl SearchObject {
    pub fn new(spec: ObjectSpec) -> Self {
        Self(Arc::new(spec))
    }

    pub fn spec(&self) -> &ObjectSpec {
        &self.0
    }

    /// The name in the widget's API.
    pub fn key(&self) -> String {
        self.0.name.to_ascii_lowercase()
    }

    pub fn api_name(&self) -> &str {
        &self.0.name
    }

    pub fn title_field(&self) -> &str {
        &self.0.title
    }

    pub fn is_recently_viewed(&self) -> bool {
        self.0.recently_viewed
    }

    /// The RETURNING / SELECT field list: the id, the title and what is shown, each once.
    pub fn returning_fields(&self) -> String {
        let mut fields: Vec<&str> = vec!["Id", &self.0.title];
        for field in self.0.shown.iter().flat_map(|shown| &shown.fields) {
            if !fields.iter().any(|f| f.eq_ignore_ascii_case(field)) {
                fields.push(field);
            }
        }
        fields.join(", ")
    }
}

impl PartialEq for SearchObject {
    fn eq(&self, other: &Self) -> bool {
        self.0.name.eq_ignore_ascii_case(&other.0.name)
    }
}

impl Eq for SearchObject {}

impl std::hash::Hash for SearchObject {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.to_ascii_lowercase().hash(state);
    }
}

impl serde::Serialize for SearchObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

/// The objects widgets may search, in the order results are shown.
#[derive(Clone, Debug)]
pub struct Catalog {
    objects: Vec<SearchObject>,
}

/// A name in a request that is not an object of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownObject {
    pub message: String,
}

impl Catalog {
    pub fn new(objects: Vec<ObjectSpec>) -> Self {
        Self { objects: objects.into_iter().map(SearchObject::new).collect() }
    }

    pub fn objects(&self) -> &[SearchObject] {
        &self.objects
    }

    /// By the widget's name (`account`), whatever its case and surrounding spaces.
    pub fn by_key(&self, key: &str) -> Option<&SearchObject> {
        let key = key.trim();
        self.objects.iter().find(|o| o.0.name.eq_ignore_ascii_case(key))
    }

    /// By Salesforce's API name, as a record's `attributes.type` gives it.
    pub fn by_api_name(&self, name: &str) -> Option<&SearchObject> {
        self.by_key(name)
    }

    /// A request's comma-separated object list (all objects when absent or empty), each once.
    pub fn parse_list(&self, raw: Option<&str>) -> Result<Vec<SearchObject>, UnknownObject> {
        let Some(list) = raw.map(str::trim).filter(|o| !o.is_empty()) else { return Ok(self.objects.clone()) };
        let mut objects: Vec<SearchObject> = Vec::new();
        for key in list.split(',') {
            let object = self.by_key(key).ok_or_else(|| self.unknown(key))?;
            if !objects.contains(object) {
                objects.push(object.clone());
            }
        }
        Ok(objects)
    }

    /// The error for a name that is not in the catalog, listing those that are.
    pub fn unknown(&self, key: &str) -> UnknownObject {
        let known: Vec<String> = self.objects.iter().map(SearchObject::key).collect();
        let shown: String = key.trim().chars().take(60).collect();
        UnknownObject { message: format!("\"{shown}\" is not one of {}.", known.join(", ")) }
    }

    /// The product's first four objects, shown as they always were.
    pub fn presets() -> Self {
        let shown = |key: &str, fields: &[&str]| Shown {
            key: key.to_owned(),
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
        };
        let spec = |name: &str, title: &str, shown: Vec<Shown>, filters: Vec<FilterRule>| ObjectSpec {
            name: name.to_owned(),
            title: title.to_owned(),
            shown,
            always: None,
            filters,
            recently_viewed: true,
            owned: true,
        };
        Self::new(vec![
            spec(
                "Account",
                "Name",
                vec![shown("type", &["Type"]), shown("city", &["BillingCity"])],
                vec![FilterRule::Picklist { parameter: "account_type", field: "Type".to_owned() }],
            ),
            ObjectSpec {
                // Converted leads live on as accounts and contacts.
                always: Some("IsConverted = false".to_owned()),
                ..spec(
                    "Lead",
                    "Name",
                    vec![shown("company", &["Company"]), shown("status", &["Status"])],
                    vec![FilterRule::Picklist { parameter: "lead_status", field: "Status".to_owned() }],
                )
            },
            ObjectSpec {
                recently_viewed: false,
                ..spec(
                    "Task",
                    "Subject",
                    vec![
                        shown("due_date", &["ActivityDate"]),
                        shown("status", &["Status"]),
                        shown("related_to", &["What.Name", "Who.Name"]),
                    ],
                    vec![FilterRule::TaskState],
                )
            },
            spec(
                "Campaign",
                "Name",
                vec![
                    shown("status", &["Status"]),
                    shown("start_date", &["StartDate"]),
                    shown("end_date", &["EndDate"]),
                ],
                vec![FilterRule::Flag { parameter: "campaign", condition: "IsActive = true".to_owned() }],
            ),
        ])
    }

    /// The catalog's tasks object, for the tasks glance (None if tasks are not searchable).
    pub fn tasks(&self) -> Option<&SearchObject> {
        self.by_api_name("Task")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_lowercase_api_names_and_lists_are_checked_whole() {
        let catalog = Catalog::presets();
        let keys: Vec<String> = catalog.objects().iter().map(SearchObject::key).collect();
        assert_eq!(keys, ["account", "lead", "task", "campaign"]);
        assert_eq!(catalog.by_key(" LEAD ").map(SearchObject::api_name), Some("Lead"));
        assert_eq!(catalog.by_api_name("Campaign").map(SearchObject::key).as_deref(), Some("campaign"));
        let both = catalog.parse_list(Some("task, lead,task")).unwrap();
        assert_eq!(both.iter().map(SearchObject::key).collect::<Vec<_>>(), ["task", "lead"]);
        assert_eq!(catalog.parse_list(None).unwrap().len(), 4);
        assert_eq!(
            catalog.parse_list(Some("lead,contact")).unwrap_err().message,
            "\"contact\" is not one of account, lead, task, campaign."
        );
    }

    #[test]
    fn each_object_asks_for_its_title_and_what_it_shows_once() {
        let catalog = Catalog::presets();
        let fields: Vec<String> = catalog.objects().iter().map(SearchObject::returning_fields).collect();
        assert_eq!(
            fields,
            [
                "Id, Name, Type, BillingCity",
                "Id, Name, Company, Status",
                "Id, Subject, ActivityDate, Status, What.Name, Who.Name",
                "Id, Name, Status, StartDate, EndDate",
            ]
        );
        assert!(!catalog.tasks().unwrap().is_recently_viewed());
    }
}

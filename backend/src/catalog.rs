//! The objects widgets may search, as data: for each, its Salesforce API name, the name
//! widgets use for it, the field that titles a record, the fields shown beside it, the
//! condition it always carries and the filters it takes. The SOSL statement, the results, the
//! recent list and recording a view all read these definitions; no code knows an object by
//! name. An administrator's saved choice ([`ObjectChoice`]) makes the catalog; without one, it
//! holds presets of the four standard objects the product started with.

use std::sync::Arc;
use widget_contract::objects::{FilterField, SearchableObject, preset};

/// One object as the control panel saved it: the administrator's choice, plus what the save
/// learnt from the org's describe (whether records have an owner).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ObjectChoice {
    #[serde(flatten)]
    pub object: SearchableObject,
    /// Records have an `OwnerId`, so "Mine" applies.
    pub owned: bool,
    /// The plural label in the administrator's language, shown until a person's own Salesforce
    /// language is known (saved before labels were kept: empty).
    #[serde(default)]
    pub label: String,
    /// The object's Lightning theme colour (`#A094ED`).
    #[serde(default)]
    pub color: Option<String>,
    /// The theme's icon below `/img/icon/t4v35/` without its size (`custom/custom57`), as the
    /// save read it from `themeInfo.iconUrl` (saved before icons were kept: None, and a
    /// standard object keeps its preset's).
    #[serde(default)]
    pub icon: Option<String>,
    /// The filter fields with their labels and kinds, as the save found them in describe
    /// (saved before filters were chosen: None, and a standard object keeps its preset's).
    #[serde(default)]
    pub filters: Option<Vec<FilterField>>,
    /// The shown fields' labels and kinds (saved before they were kept: none, values alone).
    /// Not `shown_fields`: that is the flattened choice's list of names.
    #[serde(default)]
    pub shown_labels: Vec<ShownField>,
}

/// A narrowing a request may ask of an object.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FilterRule {
    /// `filter.{object}.{field}`: one value of a picklist or checkbox field.
    Field(FilterField),
    /// `campaign=active`: only active campaigns.
    ActiveCampaigns,
    /// `task=open|overdue|completed`.
    TaskState,
}

impl FilterRule {
    /// The fields the rule's own condition reads (a field filter's is its field).
    pub fn fields(&self) -> &[&str] {
        match self {
            FilterRule::Field(_) => &[],
            FilterRule::ActiveCampaigns => &["IsActive"],
            FilterRule::TaskState => &["IsClosed", "ActivityDate"],
        }
    }
}

/// A value shown beside a record's title: the first non-empty of `fields` (paths such as
/// `What.Name`), under the name `key` widgets read it by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Shown {
    pub key: String,
    pub fields: Vec<String>,
    /// Salesforce's label, for a field widgets have no words of their own for (an
    /// administrator's choice such as `Amount`), as the save read it.
    pub label: Option<String>,
    /// A number (currency, number, percent): widgets write it in the reader's language.
    pub number: bool,
}

/// How the control panel's save found a shown field in describe: its label and whether it
/// holds a number.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ShownField {
    /// The field or path as chosen (`Amount`, `Account.Name`).
    pub field: String,
    pub label: String,
    #[serde(default)]
    pub number: bool,
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
    /// The plural label to show until the person's own language is known.
    pub label: String,
    /// The Lightning theme colour (`#A094ED`), if known.
    pub color: Option<String>,
    /// The theme's icon (`standard/account`, `custom/custom57`), if known; its address on an
    /// instance is [`crate::salesforce::theme_icons::url`]'s.
    pub icon: Option<String>,
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

    /// The fields people may filter this object's results by.
    pub fn filter_fields(&self) -> impl Iterator<Item = &FilterField> {
        self.0.filters.iter().filter_map(|rule| match rule {
            FilterRule::Field(field) => Some(field),
            _ => None,
        })
    }

    /// The filter field named `field` (any case).
    pub fn filter_field(&self, field: &str) -> Option<&FilterField> {
        self.filter_fields().find(|f| f.field.eq_ignore_ascii_case(field))
    }

    /// The object without the field `field` (one a user may not see), shown or a filter field,
    /// or None when the object cannot do without it (its title, its own condition or one of its
    /// own filters reads it, or it neither shows nor filters by it). Whether a request that
    /// filters by the field can still be answered is the caller's to decide.
    pub fn without_shown(&self, field: &str) -> Option<SearchObject> {
        let spec = &self.0;
        let is_filter = |rule: &FilterRule| matches!(rule, FilterRule::Field(f) if f.field.eq_ignore_ascii_case(field));
        let needed = spec.title.eq_ignore_ascii_case(field)
            || spec.always.as_deref().is_some_and(|always| always.contains(field))
            || spec.filters.iter().any(|rule| rule.fields().iter().any(|f| f.eq_ignore_ascii_case(field)));
        // A field, or a relationship whose parent's name is shown (`Account` of `Account.Name`).
        let is_it = |f: &String| {
            f.eq_ignore_ascii_case(field)
                || f.split_once('.').is_some_and(|(relationship, _)| relationship.eq_ignore_ascii_case(field))
        };
        let shown_anywhere = spec.shown.iter().flat_map(|s| &s.fields).any(is_it);
        if needed || !(shown_anywhere || spec.filters.iter().any(is_filter)) {
            return None;
        }
        let shown = spec
            .shown
            .iter()
            .map(|s| Shown { fields: s.fields.iter().filter(|f| !is_it(f)).cloned().collect(), ..s.clone() })
            .filter(|s| !s.fields.is_empty())
            .collect();
        Some(SearchObject::new(ObjectSpec {
            name: spec.name.clone(),
            title: spec.title.clone(),
            shown,
            always: spec.always.clone(),
            filters: spec.filters.iter().filter(|rule| !is_filter(rule)).cloned().collect(),
            recently_viewed: spec.recently_viewed,
            owned: spec.owned,
            label: spec.label.clone(),
            color: spec.color.clone(),
            icon: spec.icon.clone(),
        }))
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

    /// By the widget's name (`account`) or Salesforce's API name (`Account`, as a record's
    /// `attributes.type` gives it): the one is the other in lowercase. Surrounding spaces are
    /// ignored.
    pub fn by_name(&self, name: &str) -> Option<&SearchObject> {
        let name = name.trim();
        self.objects.iter().find(|o| o.0.name.eq_ignore_ascii_case(name))
    }

    /// A request's comma-separated object list (all objects when absent or empty), each once.
    /// Names the catalog does not hold are left out, so a widget set up before an administrator
    /// narrowed the objects still searches the rest; when none is left, the first unknown name
    /// is the error.
    pub fn parse_list(&self, raw: Option<&str>) -> Result<Vec<SearchObject>, UnknownObject> {
        let Some(list) = raw.map(str::trim).filter(|o| !o.is_empty()) else { return Ok(self.objects.clone()) };
        let mut objects: Vec<SearchObject> = Vec::new();
        let mut unknown = None;
        for key in list.split(',') {
            match self.by_name(key) {
                Some(object) if !objects.contains(object) => objects.push(object.clone()),
                Some(_) => {}
                None => unknown = unknown.or(Some(key)),
            }
        }
        match unknown {
            Some(key) if objects.is_empty() => Err(self.unknown(key)),
            _ => Ok(objects),
        }
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
            label: None,
            number: false,
        };
        // Salesforce's English plural labels and its standard objects' theme colours.
        let look = |name: &str| {
            preset(name).map_or((name.to_owned(), None), |p| (p.label.to_owned(), Some(p.color.to_owned())))
        };
        // The preset's filter fields, then the object's own filters.
        let spec = |name: &str, title: &str, shown: Vec<Shown>, own: Vec<FilterRule>| ObjectSpec {
            label: look(name).0,
            color: look(name).1,
            icon: standard_icon(name),
            name: name.to_owned(),
            title: title.to_owned(),
            shown,
            always: None,
            filters: preset(name).into_iter().flat_map(|p| p.filters).map(FilterRule::Field).chain(own).collect(),
            recently_viewed: true,
            owned: true,
        };
        Self::new(vec![
            spec("Account", "Name", vec![shown("type", &["Type"]), shown("city", &["BillingCity"])], Vec::new()),
            ObjectSpec {
                // Converted leads live on as accounts and contacts.
                always: Some("IsConverted = false".to_owned()),
                ..spec("Lead", "Name", vec![shown("company", &["Company"]), shown("status", &["Status"])], Vec::new())
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
                vec![FilterRule::ActiveCampaigns],
            ),
        ])
    }

    /// The catalog an administrator's saved choice makes: each object shows and filters by the
    /// fields chosen for it; one of the first four keeps its preset's own condition and filters
    /// (task states, active campaigns) and the names widgets know its preset fields by, whatever
    /// else is shown.
    pub fn from_choices(choices: &[ObjectChoice]) -> Self {
        let presets = Self::presets();
        let objects = choices
            .iter()
            .map(|choice| {
                let chosen = &choice.object;
                let preset_object = presets.by_name(&chosen.name);
                let preset = preset_object.map(SearchObject::spec);
                let own = preset.into_iter().flat_map(|p| &p.filters).filter(|r| !matches!(r, FilterRule::Field(_)));
                // Saved before filters were chosen (None): as the preset had them.
                let fields: Vec<FilterRule> = match &choice.filters {
                    Some(chosen) => chosen.iter().cloned().map(FilterRule::Field).collect(),
                    None => preset_object
                        .into_iter()
                        .flat_map(SearchObject::filter_fields)
                        .cloned()
                        .map(FilterRule::Field)
                        .collect(),
                };
                let shown = chosen
                    .shown_fields
                    .iter()
                    .map(|field| {
                        let known = preset.and_then(|p| {
                            p.shown.iter().find(|s| s.fields.first().is_some_and(|f| f.eq_ignore_ascii_case(field)))
                        });
                        // A field widgets have no words for: its label and kind, as the save found them.
                        known.cloned().unwrap_or_else(|| {
                            let described = choice.shown_labels.iter().find(|f| f.field.eq_ignore_ascii_case(field));
                            Shown {
                                key: field.clone(),
                                fields: vec![field.clone()],
                                label: described.map(|f| f.label.clone()),
                                number: described.is_some_and(|f| f.number),
                            }
                        })
                    })
                    .collect();
                SearchObject::new(ObjectSpec {
                    name: chosen.name.clone(),
                    title: chosen.title_field.clone(),
                    shown,
                    always: preset.and_then(|p| p.always.clone()),
                    filters: fields.into_iter().chain(own.cloned()).collect(),
                    recently_viewed: widget_contract::objects::is_recently_viewed(&chosen.name),
                    owned: choice.owned,
                    label: Some(&choice.label)
                        .filter(|l| !l.is_empty())
                        .or(preset.map(|p| &p.label))
                        .cloned()
                        .unwrap_or_else(|| readable(&chosen.name)),
                    color: choice.color.clone().or_else(|| preset.and_then(|p| p.color.clone())),
                    icon: choice.icon.clone().or_else(|| standard_icon(&chosen.name)),
                })
            })
            .collect();
        Self { objects }
    }

    /// The catalog as the control panel shows it.
    pub fn choices(&self) -> Vec<SearchableObject> {
        self.objects.iter().map(choice_of).collect()
    }

    /// The choices `--initial-searchable-objects` names: each standard object as its preset
    /// proposes it, any other titled by its `Name` and without "Mine" (nothing checked them
    /// against the org yet: a save in the control panel does, and learns whether records have
    /// an owner).
    pub fn initial_choices(names: &[String]) -> Vec<ObjectChoice> {
        names
            .iter()
            .map(|name| match preset(name) {
                Some(preset) => ObjectChoice {
                    object: preset.object,
                    owned: true,
                    label: preset.label.to_owned(),
                    color: Some(preset.color.to_owned()),
                    icon: standard_icon(name),
                    filters: Some(preset.filters),
                    shown_labels: Vec::new(),
                },
                None => ObjectChoice {
                    object: SearchableObject {
                        name: name.clone(),
                        title_field: "Name".to_owned(),
                        shown_fields: Vec::new(),
                        filter_fields: Vec::new(),
                    },
                    owned: false,
                    label: String::new(),
                    color: None,
                    icon: None,
                    filters: Some(Vec::new()),
                    shown_labels: Vec::new(),
                },
            })
            .collect()
    }

    /// The catalog's tasks object, for the tasks glance (None if tasks are not searchable).
    pub fn tasks(&self) -> Option<&SearchObject> {
        self.by_name("Task")
    }
}

/// Words for an object no one has described yet (`Project__c` → `Project`, `ns__Site_Visit__c`
/// → `Site Visit`): better than its API name until Salesforce's own label is known.
fn readable(name: &str) -> String {
    let bare = name.strip_suffix("__c").unwrap_or(name);
    let bare = bare.rsplit_once("__").map_or(bare, |(_, rest)| rest);
    bare.replace('_', " ")
}

/// A standard object's theme icon as Salesforce names it (`standard/opportunity`), for the
/// presets (a save reads every object's own from its theme).
fn standard_icon(name: &str) -> Option<String> {
    preset(name).map(|_| format!("standard/{}", name.to_ascii_lowercase()))
}

/// An object as the administrator would choose it (the first of each shown value's fields).
fn choice_of(object: &SearchObject) -> SearchableObject {
    let spec = object.spec();
    SearchableObject {
        name: spec.name.clone(),
        title_field: spec.title.clone(),
        shown_fields: spec.shown.iter().filter_map(|shown| shown.fields.first().cloned()).collect(),
        filter_fields: object.filter_fields().map(|f| f.field.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use widget_contract::objects::FilterKind;

    #[test]
    fn names_are_the_lowercase_api_names_and_lists_are_checked_whole() {
        let catalog = Catalog::presets();
        let keys: Vec<String> = catalog.objects().iter().map(SearchObject::key).collect();
        assert_eq!(keys, ["account", "lead", "task", "campaign"]);
        assert_eq!(catalog.by_name(" LEAD ").map(SearchObject::api_name), Some("Lead"));
        assert_eq!(catalog.by_name("Campaign").map(SearchObject::key).as_deref(), Some("campaign"));
        let both = catalog.parse_list(Some("task, lead,task")).unwrap();
        assert_eq!(both.iter().map(SearchObject::key).collect::<Vec<_>>(), ["task", "lead"]);
        assert_eq!(catalog.parse_list(None).unwrap().len(), 4);
        assert_eq!(
            catalog.parse_list(Some("contact, opportunity")).unwrap_err().message,
            "\"contact\" is not one of account, lead, task, campaign."
        );
        let known = catalog.parse_list(Some("contact,lead")).unwrap();
        assert_eq!(known.iter().map(SearchObject::key).collect::<Vec<_>>(), ["lead"], "names not chosen are left out");
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
        let proposed: Vec<SearchableObject> =
            ["Account", "Lead", "Task", "Campaign"].iter().map(|n| preset(n).unwrap().object).collect();
        assert_eq!(catalog.choices(), proposed, "the control panel proposes the presets as widgets show them");
    }

    #[test]
    fn a_saved_choice_keeps_a_preset_as_it_was_and_shows_any_other_object_as_chosen() {
        let presets = Catalog::presets();
        let choose = |name: &str, title: &str, shown: &[&str]| ObjectChoice {
            object: SearchableObject {
                name: name.to_owned(),
                title_field: title.to_owned(),
                shown_fields: shown.iter().map(|s| (*s).to_owned()).collect(),
                filter_fields: Vec::new(),
            },
            owned: true,
            label: if name == "Contact" { "Contacts".to_owned() } else { String::new() },
            color: None,
            icon: None,
            filters: None,
            shown_labels: if name == "Contact" {
                vec![ShownField { field: "email".into(), label: "Email".into(), number: false }]
            } else {
                Vec::new()
            },
        };
        let lead = ObjectChoice {
            object: presets.choices()[1].clone(),
            owned: true,
            label: String::new(),
            color: None,
            icon: None,
            filters: None,
            shown_labels: Vec::new(),
        };
        let catalog = Catalog::from_choices(&[
            choose("Contact", "Name", &["Account.Name", "Email"]),
            lead,
            choose("Account", "Name", &["Phone"]),
        ]);
        let keys: Vec<String> = catalog.objects().iter().map(SearchObject::key).collect();
        assert_eq!(keys, ["contact", "lead", "account"]);
        assert_eq!(catalog.objects()[0].returning_fields(), "Id, Name, Account.Name, Email");
        let email = &catalog.objects()[0].spec().shown[1];
        assert_eq!((email.label.as_deref(), email.number), (Some("Email"), false), "the label the save found");
        assert_eq!(catalog.objects()[0].spec().shown[0].label, None, "none found: the value alone");
        assert_eq!(catalog.objects()[1].spec().always.as_deref(), Some("IsConverted = false"), "the preset's own rule");
        let account = &catalog.objects()[2];
        assert_eq!(account.returning_fields(), "Id, Name, Phone", "a preset object chosen otherwise");
        assert_eq!(account.spec().filters, presets.objects()[0].spec().filters, "keeps its filters");
        let tasks = Catalog::from_choices(&[choose("Task", "Subject", &["Status", "What.Name"])]);
        let task = tasks.tasks().unwrap();
        assert_eq!(task.spec().filters, [FilterRule::TaskState]);
        assert_eq!(task.spec().shown[1].key, "related_to", "the name widgets know it by, with its fallback");
        assert_eq!(task.returning_fields(), "Id, Subject, Status, What.Name, Who.Name");
        assert!(!task.is_recently_viewed());
        let lead = Catalog::from_choices(&[choose("Lead", "Name", &["Email"])]);
        assert_eq!(lead.objects()[0].spec().always.as_deref(), Some("IsConverted = false"));
        assert_eq!(catalog.choices()[0].shown_fields, ["Account.Name", "Email"]);
        assert!(!Catalog::from_choices(&[choose("Event", "Subject", &[])]).objects()[0].is_recently_viewed());
        assert_eq!(presets.choices()[2].shown_fields, ["ActivityDate", "Status", "What.Name"]);
        let looks: Vec<(&str, Option<&str>)> =
            catalog.objects().iter().map(|o| (o.spec().label.as_str(), o.spec().color.as_deref())).collect();
        assert_eq!(
            looks,
            [("Contacts", None), ("Leads", Some("#F88962")), ("Accounts", Some("#7F8DE1"))],
            "saved looks, else the preset's"
        );
        assert_eq!(Catalog::from_choices(&[choose("Event", "Subject", &[])]).objects()[0].spec().label, "Event");
        let custom =
            Catalog::from_choices(&[choose("Project__c", "Name", &[]), choose("ns__Site_Visit__c", "Name", &[])]);
        let labels: Vec<&str> = custom.objects().iter().map(|o| o.spec().label.as_str()).collect();
        assert_eq!(labels, ["Project", "Site Visit"], "until Salesforce's label is known");
    }

    #[test]
    fn chosen_filter_fields_replace_the_presets_and_an_objects_own_filters_stay() {
        let field = |field: &str, kind| FilterField { field: field.to_owned(), label: field.to_owned(), kind };
        let choose = |name: &str, filters: Option<Vec<FilterField>>| {
            let mut object = preset(name).unwrap().object;
            object.filter_fields = filters.iter().flatten().map(|f| f.field.clone()).collect();
            ObjectChoice {
                object,
                owned: true,
                label: String::new(),
                color: None,
                icon: None,
                filters,
                shown_labels: Vec::new(),
            }
        };
        let catalog = Catalog::from_choices(&[
            choose("Account", Some(Vec::new())),
            choose("Lead", None),
            choose("Campaign", Some(vec![field("Type", FilterKind::Picklist)])),
            choose("Opportunity", Some(vec![field("IsClosed", FilterKind::Boolean)])),
        ]);
        let filters: Vec<Vec<&str>> =
            catalog.objects().iter().map(|o| o.filter_fields().map(|f| f.field.as_str()).collect()).collect();
        assert_eq!(filters, [vec![], vec!["Status"], vec!["Type"], vec!["IsClosed"]], "none, the preset's, chosen");
        let campaign = &catalog.objects()[2];
        assert_eq!(campaign.spec().filters.last(), Some(&FilterRule::ActiveCampaigns), "its own filter stays");
        assert_eq!(campaign.filter_field("type").map(|f| f.kind), Some(FilterKind::Picklist));
        assert_eq!(catalog.choices()[3].filter_fields, ["IsClosed"]);
        let initial = Catalog::from_choices(&Catalog::initial_choices(&["Case".to_owned()]));
        assert_eq!(initial.choices()[0].filter_fields, ["Status", "IsClosed"]);
        // A filter field a person may not see: the object does without it (the search decides
        // whether a request that filters by it can be answered).
        let case = &initial.objects()[0];
        let without = case.without_shown("isclosed").expect("not needed by the object itself");
        assert_eq!(without.filter_fields().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["Status"]);
        let shown_and_filtered = case.without_shown("Status").unwrap();
        assert_eq!(shown_and_filtered.returning_fields(), "Id, CaseNumber, Subject");
        assert!(case.without_shown("Priority").is_none(), "neither shown nor a filter");
        let tasks = Catalog::presets();
        assert!(tasks.tasks().unwrap().without_shown("IsClosed").is_none(), "the task states read it");
    }

    #[test]
    fn a_choice_saved_by_the_previous_release_reads_back_with_its_presets_filters() {
        let saved = r##"[{"name":"Lead","title_field":"Name","shown_fields":["Company","Status"],"owned":true,"label":"Leads","color":"#F88962"},
                        {"name":"Contact","title_field":"Name","shown_fields":["Email"],"owned":true}]"##;
        let choices: Vec<ObjectChoice> = serde_json::from_str(saved).unwrap();
        assert_eq!((choices[0].filters.as_ref(), choices[0].shown_labels.len()), (None, 0));
        let catalog = Catalog::from_choices(&choices);
        assert_eq!(catalog.objects()[0].filter_field("Status").map(|f| f.label.as_str()), Some("Lead Status"));
        assert_eq!(catalog.objects()[1].filter_fields().count(), 0);
        assert_eq!(catalog.choices()[0].filter_fields, ["Status"]);
    }
}

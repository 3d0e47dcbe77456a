//! The placeholder a page editor drops onto a page: its `data-*` attributes and what a widget
//! reads from them. The widget parses them; the configurator writes them and checks that the
//! widget reads back what it wrote, so both share this one rule.
//!
//! Parsing is a pure function over an attribute lookup. A bad attribute gives a message for the
//! page editor inside that instance, never a panic.

use crate::{
    TaskState,
    filters::{FieldFilter, Filters, MAX_PICKLIST_CHARS},
    objects::is_object_name,
};

/// The languages the widget ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    /// `de`, `de-CH`, `DE` → German; `en…` English; anything else none.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The tag the `data-lang` attribute and the `lang` attribute take.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }
}

/// Attribute that marks a placeholder for a widget instance.
pub const PLACEHOLDER_ATTRIBUTE: &str = "data-salesforce-widget";

/// Results per type a page editor may ask for.
pub const MAX_LIMIT: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Layout {
    /// One line per record.
    Compact,
    /// Title plus the secondary fields.
    #[default]
    Full,
}

/// What a page editor chose for one widget instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Heading shown above the search box.
    pub title: String,
    /// Objects searched, by lowercase API name in display order; empty: every object the
    /// administrator enabled (checked against them once the backend's status says which).
    pub objects: Vec<String>,
    /// Results per type before "show more".
    pub limit: usize,
    pub layout: Layout,
    pub lang: Lang,
    /// Origin of the intranet backend; empty means the page's own origin.
    pub backend: String,
    /// Filters the widget starts with (the user can change them).
    pub filters: Filters,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        Self {
            title: "Salesforce".to_owned(),
            objects: Vec::new(),
            limit: 5,
            layout: Layout::Full,
            lang: Lang::En,
            backend: String::new(),
            filters: Filters::default(),
        }
    }
}

impl WidgetConfig {
    /// Builds the configuration from attribute values (`name` is the full attribute name);
    /// `page_lang` is the page's `lang`. Errors are one sentence per bad attribute.
    pub fn from_attributes(
        attribute: impl Fn(&str) -> Option<String>,
        page_lang: Option<&str>,
    ) -> Result<Self, Vec<String>> {
        let defaults = Self::default();
        let mut errors = Vec::new();
        let title =
            attribute("data-title").map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).unwrap_or(defaults.title);
        let objects = match attribute("data-objects").map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()) {
            None => defaults.objects,
            Some(list) => {
                let mut objects = Vec::new();
                for name in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                    let key = name.to_ascii_lowercase();
                    if !is_object_name(&key) {
                        errors.push(problem(
                            "data-objects",
                            name,
                            "is not an object name such as account or project__c.",
                        ));
                    } else if !objects.contains(&key) {
                        objects.push(key);
                    }
                }
                if objects.is_empty() && errors.is_empty() {
                    errors.push("data-objects: name at least one object, such as account or contact.".to_owned());
                }
                objects
            }
        };
        let limit = match attribute("data-limit") {
            None => defaults.limit,
            Some(raw) => match raw.trim().parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    errors.push(format!("data-limit: “{raw}” must be a whole number from 1 to {MAX_LIMIT}."));
                    defaults.limit
                }
            },
        };
        let layout = match attribute("data-layout").map(|l| l.trim().to_ascii_lowercase()) {
            None => defaults.layout,
            Some(l) if l == "compact" => Layout::Compact,
            Some(l) if l == "full" => Layout::Full,
            Some(other) => {
                errors.push(problem("data-layout", &other, "must be compact or full."));
                defaults.layout
            }
        };
        let lang = match attribute("data-lang") {
            Some(tag) => Lang::from_tag(&tag).unwrap_or_else(|| {
                errors.push(problem("data-lang", &tag, "is not a shipped language (en, de)."));
                Lang::En
            }),
            None => page_lang.and_then(Lang::from_tag).unwrap_or_default(),
        };
        let backend =
            attribute("data-backend").map(|b| b.trim().trim_end_matches('/').to_owned()).unwrap_or(defaults.backend);
        let is_origin = backend.starts_with("https://") || backend.starts_with("http://");
        if !backend.is_empty() && !is_origin {
            errors.push(format!(
                "data-backend: “{backend}” must be an http(s) origin such as https://intranet.example.com."
            ));
        }
        let filters = filters(&attribute, &mut errors);
        if errors.is_empty() { Ok(Self { title, objects, limit, layout, lang, backend, filters }) } else { Err(errors) }
    }
}

/// A page editor's message: `attribute: “value” rule`. One function, not a `format!` per
/// message: each adds its own formatting code to the bundle.
fn problem(attribute: &str, value: &str, rule: &str) -> String {
    let mut message = String::with_capacity(attribute.len() + value.len() + rule.len() + 10);
    for part in [attribute, ": “", value, "” ", rule] {
        message.push_str(part);
    }
    message
}

/// The preset filters (`data-filter-*`). Whether each fits an object the widget searches is
/// known with the objects (see [`crate::objects::Objects::resolve`]).
fn filters(attribute: &impl Fn(&str) -> Option<String>, errors: &mut Vec<String>) -> Filters {
    let value = |name: &str| attribute(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let mut filters = Filters::default();
    if let Some(mine) = value("data-filter-mine") {
        match mine.to_ascii_lowercase().as_str() {
            "true" => filters.mine = true,
            "false" => {}
            _ => errors.push(problem("data-filter-mine", &mine, "must be true or false.")),
        }
    }
    // The first release's two picklist filters, as the field filters they are now.
    if let Some(status) = value("data-filter-lead-status") {
        filters.set_field("lead", "Status", Some(status));
    }
    if let Some(task) = value("data-filter-task") {
        match TaskState::from_key(&task) {
            Some(state) => filters.task = Some(state),
            None => errors.push(problem("data-filter-task", &task, "must be open, overdue or completed.")),
        }
    }
    if let Some(campaign) = value("data-filter-campaign") {
        match campaign.to_ascii_lowercase().as_str() {
            "active" => filters.active_campaigns = true,
            _ => errors.push(problem("data-filter-campaign", &campaign, "must be active.")),
        }
    }
    if let Some(kind) = value("data-filter-account-type") {
        filters.set_field("account", "Type", Some(kind));
    }
    for preset in value("data-filter-fields").iter().flat_map(|v| v.split(';')).map(str::trim).filter(|p| !p.is_empty())
    {
        let named = preset.split_once('=').and_then(|(name, value)| {
            let (object, field) = name.trim().split_once('.')?;
            let value = value.trim();
            // A picklist value as Salesforce stores one (what the backend accepts).
            let ok = is_object_name(object)
                && is_object_name(field)
                && !value.is_empty()
                && value.chars().count() <= MAX_PICKLIST_CHARS
                && !value.chars().any(char::is_control);
            ok.then(|| (object.to_ascii_lowercase(), field, value))
        });
        match named {
            Some((object, field, value)) => filters.set_field(&object, field, Some(value.to_owned())),
            None => errors.push(format!(
                "data-filter-fields: “{preset}” must be object.Field=value, the value at most {MAX_PICKLIST_CHARS} characters."
            )),
        }
    }
    filters
}

/// The `data-filter-fields` value presetting `fields` (`opportunity.StageName=Prospecting;…`),
/// or None when there are none. A value holding a `;` cannot be carried and is left out (see
/// [`carries`]).
pub fn field_filters_attribute(fields: &[FieldFilter]) -> Option<String> {
    let carried: Vec<String> =
        fields.iter().filter(|f| carries(f)).map(|f| format!("{}.{}={}", f.object, f.field, f.value)).collect();
    (!carried.is_empty()).then(|| carried.join(";"))
}

/// Whether `data-filter-fields` can carry the filter's value (no `;`, which separates them).
pub fn carries(filter: &FieldFilter) -> bool {
    !filter.value.contains(';')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)], page_lang: Option<&str>) -> Result<WidgetConfig, Vec<String>> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        WidgetConfig::from_attributes(|name| map.get(name).cloned(), page_lang)
    }

    #[test]
    fn no_attributes_gives_the_defaults() {
        assert_eq!(parse(&[], None), Ok(WidgetConfig::default()));
    }

    #[test]
    fn every_attribute_is_read() {
        let config = parse(
            &[
                ("data-title", "  Customers "),
                ("data-objects", "lead, Account,lead"),
                ("data-limit", "8"),
                ("data-layout", "Compact"),
                ("data-lang", "de"),
                ("data-backend", "https://intranet.example/"),
            ],
            None,
        )
        .unwrap();
        assert_eq!(config.title, "Customers");
        assert_eq!(config.objects, ["lead", "account"]);
        assert_eq!((config.limit, config.layout, config.lang), (8, Layout::Compact, Lang::De));
        assert_eq!(config.backend, "https://intranet.example");
    }

    #[test]
    fn preset_filters_are_read() {
        let config = parse(
            &[
                ("data-objects", "task,lead,account,campaign"),
                ("data-filter-mine", "true"),
                ("data-filter-task", "Overdue"),
                ("data-filter-lead-status", " Working - Contacted "),
                ("data-filter-campaign", "active"),
                ("data-filter-account-type", "Customer - Direct"),
                ("data-filter-fields", " Opportunity.StageName = Closed Won ;case.IsClosed=false;"),
            ],
            None,
        )
        .unwrap();
        let fields = vec![
            FieldFilter::new("lead", "Status", "Working - Contacted"),
            FieldFilter::new("account", "Type", "Customer - Direct"),
            FieldFilter::new("opportunity", "StageName", "Closed Won"),
            FieldFilter::new("case", "IsClosed", "false"),
        ];
        assert_eq!(
            config.filters,
            Filters { mine: true, task: Some(TaskState::Overdue), active_campaigns: true, fields: fields.clone() }
        );
        assert_eq!(
            field_filters_attribute(&fields[2..]).as_deref(),
            Some("opportunity.StageName=Closed Won;case.IsClosed=false"),
            "what the configurator writes"
        );
        assert_eq!(field_filters_attribute(&[FieldFilter::new("lead", "Status", "a;b")]), None);
        let one_left = [FieldFilter::new("lead", "Status", "a;b"), FieldFilter::new("case", "IsClosed", "true")];
        assert_eq!(field_filters_attribute(&one_left).as_deref(), Some("case.IsClosed=true"), "only it is left out");
        let errors = parse(
            &[
                ("data-objects", "account"),
                ("data-filter-task", "someday"),
                ("data-filter-mine", "yes"),
                ("data-filter-fields", "case.IsClosed;lead.Sta tus=Open;case.Status=;case.Status=a\u{1}b"),
            ],
            None,
        )
        .unwrap_err();
        assert_eq!(errors.len(), 6, "{errors:?}");
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("de-CH"), Some(Lang::De));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::De.tag(), "de");
    }

    #[test]
    fn the_page_language_is_the_fallback() {
        assert_eq!(parse(&[], Some("de-AT")).unwrap().lang, Lang::De);
        assert_eq!(parse(&[("data-lang", "en")], Some("de")).unwrap().lang, Lang::En);
        assert_eq!(parse(&[], Some("fr")).unwrap().lang, Lang::En);
    }

    #[test]
    fn each_bad_attribute_is_named() {
        let errors = parse(
            &[
                ("data-objects", "contact, lead/x"),
                ("data-limit", "0"),
                ("data-layout", "huge"),
                ("data-lang", "xx"),
                ("data-backend", "ftp://x"),
            ],
            None,
        )
        .unwrap_err();
        assert_eq!(errors.len(), 5, "{errors:?}");
        for attribute in ["data-objects", "data-limit", "data-layout", "data-lang", "data-backend"] {
            assert!(errors.iter().any(|e| e.starts_with(attribute)), "{attribute}");
        }
        assert!(parse(&[("data-objects", " , ")], None).is_err());
        assert_eq!(parse(&[("data-objects", "Project__c,contact")], None).unwrap().objects, ["project__c", "contact"]);
    }
}

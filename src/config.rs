//! Per-instance configuration, read from the placeholder's `data-*` attributes.
//!
//! Parsing is a pure function over an attribute lookup so it is unit-tested natively. A bad
//! attribute gives a message for the page editor inside that instance, never a panic.

use crate::{
    i18n::Lang,
    search::{Filters, ObjectKind, TaskState},
};

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
    /// Object types searched, in display order.
    pub objects: Vec<ObjectKind>,
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
            objects: ObjectKind::ALL.to_vec(),
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
                for key in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                    match ObjectKind::from_key(key) {
                        Some(kind) if !objects.contains(&kind) => objects.push(kind),
                        Some(_) => {}
                        None => {
                            errors.push(format!("data-objects: “{key}” is not one of account, lead, task, campaign."))
                        }
                    }
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
                errors.push(format!("data-layout: “{other}” must be compact or full."));
                defaults.layout
            }
        };
        let lang = match attribute("data-lang") {
            Some(tag) => Lang::from_tag(&tag).unwrap_or_else(|| {
                errors.push(format!("data-lang: “{tag}” is not a shipped language (en, de)."));
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
        if objects.is_empty() && errors.is_empty() {
            errors.push("data-objects: name at least one of account, lead, task, campaign.".to_owned());
        }
        let filters = filters(&attribute, &objects, &mut errors);
        if errors.is_empty() { Ok(Self { title, objects, limit, layout, lang, backend, filters }) } else { Err(errors) }
    }
}

/// The preset filters (`data-filter-*`); each must fit a type the widget searches.
fn filters(attribute: &impl Fn(&str) -> Option<String>, objects: &[ObjectKind], errors: &mut Vec<String>) -> Filters {
    let value = |name: &str| attribute(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let needs = |errors: &mut Vec<String>, name: &str, kind: ObjectKind, plural: &str| {
        if !objects.contains(&kind) && !objects.is_empty() {
            errors.push(format!("{name} filters {plural}, which this widget does not search (data-objects)."));
        }
    };
    let mut filters = Filters::default();
    if let Some(mine) = value("data-filter-mine") {
        match mine.to_ascii_lowercase().as_str() {
            "true" => filters.mine = true,
            "false" => {}
            _ => errors.push(format!("data-filter-mine: “{mine}” must be true or false.")),
        }
    }
    if let Some(status) = value("data-filter-lead-status") {
        needs(errors, "data-filter-lead-status", ObjectKind::Lead, "leads");
        filters.lead_status = Some(status);
    }
    if let Some(task) = value("data-filter-task") {
        needs(errors, "data-filter-task", ObjectKind::Task, "tasks");
        match TaskState::from_key(&task) {
            Some(state) => filters.task = Some(state),
            None => errors.push(format!("data-filter-task: “{task}” must be open, overdue or completed.")),
        }
    }
    if let Some(campaign) = value("data-filter-campaign") {
        needs(errors, "data-filter-campaign", ObjectKind::Campaign, "campaigns");
        match campaign.to_ascii_lowercase().as_str() {
            "active" => filters.active_campaigns = true,
            _ => errors.push(format!("data-filter-campaign: “{campaign}” must be active.")),
        }
    }
    if let Some(kind) = value("data-filter-account-type") {
        needs(errors, "data-filter-account-type", ObjectKind::Account, "accounts");
        filters.account_type = Some(kind);
    }
    filters
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
        assert_eq!(config.objects, vec![ObjectKind::Lead, ObjectKind::Account]);
        assert_eq!((config.limit, config.layout, config.lang), (8, Layout::Compact, Lang::De));
        assert_eq!(config.backend, "https://intranet.example");
    }

    #[test]
    fn preset_filters_are_read_and_must_fit_the_types() {
        let config = parse(
            &[
                ("data-objects", "task,lead,account,campaign"),
                ("data-filter-mine", "true"),
                ("data-filter-task", "Overdue"),
                ("data-filter-lead-status", " Working - Contacted "),
                ("data-filter-campaign", "active"),
                ("data-filter-account-type", "Customer - Direct"),
            ],
            None,
        )
        .unwrap();
        assert_eq!(
            config.filters,
            Filters {
                mine: true,
                lead_status: Some("Working - Contacted".into()),
                task: Some(TaskState::Overdue),
                active_campaigns: true,
                account_type: Some("Customer - Direct".into()),
            }
        );
        let errors =
            parse(&[("data-objects", "account"), ("data-filter-task", "someday"), ("data-filter-mine", "yes")], None)
                .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("which this widget does not search")));
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
                ("data-objects", "contact"),
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
    }
}

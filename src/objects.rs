//! The objects one widget searches: those its page editor named (`data-objects`), as the
//! backend's status describes them (the administrator's choice, labels in the person's
//! Salesforce language, theme colours). The widget knows no object by its own code.

use crate::search::{Filters, joined};
use std::sync::Arc;
pub use widget_contract::objects::{TASK, is_recently_viewed};
pub use widget_contract::status::WidgetObject;
use widget_contract::status::is_color;

/// The widget's objects in display order. Cheap to clone; `Send + Sync` for Leptos.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Objects(Arc<[WidgetObject]>);

impl Objects {
    /// The objects `wanted` names (all that are enabled when it names none), or one sentence
    /// for the page editor per name the administrator has not enabled and per preset filter
    /// that fits none of them.
    pub fn resolve(wanted: &[String], enabled: &[WidgetObject], filters: &Filters) -> Result<Self, Vec<String>> {
        let mut errors = Vec::new();
        let objects: Vec<WidgetObject> = if wanted.is_empty() {
            enabled.to_vec()
        } else {
            let keys: Vec<&str> = enabled.iter().map(|o| o.object.as_str()).collect();
            wanted
                .iter()
                .filter_map(|name| {
                    let found = enabled.iter().find(|o| &o.object == name).cloned();
                    if found.is_none() {
                        errors.push(format!("data-objects: “{name}” is not one of {}.", joined(&keys, ", ")));
                    }
                    found
                })
                .collect()
        };
        let objects = Self(objects.into());
        for (attribute, object) in [
            ("data-filter-task", filters.task.is_some().then_some(TASK)),
            ("data-filter-campaign", filters.active_campaigns.then_some("campaign")),
        ] {
            if let Some(object) = object.filter(|o| errors.is_empty() && !objects.has(o)) {
                errors.push(format!(
                    "{attribute} filters {object} records, which this widget does not search (data-objects)."
                ));
            }
        }
        let checked = if errors.is_empty() { filters.fields.as_slice() } else { &[] };
        for preset in checked {
            let (object, field) = (&preset.object, &preset.field);
            match objects.0.iter().find(|o| &o.object == object) {
                None => errors.push(format!(
                    "data-filter-fields: {object}.{field} filters {object} records, which this widget does not search (data-objects)."
                )),
                Some(o) if !o.filters.iter().any(|f| f.field.eq_ignore_ascii_case(field)) => errors.push(format!(
                    "data-filter-fields: {field} is not a filter of {} (Control Panel › Searchable objects).",
                    o.label
                )),
                Some(_) => {}
            }
        }
        if errors.is_empty() { Ok(objects) } else { Err(errors) }
    }

    pub fn iter(&self) -> impl Iterator<Item = &WidgetObject> {
        self.0.iter()
    }

    /// The objects' names, in order.
    pub fn keys(&self) -> Vec<String> {
        self.0.iter().map(|o| o.object.clone()).collect()
    }

    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|o| o.object == key)
    }

    /// Salesforce's plural label for `key` (the name itself for an object the status did not
    /// describe).
    pub fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.iter().find(|o| o.object == key).map_or(key, |o| o.label.as_str())
    }

    /// The theme colour of `key` as a style declaration, when it is a plain `#RRGGBB`.
    pub fn color_style(&self, key: &str) -> Option<String> {
        let color = self.0.iter().find(|o| o.object == key)?.color.as_deref().filter(|c| is_color(c))?;
        Some(format!("--sfw-object-color:{color}"))
    }
}

/// The badge letter of a label (decorative: the group has a heading). Salesforce's labels
/// start with a capital; neither case tables nor slicing (its panic formats characters) are
/// linked for it.
pub fn initial(label: &str) -> String {
    label.chars().next().map(String::from).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use widget_contract::objects::{FilterField, FilterKind};

    fn object(key: &str, label: &str) -> WidgetObject {
        let filters = vec![FilterField { field: "Status".into(), label: "Status".into(), kind: FilterKind::Picklist }];
        WidgetObject { object: key.into(), label: label.into(), color: Some("#A094ED".into()), filters }
    }

    #[test]
    fn named_objects_must_be_enabled_and_fit_the_preset_filters() {
        let enabled = [object("account", "Accounts"), object("contact", "Kontakte"), object("task", "Aufgaben")];
        let all = Objects::resolve(&[], &enabled, &Filters::default()).unwrap();
        assert_eq!(all.keys(), ["account", "contact", "task"]);
        let two = Objects::resolve(&["task".into(), "contact".into()], &enabled, &Filters::default()).unwrap();
        assert_eq!(two.keys(), ["task", "contact"]);
        assert_eq!((two.label("contact"), two.label("lead")), ("Kontakte", "lead"));
        assert_eq!(two.color_style("task").as_deref(), Some("--sfw-object-color:#A094ED"));
        let errors = Objects::resolve(&["lead".into(), "contact".into()], &enabled, &Filters::default()).unwrap_err();
        assert_eq!(errors, ["data-objects: “lead” is not one of account, contact, task."]);
        let mut lead_filter = Filters::default();
        lead_filter.set_field("lead", "Status", Some("Open".into()));
        let errors = Objects::resolve(&[], &enabled, &lead_filter).unwrap_err();
        assert!(errors[0].starts_with("data-filter-fields: lead.Status filters lead records"), "{errors:?}");
        let mut contact_filter = Filters::default();
        contact_filter.set_field("contact", "status", Some("Open".into()));
        assert!(Objects::resolve(&[], &enabled, &contact_filter).is_ok(), "a filter field of the object");
        contact_filter.set_field("contact", "LeadSource", Some("Web".into()));
        let errors = Objects::resolve(&[], &enabled, &contact_filter).unwrap_err();
        assert_eq!(
            errors,
            ["data-filter-fields: LeadSource is not a filter of Kontakte (Control Panel › Searchable objects)."]
        );
        assert_eq!((initial("Ärzte").as_str(), initial("").as_str()), ("Ä", ""));
    }

    #[test]
    fn only_plain_colours_reach_a_style() {
        let odd = WidgetObject { color: Some("red;background:url(x)".into()), ..object("case", "Cases") };
        assert_eq!(Objects::resolve(&[], &[odd], &Filters::default()).unwrap().color_style("case"), None);
    }
}

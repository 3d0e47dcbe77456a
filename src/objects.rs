//! The objects one widget searches: those its page editor named (`data-objects`), as the
//! backend's status describes them (the administrator's choice, labels in the person's
//! Salesforce language, theme colours). The widget knows no object by its own code.

use crate::search::{Filters, joined};
use std::sync::Arc;
use widget_contract::objects::FilterKind;
pub use widget_contract::objects::{TASK, is_recently_viewed};
pub use widget_contract::status::WidgetObject;
use widget_contract::status::is_color;

/// The widget's objects in display order. Cheap to clone; `Send + Sync` for Leptos.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Objects(Arc<[WidgetObject]>);

impl Objects {
    /// The objects `wanted` names (all that are enabled when it names none) and the preset
    /// filters that apply to them, or one sentence for the page editor per name the
    /// administrator has not enabled and per preset filter that fits none of them. A preset
    /// field that is no filter of its object (any more: the administrator's choice) is left
    /// out, so the page goes on working; a checkbox field's value is `true` or `false`.
    pub fn resolve(
        wanted: &[String],
        enabled: &[WidgetObject],
        filters: &Filters,
    ) -> Result<(Self, Filters), Vec<String>> {
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
        let mut usable = Filters { fields: Vec::new(), ..filters.clone() };
        for preset in &filters.fields {
            let (object, field) = (&preset.object, &preset.field);
            let Some(found) = objects.0.iter().find(|o| &o.object == object) else {
                errors.push(format!(
                    "The filter {object}.{field} is for {object} records, which this widget does not search (data-objects)."
                ));
                continue;
            };
            let Some(filter) = found.filters.iter().find(|f| f.field.eq_ignore_ascii_case(field)) else { continue };
            let value = match filter.kind {
                FilterKind::Picklist => preset.value.clone(),
                FilterKind::Boolean => match preset.value.to_ascii_lowercase().as_str() {
                    on @ ("true" | "false") => on.to_owned(),
                    _ => {
                        errors.push(format!(
                            "data-filter-fields: {object}.{field} takes true or false, not “{}”.",
                            preset.value
                        ));
                        continue;
                    }
                },
            };
            // In the status's spelling, as the filter panel names its options.
            usable.set_field(object, &filter.field, Some(value));
        }
        if errors.is_empty() { Ok((objects, usable)) } else { Err(errors) }
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

    /// How `key`'s group heading marks it, as Salesforce does: its theme's colour and icon,
    /// with the label's first letter where the icon is missing or fails.
    pub fn badge(&self, key: &str) -> Badge {
        let object = self.0.iter().find(|o| o.object == key);
        Badge {
            style: object
                .and_then(|o| o.color.as_deref())
                .filter(|c| is_color(c))
                .map(|color| format!("--sfw-object-color:{color}")),
            letter: initial(object.map_or(key, |o| &o.label)),
            icon: object.and_then(|o| o.icon.clone()),
        }
    }
}

/// An object's badge (decorative: its group has a heading).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Badge {
    /// The theme colour as a style declaration, when it is a plain `#RRGGBB`.
    pub style: Option<String>,
    pub letter: String,
    /// The theme icon's URL (on the backend), drawn over the letter.
    pub icon: Option<String>,
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
    use crate::search::FieldFilter;
    use widget_contract::objects::FilterField;

    fn object(key: &str, label: &str) -> WidgetObject {
        let filters = vec![FilterField { field: "Status".into(), label: "Status".into(), kind: FilterKind::Picklist }];
        let icon = Some(format!("https://intranet.example/api/salesforce/icons/{key}"));
        WidgetObject { object: key.into(), label: label.into(), color: Some("#A094ED".into()), icon, filters }
    }

    #[test]
    fn named_objects_must_be_enabled_and_fit_the_preset_filters() {
        let enabled = [object("account", "Accounts"), object("contact", "Kontakte"), object("task", "Aufgaben")];
        let resolve = |wanted: &[&str], filters: &Filters| {
            let wanted: Vec<String> = wanted.iter().map(|w| (*w).to_owned()).collect();
            Objects::resolve(&wanted, &enabled, filters)
        };
        let (all, _) = resolve(&[], &Filters::default()).unwrap();
        assert_eq!(all.keys(), ["account", "contact", "task"]);
        let (two, _) = resolve(&["task", "contact"], &Filters::default()).unwrap();
        assert_eq!(two.keys(), ["task", "contact"]);
        assert_eq!((two.label("contact"), two.label("lead")), ("Kontakte", "lead"));
        let badge = two.badge("contact");
        assert_eq!(badge.style.as_deref(), Some("--sfw-object-color:#A094ED"));
        assert_eq!(badge.letter, "K", "the letter of the person's own label");
        assert_eq!(badge.icon.as_deref(), Some("https://intranet.example/api/salesforce/icons/contact"));
        assert_eq!(two.badge("lead"), Badge { style: None, letter: "l".into(), icon: None }, "not enabled");
        let errors = resolve(&["lead", "contact"], &Filters::default()).unwrap_err();
        assert_eq!(errors, ["data-objects: “lead” is not one of account, contact, task."]);
        let mut lead_filter = Filters::default();
        lead_filter.set_field("lead", "Status", Some("Open".into()));
        let errors = resolve(&[], &lead_filter).unwrap_err();
        assert!(errors[0].starts_with("The filter lead.Status is for lead records"), "{errors:?}");
        let mut contact_filter = Filters::default();
        contact_filter.set_field("contact", "status", Some("Open".into()));
        contact_filter.set_field("contact", "LeadSource", Some("Web".into()));
        let (_, usable) = resolve(&[], &contact_filter).unwrap();
        assert_eq!(
            usable.fields,
            [FieldFilter::new("contact", "Status", "Open")],
            "in the status's spelling; a field that is no filter (any more) left out"
        );
        assert_eq!((initial("Ärzte").as_str(), initial("").as_str()), ("Ä", ""));
    }

    #[test]
    fn a_checkbox_preset_is_true_or_false() {
        let closed = FilterField { field: "IsClosed".into(), label: "Closed".into(), kind: FilterKind::Boolean };
        let enabled = [WidgetObject { filters: vec![closed], ..object("case", "Cases") }];
        let preset = |value: &str| {
            let mut filters = Filters::default();
            filters.set_field("case", "isclosed", Some(value.into()));
            Objects::resolve(&[], &enabled, &filters)
        };
        assert_eq!(preset("TRUE").unwrap().1.fields, [FieldFilter::new("case", "IsClosed", "true")]);
        assert_eq!(preset("yes").unwrap_err(), ["data-filter-fields: case.isclosed takes true or false, not “yes”."]);
    }

    #[test]
    fn only_plain_colours_reach_a_style() {
        let odd = WidgetObject { color: Some("red;background:url(x)".into()), ..object("case", "Cases") };
        assert_eq!(Objects::resolve(&[], &[odd], &Filters::default()).unwrap().0.badge("case").style, None);
    }
}

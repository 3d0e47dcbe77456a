//! Custom objects (`Name__c`) as an administrator defines them: the seed's `Project__c` and
//! any object added to the running org through the admin API. A definition names its own
//! fields; Salesforce adds the ones every custom object has (Id, Name, OwnerId, audit dates).

use super::{Access, Field, FieldKind, Label, ObjectDef, Schema, Sharing, Theme, standard};
use serde::Deserialize;

/// Setup's limits: labels of 40 characters, 500 custom fields (Enterprise Edition), 1,000
/// values per picklist.
pub const MAX_LABEL_CHARS: usize = 40;
pub const MAX_FIELDS: usize = 500;
pub const MAX_PICKLIST_VALUES: usize = 1_000;

/// A custom object as the admin API receives it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CustomObject {
    /// The API name, ending in `__c`.
    pub name: String,
    pub label: String,
    pub label_plural: String,
    #[serde(default)]
    pub label_de: Option<String>,
    #[serde(default)]
    pub label_plural_de: Option<String>,
    /// The tab style's colour (six hex digits) and custom icon (`custom57`).
    pub color: String,
    pub icon: String,
    pub fields: Vec<CustomField>,
}

/// One field of a custom object.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CustomField {
    /// The API name, ending in `__c`.
    pub name: String,
    pub label: String,
    #[serde(default)]
    pub label_de: Option<String>,
    #[serde(rename = "type")]
    pub kind: CustomFieldType,
    /// A picklist's values, in order.
    #[serde(default)]
    pub values: Vec<String>,
    /// A lookup's object.
    #[serde(default)]
    pub reference_to: Option<String>,
}

/// The field types of Setup's "New Custom Field" that the demo org keeps.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CustomFieldType {
    Text,
    TextArea,
    Email,
    Phone,
    Url,
    Picklist,
    Checkbox,
    Currency,
    Date,
    Lookup,
}

impl CustomObject {
    /// Why the definition cannot be added to `schema`, in Setup's terms; None when it can.
    pub fn problem(&self, schema: &Schema) -> Option<String> {
        if !is_custom_name(&self.name) {
            return Some(format!(
                "{:?} is not a custom object name: letters, digits and single underscores, starting with a letter, ending in __c",
                self.name
            ));
        }
        if schema.object(&self.name).is_some() {
            return Some(format!("an object named {} already exists", self.name));
        }
        let labels =
            [Some(&self.label), Some(&self.label_plural), self.label_de.as_ref(), self.label_plural_de.as_ref()];
        if labels.into_iter().flatten().any(|l| l.trim().is_empty() || l.chars().count() > MAX_LABEL_CHARS) {
            return Some(format!("labels must have 1 to {MAX_LABEL_CHARS} characters"));
        }
        if self.fields.len() > MAX_FIELDS {
            return Some(format!("at most {MAX_FIELDS} custom fields"));
        }
        if self.color.len() != 6 || !self.color.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(format!("color {:?} is not six hex digits", self.color));
        }
        if !self.icon.strip_prefix("custom").and_then(|n| n.parse::<u8>().ok()).is_some_and(|n| (1..=113).contains(&n))
        {
            return Some(format!("icon {:?} is not a custom icon (custom1 to custom113)", self.icon));
        }
        for (index, field) in self.fields.iter().enumerate() {
            if !is_custom_name(&field.name) {
                return Some(format!("field {:?} is not a custom field name (ending in __c)", field.name));
            }
            if self.fields[..index].iter().any(|f| f.name.eq_ignore_ascii_case(&field.name)) {
                return Some(format!("field {} is defined twice", field.name));
            }
            let labels = [Some(&field.label), field.label_de.as_ref()];
            if labels.into_iter().flatten().any(|l| l.trim().is_empty() || l.chars().count() > MAX_LABEL_CHARS) {
                return Some(format!("field {} needs labels of 1 to {MAX_LABEL_CHARS} characters", field.name));
            }
            let values = &field.values;
            let bad_value = |(i, v): (usize, &String)| {
                v.trim().is_empty() || v.chars().count() > 255 || values[..i].iter().any(|w| w.eq_ignore_ascii_case(v))
            };
            if values.len() > MAX_PICKLIST_VALUES || values.iter().enumerate().any(bad_value) {
                return Some(format!(
                    "picklist {} needs at most {MAX_PICKLIST_VALUES} distinct values of 1 to 255 characters",
                    field.name
                ));
            }
            match (field.kind, &field.reference_to) {
                (CustomFieldType::Picklist, _) if field.values.is_empty() => {
                    return Some(format!("picklist {} needs values", field.name));
                }
                (CustomFieldType::Lookup, None) => return Some(format!("lookup {} needs referenceTo", field.name)),
                // Records cannot look up activities (tasks) or read-only objects.
                (CustomFieldType::Lookup, Some(to))
                    if schema.object(to).is_none_or(|o| !o.def().access.createable || o.is("Task")) =>
                {
                    return Some(format!(
                        "lookup {} points at {to}, which is not an object a lookup can point at",
                        field.name
                    ));
                }
                (CustomFieldType::Lookup, _) => {}
                (_, Some(_)) => return Some(format!("only a lookup field takes referenceTo ({})", field.name)),
                (_, None) if !field.values.is_empty() && field.kind != CustomFieldType::Picklist => {
                    return Some(format!("only a picklist takes values ({})", field.name));
                }
                _ => {}
            }
        }
        None
    }

    /// The object with the fields Salesforce gives every custom object around the defined ones;
    /// lookups name their object as `schema` spells it.
    pub fn into_object(mut self, key_prefix: &str, schema: &Schema) -> ObjectDef {
        for field in &mut self.fields {
            if let Some(to) = field.reference_to.as_mut().and_then(|to| Some((schema.object(to)?, to))) {
                *to.1 = to.0.api_name().to_owned();
            }
        }
        let label = Label { en: self.label.clone(), de: self.label_de.clone() };
        let name_label =
            Label { en: format!("{} Name", self.label), de: self.label_de.as_ref().map(|de| format!("{de}-Name")) };
        let mut fields = vec![
            Field::new("Id", Label::new("Record ID", "Datensatz-ID"), FieldKind::Id).set_by_salesforce(),
            Field::new("Name", name_label, FieldKind::Text).searched_as_name(),
        ];
        fields.extend(self.fields.into_iter().map(CustomField::into_field));
        fields.push(standard::owner("Owner ID", "Inhaber-ID", true));
        fields.extend(standard::audit_fields());
        ObjectDef {
            name: self.name,
            label,
            label_plural: Label { en: self.label_plural, de: self.label_plural_de },
            key_prefix: key_prefix.to_owned(),
            custom: true,
            fields,
            title_field: "Name".to_owned(),
            searchable: true,
            recently_viewed: true,
            sharing: Sharing::PublicRead,
            access: Access { createable: true, updateable: true, deletable: true },
            theme: Some(Theme { color: self.color.to_ascii_uppercase(), icon: format!("custom/{}", self.icon) }),
        }
    }
}

impl CustomField {
    fn into_field(self) -> Field {
        let kind = match self.kind {
            CustomFieldType::Text => FieldKind::Text,
            CustomFieldType::TextArea => FieldKind::TextArea,
            CustomFieldType::Email => FieldKind::Email,
            CustomFieldType::Phone => FieldKind::Phone,
            CustomFieldType::Url => FieldKind::Url,
            CustomFieldType::Picklist => FieldKind::Picklist,
            CustomFieldType::Checkbox => FieldKind::Boolean,
            CustomFieldType::Currency => FieldKind::Currency,
            CustomFieldType::Date => FieldKind::Date,
            CustomFieldType::Lookup => FieldKind::Reference,
        };
        let field = Field::new(&self.name, Label { en: self.label, de: self.label_de }, kind);
        match self.reference_to {
            // `Account__c` is reached as `Account__r`.
            Some(to) => {
                let relationship = format!("{}__r", self.name.trim_end_matches("__c"));
                field.pointing_to(&relationship, &[to.as_str()], false)
            }
            None => field.with_picklist(self.values.iter().map(String::as_str), None),
        }
    }
}

/// `Project__c`: the custom object the seed fills, defined the way an administrator would.
pub fn project() -> CustomObject {
    let field = |name: &str, label: &str, label_de: &str, kind| CustomField {
        name: name.to_owned(),
        label: label.to_owned(),
        label_de: Some(label_de.to_owned()),
        kind,
        values: Vec::new(),
        reference_to: None,
    };
    CustomObject {
        name: "Project__c".to_owned(),
        label: "Project".to_owned(),
        label_plural: "Projects".to_owned(),
        label_de: Some("Projekt".to_owned()),
        label_plural_de: Some("Projekte".to_owned()),
        color: "3C97DD".to_owned(),
        icon: "custom57".to_owned(),
        fields: vec![
            CustomField {
                values: crate::seed::words::PROJECT_STATUSES.iter().map(|s| (*s).to_owned()).collect(),
                ..field("Status__c", "Status", "Status", CustomFieldType::Picklist)
            },
            CustomField {
                reference_to: Some("Account".to_owned()),
                ..field("Account__c", "Account", "Account", CustomFieldType::Lookup)
            },
            field("Due_Date__c", "Due Date", "Fälligkeitsdatum", CustomFieldType::Date),
            field("Budget__c", "Budget", "Budget", CustomFieldType::Currency),
            field("Description__c", "Description", "Beschreibung", CustomFieldType::TextArea),
        ],
    }
}

/// Setup's rule for custom API names: a letter first, then letters, digits and single
/// underscores (none at the end of the stem), 40 characters at most, then `__c`.
fn is_custom_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix("__c") else { return false };
    stem.len() <= 40
        && stem.starts_with(|c: char| c.is_ascii_alphabetic())
        && !stem.ends_with('_')
        && !stem.contains("__")
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_names_follow_setups_rule() {
        for good in ["Project__c", "Due_Date__c", "A1__c"] {
            assert!(is_custom_name(good), "{good}");
        }
        for bad in ["Project", "Project__C", "_Project__c", "Pro__ject__c", "Project___c", "1Project__c", "Pro ject__c"]
        {
            assert!(!is_custom_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_definition_gets_salesforces_own_fields_and_a_relationship_per_lookup() {
        let object = project().into_object("a01", &standard::schema());
        let names: Vec<&str> = object.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names.first(), Some(&"Id"));
        assert!(names.contains(&"Name") && names.contains(&"OwnerId") && names.contains(&"CreatedDate"));
        let account = object.fields.iter().find(|f| f.name == "Account__c").unwrap();
        assert_eq!(account.relationship(), Some("Account__r"));
        assert!(object.custom);
    }

    #[test]
    fn a_bad_definition_is_refused_with_its_reason() {
        let schema = standard::schema();
        assert!(project().problem(&schema).unwrap().contains("already exists"));
        let renamed = |name: &str| CustomObject { name: name.to_owned(), ..project() };
        assert!(renamed("Invoice__c").problem(&schema).is_none());
        assert!(renamed("Invoice").problem(&schema).unwrap().contains("not a custom object name"));
        let mut lookup = renamed("Invoice__c");
        lookup.fields[1].reference_to = Some("Nothing__c".to_owned());
        assert!(lookup.problem(&schema).unwrap().contains("not an object a lookup can point at"));
        let mut picklist = renamed("Invoice__c");
        picklist.fields[0].values.clear();
        assert!(picklist.problem(&schema).unwrap().contains("needs values"));
        picklist.fields[0].values = vec!["Open".into(), "open".into()];
        assert!(picklist.problem(&schema).unwrap().contains("distinct values"));
        let mut to_task = renamed("Invoice__c");
        to_task.fields[1].reference_to = Some("Task".to_owned());
        assert!(to_task.problem(&schema).unwrap().contains("not an object a lookup can point at"));
        let long = CustomObject { label: "L".repeat(41), ..renamed("Invoice__c") };
        assert!(long.problem(&schema).unwrap().contains("labels must have"));
        let icon = CustomObject { icon: "custom999".into(), ..renamed("Invoice__c") };
        assert!(icon.problem(&schema).unwrap().contains("custom1 to custom113"));
    }
}

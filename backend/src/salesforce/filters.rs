//! The request's filters (see `widget_contract::filters`) written as SOQL conditions that
//! Salesforce evaluates, by each object's filter rules, in SOSL's RETURNING items and in the
//! tasks query alike.

use crate::catalog::{FilterRule, SearchObject};

pub use widget_contract::TaskState;
pub use widget_contract::filters::{FieldFilter, FilterProblem, Filters};
use widget_contract::objects::FilterKind;

/// The SOQL condition of a task state.
fn condition(state: TaskState) -> &'static str {
    match state {
        TaskState::Open => "IsClosed = false",
        TaskState::Overdue => "IsClosed = false AND ActivityDate < TODAY",
        TaskState::Completed => "IsClosed = true",
    }
}

/// The SOQL conditions of `filters` for `object` (by its own filter rules), to be joined with
/// AND; `owner_id` is the user's Salesforce id (needed for "Mine").
pub fn conditions(filters: &Filters, object: &SearchObject, owner_id: &str) -> Vec<String> {
    let mut conditions = Vec::new();
    if filters.mine && object.spec().owned {
        conditions.push(format!("OwnerId = {}", quote(owner_id)));
    }
    let key = object.key();
    for rule in &object.spec().filters {
        match rule {
            // The field as the catalog spells it (never the request's words); a checkbox's value
            // was checked to be true or false (see `check`).
            FilterRule::Field(filter) => {
                let value = match (filter.kind, filters.field(&key, &filter.field)) {
                    (_, None) => continue,
                    (FilterKind::Picklist, Some(value)) => quote(value),
                    // Only ever the literal true or false, whatever the request said.
                    (FilterKind::Boolean, Some(value)) => match as_bool(value) {
                        Some(on) => on.to_string(),
                        None => continue,
                    },
                };
                conditions.push(format!("{} = {value}", filter.field));
            }
            FilterRule::ActiveCampaigns => {
                if filters.active_campaigns {
                    conditions.push("IsActive = true".to_owned());
                }
            }
            FilterRule::TaskState => {
                if let Some(state) = filters.task {
                    conditions.push(condition(state).to_owned());
                }
            }
        }
    }
    conditions
}

/// A checkbox filter's value: `true` or `false` in any case.
fn as_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Checks each field filter against the catalog. One that names no filter field of an object
/// widgets search is left out, as an object no longer enabled is: an administrator may have
/// taken the filter away while pages still send it, and they must go on working. A checkbox
/// takes `true` or `false`.
pub fn check(filters: &mut Filters, catalog: &crate::catalog::Catalog) -> Result<(), FilterProblem> {
    let mut problem = None;
    filters.fields.retain(|filter| {
        let field = catalog.by_name(&filter.object).and_then(|object| object.filter_field(&filter.field));
        match field {
            None => {
                tracing::debug!(object = %filter.object, field = %filter.field, "a filter that is not a filter field; left out");
                false
            }
            Some(field) if field.kind == FilterKind::Boolean && as_bool(&filter.value).is_none() => {
                let parameter = format!("filter.{}.{}", filter.object, filter.field);
                problem.get_or_insert(FilterProblem {
                    message: format!("{parameter} must be true or false, not \"{}\".", filter.value),
                    parameter,
                });
                true
            }
            Some(_) => true,
        }
    });
    problem.map_or(Ok(()), Err)
}

/// A SOQL string literal: quotes and backslashes escaped, so a value can never end the
/// literal (Salesforce's documented escape sequences).
pub fn quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        match c {
            '\'' => quoted.push_str("\\'"),
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            other => quoted.push(other),
        }
    }
    quoted.push('\'');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn object(name: &str) -> SearchObject {
        Catalog::presets().by_name(name).unwrap().clone()
    }

    #[test]
    fn each_filter_becomes_a_condition_on_its_own_type() {
        let filters = Filters {
            mine: true,
            task: Some(TaskState::Overdue),
            active_campaigns: true,
            fields: vec![
                FieldFilter::new("lead", "Status", "Working - Contacted"),
                FieldFilter::new("account", "type", "Customer - Direct"),
            ],
        };
        let me = "005Dm0000000001AAA";
        assert_eq!(
            conditions(&filters, &object("Account"), me).join(" AND "),
            "OwnerId = '005Dm0000000001AAA' AND Type = 'Customer - Direct'"
        );
        assert_eq!(conditions(&filters, &object("Lead"), me)[1], "Status = 'Working - Contacted'");
        assert_eq!(conditions(&filters, &object("Task"), me)[1], "IsClosed = false AND ActivityDate < TODAY");
        assert_eq!(conditions(&filters, &object("Campaign"), me)[1], "IsActive = true");
        assert!(conditions(&Filters::default(), &object("Task"), me).is_empty());
    }

    #[test]
    fn values_cannot_escape_their_literal() {
        assert_eq!(quote("O'Brien\\' OR Name != '"), "'O\\'Brien\\\\\\' OR Name != \\''");
        let filters =
            Filters { fields: vec![FieldFilter::new("account", "Type", "x' OR Type != 'y")], ..Filters::default() };
        assert_eq!(conditions(&filters, &object("Account"), "005")[0], "Type = 'x\\' OR Type != \\'y'");
    }

    #[test]
    fn field_filters_must_be_the_catalogs_and_checkboxes_true_or_false() {
        let catalog = Catalog::from_choices(&Catalog::initial_choices(&["Opportunity".into(), "Lead".into()]));
        let opportunity = catalog.by_name("opportunity").unwrap();
        let mut filters = Filters {
            fields: vec![
                FieldFilter::new("opportunity", "stagename", "Closed Won"),
                FieldFilter::new("opportunity", "IsClosed", "TRUE"),
                FieldFilter::new("case", "Status", "New"),
            ],
            ..Filters::default()
        };
        filters.fields.push(FieldFilter::new("opportunity", "Amount", "5"));
        assert_eq!(check(&mut filters, &catalog), Ok(()));
        assert_eq!(filters.fields.len(), 2, "an object no longer enabled, a field that is no filter: left out");
        assert_eq!(
            conditions(&filters, opportunity, "005").join(" AND "),
            "StageName = 'Closed Won' AND IsClosed = true",
            "in the catalog's spelling"
        );
        let mut filters = Filters {
            fields: vec![FieldFilter::new("opportunity", "IsClosed", "1 OR Name != null")],
            ..Filters::default()
        };
        assert_eq!(
            check(&mut filters, &catalog).unwrap_err().message,
            "filter.opportunity.IsClosed must be true or false, not \"1 OR Name != null\"."
        );
        assert!(conditions(&filters, opportunity, "005").is_empty(), "never into the statement, checked or not");
    }
}

//! The request's filters (see `widget_contract::filters`) written as SOQL conditions that
//! Salesforce evaluates, by each object's filter rules, in SOSL's RETURNING items and in the
//! tasks query alike.

use crate::catalog::{FilterRule, SearchObject};

pub use widget_contract::TaskState;
pub use widget_contract::filters::{FilterParams, FilterProblem, Filters, MAX_PICKLIST_CHARS};

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
    for rule in &object.spec().filters {
        match rule {
            FilterRule::Picklist { parameter, field } => {
                if let Some(value) = filters.picklist(parameter) {
                    conditions.push(format!("{field} = {}", quote(value)));
                }
            }
            FilterRule::Flag { parameter, condition } => {
                if filters.flag(parameter) {
                    conditions.push(condition.clone());
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
        Catalog::presets().by_api_name(name).unwrap().clone()
    }

    #[test]
    fn each_filter_becomes_a_condition_on_its_own_type() {
        let filters = Filters {
            mine: true,
            lead_status: Some("Working - Contacted".into()),
            task: Some(TaskState::Overdue),
            active_campaigns: true,
            account_type: Some("Customer - Direct".into()),
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
        let filters = Filters { account_type: Some("x' OR Type != 'y".into()), ..Filters::default() };
        assert_eq!(conditions(&filters, &object("Account"), "005")[0], "Type = 'x\\' OR Type != \\'y'");
    }
}

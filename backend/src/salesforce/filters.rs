//! The filters a widget can narrow results with ("Mine", lead status, task state, active
//! campaigns, account type), validated from the request and written as SOQL conditions that
//! Salesforce evaluates, in SOSL's RETURNING items and in the tasks query alike.

use crate::catalog::{FilterRule, SearchObject};

/// Longest picklist value Salesforce stores.
pub const MAX_PICKLIST_CHARS: usize = 255;

pub use widget_contract::TaskState;

/// The SOQL condition of a task state.
fn condition(state: TaskState) -> &'static str {
    match state {
        TaskState::Open => "IsClosed = false",
        TaskState::Overdue => "IsClosed = false AND ActivityDate < TODAY",
        TaskState::Completed => "IsClosed = true",
    }
}

/// Filters of one request; every one is optional and applies only to the types it names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// Only records the user owns.
    pub mine: bool,
    pub lead_status: Option<String>,
    pub task: Option<TaskState>,
    pub active_campaigns: bool,
    pub account_type: Option<String>,
}

/// A filter value that cannot be used, with the parameter it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterProblem {
    pub parameter: &'static str,
    pub message: String,
}

/// Raw filter parameters as they arrive in a query string.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct FilterParams {
    pub mine: Option<String>,
    pub lead_status: Option<String>,
    pub task: Option<String>,
    pub campaign: Option<String>,
    pub account_type: Option<String>,
}

impl Filters {
    pub fn from_params(params: &FilterParams) -> Result<Self, FilterProblem> {
        let flag = |value: &Option<String>, parameter: &'static str| -> Result<bool, FilterProblem> {
            match value.as_deref().map(str::trim) {
                None | Some("" | "false" | "0") => Ok(false),
                Some("true" | "1") => Ok(true),
                Some(other) => Err(FilterProblem {
                    parameter,
                    message: format!("{parameter} must be true or false, not \"{other}\"."),
                }),
            }
        };
        let picklist = |value: &Option<String>, parameter: &'static str| -> Result<Option<String>, FilterProblem> {
            let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
            if value.chars().count() > MAX_PICKLIST_CHARS || value.chars().any(char::is_control) {
                return Err(FilterProblem {
                    parameter,
                    message: format!(
                        "{parameter} must be a picklist value of at most {MAX_PICKLIST_CHARS} characters."
                    ),
                });
            }
            Ok(Some(value.to_owned()))
        };
        let task = match params.task.as_deref().map(str::trim).filter(|t| !t.is_empty() && *t != "any") {
            None => None,
            Some(key) => Some(TaskState::from_key(key).ok_or_else(|| FilterProblem {
                parameter: "task",
                message: format!("task must be open, overdue or completed, not \"{key}\"."),
            })?),
        };
        let active_campaigns = match params.campaign.as_deref().map(str::trim) {
            None | Some("" | "any") => false,
            Some("active") => true,
            Some(other) => {
                return Err(FilterProblem {
                    parameter: "campaign",
                    message: format!("campaign must be active, not \"{other}\"."),
                });
            }
        };
        Ok(Self {
            mine: flag(&params.mine, "mine")?,
            lead_status: picklist(&params.lead_status, "lead_status")?,
            task,
            active_campaigns,
            account_type: picklist(&params.account_type, "account_type")?,
        })
    }

    /// The SOQL conditions for `object` (its own filter rules), to be joined with AND;
    /// `owner_id` is the user's Salesforce id (needed for "Mine").
    pub fn conditions(&self, object: &SearchObject, owner_id: &str) -> Vec<String> {
        let mut conditions = Vec::new();
        if self.mine && object.spec().owned {
            conditions.push(format!("OwnerId = {}", quote(owner_id)));
        }
        for rule in &object.spec().filters {
            match rule {
                FilterRule::Picklist { parameter, field } => {
                    if let Some(value) = self.picklist(parameter) {
                        conditions.push(format!("{field} = {}", quote(value)));
                    }
                }
                FilterRule::Flag { parameter, condition } => {
                    if self.flag(parameter) {
                        conditions.push(condition.clone());
                    }
                }
                FilterRule::TaskState => {
                    if let Some(state) = self.task {
                        conditions.push(condition(state).to_owned());
                    }
                }
            }
        }
        conditions
    }

    /// Whether a request switched the flag parameter `parameter` on.
    fn flag(&self, parameter: &str) -> bool {
        match parameter {
            "campaign" => self.active_campaigns,
            _ => false,
        }
    }

    /// The value a request gave the picklist parameter `parameter`.
    fn picklist(&self, parameter: &str) -> Option<&str> {
        match parameter {
            "lead_status" => self.lead_status.as_deref(),
            "account_type" => self.account_type.as_deref(),
            _ => None,
        }
    }
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

    fn params(pairs: &[(&str, &str)]) -> FilterParams {
        let get = |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
        FilterParams {
            mine: get("mine"),
            lead_status: get("lead_status"),
            task: get("task"),
            campaign: get("campaign"),
            account_type: get("account_type"),
        }
    }

    #[test]
    fn each_filter_becomes_a_condition_on_its_own_type() {
        let filters = Filters::from_params(&params(&[
            ("mine", "true"),
            ("lead_status", "Working - Contacted"),
            ("task", "overdue"),
            ("campaign", "active"),
            ("account_type", "Customer - Direct"),
        ]))
        .unwrap();
        let me = "005Dm0000000001AAA";
        assert_eq!(
            filters.conditions(&object("Account"), me).join(" AND "),
            "OwnerId = '005Dm0000000001AAA' AND Type = 'Customer - Direct'"
        );
        assert_eq!(filters.conditions(&object("Lead"), me)[1], "Status = 'Working - Contacted'");
        assert_eq!(filters.conditions(&object("Task"), me)[1], "IsClosed = false AND ActivityDate < TODAY");
        assert_eq!(filters.conditions(&object("Campaign"), me)[1], "IsActive = true");
        assert!(Filters::default().conditions(&object("Task"), me).is_empty());
    }

    #[test]
    fn values_cannot_escape_their_literal() {
        assert_eq!(quote("O'Brien\\' OR Name != '"), "'O\\'Brien\\\\\\' OR Name != \\''");
        let filters = Filters::from_params(&params(&[("account_type", "x' OR Type != 'y")])).unwrap();
        assert_eq!(filters.conditions(&object("Account"), "005")[0], "Type = 'x\\' OR Type != \\'y'");
    }

    #[test]
    fn bad_values_name_their_parameter() {
        for (name, value) in [("mine", "yes"), ("task", "later"), ("campaign", "past"), ("lead_status", "a\u{0}b")] {
            assert_eq!(Filters::from_params(&params(&[(name, value)])).unwrap_err().parameter, name);
        }
        let long = "x".repeat(MAX_PICKLIST_CHARS + 1);
        assert_eq!(Filters::from_params(&params(&[("account_type", &long)])).unwrap_err().parameter, "account_type");
        assert_eq!(Filters::from_params(&params(&[("task", "any"), ("campaign", "any")])).unwrap(), Filters::default());
    }
}

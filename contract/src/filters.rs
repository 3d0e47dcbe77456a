//! The filters a search narrows results with ("Mine", lead status, task state, active
//! campaigns, account type): what the widget sends as query parameters and the rule the backend
//! reads them back with, written once (a round trip is tested below).

use crate::TaskState;

/// Longest picklist value Salesforce stores.
pub const MAX_PICKLIST_CHARS: usize = 255;

/// Filters of one request; every one is optional and applies only to the objects it names.
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
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
pub struct FilterParams {
    pub mine: Option<String>,
    pub lead_status: Option<String>,
    pub task: Option<String>,
    pub campaign: Option<String>,
    pub account_type: Option<String>,
}

impl Filters {
    /// How many filters are set (shown on the widget's filter button).
    pub fn count(&self) -> usize {
        [self.mine, self.lead_status.is_some(), self.task.is_some(), self.active_campaigns, self.account_type.is_some()]
            .into_iter()
            .filter(|set| *set)
            .count()
    }

    /// The query parameters of the set filters.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if self.mine {
            params.push(("mine", "true".to_owned()));
        }
        if let Some(status) = &self.lead_status {
            params.push(("lead_status", status.clone()));
        }
        if let Some(state) = self.task {
            params.push(("task", state.key().to_owned()));
        }
        if self.active_campaigns {
            params.push(("campaign", "active".to_owned()));
        }
        if let Some(kind) = &self.account_type {
            params.push(("account_type", kind.clone()));
        }
        params
    }

    /// The value of the picklist filter parameter `parameter` (`lead_status`, `account_type`).
    pub fn picklist(&self, parameter: &str) -> Option<&str> {
        match parameter {
            "lead_status" => self.lead_status.as_deref(),
            "account_type" => self.account_type.as_deref(),
            _ => None,
        }
    }

    /// Whether the flag filter parameter `parameter` (`campaign`) is on.
    pub fn flag(&self, parameter: &str) -> bool {
        match parameter {
            "campaign" => self.active_campaigns,
            _ => false,
        }
    }

    /// Reads and checks the filter parameters of a request, each problem naming its parameter.
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn what_the_widget_sends_the_backend_reads_back() {
        let all = Filters {
            mine: true,
            lead_status: Some("Working - Contacted".into()),
            task: Some(TaskState::Overdue),
            active_campaigns: true,
            account_type: Some("Customer - Direct".into()),
        };
        for filters in
            [all.clone(), Filters::default(), Filters { task: Some(TaskState::Completed), ..Filters::default() }]
        {
            let sent = filters.params();
            let pairs: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(Filters::from_params(&params(&pairs)), Ok(filters.clone()));
        }
        assert_eq!(all.count(), 5);
        let some = Filters { mine: true, task: Some(TaskState::Overdue), ..Filters::default() };
        assert_eq!((some.count(), some.params()), (2, vec![("mine", "true".into()), ("task", "overdue".into())]));
        assert!(Filters::default().params().is_empty());
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

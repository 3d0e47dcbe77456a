//! The filters a search narrows results with ("Mine", task state, active campaigns, and any
//! field the administrator made a filter: `filter.{object}.{field}={value}`): what the widget
//! sends as query parameters and the rule the backend reads them back with, written once (a
//! round trip is tested below).

use crate::{TaskState, objects::is_object_name};

/// Longest picklist value Salesforce stores.
pub const MAX_PICKLIST_CHARS: usize = 255;
/// Field filters one request may carry (two per object of the largest catalog).
pub const MAX_FIELD_FILTERS: usize = 24;
/// The prefix of a field filter's parameter: `filter.opportunity.StageName`.
pub const FIELD_FILTER_PREFIX: &str = "filter.";

/// One field an object's results are narrowed to a value of.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldFilter {
    /// The object's name in the widget's API (`opportunity`).
    pub object: String,
    /// The field's API name (`StageName`).
    pub field: String,
    /// A picklist value, or `true`/`false` for a checkbox field.
    pub value: String,
}

impl FieldFilter {
    pub fn new(object: &str, field: &str, value: &str) -> Self {
        Self { object: object.to_owned(), field: field.to_owned(), value: value.to_owned() }
    }

    /// Whether it narrows `object`'s field `field` (field names in any case, as Salesforce's).
    pub fn is(&self, object: &str, field: &str) -> bool {
        self.object == object && self.field.eq_ignore_ascii_case(field)
    }
}

/// Filters of one request; every one is optional and applies only to the objects it names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// Only records the user owns.
    pub mine: bool,
    pub task: Option<TaskState>,
    pub active_campaigns: bool,
    /// At most one value per object and field.
    pub fields: Vec<FieldFilter>,
}

/// A filter value that cannot be used, with the parameter it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterProblem {
    pub parameter: String,
    pub message: String,
}

impl FilterProblem {
    fn new(parameter: &str, message: String) -> Self {
        Self { parameter: parameter.to_owned(), message }
    }
}

/// Parameters of the first release, still read so a page that loaded an older widget keeps
/// its filters while a new release rolls out: each names one field filter.
const EARLIER_PARAMETERS: [(&str, &str, &str); 2] =
    [("lead_status", "lead", "Status"), ("account_type", "account", "Type")];

/// The object and field a parameter of the first release names (`lead_status` → `lead`,
/// `Status`): read by the search and by the picklist route alike.
pub fn earlier_parameter(name: &str) -> Option<(&'static str, &'static str)> {
    EARLIER_PARAMETERS.iter().find(|(parameter, ..)| *parameter == name).map(|&(_, object, field)| (object, field))
}

impl Filters {
    /// How many filters are set (shown on the widget's filter button).
    pub fn count(&self) -> usize {
        usize::from(self.mine)
            + usize::from(self.task.is_some())
            + usize::from(self.active_campaigns)
            + self.fields.len()
    }

    /// The query parameters of the set filters.
    pub fn params(&self) -> Vec<(String, String)> {
        let mut params = Vec::new();
        if self.mine {
            params.push(("mine".to_owned(), "true".to_owned()));
        }
        if let Some(state) = self.task {
            params.push(("task".to_owned(), state.key().to_owned()));
        }
        if self.active_campaigns {
            params.push(("campaign".to_owned(), "active".to_owned()));
        }
        for filter in &self.fields {
            params.push((format!("{FIELD_FILTER_PREFIX}{}.{}", filter.object, filter.field), filter.value.clone()));
        }
        params
    }

    /// The value `object`'s field `field` is narrowed to, if any.
    pub fn field(&self, object: &str, field: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.is(object, field)).map(|f| f.value.as_str())
    }

    /// Narrows `object`'s field `field` to `value`, or not at all (None).
    pub fn set_field(&mut self, object: &str, field: &str, value: Option<String>) {
        self.fields.retain(|f| !f.is(object, field));
        if let Some(value) = value {
            self.fields.push(FieldFilter { object: object.to_owned(), field: field.to_owned(), value });
        }
    }

    /// Reads and checks the filter parameters among a request's query `pairs` (others are
    /// left alone), each problem naming its parameter. Whether a field filter fits an object
    /// the administrator enabled is the backend's to check.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, FilterProblem> {
        let mut filters = Self::default();
        let mut seen: Vec<&str> = Vec::new();
        for (name, raw) in pairs {
            let value = raw.trim();
            let earlier = earlier_parameter(name);
            let known = matches!(name, "mine" | "task" | "campaign") || earlier.is_some();
            if !known && !name.starts_with(FIELD_FILTER_PREFIX) {
                continue;
            }
            if seen.contains(&name) {
                return Err(FilterProblem::new(name, format!("{name} is given more than once.")));
            }
            seen.push(name);
            match name {
                "mine" => {
                    filters.mine = match value {
                        "" | "false" | "0" => false,
                        "true" | "1" => true,
                        other => {
                            return Err(FilterProblem::new(
                                name,
                                format!("mine must be true or false, not \"{other}\"."),
                            ));
                        }
                    }
                }
                "task" => {
                    filters.task = match value {
                        "" | "any" => None,
                        key => Some(TaskState::from_key(key).ok_or_else(|| {
                            FilterProblem::new(name, format!("task must be open, overdue or completed, not \"{key}\"."))
                        })?),
                    }
                }
                "campaign" => {
                    filters.active_campaigns = match value {
                        "" | "any" => false,
                        "active" => true,
                        other => {
                            return Err(FilterProblem::new(name, format!("campaign must be active, not \"{other}\".")));
                        }
                    }
                }
                _ => {
                    let (object, field) = match earlier {
                        Some((object, field)) => (object.to_owned(), field.to_owned()),
                        None => field_of(name)?,
                    };
                    if value.is_empty() {
                        continue;
                    }
                    if value.chars().count() > MAX_PICKLIST_CHARS || value.chars().any(char::is_control) {
                        return Err(FilterProblem::new(
                            name,
                            format!("{name} must be a picklist value of at most {MAX_PICKLIST_CHARS} characters."),
                        ));
                    }
                    if filters.field(&object, &field).is_some() {
                        return Err(FilterProblem::new(name, format!("{object}.{field} is given more than once.")));
                    }
                    if filters.fields.len() == MAX_FIELD_FILTERS {
                        return Err(FilterProblem::new(name, format!("At most {MAX_FIELD_FILTERS} field filters.")));
                    }
                    filters.fields.push(FieldFilter { object, field, value: value.to_owned() });
                }
            }
        }
        Ok(filters)
    }
}

/// The object and field of a parameter `filter.{object}.{field}`; the object in lowercase, as
/// widgets name it.
fn field_of(parameter: &str) -> Result<(String, String), FilterProblem> {
    let named = parameter.strip_prefix(FIELD_FILTER_PREFIX).and_then(|rest| rest.split_once('.'));
    match named {
        Some((object, field)) if is_object_name(object) && is_object_name(field) => {
            Ok((object.to_ascii_lowercase(), field.to_owned()))
        }
        _ => {
            let shown: String = parameter.chars().take(80).collect();
            Err(FilterProblem::new(parameter, format!("\"{shown}\" is not a filter: write filter.object.Field.")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<Filters, FilterProblem> {
        Filters::from_query(pairs.iter().copied())
    }

    #[test]
    fn what_the_widget_sends_the_backend_reads_back() {
        let all = Filters {
            mine: true,
            task: Some(TaskState::Overdue),
            active_campaigns: true,
            fields: vec![
                FieldFilter::new("lead", "Status", "Working - Contacted"),
                FieldFilter::new("opportunity", "IsClosed", "false"),
                FieldFilter::new("project__c", "Phase__c", "Build; test & ship"),
            ],
        };
        for filters in
            [all.clone(), Filters::default(), Filters { task: Some(TaskState::Completed), ..Filters::default() }]
        {
            let sent = filters.params();
            let pairs: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(read(&pairs), Ok(filters.clone()));
        }
        assert_eq!(all.count(), 6);
        assert_eq!(all.params()[3], ("filter.lead.Status".to_owned(), "Working - Contacted".to_owned()));
        let some = Filters { mine: true, task: Some(TaskState::Overdue), ..Filters::default() };
        assert_eq!(some.count(), 2);
        assert!(Filters::default().params().is_empty());
        assert_eq!(read(&[("q", "acme"), ("objects", "lead"), ("limit", "5")]), Ok(Filters::default()));
    }

    #[test]
    fn an_earlier_widgets_parameters_still_filter() {
        let filters = read(&[("lead_status", " Open "), ("account_type", "Customer - Direct")]).unwrap();
        assert_eq!(filters.field("lead", "status"), Some("Open"));
        assert_eq!(filters.field("account", "Type"), Some("Customer - Direct"));
        let twice = read(&[("lead_status", "Open"), ("filter.lead.Status", "New")]).unwrap_err();
        assert_eq!(twice.parameter, "filter.lead.Status");
    }

    #[test]
    fn fields_are_set_and_cleared_one_at_a_time() {
        let mut filters = Filters::default();
        filters.set_field("case", "Status", Some("New".into()));
        filters.set_field("case", "IsClosed", Some("false".into()));
        filters.set_field("case", "status", Some("Escalated".into()));
        assert_eq!((filters.field("case", "Status"), filters.count()), (Some("Escalated"), 2));
        filters.set_field("case", "IsClosed", None);
        assert_eq!(filters.fields, [FieldFilter::new("case", "status", "Escalated")]);
    }

    #[test]
    fn bad_values_name_their_parameter() {
        for (name, value) in [
            ("mine", "yes"),
            ("task", "later"),
            ("campaign", "past"),
            ("lead_status", "a\u{0}b"),
            ("filter.lead", "Open"),
            ("filter.lead.Status.x", "Open"),
            ("filter.lead.Sta tus", "Open"),
            ("filter..Status", "Open"),
        ] {
            assert_eq!(read(&[(name, value)]).unwrap_err().parameter, name, "{name}");
        }
        let long = "x".repeat(MAX_PICKLIST_CHARS + 1);
        assert_eq!(read(&[("filter.account.Type", &long)]).unwrap_err().parameter, "filter.account.Type");
        assert_eq!(read(&[("mine", "true"), ("mine", "true")]).unwrap_err().parameter, "mine");
        assert_eq!(read(&[("task", "any"), ("campaign", "any"), ("filter.lead.Status", " ")]), Ok(Filters::default()));
        let many: Vec<(String, String)> =
            (0..=MAX_FIELD_FILTERS).map(|i| (format!("filter.o{i}.F"), "v".into())).collect();
        assert!(Filters::from_query(many.iter().map(|(k, v)| (k.as_str(), v.as_str()))).is_err());
    }
}

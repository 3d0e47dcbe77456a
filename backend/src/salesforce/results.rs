//! Salesforce `searchRecords` → the widget's results: grouped by type in the requested order,
//! only the fields the widget shows, and each record's Lightning URL.

use super::query::ObjectKind;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Serialize, PartialEq)]
pub struct SearchResults {
    pub query: String,
    pub groups: Vec<ResultGroup>,
    /// Types that were left out because this user cannot read them in Salesforce.
    pub skipped: Vec<ObjectKind>,
    /// The same search in Salesforce's own UI (for "search in Salesforce"), when known.
    pub search_url: Option<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ResultGroup {
    pub object: ObjectKind,
    pub records: Vec<ResultItem>,
    /// More records of this type exist past `limit` (fetch them with `offset`).
    pub has_more: bool,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ResultItem {
    pub object: ObjectKind,
    pub id: String,
    pub title: String,
    /// Secondary fields in display order; empty values are left out.
    pub details: Vec<Detail>,
    /// `{instance_url}/lightning/r/{Type}/{Id}/view`.
    pub url: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Detail {
    pub key: &'static str,
    pub value: String,
}

/// Groups `records` (with `limit + 1` asked per type) into the widget's results.
pub fn shape(
    query: String,
    objects: &[ObjectKind],
    skipped: Vec<ObjectKind>,
    records: &[Value],
    limit: usize,
    instance_url: &str,
) -> SearchResults {
    let groups = objects
        .iter()
        .filter(|object| !skipped.contains(object))
        .map(|&object| {
            let mut items: Vec<ResultItem> = records
                .iter()
                .filter(|r| r["attributes"]["type"].as_str() == Some(object.api_name()))
                .filter_map(|r| item(object, r, instance_url))
                .collect();
            let has_more = items.len() > limit;
            items.truncate(limit);
            ResultGroup { object, records: items, has_more }
        })
        .collect();
    let search_url = (!instance_url.is_empty()).then(|| {
        let term = serde_urlencoded::to_string([("str", query.as_str())]).unwrap_or_default();
        format!("{instance_url}/_ui/search/ui/UnifiedSearchResults?{term}")
    });
    SearchResults { query, groups, skipped, search_url }
}

fn text(record: &Value, field: &str) -> Option<String> {
    record[field].as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// A parent's `Name` (`What.Name`): nested objects, null when there is no parent.
fn parent_name(record: &Value, relationship: &str) -> Option<String> {
    record[relationship]["Name"].as_str().map(str::to_owned)
}

/// One record as the widget shows it; `None` when its id is not a record id.
pub fn item(object: ObjectKind, record: &Value, instance_url: &str) -> Option<ResultItem> {
    let id = text(record, "Id")?;
    // Ids are 15 or 18 letters and digits; anything else never becomes part of a URL.
    if !super::query::is_record_id(&id) {
        return None;
    }
    let detail = |key: &'static str, value: Option<String>| value.map(|value| Detail { key, value });
    let (title, details) = match object {
        ObjectKind::Account => (
            text(record, "Name"),
            vec![detail("type", text(record, "Type")), detail("city", text(record, "BillingCity"))],
        ),
        ObjectKind::Lead => (
            text(record, "Name"),
            vec![detail("company", text(record, "Company")), detail("status", text(record, "Status"))],
        ),
        ObjectKind::Task => (
            text(record, "Subject"),
            vec![
                detail("due_date", text(record, "ActivityDate")),
                detail("status", text(record, "Status")),
                detail("related_to", parent_name(record, "What").or_else(|| parent_name(record, "Who"))),
            ],
        ),
        ObjectKind::Campaign => (
            text(record, "Name"),
            vec![
                detail("status", text(record, "Status")),
                detail("start_date", text(record, "StartDate")),
                detail("end_date", text(record, "EndDate")),
            ],
        ),
    };
    Some(ResultItem {
        object,
        url: format!("{instance_url}/lightning/r/{}/{id}/view", object.api_name()),
        title: title.unwrap_or_else(|| id.clone()),
        id,
        details: details.into_iter().flatten().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn records() -> Vec<Value> {
        vec![
            json!({"attributes": {"type": "Account", "url": "/x"}, "Id": "001Dm0000000001AAA", "Name": "<b>Acme</b>", "Type": null, "BillingCity": "Köln"}),
            json!({"attributes": {"type": "Account", "url": "/x"}, "Id": "001Dm0000000002AAA", "Name": "Acme 2", "Type": "Prospect", "BillingCity": null}),
            json!({"attributes": {"type": "Task", "url": "/x"}, "Id": "00TDm0000000003AAA", "Subject": "Call", "Status": "Open", "ActivityDate": "2026-05-01",
                   "What": null, "Who": {"attributes": {"type": "Name", "url": "/y"}, "Name": "Ann Lee"}}),
            json!({"attributes": {"type": "Lead", "url": "/x"}, "Id": "javascript:alert(1)", "Name": "Evil"}),
        ]
    }

    #[test]
    fn groups_follow_the_requested_order_and_say_when_there_is_more() {
        let objects = [ObjectKind::Task, ObjectKind::Account, ObjectKind::Lead];
        let results = shape("acme".into(), &objects, vec![], &records(), 1, "https://acme.my.salesforce.com");
        let kinds: Vec<ObjectKind> = results.groups.iter().map(|g| g.object).collect();
        assert_eq!(kinds, objects);
        assert_eq!(results.groups[1].records.len(), 1);
        assert!(results.groups[1].has_more);
        assert!(!results.groups[0].has_more);
        assert!(results.groups[2].records.is_empty(), "a malformed id never becomes a link");
    }

    #[test]
    fn items_carry_title_details_and_the_lightning_url() {
        let results = shape(
            "acme".into(),
            &[ObjectKind::Account, ObjectKind::Task],
            vec![],
            &records(),
            5,
            "https://acme.my.salesforce.com",
        );
        let account = &results.groups[0].records[0];
        assert_eq!(account.title, "<b>Acme</b>", "text is passed on as text; the widget escapes it");
        assert_eq!(account.details, vec![Detail { key: "city", value: "Köln".into() }]);
        assert_eq!(account.url, "https://acme.my.salesforce.com/lightning/r/Account/001Dm0000000001AAA/view");
        let task = &results.groups[1].records[0];
        assert_eq!(
            task.details,
            vec![
                Detail { key: "due_date", value: "2026-05-01".into() },
                Detail { key: "status", value: "Open".into() },
                Detail { key: "related_to", value: "Ann Lee".into() },
            ]
        );
    }

    #[test]
    fn skipped_types_have_no_group() {
        let results = shape(
            "a".into(),
            &[ObjectKind::Account, ObjectKind::Campaign],
            vec![ObjectKind::Campaign],
            &records(),
            5,
            "https://x",
        );
        assert_eq!(results.groups.len(), 1);
        assert_eq!(results.skipped, vec![ObjectKind::Campaign]);
    }
}

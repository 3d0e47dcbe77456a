//! Salesforce `searchRecords` → the widget's results: grouped by type in the requested order,
//! only the fields the widget shows, and each record's Lightning URL.

use crate::catalog::SearchObject;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Serialize, PartialEq)]
pub struct SearchResults {
    pub query: String,
    pub groups: Vec<ResultGroup>,
    /// Types that were left out because this user cannot read them in Salesforce.
    pub skipped: Vec<SearchObject>,
    /// The same search in Salesforce's own UI (for "search in Salesforce"), when known.
    pub search_url: Option<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ResultGroup {
    pub object: SearchObject,
    pub records: Vec<ResultItem>,
    /// More records of this type exist past `limit` (fetch them with `offset`).
    pub has_more: bool,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ResultItem {
    pub object: SearchObject,
    pub id: String,
    pub title: String,
    /// Secondary fields in display order; empty values are left out.
    pub details: Vec<Detail>,
    /// `{instance_url}/lightning/r/{Type}/{Id}/view`.
    pub url: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Detail {
    pub key: String,
    pub value: String,
    /// Salesforce's label of a field widgets have no words for (null: they have, or none is known).
    pub label: Option<String>,
    /// The value is a number (written plainly, `254000`, `12.5`): widgets format it.
    pub number: bool,
}

/// Groups `records` (with `limit + 1` asked per type) into the widget's results.
pub fn shape(
    query: String,
    objects: &[SearchObject],
    skipped: Vec<SearchObject>,
    records: &[Value],
    limit: usize,
    instance_url: &str,
) -> SearchResults {
    let groups = objects
        .iter()
        .filter(|object| !skipped.contains(object))
        .map(|object| {
            let mut items: Vec<ResultItem> = records
                .iter()
                .filter(|r| r["attributes"]["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(object.api_name())))
                .filter_map(|r| item(object, r, instance_url))
                .collect();
            let has_more = items.len() > limit;
            items.truncate(limit);
            ResultGroup { object: object.clone(), records: items, has_more }
        })
        .collect();
    let search_url = (!instance_url.is_empty()).then(|| {
        let term = serde_urlencoded::to_string([("str", query.as_str())]).unwrap_or_default();
        format!("{instance_url}/_ui/search/ui/UnifiedSearchResults?{term}")
    });
    SearchResults { query, groups, skipped, search_url }
}

/// A field's text by path (`Name`, or a parent's `What.Name`: nested objects, null when there
/// is no parent); empty text counts as none, numbers are written out.
fn text(record: &Value, path: &str) -> Option<String> {
    match path.split('.').fold(record, |value, part| &value[part]) {
        Value::String(text) => Some(text.trim()).filter(|s| !s.is_empty()).map(str::to_owned),
        // Amounts and numbers: whole ones without a decimal point (Salesforce writes 250000.0).
        Value::Number(number) => Some(match number.as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            _ => number.to_string(),
        }),
        _ => None,
    }
}

/// One record as the widget shows it; `None` when its id is not a record id.
pub fn item(object: &SearchObject, record: &Value, instance_url: &str) -> Option<ResultItem> {
    let id = text(record, "Id")?;
    // Ids are 15 or 18 letters and digits; anything else never becomes part of a URL.
    if !super::query::is_record_id(&id) {
        return None;
    }
    let details = object
        .spec()
        .shown
        .iter()
        .filter_map(|shown| {
            let value = shown.fields.iter().find_map(|field| text(record, field))?;
            Some(Detail { key: shown.key.clone(), value, label: shown.label.clone(), number: shown.number })
        })
        .collect();
    Some(ResultItem {
        object: object.clone(),
        url: format!("{instance_url}/lightning/r/{}/{id}/view", object.api_name()),
        title: text(record, object.title_field()).unwrap_or_else(|| id.clone()),
        id,
        details,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use serde_json::json;

    fn objects(names: &[&str]) -> Vec<SearchObject> {
        let catalog = Catalog::presets();
        names.iter().map(|name| catalog.by_name(name).unwrap().clone()).collect()
    }

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
        let objects = objects(&["Task", "Account", "Lead"]);
        let results = shape("acme".into(), &objects, vec![], &records(), 1, "https://acme.my.salesforce.com");
        let kinds: Vec<SearchObject> = results.groups.iter().map(|g| g.object.clone()).collect();
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
            &objects(&["Account", "Task"]),
            vec![],
            &records(),
            5,
            "https://acme.my.salesforce.com",
        );
        let account = &results.groups[0].records[0];
        assert_eq!(account.title, "<b>Acme</b>", "text is passed on as text; the widget escapes it");
        assert_eq!(
            account.details,
            vec![Detail { key: "city".into(), value: "Köln".into(), label: None, number: false }]
        );
        assert_eq!(account.url, "https://acme.my.salesforce.com/lightning/r/Account/001Dm0000000001AAA/view");
        let task = &results.groups[1].records[0];
        assert_eq!(
            task.details,
            vec![
                Detail { key: "due_date".into(), value: "2026-05-01".into(), label: None, number: false },
                Detail { key: "status".into(), value: "Open".into(), label: None, number: false },
                Detail { key: "related_to".into(), value: "Ann Lee".into(), label: None, number: false },
            ]
        );
    }

    #[test]
    fn skipped_types_have_no_group() {
        let results =
            shape("a".into(), &objects(&["Account", "Campaign"]), objects(&["Campaign"]), &records(), 5, "https://x");
        assert_eq!(results.groups.len(), 1);
        assert_eq!(results.skipped, objects(&["Campaign"]));
    }
}

//! Runs a parsed search against the org as one user sees it, and shapes the records exactly
//! as Salesforce's REST API returns them.

use super::{FieldRef, FindExpr, Returning, Scope, SearchQuery, Term, parser::MAX_RECORDS};
use crate::{
    records::{DemoUser, OrgData, Record, SearchView, Value},
    schema::ObjectType,
    text,
};
use chrono::NaiveDate;
use serde_json::{Map, Value as Json, json};

/// Who searches, when, and through which API version (it appears in every record URL).
pub struct SearchContext<'a> {
    pub org: &'a OrgData,
    pub user: &'a DemoUser,
    pub today: NaiveDate,
    pub api_version: u32,
}

/// The `searchRecords` of a search, in RETURNING order, relevance-sorted inside each object.
///
/// As Salesforce documents it ("SOSL Limits", "Salesforce Object Search Language"): the search
/// engine keeps only the top 2,000 matches by relevance (shared among the RETURNING objects),
/// and sharing and each object's WHERE apply after that, so a filtered search can come back
/// short although more matching records exist.
pub fn run(query: &SearchQuery, context: &SearchContext) -> Vec<Json> {
    let default_returning: Vec<Returning>;
    let returning = if query.returning.is_empty() {
        default_returning = context
            .org
            .schema
            .searchable()
            .map(|object| Returning {
                object: object.clone(),
                fields: vec![FieldRef::Direct { index: 0, name: "Id".to_owned() }],
                condition: None,
                order_by: Vec::new(),
                limit: None,
                offset: None,
            })
            .collect();
        &default_returning
    } else {
        &query.returning
    };
    let mut found: Vec<Vec<Scored>> =
        returning.iter().map(|item| scored_matches(&query.find, query.scope, &item.object, context.org)).collect();
    let windows = share_window(&found.iter().map(Vec::len).collect::<Vec<_>>(), MAX_RECORDS);
    let overall = query.limit.unwrap_or(MAX_RECORDS).min(MAX_RECORDS);
    let mut results = Vec::new();
    for ((item, matches), window) in returning.iter().zip(&mut found).zip(windows) {
        if results.len() >= overall {
            break;
        }
        // The window holds the most relevant matches; their order comes after filtering.
        if matches.len() > window {
            matches.select_nth_unstable_by(window, by_relevance);
            matches.truncate(window);
        }
        let records = narrow(std::mem::take(matches), item, context, by_relevance);
        let room = overall - results.len();
        let limit = item.limit.unwrap_or(usize::MAX).min(room);
        results.extend(records.into_iter().skip(item.offset.unwrap_or(0)).take(limit).map(|r| shape(r, item, context)));
    }
    results
}

/// How many of each object's matches the search engine keeps: `total` shared evenly, and what
/// an object does not need goes to the others.
pub fn share_window(matches: &[usize], total: usize) -> Vec<usize> {
    let mut windows = vec![0; matches.len()];
    let mut left = total;
    let mut open: Vec<usize> = (0..matches.len()).filter(|&i| matches[i] > 0).collect();
    while left > 0 && !open.is_empty() {
        let share = (left / open.len()).max(1);
        for &i in &open {
            let take = share.min(matches[i] - windows[i]).min(left);
            windows[i] += take;
            left -= take;
        }
        open.retain(|&i| windows[i] < matches[i]);
    }
    windows
}

/// Every record of `object` the search expression matches, whoever may see it, with its
/// relevance score (found by its name, or only by another field), in no particular order.
fn scored_matches<'a>(find: &FindExpr, scope: Scope, object: &ObjectType, org: &'a OrgData) -> Vec<Scored<'a>> {
    org.of_type(object)
        .filter(|record| matches(find, &record.search, scope))
        .map(|record| (u8::from(matches(find, &record.search, Scope::Name)), record))
        .collect()
}

/// A record and its relevance score.
type Scored<'a> = (u8, &'a Record);

/// Relevance order: records found by their name first, then by title, then by id.
fn by_relevance(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then_with(|| a.1.title().cmp(b.1.title())).then_with(|| a.1.id.cmp(&b.1.id))
}

fn by_id(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    a.1.id.cmp(&b.1.id)
}

/// The records of one object that the user may see and that match the item's condition, in its
/// ORDER BY, else by id (a SOQL query: no search index, no 2,000-match window).
pub fn select<'a>(item: &Returning, context: &SearchContext<'a>) -> Vec<&'a Record> {
    let all: Vec<Scored> = context.org.of_type(&item.object).map(|r| (0, r)).collect();
    narrow(all, item, context, by_id)
}

/// Applies sharing and the item's WHERE to `candidates`, then its ORDER BY, else `fallback`.
fn narrow<'a>(
    candidates: Vec<Scored<'a>>,
    item: &Returning,
    context: &SearchContext<'a>,
    fallback: fn(&Scored, &Scored) -> std::cmp::Ordering,
) -> Vec<&'a Record> {
    let org = context.org;
    let mut scored: Vec<Scored> = candidates
        .into_iter()
        .filter(|(_, record)| org.is_visible(record, context.user))
        .filter(|(_, record)| {
            item.condition.as_ref().is_none_or(|c| c.matches(&|field| field_value(org, record, field), context.today))
        })
        .collect();
    if item.order_by.is_empty() {
        scored.sort_by(fallback);
    } else {
        scored.sort_by(|(_, a), (_, b)| {
            for order in &item.order_by {
                let (va, vb) = (field_value(org, a, &order.field), field_value(org, b, &order.field));
                let ordering = match (&va, &vb) {
                    (Value::Null, Value::Null) => std::cmp::Ordering::Equal,
                    (Value::Null, _) => {
                        if order.nulls_last {
                            std::cmp::Ordering::Greater
                        } else {
                            std::cmp::Ordering::Less
                        }
                    }
                    (_, Value::Null) => {
                        if order.nulls_last {
                            std::cmp::Ordering::Less
                        } else {
                            std::cmp::Ordering::Greater
                        }
                    }
                    // Ids are case-sensitive; text sorts without regard to case.
                    _ if is_id(&item.object, &order.field) => {
                        let o = va.as_str().cmp(&vb.as_str());
                        if order.descending { o.reverse() } else { o }
                    }
                    (Value::Number(a), Value::Number(b)) => {
                        let o = a.total_cmp(b);
                        if order.descending { o.reverse() } else { o }
                    }
                    _ => {
                        let o = sort_key(&va).cmp(&sort_key(&vb));
                        if order.descending { o.reverse() } else { o }
                    }
                };
                if ordering.is_ne() {
                    return ordering;
                }
            }
            a.id.cmp(&b.id)
        });
    }
    scored.into_iter().map(|(_, record)| record).collect()
}

/// Whether a selected field holds record ids (the record's own or a reference).
fn is_id(object: &ObjectType, field: &FieldRef) -> bool {
    use crate::schema::FieldKind;
    match field {
        FieldRef::Direct { index, .. } => {
            matches!(object.fields()[*index].kind, FieldKind::Id | FieldKind::Reference)
        }
        FieldRef::Parent { field, .. } => field == "Id",
    }
}

fn sort_key(value: &Value) -> String {
    match value {
        Value::Text(s) => text::normalize(s),
        Value::Bool(b) => b.to_string(),
        // Numbers are compared as numbers before this is asked.
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
    }
}

/// Whether the search expression matches a record's words in `scope`.
pub fn matches(expr: &FindExpr, view: &SearchView, scope: Scope) -> bool {
    match expr {
        FindExpr::Term(term) => term_matches(term, view, scope),
        FindExpr::And(a, b) => matches(a, view, scope) && matches(b, view, scope),
        FindExpr::Or(a, b) => matches(a, view, scope) || matches(b, view, scope),
        FindExpr::AndNot(a, b) => matches(a, view, scope) && !matches(b, view, scope),
    }
}

fn term_matches(term: &Term, view: &SearchView, scope: Scope) -> bool {
    if let Some(cjk) = &term.cjk {
        return match scope {
            Scope::All => view.all_text.contains(cjk.as_str()),
            Scope::Name => view.name_text.contains(cjk.as_str()),
            Scope::Email | Scope::Phone => false,
        };
    }
    let words = match scope {
        Scope::All => &view.all_words,
        Scope::Name => &view.name_words,
        Scope::Email => &view.email_words,
        Scope::Phone => {
            let digits: String = term.words.iter().flatten().filter(|c| c.is_ascii_digit()).collect();
            return digits.len() >= 2 && view.phone_digits.iter().any(|p| p.contains(&digits));
        }
    };
    match term.words.as_slice() {
        [] => false,
        [single] => words.iter().any(|w| text::glob_match(single, w)),
        sequence => words
            .windows(sequence.len())
            .any(|window| window.iter().zip(sequence).all(|(word, pattern)| text::glob_match(pattern, word))),
    }
}

/// The value of a selected field, following relationships to the parent record.
pub fn field_value(org: &OrgData, record: &Record, field: &FieldRef) -> Value {
    match field {
        FieldRef::Direct { index, .. } => record.values[*index].clone(),
        FieldRef::Parent { reference_index, field, .. } => {
            match record.values[*reference_index].as_str().and_then(|id| org.record(id)) {
                Some(parent) => parent_field(parent, field),
                None => Value::Null,
            }
        }
    }
}

/// A field of a parent; through the `Name` pseudo-object `Type` is the parent's object type.
fn parent_field(parent: &Record, field: &str) -> Value {
    if field == "Type" && parent.object.field_index("Type").is_none() {
        return Value::text(parent.object.api_name());
    }
    match field {
        "Name" => Value::text(parent.title()),
        other => parent.get(other).clone(),
    }
}

fn record_url(api_version: u32, object: &ObjectType, id: &str) -> String {
    format!("/services/data/v{api_version}.0/sobjects/{}/{id}", object.api_name())
}

/// One record as the REST API writes it: `attributes`, then the selected fields in query order,
/// parents as nested objects (typed `Name` when polymorphic), nulls present.
pub fn shape(record: &Record, item: &Returning, context: &SearchContext) -> Json {
    let mut object = Map::new();
    object.insert(
        "attributes".into(),
        json!({ "type": record.object.api_name(), "url": record_url(context.api_version, &record.object, &record.id) }),
    );
    for field in &item.fields {
        match field {
            FieldRef::Direct { index, name } => {
                object.insert(name.clone(), record.values[*index].to_json());
            }
            FieldRef::Parent { reference_index, relationship, parent: parent_object, field } => {
                let parent = record.values[*reference_index].as_str().and_then(|id| context.org.record(id));
                let Some(parent) = parent else {
                    object.insert(relationship.clone(), Json::Null);
                    continue;
                };
                let entry = object.entry(relationship.clone()).or_insert_with(|| {
                    let type_name = parent_object.as_ref().map_or("Name", ObjectType::api_name);
                    json!({ "attributes": { "type": type_name, "url": record_url(context.api_version, &parent.object, &parent.id) } })
                });
                if let Json::Object(map) = entry {
                    map.insert(field.clone(), parent_field(parent, field).to_json());
                }
            }
        }
    }
    Json::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    fn org() -> OrgData {
        seed::generate(&seed::SeedConfig {
            accounts: 300,
            leads: 400,
            tasks: 600,
            campaigns: 40,
            ..seed::SeedConfig::full(3, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        })
    }

    fn search(org: &OrgData, user: usize, sosl: &str) -> Vec<Json> {
        let context = SearchContext {
            org,
            user: &org.users[user],
            today: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            api_version: 62,
        };
        run(&crate::sosl::parse(sosl, org.schema.unrestricted()).unwrap(), &context)
    }

    #[test]
    fn records_have_salesforce_shape() {
        let org = org();
        let records = search(&org, 1, "FIND {Acme*} RETURNING Account(Id, Name, Industry, Owner.Name LIMIT 3)");
        assert!(!records.is_empty());
        let first = &records[0];
        assert_eq!(first["attributes"]["type"], "Account");
        assert!(first["attributes"]["url"].as_str().unwrap().starts_with("/services/data/v62.0/sobjects/Account/001"));
        assert!(first["Name"].as_str().unwrap().to_lowercase().contains("acme"));
        assert!(first.as_object().unwrap().contains_key("Industry"), "nulls are present");
        assert_eq!(first["Owner"]["attributes"]["type"], "User");
        let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["attributes", "Id", "Name", "Industry", "Owner"]);
    }

    #[test]
    fn polymorphic_parents_are_typed_name_and_tasks_are_private() {
        let org = org();
        let grace = &org.users[1];
        let records = search(&org, 1, "FIND {Call*} RETURNING Task(Subject, Who.Name, What.Name, OwnerId)");
        assert!(!records.is_empty());
        for task in &records {
            assert_eq!(task["OwnerId"], grace.id.as_str(), "Grace only sees her own tasks");
            assert_eq!(task["Who"]["attributes"]["type"], "Name");
            assert!(task["Who"]["attributes"]["url"].as_str().unwrap().contains("/sobjects/Lead/00Q"));
        }
        let admin = search(&org, 0, "FIND {Call*} RETURNING Task(OwnerId)");
        assert!(admin.len() > records.len(), "the administrator sees everyone's tasks");
    }

    #[test]
    fn operators_limits_and_order() {
        let org = org();
        let both = search(&org, 0, "FIND {acme AND inc} RETURNING Account(Name)");
        assert!(both.iter().all(|r| {
            let n = r["Name"].as_str().unwrap().to_lowercase();
            n.contains("acme") && n.contains("inc")
        }));
        let without = search(&org, 0, "FIND {acme AND NOT inc} RETURNING Account(Name)");
        assert!(without.iter().all(|r| !r["Name"].as_str().unwrap().to_lowercase().contains("inc")));
        let limited =
            search(&org, 0, "FIND {inc} RETURNING Account(Name ORDER BY Name DESC LIMIT 2), Lead(Name) LIMIT 3");
        assert_eq!(limited[1]["attributes"]["type"], "Account");
        assert_eq!(limited.len(), 3);
        let name = |i: usize| text::normalize(limited[i]["Name"].as_str().unwrap());
        assert!(name(0) >= name(1), "{limited:?}");
        let none = search(&org, 0, "FIND {zzzzqqq} RETURNING Account(Name)");
        assert!(none.is_empty());
    }

    #[test]
    fn the_2000_match_window_is_shared_and_what_one_object_leaves_goes_to_the_others() {
        assert_eq!(share_window(&[5_000], 2_000), [2_000]);
        assert_eq!(share_window(&[5_000, 5_000], 2_000), [1_000, 1_000]);
        assert_eq!(share_window(&[100, 5_000, 0, 5_000], 2_000), [100, 950, 0, 950]);
        assert_eq!(share_window(&[3, 4], 2_000), [3, 4]);
        assert_eq!(share_window(&[1, 1, 1], 2), [1, 1, 0]);
        assert_eq!(share_window(&[], 2_000), Vec::<usize>::new());
        let windows = share_window(&[700, 1_999, 13, 400], 2_000);
        assert_eq!(windows.iter().sum::<usize>(), 2_000);
        assert!(windows.iter().zip([700, 1_999, 13, 400]).all(|(w, m)| *w <= m));
    }

    #[test]
    fn accents_apostrophes_cjk_and_where() {
        let org = org();
        assert!(!search(&org, 0, "FIND {muller} IN NAME FIELDS RETURNING Account(Name)").is_empty());
        assert!(!search(&org, 0, "FIND {O\\'Reilly} RETURNING Account(Name)").is_empty());
        assert!(!search(&org, 0, "FIND {東京} RETURNING Account(Name)").is_empty());
        let open = search(&org, 0, "FIND {smith} RETURNING Lead(Name, IsConverted WHERE IsConverted = false)");
        assert!(!open.is_empty() && open.iter().all(|l| l["IsConverted"] == false));
    }

    #[test]
    fn amounts_filter_and_sort_as_numbers() {
        let org = org();
        let statement = "FIND {migration} RETURNING Opportunity(Amount WHERE Amount > 100000 ORDER BY Amount DESC)";
        let amounts: Vec<f64> = search(&org, 0, statement).iter().map(|r| r["Amount"].as_f64().unwrap()).collect();
        assert!(amounts.len() > 2, "{amounts:?}");
        assert!(amounts.iter().all(|a| *a > 100_000.0), "{amounts:?}");
        assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "{amounts:?}");
        assert!(search(&org, 0, "FIND {migration} RETURNING Opportunity(Id WHERE Amount < 0)").is_empty());
    }
}

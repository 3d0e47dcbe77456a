//! From what a person typed to a safe SOSL statement: normalise, escape every reserved
//! character, and ask for every requested object (as the catalog defines it) in one call; and
//! the SOQL queries of the tasks glance and of recording a view. Pure functions, unit-tested.

use super::filters::{Filters, TaskState, quote};
use crate::catalog::SearchObject;
use std::fmt::Write;

pub use widget_contract::query::{MAX_QUERY_CHARS, QueryProblem, is_searchable_word, normalize};

/// Characters SOSL reserves inside `FIND {…}`; each is searched literally after a backslash.
const RESERVED: &str = "?&|!{}[]()^~*:\\\"'+-";

/// The search expression for a normalised query: every word escaped (so nothing the user types
/// can change the statement's structure), the words `and`, `or` and `not` quoted so they are
/// searched rather than obeyed, words with fewer than two letters or digits dropped (Salesforce
/// refuses them), and a trailing `*` on the last word for search-as-you-type.
pub fn search_expression(query: &str) -> String {
    let words: Vec<&str> = query.split_whitespace().filter(|w| is_searchable_word(w)).collect();
    let mut expression = String::new();
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            expression.push(' ');
        }
        let mut escaped = String::with_capacity(word.len() + 4);
        for c in word.chars() {
            if RESERVED.contains(c) {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        let is_operator = ["and", "or", "not"].iter().any(|op| word.eq_ignore_ascii_case(op));
        if is_operator {
            let _ = write!(expression, "\"{escaped}\"");
        } else {
            expression.push_str(&escaped);
            if index == words.len() - 1 {
                expression.push('*');
            }
        }
    }
    expression
}

/// The one SOSL statement for a search: each requested type with its fields and filters,
/// `limit + 1` records per type (the extra one says whether there are more) from `offset`.
/// `owner_id` is the user's Salesforce id (for the "Mine" filter).
pub fn statement(
    query: &str,
    objects: &[SearchObject],
    limit: usize,
    offset: usize,
    filters: &Filters,
    owner_id: &str,
) -> String {
    let mut sosl = format!("FIND {{{}}} IN ALL FIELDS RETURNING ", search_expression(query));
    for (index, object) in objects.iter().enumerate() {
        if index > 0 {
            sosl.push_str(", ");
        }
        let _ = write!(sosl, "{}({}", object.api_name(), object.returning_fields());
        let mut conditions: Vec<String> = object.spec().always.iter().cloned().collect();
        conditions.extend(super::filters::conditions(filters, object, owner_id));
        if !conditions.is_empty() {
            let _ = write!(sosl, " WHERE {}", conditions.join(" AND "));
        }
        let _ = write!(sosl, " LIMIT {}", limit + 1);
        if offset > 0 {
            let _ = write!(sosl, " OFFSET {offset}");
        }
        sosl.push(')');
    }
    sosl
}

/// The tasks glance: the user's tasks in `state`, overdue first, then due today, then later,
/// undated last (most recent first for completed ones); `limit + 1` to know if there are more.
pub fn tasks_query(tasks: &SearchObject, owner_id: &str, state: TaskState, limit: usize) -> String {
    let order = match state {
        TaskState::Completed => "ActivityDate DESC NULLS LAST, Id",
        TaskState::Open | TaskState::Overdue => "ActivityDate ASC NULLS LAST, Id",
    };
    let filters = Filters { mine: true, task: Some(state), ..Filters::default() };
    format!(
        "SELECT {} FROM {} WHERE {} ORDER BY {order} LIMIT {}",
        tasks.returning_fields(),
        tasks.api_name(),
        super::filters::conditions(&filters, tasks, owner_id).join(" AND "),
        limit + 1
    )
}

/// Marks one record as viewed by the user (Salesforce's documented way: `FOR VIEW`), reading
/// back its name for the recent list. `id` must already be a checked record id.
pub fn view_query(object: &SearchObject, id: &str) -> String {
    format!("SELECT Id, {} FROM {} WHERE Id = {} FOR VIEW", object.title_field(), object.api_name(), quote(id))
}

/// Whether `id` has the shape of a Salesforce record id (15 or 18 letters and digits).
pub fn is_record_id(id: &str) -> bool {
    (id.len() == 15 || id.len() == 18) && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn objects(names: &[&str]) -> Vec<SearchObject> {
        let catalog = Catalog::presets();
        names.iter().map(|name| catalog.by_name(name).unwrap().clone()).collect()
    }

    #[test]
    fn every_reserved_character_is_escaped() {
        for c in RESERVED.chars() {
            assert_eq!(search_expression(&format!("ab{c}cd")), format!("ab\\{c}cd*"), "{c}");
        }
        assert_eq!(search_expression("O'Neil-Smith"), "O\\'Neil\\-Smith*");
        assert_eq!(search_expression("a\\b"), "a\\\\b*");
    }

    #[test]
    fn operator_words_are_searched_not_obeyed() {
        assert_eq!(search_expression("rock and roll"), "rock \"and\" roll*");
        assert_eq!(search_expression("NOT found OR"), "\"NOT\" found \"OR\"");
    }

    #[test]
    fn words_salesforce_would_refuse_are_dropped() {
        assert_eq!(search_expression("acme - corp"), "acme corp*");
        assert_eq!(search_expression("acme x"), "acme*");
        assert_eq!(search_expression("company a} b"), "company*");
    }

    #[test]
    fn a_closing_brace_cannot_end_the_search_term() {
        let sosl = statement("xy} RETURNING User(Id", &objects(&["Account"]), 5, 0, &Filters::default(), "005");
        assert!(sosl.starts_with("FIND {xy\\} RETURNING User\\(Id*} IN ALL FIELDS RETURNING Account("), "{sosl}");
    }

    #[test]
    fn the_statement_asks_for_one_more_record_per_type() {
        assert_eq!(
            statement("acme", &objects(&["Account", "Lead"]), 5, 0, &Filters::default(), "005"),
            "FIND {acme*} IN ALL FIELDS RETURNING Account(Id, Name, Type, BillingCity LIMIT 6), \
             Lead(Id, Name, Company, Status WHERE IsConverted = false LIMIT 6)"
        );
        // Salesforce pages with OFFSET through a single object only (the route refuses more).
        assert_eq!(
            statement("acme", &objects(&["Lead"]), 5, 10, &Filters::default(), "005"),
            "FIND {acme*} IN ALL FIELDS RETURNING Lead(Id, Name, Company, Status WHERE IsConverted = false LIMIT 6 \
             OFFSET 10)"
        );
    }

    #[test]
    fn filters_join_the_objects_own_condition() {
        let filters = Filters {
            mine: true,
            fields: vec![super::super::filters::FieldFilter::new("lead", "Status", "Working - Contacted")],
            ..Filters::default()
        };
        assert_eq!(
            statement("acme", &objects(&["Lead"]), 5, 0, &filters, "005A"),
            "FIND {acme*} IN ALL FIELDS RETURNING Lead(Id, Name, Company, Status WHERE IsConverted = false AND \
             OwnerId = '005A' AND Status = 'Working - Contacted' LIMIT 6)"
        );
    }

    #[test]
    fn the_tasks_and_view_queries() {
        assert_eq!(
            tasks_query(&objects(&["Task"])[0], "005A", TaskState::Overdue, 5),
            "SELECT Id, Subject, ActivityDate, Status, What.Name, Who.Name FROM Task WHERE OwnerId = '005A' AND \
             IsClosed = false AND ActivityDate < TODAY ORDER BY ActivityDate ASC NULLS LAST, Id LIMIT 6"
        );
        assert!(
            tasks_query(&objects(&["Task"])[0], "005A", TaskState::Completed, 5)
                .contains("IsClosed = true ORDER BY ActivityDate DESC")
        );
        assert_eq!(
            view_query(&objects(&["Task"])[0], "00TDm0000000001AAA"),
            "SELECT Id, Subject FROM Task WHERE Id = '00TDm0000000001AAA' FOR VIEW"
        );
        assert!(is_record_id("001Dm0000000001AAA") && is_record_id("001Dm0000000001"));
        assert!(!is_record_id("001' OR Id != '") && !is_record_id("001"));
    }
}

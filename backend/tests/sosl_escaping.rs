//! Property: whatever a user types, the backend's SOSL statement parses (with the demo org's
//! parser, which follows Salesforce's grammar), keeps its structure (only the user's words,
//! joined by the implicit AND), and searches exactly the user's words; and whatever a filter
//! value holds, it stays one string literal compared with its field.

use demo_org::sosl::{self, Condition, FindExpr, Literal};
use proptest::prelude::*;
use std::sync::LazyLock;
use widget_backend::{
    catalog::Catalog,
    salesforce::{
        filters::{FieldFilter, Filters},
        query,
    },
};

/// The demo org's objects, which the parser resolves names against.
static SCHEMA: LazyLock<demo_org::schema::Schema> = LazyLock::new(demo_org::schema::standard::schema);

/// Text rich in what can break a search: every reserved character, operators, quotes,
/// backslashes, non-Latin letters and plenty of spaces.
fn user_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("and".to_owned()),
        Just("OR".to_owned()),
        Just("Not".to_owned()),
        Just("AND NOT".to_owned()),
        "[?&|!{}\\[\\]()^~*:\\\\\"'+\\- ]{1,3}",
        "[a-zA-Z0-9]{1,8}",
        "[äöüßéñ東京株式会社]{1,4}",
        Just(" ".to_owned()),
    ];
    prop::collection::vec(piece, 1..12).prop_map(|pieces| pieces.concat())
}

fn terms(expr: &FindExpr, out: &mut Vec<String>) -> bool {
    match expr {
        FindExpr::Term(term) => {
            out.push(term.raw.clone());
            true
        }
        FindExpr::And(left, right) => terms(left, out) && terms(right, out),
        // An OR or AND NOT can only come from a user's word obeyed as an operator.
        FindExpr::Or(..) | FindExpr::AndNot(..) => false,
    }
}

/// A term as written, without the escaping: what is searched for (unescaped quotes and the
/// search-as-you-type wildcard are syntax, not text).
fn unescaped(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '"' | '*' => {}
            other => out.push(other),
        }
    }
    out
}

const OWNER: &str = "005Dm0000000001AAA";

/// The literal compared with `field` in a condition made only of ANDed comparisons.
fn compared(condition: &Condition, field: &str) -> Option<Literal> {
    match condition {
        Condition::Compare { field: sosl::FieldRef::Direct { name, .. }, value, .. } if *name == field => {
            Some(value.clone())
        }
        Condition::And(left, right) => compared(left, field).or_else(|| compared(right, field)),
        _ => None,
    }
}

fn only_ands(condition: &Condition) -> bool {
    match condition {
        Condition::Compare { .. } => true,
        Condition::And(left, right) => only_ands(left) && only_ands(right),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn any_input_keeps_the_statement_and_searches_the_users_words(text in user_text()) {
        let Ok(normalized) = query::normalize(&text) else { return Ok(()) };
        let statement = query::statement(&normalized, Catalog::presets().objects(), 5, 0, &Filters::default(), OWNER);
        let parsed = sosl::parse(&statement, SCHEMA.unrestricted());
        prop_assert!(parsed.is_ok(), "{statement:?}: {parsed:?}");
        let parsed = parsed.unwrap();
        prop_assert_eq!(parsed.returning.len(), 4, "RETURNING changed: {}", statement);
        let mut found = Vec::new();
        prop_assert!(terms(&parsed.find, &mut found), "an operator was obeyed: {}", statement);
        let expected: Vec<String> = normalized
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
            .map(str::to_owned)
            .collect();
        let searched: Vec<String> = found.iter().map(|raw| unescaped(raw)).collect();
        prop_assert_eq!(searched, expected, "statement {}", statement);
    }

    #[test]
    fn any_filter_value_stays_one_literal(value in "[ -~äöü東'\\\\\"]{1,40}") {
        let value = value.trim().to_owned();
        prop_assume!(!value.is_empty());
        let fields = vec![FieldFilter::new("lead", "Status", &value), FieldFilter::new("account", "Type", &value)];
        let filters = Filters { mine: true, fields, ..Filters::default() };
        let objects = Catalog::presets().parse_list(Some("account,lead")).unwrap();
        let statement = query::statement("acme", &objects, 5, 0, &filters, OWNER);
        let parsed = sosl::parse(&statement, SCHEMA.unrestricted());
        prop_assert!(parsed.is_ok(), "{statement:?}: {parsed:?}");
        for (item, field) in parsed.unwrap().returning.iter().zip(["Type", "Status"]) {
            let condition = item.condition.as_ref().unwrap();
            prop_assert!(only_ands(condition), "{statement}");
            prop_assert_eq!(compared(condition, field), Some(Literal::Text(value.clone())), "{}", statement);
            prop_assert_eq!(compared(condition, "OwnerId"), Some(Literal::Text(OWNER.to_owned())));
        }
    }
}

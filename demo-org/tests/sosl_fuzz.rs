//! Property tests: the SOSL parser and search engine never panic, whatever the input, and
//! every reserved character escaped by the product's rule searches literally.

use chrono::NaiveDate;
use demo_org::{
    seed::{self, SeedConfig},
    sosl::{self, engine},
};
use proptest::prelude::*;
use std::sync::LazyLock;

static ORG: LazyLock<demo_org::records::OrgData> = LazyLock::new(|| {
    seed::generate(&SeedConfig {
        accounts: 200,
        leads: 200,
        tasks: 200,
        campaigns: 20,
        ..SeedConfig::full(5, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
    })
});

/// Text rich in the characters that matter to SOSL.
fn sosl_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            1 => proptest::sample::select(vec![
                '?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', '\'', '+', '-', ' ', ',',
                '.', '=', '<', '>', 'é', '東', '\u{202e}', '\n',
            ]),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn search(query: &str) {
    if let Ok(parsed) = sosl::parse(query, ORG.schema.unrestricted()) {
        let context = engine::SearchContext { org: &ORG, user: &ORG.users[1], today: ORG_TODAY, api_version: 62 };
        let _ = engine::run(&parsed, &context);
    }
}

const ORG_TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_statements_never_panic(text in sosl_text()) {
        search(&text);
    }

    #[test]
    fn arbitrary_search_terms_never_panic(term in sosl_text(), tail in sosl_text()) {
        search(&format!("FIND {{{term}}} RETURNING Account(Id, Name{tail}) LIMIT 5"));
        search(&format!("FIND {{{term}}} IN NAME FIELDS RETURNING Task(Subject, What.Name WHERE Status = '{tail}')"));
    }

    #[test]
    fn escaped_terms_always_parse(term in sosl_text()) {
        // The escaping rule from the Salesforce notes: backslash first, then every reserved
        // character; words `and`/`or`/`not` quoted. A term with two letters or digits parses.
        let mut escaped = String::new();
        for word in term.split_whitespace() {
            let mut w = String::new();
            for c in word.chars() {
                if "?&|!{}[]()^~*:\\\"'+-".contains(c) { w.push('\\'); }
                w.push(c);
            }
            if ["and", "or", "not"].contains(&word.to_ascii_lowercase().as_str()) { w = format!("\"{w}\""); }
            escaped.push_str(&w);
            escaped.push(' ');
        }
        let significant = term.split_whitespace().all(|w| w.chars().filter(|c| c.is_alphanumeric()).count() >= 2);
        let result = sosl::parse(&format!("FIND {{{}}} RETURNING Account(Id)", escaped.trim()), ORG.schema.unrestricted());
        if significant && !escaped.trim().is_empty() {
            prop_assert!(result.is_ok(), "{escaped:?}: {result:?}");
        }
    }
}

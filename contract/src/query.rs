//! What a search query is: the widget sends only queries that pass [`normalize`], and the
//! backend refuses the others with the same rule.

/// Longest query the backend accepts, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Fewest letters or digits one word must have (Salesforce refuses one-character terms).
pub const MIN_SIGNIFICANT_CHARS: usize = 2;
/// Most results per type a request may ask for, and what a widget shows unless set.
pub const MAX_LIMIT: usize = 20;
pub const DEFAULT_LIMIT: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryProblem {
    TooShort,
    TooLong,
}

/// Trims, collapses white space, and checks the length rules.
pub fn normalize(raw: &str) -> Result<String, QueryProblem> {
    // A loop rather than collect-and-join: the widget links this, and join's generic code
    // would be one more copy in its bundle.
    let mut collapsed = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    if collapsed.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryProblem::TooLong);
    }
    if !collapsed.split(' ').any(is_searchable_word) {
        return Err(QueryProblem::TooShort);
    }
    Ok(collapsed)
}

/// A word Salesforce searches for: at least [`MIN_SIGNIFICANT_CHARS`] letters or digits.
pub fn is_searchable_word(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_SIGNIFICANT_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_collapsed_and_need_one_word_of_two_letters_or_digits() {
        assert_eq!(normalize("  acme \t corp \n"), Ok("acme corp".into()));
        assert_eq!(normalize("a"), Err(QueryProblem::TooShort));
        assert_eq!(normalize("a -- !"), Err(QueryProblem::TooShort));
        assert_eq!(normalize("a b c"), Err(QueryProblem::TooShort));
        assert_eq!(normalize("東京"), Ok("東京".into()));
        assert_eq!(normalize(&"x".repeat(201)), Err(QueryProblem::TooLong));
        assert!(normalize(&"x".repeat(200)).is_ok());
    }
}

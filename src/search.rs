//! What the widget searches for and what comes back, independent of HTTP and DOM.

/// The Salesforce object types the widget can search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    Account,
    Lead,
    Task,
    Campaign,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 4] = [ObjectKind::Account, ObjectKind::Lead, ObjectKind::Task, ObjectKind::Campaign];

    pub fn key(self) -> &'static str {
        match self {
            ObjectKind::Account => "account",
            ObjectKind::Lead => "lead",
            ObjectKind::Task => "task",
            ObjectKind::Campaign => "campaign",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key().eq_ignore_ascii_case(key.trim()))
    }

    /// The letter of the type's badge (decorative; the group has a heading). Letters, not
    /// emoji, so every font renders them.
    pub fn icon(self) -> &'static str {
        match self {
            ObjectKind::Account => "A",
            ObjectKind::Lead => "L",
            ObjectKind::Task => "T",
            ObjectKind::Campaign => "C",
        }
    }
}

/// Longest query the backend accepts.
pub const MAX_QUERY_CHARS: usize = 200;

/// The query to send for what was typed, or None while it is too short to search: trimmed,
/// spaces collapsed, with at least one word of two letters or digits (the backend's rule).
pub fn normalize(raw: &str) -> Option<String> {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let searchable = collapsed.split(' ').any(|w| w.chars().filter(|c| c.is_alphanumeric()).count() >= 2);
    (searchable && collapsed.chars().count() <= MAX_QUERY_CHARS).then_some(collapsed)
}

/// One search call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    pub objects: Vec<ObjectKind>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SearchResults {
    pub groups: Vec<ResultGroup>,
    pub skipped: Vec<ObjectKind>,
    /// The same search in Salesforce's own UI.
    pub search_url: Option<String>,
}

impl SearchResults {
    pub fn count(&self) -> usize {
        self.groups.iter().map(|g| g.records.len()).sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultGroup {
    pub object: ObjectKind,
    pub records: Vec<ResultItem>,
    pub has_more: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultItem {
    pub object: ObjectKind,
    pub id: String,
    pub title: String,
    /// `(key, value)` pairs such as `("city", "Köln")`, in display order.
    pub details: Vec<(String, String)>,
    pub url: String,
}

/// Whether a record URL may become a link: https only, or plain http to this machine (the
/// local demo org). Anything else (`javascript:`, other schemes) is shown as text.
pub fn is_safe_record_url(url: &str) -> bool {
    if url.starts_with("https://") {
        return !url.chars().any(|c| c.is_whitespace() || c.is_control());
    }
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    matches!(host, "127.0.0.1" | "localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_normalised_like_the_backend_does() {
        assert_eq!(normalize("  acme   corp "), Some("acme corp".into()));
        assert_eq!(normalize("a"), None);
        assert_eq!(normalize("a b"), None);
        assert_eq!(normalize("a bc"), Some("a bc".into()));
        assert_eq!(normalize("東京"), Some("東京".into()));
        assert_eq!(normalize(&"x".repeat(201)), None);
    }

    #[test]
    fn only_safe_urls_are_links() {
        assert!(is_safe_record_url("https://acme.my.salesforce.com/lightning/r/Account/001/view"));
        assert!(is_safe_record_url("http://127.0.0.1:8081/lightning/r/Account/001/view"));
        for bad in ["javascript:alert(1)", "http://evil.example/x", "data:text/html,x", "https://x y", "//evil"] {
            assert!(!is_safe_record_url(bad), "{bad}");
        }
    }

    #[test]
    fn object_keys() {
        assert_eq!(ObjectKind::from_key(" Lead "), Some(ObjectKind::Lead));
        assert_eq!(ObjectKind::from_key("contact"), None);
    }
}

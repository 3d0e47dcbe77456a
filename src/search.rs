//! What the widget searches for and what comes back, independent of HTTP and DOM.

pub use widget_contract::{TaskState, query::MAX_QUERY_CHARS};

/// The query to send for what was typed, or None while it is too short (or too long) to
/// search: the backend's own rule (see `widget_contract::query`).
pub fn normalize(raw: &str) -> Option<String> {
    widget_contract::query::normalize(raw).ok()
}

/// Narrowing that Salesforce applies; each applies only to the types it names (the contract's
/// own type: what the widget sends is what the backend reads).
pub use widget_contract::filters::{FieldFilter, Filters};

/// `parts` with `separator` between them. One plain function for every list the widget writes:
/// `[T]::join`'s generic code is larger than this.
pub fn joined(parts: &[&str], separator: &str) -> String {
    let mut text = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            text.push_str(separator);
        }
        text.push_str(part);
    }
    text
}

/// One search call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    /// Objects by the widgets' names for them (`account`, `project__c`).
    pub objects: Vec<String>,
    pub limit: usize,
    pub offset: usize,
    pub filters: Filters,
}

/// Records shown before the user types (recent records, the tasks glance).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct GlanceResults {
    pub records: Vec<ResultItem>,
    pub has_more: bool,
    /// Where Salesforce lists them all, when there are more.
    pub more_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SearchResults {
    pub groups: Vec<ResultGroup>,
    /// Objects Salesforce would not let this person search.
    pub skipped: Vec<String>,
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
    pub object: String,
    pub records: Vec<ResultItem>,
    pub has_more: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultItem {
    pub object: String,
    pub id: String,
    pub title: String,
    /// In display order.
    pub details: Vec<Detail>,
    pub url: String,
}

/// One value shown under a record's title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    /// The name widgets know it by (`city`), or the field's (`Amount`).
    pub key: String,
    pub value: String,
    /// Salesforce's label of a field the widget has no words for (`Amount`).
    pub label: Option<String>,
    /// A number written plainly (`254000`), to be written in the reader's language.
    pub number: bool,
}

impl Detail {
    /// A detail the widget has words for (no label of its own, not a number).
    pub fn new(key: &str, value: &str) -> Self {
        Self { key: key.to_owned(), value: value.to_owned(), label: None, number: false }
    }
}

/// Whether a record URL may become a link: https only, or plain http to this machine (the
/// local demo org). Anything else (`javascript:`, other schemes) is shown as text.
pub fn is_safe_record_url(url: &str) -> bool {
    // No record link has a reason for a backslash (browsers read it as `/` or keep it).
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
        return false;
    }
    let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        return false;
    };
    // The authority (up to the first `/`, `?` or `#`) must be `host[:port]` with a plain host:
    // user info (`127.0.0.1:x@evil.example`) would hide the real host.
    let rest = rest.as_bytes();
    let authority = &rest[..rest.iter().position(|b| matches!(b, b'/' | b'?' | b'#')).unwrap_or(rest.len())];
    let (host, port) = match authority.iter().position(|b| *b == b':') {
        Some(colon) => (&authority[..colon], Some(&authority[colon + 1..])),
        None => (authority, None),
    };
    let host_ok = !host.is_empty() && host.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'-');
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.iter().all(u8::is_ascii_digit));
    host_ok && port_ok && (https || host == b"127.0.0.1" || host == b"localhost")
}

/// The record in the Salesforce mobile app (its documented URL scheme), for ids that are
/// plain Salesforce ids only.
pub fn mobile_app_url(item: &ResultItem) -> Option<String> {
    let is_id = (item.id.len() == 15 || item.id.len() == 18) && item.id.bytes().all(|b| b.is_ascii_alphanumeric());
    is_id.then(|| format!("salesforce1://sObject/{}/view", item.id))
}

/// How a task's due date (`YYYY-MM-DD`) relates to `today` (same format).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Overdue,
    Today,
    Later,
}

/// Where a task's due date stands against `today` (asked only for a task with a due date: the
/// clock is read through JavaScript).
pub fn due(item: &ResultItem, today: impl FnOnce() -> String) -> Option<Due> {
    if item.object != crate::objects::TASK {
        return None;
    }
    let date = item.details.iter().find(|d| d.key == "due_date").map(|d| d.value.as_str())?;
    Some(match date.cmp(today().as_str()) {
        std::cmp::Ordering::Less => Due::Overdue,
        std::cmp::Ordering::Equal => Due::Today,
        std::cmp::Ordering::Greater => Due::Later,
    })
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
        assert!(is_safe_record_url("https://acme.my.salesforce.com/_ui/search/ui/UnifiedSearchResults?str=a@b"));
        for bad in [
            "javascript:alert(1)",
            "http://evil.example/x",
            "data:text/html,x",
            "https://x y",
            "//evil",
            // User info hides the real host: the browser opens evil.example.
            "http://127.0.0.1:x@evil.example/",
            "http://localhost@evil.example/",
            "https://acme.my.salesforce.com@evil.example/",
            "http://127.0.0.1\\@evil.example/",
            "http://127.0.0.1:80x/",
            "http://[::1]/",
            "https:///path",
        ] {
            assert!(!is_safe_record_url(bad), "{bad}");
        }
    }

    #[test]
    fn app_links_and_due_dates() {
        let task = ResultItem {
            object: "task".into(),
            id: "00TDm0000000001AAA".into(),
            title: "Call".into(),
            details: vec![Detail::new("due_date", "2026-11-20")],
            url: String::new(),
        };
        assert_eq!(mobile_app_url(&task).as_deref(), Some("salesforce1://sObject/00TDm0000000001AAA/view"));
        assert_eq!(mobile_app_url(&ResultItem { id: "x/../y".into(), ..task.clone() }), None);
        assert_eq!(due(&task, || "2026-11-21".into()), Some(Due::Overdue));
        assert_eq!(due(&task, || "2026-11-20".into()), Some(Due::Today));
        assert_eq!(due(&task, || "2026-11-19".into()), Some(Due::Later));
        let account = ResultItem { object: "account".into(), ..task.clone() };
        assert_eq!(due(&account, || unreachable!("not a task, no clock")), None);
        assert_eq!(due(&ResultItem { details: vec![], ..task }, || unreachable!("no due date, no clock")), None);
    }
}

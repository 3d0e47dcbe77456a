//! Per-instance configuration, read from the placeholder's `data-*` attributes.
//!
//! Parsing is a pure function over an attribute lookup so it is unit-tested natively.

/// Attribute that marks a placeholder for a widget instance.
pub const PLACEHOLDER_ATTRIBUTE: &str = "data-salesforce-widget";

/// What a page editor chose for one widget instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Heading shown above the search box.
    pub title: String,
    /// Origin (or path prefix) of the intranet backend; empty means the page's own origin.
    pub backend: String,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        Self { title: "Salesforce".to_owned(), backend: String::new() }
    }
}

impl WidgetConfig {
    /// Builds the configuration from attribute values (`name` is the full attribute name).
    pub fn from_attributes(attribute: impl Fn(&str) -> Option<String>) -> Self {
        let defaults = Self::default();
        let title =
            attribute("data-title").map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).unwrap_or(defaults.title);
        let backend =
            attribute("data-backend").map(|b| b.trim().trim_end_matches('/').to_owned()).unwrap_or(defaults.backend);
        Self { title, backend }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> WidgetConfig {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        WidgetConfig::from_attributes(|name| map.get(name).cloned())
    }

    #[test]
    fn no_attributes_gives_the_defaults() {
        assert_eq!(parse(&[]), WidgetConfig::default());
    }

    #[test]
    fn title_is_trimmed_and_blank_falls_back() {
        assert_eq!(parse(&[("data-title", "  Customers ")]).title, "Customers");
        assert_eq!(parse(&[("data-title", "   ")]).title, "Salesforce");
    }

    #[test]
    fn backend_loses_its_trailing_slash() {
        assert_eq!(parse(&[("data-backend", "https://intranet.example/")]).backend, "https://intranet.example");
    }
}

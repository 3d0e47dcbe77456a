//! One widget instance's options as placeholder attributes and as the embed snippet. The live
//! preview and the snippet use the same attributes, so what the editor sees is what the page gets.

use html_escape::encode_double_quoted_attribute as attr;
use widget_contract::{
    filters::Filters,
    objects::TASK,
    placeholder::{Lang, Layout, PLACEHOLDER_ATTRIBUTE, WidgetConfig, field_filters_attribute},
};

/// Path of the one script an intranet page includes.
pub const LOADER_PATH: &str = "/widget/salesforce-widget-loader.js";

/// The colours a page editor may set, as the widget's documented CSS custom properties, with
/// the widget's own defaults.
pub const COLOURS: [(&str, &str, &str); 3] = [
    ("--sfw-accent", "Accent (buttons, focus)", "#0b5cab"),
    ("--sfw-text", "Text", "#1b1f24"),
    ("--sfw-border", "Borders", "#8a96a3"),
];

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub title: String,
    /// Objects by the widgets' names for them (`account`, `project__c`).
    pub objects: Vec<String>,
    pub limit: usize,
    pub layout: Layout,
    pub lang: Lang,
    /// The filters the widget starts with.
    pub filters: Filters,
    /// Custom property → colour, only for colours the editor changed.
    pub colours: Vec<(&'static str, String)>,
}

impl Default for Options {
    /// The widget's own defaults, so an untouched configurator writes a plain placeholder.
    fn default() -> Self {
        let defaults = WidgetConfig::default();
        Self {
            title: defaults.title,
            objects: defaults.objects,
            limit: defaults.limit,
            layout: defaults.layout,
            lang: defaults.lang,
            filters: defaults.filters,
            colours: Vec::new(),
        }
    }
}

/// Only `#rrggbb`, what a colour input gives: nothing else can reach the style attribute.
fn is_hex_colour(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].chars().all(|c| c.is_ascii_hexdigit())
}

impl Options {
    pub fn searches(&self, object: &str) -> bool {
        self.objects.iter().any(|o| o == object)
    }

    /// The placeholder's attributes, in a stable order (`style` last, only with colours).
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        let mut attributes = vec![("data-title", self.title.trim().to_owned())];
        // None named: every object the administrator enabled.
        if !self.objects.is_empty() {
            attributes.push(("data-objects", self.objects.join(",")));
        }
        attributes.extend([
            ("data-limit", self.limit.to_string()),
            ("data-layout", if self.layout == Layout::Compact { "compact" } else { "full" }.to_owned()),
            ("data-lang", self.lang.tag().to_owned()),
        ]);
        // A filter of an object the widget does not search would be refused by the widget.
        let searches = |object: &str| self.searches(object);
        let filters = &self.filters;
        if filters.mine {
            attributes.push(("data-filter-mine", "true".to_owned()));
        }
        let fields: Vec<_> = filters.fields.iter().filter(|f| searches(&f.object)).cloned().collect();
        if let Some(value) = field_filters_attribute(&fields) {
            attributes.push(("data-filter-fields", value));
        }
        if let Some(state) = filters.task.filter(|_| searches(TASK)) {
            attributes.push(("data-filter-task", state.key().to_owned()));
        }
        if filters.active_campaigns && searches("campaign") {
            attributes.push(("data-filter-campaign", "active".to_owned()));
        }
        let style: Vec<String> = self
            .colours
            .iter()
            .filter(|(property, value)| COLOURS.iter().any(|(p, ..)| p == property) && is_hex_colour(value))
            .map(|(property, value)| format!("{property}: {value}"))
            .collect();
        if !style.is_empty() {
            attributes.push(("style", style.join("; ")));
        }
        attributes
    }

    /// The HTML a page editor pastes: the loader (from `origin`) and the placeholder.
    pub fn snippet(&self, origin: &str) -> String {
        let attributes: String =
            self.attributes().iter().map(|(name, value)| format!(" {name}=\"{}\"", attr(value))).collect();
        format!(
            "<script type=\"module\" src=\"{}{LOADER_PATH}\"></script>\n<div {PLACEHOLDER_ATTRIBUTE}{attributes}></div>",
            attr(origin)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use widget_contract::filters::FieldFilter;

    fn parse_back(options: &Options) -> WidgetConfig {
        let attributes = options.attributes();
        WidgetConfig::from_attributes(|name| attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()), None)
            .expect("the widget accepts every snippet the configurator writes")
    }

    #[test]
    fn the_widget_reads_back_exactly_what_was_chosen() {
        let options = Options {
            title: "My \"overdue\" <tasks> & leads".into(),
            objects: vec!["task".into(), "lead".into()],
            limit: 12,
            layout: Layout::Compact,
            lang: Lang::De,
            filters: Filters {
                mine: true,
                task: Some(widget_contract::TaskState::Overdue),
                fields: vec![
                    FieldFilter::new("lead", "Status", "Working - Contacted"),
                    // Accounts are not searched: this one is left out of the snippet.
                    FieldFilter::new("account", "Type", "Prospect"),
                ],
                active_campaigns: false,
            },
            colours: vec![("--sfw-accent", "#aa0000".into())],
        };
        let config = parse_back(&options);
        assert_eq!(config.filters, Filters { fields: options.filters.fields[..1].to_vec(), ..options.filters.clone() });
        assert_eq!(config.title, options.title);
        assert_eq!(config.objects, options.objects);
        assert_eq!((config.limit, config.layout, config.lang), (12, Layout::Compact, Lang::De));
    }

    #[test]
    fn the_snippet_escapes_every_value_and_keeps_only_real_colours() {
        let options = Options {
            title: "\"><script>alert(1)</script>".into(),
            colours: vec![("--sfw-accent", "#00ff00".into()), ("--sfw-text", "red; background: url(x)".into())],
            ..Options::default()
        };
        let snippet = options.snippet("https://intranet.example.com");
        assert!(snippet.starts_with(
            "<script type=\"module\" src=\"https://intranet.example.com/widget/salesforce-widget-loader.js\"></script>"
        ));
        assert!(snippet.contains("data-title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), "{snippet}");
        assert!(snippet.contains("style=\"--sfw-accent: #00ff00\""), "{snippet}");
        assert!(!snippet.contains("url(x)"));
    }

    #[test]
    fn defaults_give_a_plain_placeholder() {
        let snippet = Options::default().snippet("http://127.0.0.1:8080");
        assert!(snippet.ends_with(
            "<div data-salesforce-widget data-title=\"Salesforce\" data-limit=\"5\" data-layout=\"full\" data-lang=\"en\"></div>"
        ));
        assert_eq!(parse_back(&Options::default()), WidgetConfig::default());
    }
}

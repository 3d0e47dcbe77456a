//! The listbox of results: one group per type (icon, name, count), records as options whose
//! names and fields are always text, and a "show more" option where more exist.

use super::search_state::{Entry, Extra};
use crate::{
    i18n::Strings,
    objects::{Badge, Objects},
    search::{self, Due, SearchResults},
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The options in keyboard order: each group's records, then its "show more".
pub fn entries(found: &SearchResults, extra: &Extra) -> Vec<Entry> {
    let mut entries = Vec::new();
    for group in &found.groups {
        let (more, more_has_more) = extra.get(&group.object).map_or((&[][..], None), |(m, h)| (m, Some(h)));
        entries.extend(group.records.iter().chain(more).cloned().map(Entry::Record));
        if more_has_more.unwrap_or(group.has_more) {
            entries.push(Entry::ShowMore(group.object.clone()));
        }
    }
    entries
}

/// The one listbox of a widget (search results and the lists before typing share it): its
/// options, which one is active, whether it is open, its id, and what choosing does.
#[derive(Clone)]
pub struct Listbox {
    pub entries: Memo<Vec<Entry>>,
    pub active: RwSignal<Option<usize>>,
    pub open: RwSignal<bool>,
    pub id: String,
    pub choose: Callback<Entry>,
    pub strings: &'static Strings,
    /// The widget's objects: labels and colours.
    pub objects: Objects,
}

pub fn view(query: String, found: SearchResults, listbox: Listbox) -> impl IntoView {
    let strings = listbox.strings;
    let (entries, open) = (listbox.entries, listbox.open);
    let skipped = (!found.skipped.is_empty()).then(|| {
        let names: Vec<&str> = found.skipped.iter().map(|k| listbox.objects.label(k)).collect();
        view! { <p class="sfw-note" data-state="skipped">{(strings.skipped)(&search::joined(&names, ", "))}</p> }
    });
    // Salesforce's search keeps only its best 2,000 matches and applies sharing and filters
    // after that: an empty, short or filtered list is not proof that nothing else exists, so
    // Salesforce's own search is always one click away.
    let elsewhere = found.search_url.clone().filter(|url| search::is_safe_record_url(url)).map(|url| {
        view! {
            <a class="sfw-link sfw-elsewhere" href=url target="_blank" rel="noopener noreferrer" data-search-elsewhere="">
                {strings.search_in_salesforce}" "<span class="sfw-visually-hidden">{strings.opens_in_new_tab}</span>
            </a>
        }
    });
    if found.count() == 0 {
        return view! {
            <div class="sfw-empty" data-state="empty">
                <p class="sfw-note">{(strings.no_results)(&query)}</p>
                {elsewhere}
                {skipped}
            </div>
        }
        .into_any();
    }
    // An object with nothing found gets no heading (the backend answers a group per object).
    let kinds: Vec<String> = found.groups.iter().filter(|g| !g.records.is_empty()).map(|g| g.object.clone()).collect();
    let heading_prefix = format!("{}-group", listbox.id);
    let groups_listbox = listbox.clone();
    let groups = move || {
        let list = entries.get();
        kinds
            .iter()
            .map(|kind| {
                let members: Vec<(usize, Entry)> = list
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| match e {
                        Entry::Record(item) => &item.object == kind,
                        Entry::ShowMore(k) => k == kind,
                    })
                    .map(|(i, e)| (i, e.clone()))
                    .collect();
                let count = members.iter().filter(|(_, e)| matches!(e, Entry::Record(_))).count();
                let heading_id = format!("{heading_prefix}-{kind}");
                let label = groups_listbox.objects.label(kind).to_owned();
                let badge = groups_listbox.objects.badge(kind);
                let options: Vec<_> = members.into_iter().map(|(i, entry)| option(i, entry, &groups_listbox)).collect();
                group(Marker::Object(kind.clone()), heading_id, badge, label, count, options)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <div class="sfw-results">
            {element(&listbox, move || !open.get(), groups)}
            {elsewhere}
            {skipped}
        </div>
    }
    .into_any()
}

/// An option's id: the listbox's and the option's place in it.
pub fn option_id(listbox_id: &str, index: usize) -> String {
    format!("{listbox_id}-{index}")
}

/// The place of the option with this id in its listbox (the reverse of [`option_id`]).
fn option_index(listbox_id: &str, option_id: &str) -> Option<usize> {
    // Digit by digit: `str::parse` brings its error machinery into the bundle.
    let digits = option_id.strip_prefix(listbox_id)?.strip_prefix('-').filter(|digits| !digits.is_empty())?;
    digits.bytes().try_fold(0, |index: usize, digit| {
        index.checked_mul(10)?.checked_add(usize::from(digit.checked_sub(b'0').filter(|d| *d <= 9)?))
    })
}

/// The listbox element, for the results and the lists before typing alike. A click chooses the
/// option it landed in: one listener on the list instead of two on every option, whose
/// creation slowed every result set (Leptos' own delegation would listen on the document, which
/// host pages that stop events, and shadow roots, break).
pub(super) fn element<H, C>(listbox: &Listbox, hidden: H, children: C) -> impl IntoView + use<H, C>
where
    H: Fn() -> bool + Send + 'static,
    C: IntoView,
{
    let Listbox { entries, choose, .. } = *listbox;
    let id = listbox.id.clone();
    // The place in the list of the option an event happened in: up from its target to the
    // option, or to the list itself (by the DOM calls the bundle already imports).
    let option_at = move |event: &web_sys::MouseEvent| {
        let mut node = event.target()?.dyn_into::<web_sys::Element>().ok()?;
        loop {
            match node.get_attribute("role").as_deref() {
                Some("option") => return option_index(&id, &node.get_attribute("id")?),
                Some("listbox") => return None,
                _ => node = node.parent_node()?.dyn_into().ok()?,
            }
        }
    };
    let pressed = option_at.clone();
    view! {
        <div role="listbox" id=listbox.id.clone() class="sfw-listbox" aria-label=listbox.strings.search_label hidden=hidden
            // Pressing an option keeps the focus in the search box.
            on:mousedown=move |event| if pressed(&event).is_some() { event.prevent_default() }
            on:click=move |event| {
                if let Some(entry) = option_at(&event).and_then(|i| entries.with_untracked(|list| list.get(i).cloned())) {
                    choose.run(entry);
                }
            }>
            {children}
        </div>
    }
}

/// What marks a group for styles and tests: the object of a results group, or the glance list.
pub enum Marker {
    Object(String),
    Glance(&'static str),
}

/// One titled group of options, in the results and in the lists before typing alike (one view
/// written once): its heading (`id`), the object's badge, label and count.
pub(super) fn group(
    marker: Marker,
    heading_id: String,
    badge: Badge,
    label: String,
    count: usize,
    options: Vec<AnyView>,
) -> AnyView {
    let labelled_by = heading_id.clone();
    let (object, glance) = match marker {
        Marker::Object(object) => (Some(object), None),
        Marker::Glance(name) => (None, Some(name)),
    };
    // The icon, once it has loaded, covers the letter; one that fails leaves the letter. Read
    // in the caller's reactive closure, which draws the groups again when an icon settles. (The
    // glance's lists have none: their badge is empty and hidden by the stylesheet.)
    let Badge { style, letter, icon } = badge;
    let style = crate::icons::badge_style(style.as_deref(), icon.as_deref());
    let badge = view! { <span class="sfw-icon" style=style aria-hidden="true">{letter}</span> };
    view! {
        <div role="group" class="sfw-group" aria-labelledby=labelled_by data-object=object data-glance=glance>
            <div role="presentation" class="sfw-group-title" id=heading_id>
                {badge}
                {label}
                <span class="sfw-count">{count}</span>
            </div>
            {options}
        </div>
    }
    .into_any()
}

/// One option: a record (title, due badge, details) or a "show more".
pub(super) fn option(index: usize, entry: Entry, listbox: &Listbox) -> AnyView {
    let Listbox { active, strings, .. } = *listbox;
    let objects = listbox.objects.clone();
    // One effect per option: the stylesheet marks the active option by its `aria-selected`.
    let selected = move || super::aria(active.get() == Some(index));
    let id = option_id(&listbox.id, index);
    match entry {
        Entry::Record(item) => {
            // The widget's own words for the fields it knows, else Salesforce's label (a field an
            // administrator chose), else the value alone; numbers in the reader's language.
            let details: Vec<String> = item
                .details
                .iter()
                .map(|detail| {
                    // Read by JavaScript's parseFloat: Rust's float parsing would add its tables
                    // (about 14 KB) to the bundle. Only numbers cross to JavaScript.
                    let number = detail.number.then(|| js_sys::Number::parse_float(&detail.value));
                    let value = match number.filter(|n| n.is_finite()) {
                        Some(number) => String::from(js_sys::Number::from(number).to_locale_string(strings.lang)),
                        None => detail.value.clone(),
                    };
                    let label = match (strings.detail_label)(&detail.key) {
                        "" => detail.label.as_deref(),
                        own => Some(own),
                    };
                    match label {
                        Some(label) => format!("{label}: {value}"),
                        None => value,
                    }
                })
                .collect();
            let details: Vec<&str> = details.iter().map(String::as_str).collect();
            let details = search::joined(&details, " · ");
            // Record names and fields are inserted as text nodes, never as markup. The option
            // itself opens the record (a link inside an option would nest interactive controls).
            let hint = search::is_safe_record_url(&item.url).then_some(strings.opens_in_new_tab);
            let badge = match search::due(&item, super::today) {
                Some(Due::Overdue) => Some(("sfw-badge sfw-badge--overdue", strings.overdue)),
                Some(Due::Today) => Some(("sfw-badge", strings.due_today)),
                _ => None,
            };
            let title = view! {
                <span class="sfw-record-title">{item.title.clone()}</span>
                {badge.map(|(class, text)| view! { " "<span class=class>{text}</span> })}
                {hint.map(|hint| view! { <span class="sfw-visually-hidden">" "{hint}</span> })}
            };
            view! {
                <div role="option" id=id class="sfw-option" aria-selected=selected data-id=item.id.clone()>
                    {title}
                    <span class="sfw-details">{details}</span>
                </div>
            }
            .into_any()
        }
        Entry::ShowMore(kind) => view! {
            <div role="option" id=id class="sfw-option sfw-more" aria-selected=selected data-more=kind.clone()>
                {strings.show_more}" ("{objects.label(&kind).to_owned()}")"
            </div>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::{option_id, option_index};

    #[test]
    fn an_options_id_gives_back_its_place_in_its_own_list_only() {
        for index in [0, 7, 12, 1234] {
            assert_eq!(option_index("sfw-1-listbox", &option_id("sfw-1-listbox", index)), Some(index));
        }
        assert_eq!(option_index("sfw-1-listbox", &option_id("sfw-11-listbox", 3)), None);
        assert_eq!(option_index("sfw-1-listbox", "sfw-1-listbox"), None);
        assert_eq!(option_index("sfw-1-listbox", "sfw-1-listbox-"), None);
        assert_eq!(option_index("sfw-1-listbox", "sfw-1-listbox-group-Account"), None);
        assert_eq!(option_index("sfw-1-listbox", "sfw-1-listbox-1x"), None);
        assert_eq!(option_index("sfw-1-listbox", "sfw-1-listbox-99999999999999999999999"), None, "no overflow");
    }
}

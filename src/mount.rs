//! Finding the placeholders a page editor dropped onto the page, mounting a widget in each,
//! and following the page: placeholders added later are mounted, removed ones unmounted
//! (which aborts their requests).

use crate::{
    api::HttpBackend,
    components::SalesforceWidget,
    config::{PLACEHOLDER_ATTRIBUTE, WidgetConfig},
    i18n::Lang,
};
use leptos::prelude::*;
use std::{any::Any, cell::RefCell, sync::Arc};
use wasm_bindgen::{JsCast, closure::Closure};

/// Marks a placeholder that already holds a widget, so scanning again never mounts twice.
const MOUNTED_ATTRIBUTE: &str = "data-salesforce-widget-mounted";

thread_local! {
    /// Mounted widgets and the handles that unmount them when dropped.
    static MOUNTED: RefCell<Vec<(web_sys::HtmlElement, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
    static OBSERVER: RefCell<Option<web_sys::MutationObserver>> = const { RefCell::new(None) };
}

/// Mounts every placeholder on the page and starts following the page for changes.
pub fn install() {
    install_styles();
    mount_all();
    observe_page();
}

/// Mounts a widget into every placeholder that does not have one yet, and unmounts widgets
/// whose placeholder left the page. Exported so a host page can also call it by hand.
#[cfg_attr(feature = "embed", wasm_bindgen::prelude::wasm_bindgen(js_name = mountSalesforceWidgets))]
pub fn mount_all() {
    MOUNTED.with(|mounted| mounted.borrow_mut().retain(|(element, _)| element.is_connected()));
    let selector = format!("[{PLACEHOLDER_ATTRIBUTE}]:not([{MOUNTED_ATTRIBUTE}])");
    let Ok(nodes) = document().query_selector_all(&selector) else { return };
    for index in 0..nodes.length() {
        if let Some(element) = nodes.get(index).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            mount_into(element);
        }
    }
}

fn mount_into(element: web_sys::HtmlElement) {
    let _ = element.set_attribute(MOUNTED_ATTRIBUTE, "");
    let page_lang = document().document_element().and_then(|html| html.get_attribute("lang"));
    // A mis-configured placeholder gets the widget too, which shows what to fix (one way to
    // mount, so the bundle carries one).
    let (config, problems) =
        match WidgetConfig::from_attributes(|name| element.get_attribute(name), page_lang.as_deref()) {
            Ok(config) => (config, Vec::new()),
            Err(problems) => {
                let lang = page_lang.as_deref().and_then(Lang::from_tag).unwrap_or_default();
                (WidgetConfig { lang, ..WidgetConfig::default() }, problems)
            }
        };
    let backend = Arc::new(HttpBackend::new(config.backend.clone()));
    let handle: Box<dyn Any> =
        Box::new(mount_to(element.clone(), move || view! { <SalesforceWidget config backend problems /> }));
    MOUNTED.with(|mounted| mounted.borrow_mut().push((element, handle)));
}

/// Whether a mutation added a placeholder or removed one that holds a widget. The widgets' own
/// re-renders (every keystroke, every result list) are neither, and cost no re-scan.
fn touches_placeholders(record: &web_sys::MutationRecord) -> bool {
    let selector = format!("[{PLACEHOLDER_ATTRIBUTE}]");
    let added = record.added_nodes();
    let placeholder_added = (0..added.length()).filter_map(|i| added.item(i)).any(|node| {
        node.dyn_into::<web_sys::Element>().is_ok_and(|element| {
            element.matches(&selector).unwrap_or(false) || element.query_selector(&selector).ok().flatten().is_some()
        })
    });
    placeholder_added
        || (record.removed_nodes().length() > 0
            && MOUNTED.with(|mounted| mounted.borrow().iter().any(|(element, _)| !element.is_connected())))
}

/// Re-scans whenever placeholders are added to or removed from the page.
fn observe_page() {
    OBSERVER.with(|observer| {
        if observer.borrow().is_some() {
            return;
        }
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(|records: js_sys::Array| {
            if records.iter().any(|record| touches_placeholders(record.unchecked_ref())) {
                mount_all();
            }
        });
        let Ok(created) = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()) else { return };
        // The observer lives as long as the page.
        callback.forget();
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        if let Some(body) = document().body() {
            let _ = created.observe_with_options(&body, &options);
        }
        *observer.borrow_mut() = Some(created);
    });
}

/// Adds the widget's stylesheet to the page once, however many widgets it carries.
fn install_styles() {
    const STYLE_ID: &str = "salesforce-widget-styles";
    let document = document();
    if document.get_element_by_id(STYLE_ID).is_some() {
        return;
    }
    let (Ok(style), Some(head)) = (document.create_element("style"), document.head()) else { return };
    style.set_id(STYLE_ID);
    style.set_text_content(Some(include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"))));
    let _ = head.append_child(&style);
}

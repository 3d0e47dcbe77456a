//! Finding the placeholders a page editor dropped onto the page and mounting a widget in each.

use crate::{
    api::HttpBackend,
    components::SalesforceWidget,
    config::{PLACEHOLDER_ATTRIBUTE, WidgetConfig},
};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Marks a placeholder that already holds a widget, so scanning again never mounts twice.
const MOUNTED_ATTRIBUTE: &str = "data-salesforce-widget-mounted";

/// Mounts a widget into every placeholder that does not have one yet. Exported so a host page
/// can call it again after inserting placeholders.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = mountSalesforceWidgets)]
pub fn mount_all() {
    install_styles();
    let selector = format!("[{PLACEHOLDER_ATTRIBUTE}]:not([{MOUNTED_ATTRIBUTE}])");
    let Ok(nodes) = document().query_selector_all(&selector) else { return };
    for index in 0..nodes.length() {
        let Some(element) = nodes.get(index).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) else {
            continue;
        };
        mount_into(element);
    }
}

fn mount_into(element: web_sys::HtmlElement) {
    let _ = element.set_attribute(MOUNTED_ATTRIBUTE, "");
    let config = WidgetConfig::from_attributes(|name| element.get_attribute(name));
    let backend = Arc::new(HttpBackend::new(config.backend.clone()));
    // Each mount has its own reactive root; the widget lives as long as the page.
    mount_to(element, move || view! { <SalesforceWidget config backend /> }).forget();
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
    style.set_text_content(Some(include_str!("../style/widget.css")));
    let _ = head.append_child(&style);
}

//! Component tests in a real headless Chromium (wasm-bindgen-test): the widget is mounted into
//! a fresh element with a backend whose answers the test controls.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use salesforce_widget::{
    api::{ApiError, ApiFuture, BackendApi},
    components::SalesforceWidget,
    config::WidgetConfig,
    status::Status,
};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A backend that answers the status call with a fixed result.
struct FixedBackend(Result<Status, ApiError>);

impl BackendApi for FixedBackend {
    fn status(&self) -> ApiFuture<Status> {
        let answer = self.0.clone();
        Box::pin(async move { answer })
    }
    fn sign_in_url(&self, return_to: &str) -> String {
        format!("/sign-in?return_to={return_to}")
    }
}

/// Mounts a widget into a new element of the page and returns that element.
fn mount(title: &str, answer: Result<Status, ApiError>) -> (web_sys::HtmlElement, UnmountHandle<impl Mountable>) {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let config = WidgetConfig { title: title.to_owned(), ..WidgetConfig::default() };
    let backend = Arc::new(FixedBackend(answer));
    let handle = mount_to(host.clone(), move || view! { <SalesforceWidget config backend /> });
    (host, handle)
}

/// Polls until `selector` matches inside `host` (the status arrives asynchronously).
async fn wait_for(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    for _ in 0..100 {
        if let Some(element) = host.query_selector(selector).unwrap() {
            return element;
        }
        leptos::task::tick().await;
    }
    panic!("`{selector}` never appeared; DOM: {}", host.inner_html());
}

#[wasm_bindgen_test]
async fn shows_the_title_and_a_connect_button_when_not_connected() {
    let status = Status { configured: true, ..Status::default() };
    let (host, _handle) = mount("Customers", Ok(status));
    assert_eq!(host.query_selector("h2").unwrap().unwrap().text_content().unwrap(), "Customers");
    let connect = wait_for(&host, "[data-state='not-connected'] a").await;
    assert_eq!(connect.text_content().unwrap(), "Connect to Salesforce");
    assert!(connect.get_attribute("href").unwrap().starts_with("/sign-in?return_to="));
}

#[wasm_bindgen_test]
async fn tells_admins_and_others_apart_when_not_configured() {
    let (admin, _a) = mount("A", Ok(Status { is_admin: true, ..Status::default() }));
    let (user, _u) = mount("B", Ok(Status::default()));
    let admin_note = wait_for(&admin, "[data-state='not-configured']").await;
    let user_note = wait_for(&user, "[data-state='not-configured']").await;
    assert!(admin_note.query_selector("a[href]").unwrap().is_some());
    assert!(user_note.query_selector("a").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn explains_an_intranet_sign_in_error() {
    let error = ApiError::Backend { status: 401, code: "intranet_sign_in_required".into(), message: String::new() };
    let (host, _handle) = mount("C", Err(error));
    let note = wait_for(&host, "[data-state='error']").await;
    assert!(note.text_content().unwrap().contains("not signed in to the intranet"));
}

//! Issue 19 item 14, tried as a page editor would: a team page on `www.intranet.test` embeds
//! the widget served by the intranet backend on `widgets.intranet.test` (two host names of one
//! site, which Chromium maps to 127.0.0.1), under a strict Content-Security-Policy of its own,
//! and searches; a page on an origin nobody allowed shows the editor what to do.

use axum::{Router, http::header, response::IntoResponse, routing::get};
use end2end::{Browser, Stack};

/// The team page the editor built: the snippet with the absolute script URL and
/// `data-backend`, served with the CSP the docs ask host pages for.
fn team_page(backend: &str) -> axum::response::Response {
    let csp = format!(
        "default-src 'none'; script-src {backend} 'wasm-unsafe-eval'; connect-src {backend}; \
         style-src 'unsafe-inline'; img-src {backend} data:; base-uri 'none'; form-action 'none'"
    );
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Team page</title></head>
<body><main><h1>Team page</h1>
<div data-salesforce-widget data-title="Team search" data-backend="{backend}"></div>
<script type="module" src="{backend}/widget/salesforce-widget-loader.js"></script>
</main></body></html>"#
    );
    ([(header::CONTENT_SECURITY_POLICY, csp), (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned())], html)
        .into_response()
}

#[tokio::test]
async fn a_page_of_another_origin_embeds_the_widget_and_searches() -> anyhow::Result<()> {
    // The team pages' server first: the backend's allow-list names its origin.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let pages_port = listener.local_addr()?.port();
    let team = format!("http://www.intranet.test:{pages_port}");
    let allowed = format!("--allowed-origins={team}");
    let stack = Stack::start_on_host("widgets.intranet.test", &[&allowed]).await?;
    let backend = stack.intranet.clone();
    let router = Router::new().route("/team", get(move || std::future::ready(team_page(&backend))));
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    // Grace signs in to the intranet and connects Salesforce there, as usual.
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "grace").await?;
    browser.find("[data-state='not-connected'] a").await?.click().await?;
    browser.approve_at_salesforce("grace").await?;
    browser.find("input[role='combobox']").await?;

    // On the team page, the widget loads from the other origin and searches with her session.
    browser.client.goto(&format!("{team}/team")).await?;
    let search = browser.find("input[role='combobox']").await?;
    search.send_keys("acme").await?;
    browser.find("[role='option']").await?;
    browser.screenshot("embedded-on-another-origin").await?;
    browser.assert_accessible("widget embedded on another origin").await?;

    // The same page on an origin nobody allowed: the editor reads what to do.
    browser.client.goto(&format!("http://elsewhere.example:{pages_port}/team")).await?;
    let refused = browser.text_of("[data-error='origin-not-allowed']").await?;
    assert!(refused.contains("Control Panel › Marketplace › Salesforce › Embedding"), "{refused}");
    browser.screenshot("embedded-on-an-origin-not-allowed").await?;
    server.abort();
    browser.close().await
}

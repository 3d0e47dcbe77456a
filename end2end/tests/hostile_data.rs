//! Records whose names carry HTML, script, `javascript:` and Unicode direction tricks (seeded in
//! the demo org) render as plain text in Chromium, in search results and among recently viewed
//! records, and nothing in them runs.

use end2end::{Browser, Stack};
use fantoccini::Locator;

/// Waits until an option matching `css` shows `name` as its text.
async fn shown_as_text(browser: &Browser, css: &str, name: &str) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + end2end::PATIENCE;
    loop {
        let mut texts = Vec::new();
        for option in browser.client.find_all(Locator::Css(css)).await? {
            texts.push(option.text().await.unwrap_or_default());
        }
        if texts.iter().any(|t| t.contains(name)) {
            return Ok(());
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "{name:?} not shown as text in {css}: {texts:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Elements that markup in record data would have created.
async fn injected(browser: &Browser) -> anyhow::Result<serde_json::Value> {
    Ok(browser
        .client
        .execute(
            // No images at all: the badges' icons are backgrounds, from the backend's icon route.
            "return document.querySelectorAll('section.sfw img, section.sfw [style*=\"url(\"]:not([style*=\"/api/salesforce/icons/\"]), section.sfw script, section.sfw svg, section.sfw b, section.sfw [onerror], section.sfw [onload], a[href^=\"javascript\"]').length",
            vec![],
        )
        .await?)
}

#[tokio::test]
async fn hostile_record_names_render_as_text_and_never_run() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "grace").await?;
    browser.find("[data-state='not-connected'] a").await?.click().await?;
    browser.approve_at_salesforce("grace").await?;
    let search_box = browser.find("input[role='combobox']").await?;
    // Anything that runs would call one of these.
    browser
        .client
        .execute(
            "window.__ran = []; for (const f of ['alert', 'confirm', 'prompt']) { window[f] = (x) => window.__ran.push(String(x)); }",
            vec![],
        )
        .await?;
    let cases = [
        ("onerror", "<img src=x onerror=alert(1)> Holdings"),
        ("xss", "<script>alert(\"xss\")</script> Ltd"),
        ("moves", "Bold <b>Moves</b> & Co."),
        ("javascript", "javascript:alert(1) Partners"),
        ("onload", "\"><svg onload=alert(2)> Corp."),
        ("reversed", "Null & Void\u{202e}Reversed Inc."),
    ];
    for (query, name) in cases {
        search_box.clear().await?;
        search_box.send_keys(query).await?;
        shown_as_text(&browser, "[role='option']", name).await?;
        assert_eq!(injected(&browser).await?, 0, "markup from {name:?} became elements");
    }

    // Opened through the widget, a hostile record is listed among recent records, as text.
    let (query, name) = cases[0];
    search_box.clear().await?;
    search_box.send_keys(query).await?;
    shown_as_text(&browser, "[data-object] [role='option']", name).await?;
    let page = browser.client.window().await?;
    search_box.send_keys("\u{E015}\u{E007}").await?; // ArrowDown, Enter: opens it in a new tab
    browser.take_new_tab(&page).await?;
    search_box.send_keys("\u{E009}a\u{E009}\u{E003}").await?; // select all, delete
    shown_as_text(&browser, "[data-glance='recent'] [role='option']", name).await?;
    assert_eq!(injected(&browser).await?, 0, "markup from {name:?} became elements among recent records");
    browser.screenshot("hostile-names").await?;
    let ran = browser.client.execute("return window.__ran", vec![]).await?;
    assert_eq!(ran, serde_json::json!([]), "script from record data ran");
    browser.close().await
}

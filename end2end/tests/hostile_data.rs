//! Records whose names carry HTML, script, `javascript:` and Unicode direction tricks (seeded in
//! the demo org) render as plain text in Chromium, and nothing in them runs.

use end2end::{Browser, Stack};
use fantoccini::Locator;

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
        let deadline = std::time::Instant::now() + end2end::PATIENCE;
        loop {
            let mut texts = Vec::new();
            for option in browser.client.find_all(Locator::Css("[role='option']")).await? {
                texts.push(option.text().await.unwrap_or_default());
            }
            if texts.iter().any(|t| t.contains(name)) {
                break;
            }
            anyhow::ensure!(
                std::time::Instant::now() < deadline,
                "{name:?} not shown as text for {query:?}: {texts:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let injected = browser
            .client
            .execute(
                "return document.querySelectorAll('section.sfw img, section.sfw script, section.sfw svg, section.sfw b, section.sfw [onerror], section.sfw [onload], a[href^=\"javascript\"]').length",
                vec![],
            )
            .await?;
        assert_eq!(injected, 0, "markup from {name:?} became elements");
    }
    browser.screenshot("hostile-names").await?;
    let ran = browser.client.execute("return window.__ran", vec![]).await?;
    assert_eq!(ran, serde_json::json!([]), "script from record data ran");
    browser.close().await
}

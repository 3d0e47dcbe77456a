//! The page-editor configurator: options change the live preview (the real widget), and the
//! copied snippet, pasted into a plain HTML page, renders the same widget.

use end2end::{Browser, Stack};
use fantoccini::Locator;

#[tokio::test]
async fn the_snippet_in_a_plain_page_renders_the_configured_widget() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "grace").await?;
    browser.find("nav a[href='/page-editor/salesforce-widget']").await?.click().await?;
    // The preview shows the real widget with the defaults.
    browser.find("[data-testid='preview'] section.sfw [data-state='not-connected']").await?;
    browser.assert_accessible("configurator").await?;

    let title = browser.find("#widget-title").await?;
    title.clear().await?;
    title.send_keys("Team <leads> & tasks").await?;
    for kind in ["account", "campaign"] {
        browser.find(&format!("input[name='objects'][value='{kind}']")).await?.click().await?;
    }
    browser.client.find(Locator::Css("#widget-layout option[value='compact']")).await?.click().await?;
    browser.client.find(Locator::Css("#widget-lang option[value='de']")).await?.click().await?;
    let limit = browser.find("#widget-limit").await?;
    limit.clear().await?;
    limit.send_keys("7\t").await?;
    // Starting filters: only those of the chosen types are offered.
    assert!(browser.client.find_all(Locator::Css("[id^='filter-account-'], #filter-campaign")).await?.is_empty());
    browser.find("#filter-task").await?.select_by_value("overdue").await?;
    // Grace has no Salesforce connection, so her org's values cannot be offered: she types one.
    browser.find("input#filter-lead-Status").await?.send_keys("Working - Contacted\t").await?;
    browser.find("#filter-mine").await?.click().await?;

    // The preview follows: the German widget with the new title, compact.
    let deadline = std::time::Instant::now() + end2end::PATIENCE;
    loop {
        let preview_title = browser.text_of("[data-testid='preview'] .sfw-title").await.unwrap_or_default();
        let compact = !browser.client.find_all(Locator::Css("[data-testid='preview'] .sfw--compact")).await?.is_empty();
        if preview_title == "Team <leads> & tasks" && compact {
            break;
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "preview shows {preview_title:?}, compact: {compact}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let preview_text = browser.text_of("[data-testid='preview'] section.sfw").await?;
    browser.screenshot("configurator").await?;

    let snippet = browser.find("#snippet").await?.prop("value").await?.unwrap_or_default();
    assert!(snippet.contains("data-objects=\"lead,task\""), "{snippet}");
    assert!(snippet.contains("data-limit=\"7\"") && snippet.contains("data-lang=\"de\""), "{snippet}");
    assert!(snippet.contains("Team &lt;leads&gt; &amp; tasks"), "{snippet}");
    for attribute in [
        "data-filter-mine=\"true\"",
        "data-filter-task=\"overdue\"",
        "data-filter-fields=\"lead.Status=Working - Contacted\"",
    ] {
        assert!(snippet.contains(attribute), "{attribute} missing from {snippet}");
    }

    // A plain page holding only the snippet, served from the intranet's origin.
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Team page</title></head><body><main>{snippet}</main></body></html>"
    );
    let name = format!("snippet-{}.html", std::process::id());
    std::fs::write(end2end::widget_dist().join(&name), page)?;
    let visited = browser.client.goto(&format!("{}/widget/{name}", stack.intranet)).await;
    let _ = std::fs::remove_file(end2end::widget_dist().join(&name));
    visited?;
    browser.find("section.sfw [data-state='not-connected']").await?;
    assert_eq!(browser.text_of(".sfw-title").await?, "Team <leads> & tasks");
    assert!(!browser.client.find_all(Locator::Css("section.sfw--compact")).await?.is_empty());
    assert_eq!(browser.text_of("section.sfw").await?, preview_text, "the plain page shows what the preview showed");
    browser.close().await
}

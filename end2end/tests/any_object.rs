//! Any searchable object, in headless Chromium against the real backend and demo org: the
//! administrator enables Contact, Opportunity and the custom Project__c in the control panel; a
//! widget naming them finds each with Salesforce's labels and colours; a German Salesforce user
//! reads German labels; a field hidden from one person by field-level security drops out for
//! that person only; a picklist filter offers the org's own values; a checkbox filter field
//! (Opportunity's IsClosed, from its preset) narrows to open opportunities.

use end2end::{Browser, Stack};
use fantoccini::Locator;
use std::time::{Duration, Instant};

/// Waits until the select `css` offers `value` (its object's fields have loaded), then picks it.
async fn choose(browser: &Browser, css: &str, value: &str) -> anyhow::Result<()> {
    browser.find(&format!("{css} option[value='{value}']")).await?;
    browser.find(css).await?.select_by_value(value).await?;
    Ok(())
}

/// A plain page holding one widget, served from the intranet's origin; returns its URL.
fn page_with_widget(stack: &Stack, objects: &str) -> anyhow::Result<(String, std::path::PathBuf)> {
    let name = format!("any-object-{}.html", std::process::id());
    let path = end2end::widget_dist().join(&name);
    std::fs::write(
        &path,
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Projects</title>\
             <script type=\"module\" src=\"/widget/salesforce-widget-loader.js\"></script></head>\
             <body><main><h1>Projects</h1><div data-salesforce-widget data-title=\"Projects and people\" data-objects=\"{objects}\"></div></main></body></html>"
        ),
    )?;
    Ok((format!("{}/widget/{name}", stack.intranet), path))
}

/// Types `query` into the widget and returns, per result group, `(object, heading, first record's details)`.
async fn search(browser: &Browser, query: &str) -> anyhow::Result<Vec<(String, String, String)>> {
    let input = browser.find("input[role='combobox']").await?;
    // Cleared first, so the groups read below are this query's, not the last one's.
    input.clear().await?;
    input.send_keys(" ").await?;
    let deadline = Instant::now() + end2end::PATIENCE;
    while !browser.client.find_all(Locator::Css("[role='group'][data-object]")).await?.is_empty() {
        anyhow::ensure!(Instant::now() < deadline, "the last results stayed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    input.send_keys(query).await?;
    browser.find("[role='group'][data-object] [role='option']").await?;
    loop {
        let groups = browser
            .client
            .execute(
                "return [...document.querySelectorAll('[role=listbox] [role=group]')].map(g => [
                   g.dataset.object,
                   g.querySelector('.sfw-group-title').textContent,
                   (g.querySelector('.sfw-details') || {}).textContent || '']);",
                vec![],
            )
            .await?;
        let groups: Vec<(String, String, String)> = serde_json::from_value(groups)?;
        if !groups.is_empty() || Instant::now() > deadline {
            return Ok(groups);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The theme icon drawn on a group's badge once it loaded: where from, its size as the browser
/// decoded it, and whether it covers the badge (the badge's `::before`, over the letter).
async fn badge_icon(browser: &Browser, object: &str) -> anyhow::Result<(String, u32, bool)> {
    let deadline = Instant::now() + end2end::PATIENCE;
    loop {
        let icon = browser
            .client
            .execute_async(
                "const [object, done] = arguments;
                 const badge = document.querySelector(`[data-object='${object}'] .sfw-icon`);
                 const cover = badge && getComputedStyle(badge, '::before');
                 const url = cover && /url\\(\"(.*)\"\\)/.exec(cover.backgroundImage);
                 if (!url) return done(null);
                 const covers = cover.position === 'absolute' && cover.width === getComputedStyle(badge).width
                     && cover.height === getComputedStyle(badge).height;
                 const image = new Image();
                 image.onload = () => done([new URL(image.src).pathname, image.naturalWidth, covers]);
                 image.onerror = () => done(['failed', 0, covers]);
                 image.src = url[1];",
                vec![object.into()],
            )
            .await?;
        if !icon.is_null() {
            return Ok(serde_json::from_value(icon)?);
        }
        anyhow::ensure!(Instant::now() < deadline, "the {object} icon did not load");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The computed background and text colour of a group's badge.
async fn badge_colours(browser: &Browser, object: &str) -> anyhow::Result<(String, String)> {
    let colours = browser
        .client
        .execute(
            "const s = getComputedStyle(document.querySelector(`[data-object='${arguments[0]}'] .sfw-icon`));
             return [s.backgroundColor, s.color];",
            vec![object.into()],
        )
        .await?;
    Ok(serde_json::from_value(colours)?)
}

#[tokio::test]
async fn an_administrator_enables_any_object_and_each_person_sees_it_as_salesforce_shows_it() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "ada").await?;
    browser.client.goto(&format!("{}{}", stack.intranet, widget_contract::paths::CONTROL_PANEL)).await?;
    // The org's objects are read with the administrator's own Salesforce session.
    browser.find("[data-testid='objects-connect']").await?;
    browser.find("[data-testid='objects-connect'] + a").await?.click().await?;
    browser.approve_at_salesforce("ada").await?;
    browser.find("fieldset[data-object='Account']").await?;
    assert_eq!(browser.client.current_url().await?.path(), widget_contract::paths::CONTROL_PANEL);

    for object in ["Contact", "Opportunity", "Project__c"] {
        browser.find("#add-object").await?.select_by_value(object).await?;
        browser.find("#add-object + button").await?.click().await?;
        browser.find(&format!("fieldset[data-object='{object}']")).await?;
    }
    // The preset of a standard object, refined: Opportunities show their amount instead of the
    // close date.
    choose(&browser, "#object-opportunity-shown-2", "Amount").await?;
    choose(&browser, "#object-project__c-shown-0", "Status__c").await?;
    // Its preset's filter fields: stage and open/closed.
    let filter = browser.find("#object-opportunity-filter-1").await?.prop("value").await?;
    assert_eq!(filter.as_deref(), Some("IsClosed"));
    browser.assert_accessible("searchable objects").await?;
    browser.find("#objects-heading ~ form button[type='submit']").await?.click().await?;
    let deadline = Instant::now() + end2end::PATIENCE;
    let outcome = loop {
        let text = browser.text_of("[data-testid='objects-outcome']").await.unwrap_or_default();
        if !text.is_empty() || Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(outcome.contains("Saved.") && outcome.contains("Project__c"), "{outcome}");
    browser.screenshot("searchable-objects").await?;

    // A widget naming the new objects: Salesforce's labels and theme colours, readable ink.
    let (url, page) = page_with_widget(&stack, "contact,opportunity,project__c")?;
    let result = async {
        browser.client.goto(&url).await?;
        let placeholder = browser.find("input[role='combobox']").await?.attr("placeholder").await?;
        assert_eq!(placeholder.as_deref(), Some("Search Contacts, Opportunities, Projects…"));
        let found = search(&browser, "migration").await?;
        // Each heading: the badge's letter, Salesforce's plural label, the count.
        let heading = |object: &str| found.iter().find(|(o, ..)| o == object).map(|(_, h, _)| h.clone());
        assert!(heading("opportunity").is_some_and(|h| h.starts_with("OOpportunities")), "{found:?}");
        assert!(heading("project__c").is_some_and(|h| h.starts_with("PProjects")), "{found:?}");
        let ada_opportunity =
            found.iter().find(|(o, ..)| o == "opportunity").map(|(.., d)| d.clone()).unwrap_or_default();
        assert_eq!(ada_opportunity.split(" · ").count(), 3, "account, stage, amount: {ada_opportunity}");
        // The administrator's choice carries Salesforce's label; the amount is written as a number.
        let amount = ada_opportunity.split(" · ").nth(2).unwrap_or_default();
        assert!(amount.starts_with("Amount: ") && amount.contains(','), "{ada_opportunity}");
        assert_eq!(
            badge_colours(&browser, "opportunity").await?,
            ("rgb(252, 185, 91)".into(), "color(srgb 0 0 0)".into())
        );
        // Salesforce's own icons (120 px PNGs), through the backend, covering the letters.
        for object in ["opportunity", "project__c"] {
            let (path, width, covers) = badge_icon(&browser, object).await?;
            assert_eq!((path, width, covers), (format!("/api/salesforce/icons/{object}"), 120, true));
        }
        browser.assert_accessible("any object").await?;
        let contacts = search(&browser, "smith").await?;
        assert!(contacts.iter().any(|(o, h, _)| o == "contact" && h.starts_with("CContacts")), "{contacts:?}");
        browser.screenshot("any-object").await?;

        // Open opportunities only: the checkbox field IsClosed, offered as yes or no.
        browser.find("[data-filter='toggle']").await?.click().await?;
        let closed = "select[id$='-filter-opportunity-IsClosed']";
        let label = browser.text_of("label[for$='-filter-opportunity-IsClosed']").await?;
        assert_eq!(label, "Closed (Opportunities)");
        browser.find(closed).await?.select_by_value("false").await?;
        browser.find("[data-filter='toggle']").await?.click().await?;
        search(&browser, "migration").await?;
        let stages = browser
            .client
            .execute(
                "return [...document.querySelectorAll(\"[data-object='opportunity'] .sfw-details\")].map(d => d.textContent);",
                vec![],
            )
            .await?;
        let stages: Vec<String> = serde_json::from_value(stages)?;
        assert!(!stages.is_empty() && stages.iter().all(|d| !d.contains("Closed")), "open ones only: {stages:?}");
        browser.find("[data-filter='toggle']").await?.click().await?;
        browser.find(closed).await?.select_by_value("").await?;

        // Hedy's Salesforce speaks German; Alan may not see opportunity amounts.
        for (person, projects, parts) in [("hedy", "PProjekte", 3), ("alan", "PProjects", 2)] {
            browser.client.delete_all_cookies().await?;
            browser.sign_in_to_intranet(&stack, person).await?;
            browser.client.goto(&url).await?;
            browser.find("[data-state='not-connected'] a").await?.click().await?;
            browser.approve_at_salesforce(person).await?;
            let found = search(&browser, "migration").await?;
            assert!(found.iter().any(|(o, h, _)| o == "project__c" && h.starts_with(projects)), "{person}: {found:?}");
            let details = found.iter().find(|(o, ..)| o == "opportunity").map(|(.., d)| d.clone()).unwrap_or_default();
            assert_eq!(details.split(" · ").count(), parts, "{person}: {details}");
        }

        // A picklist filter offers the org's own values (the widget has no list of its own).
        let (leads, _) = page_with_widget(&stack, "lead")?;
        browser.client.goto(&leads).await?;
        browser.find("[data-filter='toggle']").await?.click().await?;
        browser.find("select[id$='-filter-lead-Status'] option[value='Closed - Not Converted']").await?;
        browser.assert_accessible("filters with the org's values").await?;
        anyhow::Ok(())
    }
    .await;
    let _ = std::fs::remove_file(page);
    result?;
    assert!(browser.client.find_all(Locator::Css("[data-state='config-error']")).await?.is_empty());
    browser.close().await
}

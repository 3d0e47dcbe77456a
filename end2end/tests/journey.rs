//! The whole journey of an intranet user in headless Chromium against the real backend and
//! demo org: sign in to the intranet, connect Salesforce, search, open a record; an
//! administrator changes the settings; the widget explains, the user reconnects, and the
//! kept query shows results again.

use end2end::{Browser, Stack};

/// An intranet session for `person` outside the browser (for the administrator's change).
async fn api_client(stack: &Stack, person: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    client.post(format!("{}/intranet/sign-in", stack.intranet)).form(&[("person", person)]).send().await?;
    Ok(client)
}

#[tokio::test]
async fn connect_search_open_then_reconnect_after_an_admin_change() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "grace").await?;

    browser.find_at_least("[data-state='not-connected']", 2).await?;
    browser.assert_accessible("not connected").await?;

    // Connect from the first widget, at the demo org, and come back to the same page.
    browser.find("[data-state='not-connected'] a").await?.click().await?;
    browser.approve_at_salesforce("grace").await?;
    let search_box = browser.find("input[role='combobox']").await?;
    assert_eq!(browser.client.current_url().await?.path(), "/");
    assert!(browser.text_of(".sfw-footer").await?.contains("Grace Hopper"));

    // Results of all four types, as the user types.
    search_box.send_keys("summit").await?;
    browser.find("[role='option']").await?;
    let groups = browser.find_at_least("[role='listbox'] [role='group']", 4).await?;
    let mut kinds = Vec::new();
    for group in &groups {
        kinds.push(group.attr("data-object").await?.unwrap_or_default());
    }
    for kind in ["account", "lead", "task", "campaign"] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} group among {kinds:?}");
    }
    browser.screenshot("results").await?;
    browser.assert_accessible("results").await?;

    // A 360 px phone and 200 % zoom: nothing sticks out sideways, the results stay reachable.
    for (width, zoom) in [(360, "1"), (1280, "2")] {
        browser.client.set_window_size(width, 900).await?;
        let overflow = browser
            .client
            .execute(
                "document.documentElement.style.zoom = arguments[0];
                 const box = document.querySelector('input[role=combobox]').getBoundingClientRect();
                 return [document.documentElement.scrollWidth - document.documentElement.clientWidth, box.width];",
                vec![zoom.into()],
            )
            .await?;
        let sticking_out = overflow[0].as_f64().unwrap_or(f64::MAX);
        assert!(sticking_out <= 0.0, "{sticking_out}px overflow at {width}px, zoom {zoom}");
        assert!(overflow[1].as_f64().unwrap_or(0.0) > 150.0, "the search box is too narrow at {width}px, zoom {zoom}");
        browser.screenshot(&format!("results-{width}px-zoom{zoom}")).await?;
    }
    browser.client.execute("document.documentElement.style.zoom = '1'", vec![]).await?;
    browser.client.set_window_size(1280, 900).await?;

    // An empty result and a Salesforce outage are explained, and accessible too.
    let second_box = browser.find_at_least("input[role='combobox']", 2).await?.remove(1);
    second_box.send_keys("zzqqxxvv").await?;
    assert!(browser.text_of("[data-state='empty']").await?.contains("No records found for"));
    browser.assert_accessible("empty result").await?;
    *stack.org.switches.write().unwrap() = demo_org::Switches { outage: true, ..demo_org::Switches::default() };
    second_box.clear().await?;
    second_box.send_keys("acme").await?;
    assert!(browser.text_of("[data-error='unavailable']").await?.contains("not answering"));
    browser.assert_accessible("Salesforce unavailable").await?;
    *stack.org.switches.write().unwrap() = demo_org::Switches::default();
    second_box.clear().await?;

    // Open the first record with the keyboard: its Lightning page opens in a new tab.
    let page = browser.client.window().await?;
    search_box.send_keys("\u{E015}\u{E007}").await?; // ArrowDown, Enter
    let opened = browser.take_new_tab(&page).await?;
    assert!(
        opened.starts_with(&format!("{}/lightning/r/Account/001", stack.demo_org)) && opened.ends_with("/view"),
        "{opened}"
    );

    // An administrator saves a changed configuration.
    let ada = api_client(&stack, "ada").await?;
    let saved: serde_json::Value = ada
        .put(format!("{}/api/admin/marketplace/salesforce", stack.intranet))
        .header("x-requested-with", "salesforce-widget")
        .json(&serde_json::json!({ "consumer_key": end2end::stack::CONSUMER_KEY, "login_host": stack.demo_org, "api_version": "61.0" }))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(saved["purged_tokens"], 1);

    // The next search explains why and offers to sign in again.
    search_box.clear().await?;
    search_box.send_keys("acme").await?;
    let reauth = browser.text_of("[data-state='reauth-required']").await?;
    assert!(reauth.contains("An administrator changed the Salesforce settings"), "{reauth}");
    // The other widget on the page says so too, without searching.
    browser.find_at_least("[data-state='reauth-required']", 2).await?;
    browser.screenshot("reauth").await?;
    browser.assert_accessible("re-authentication needed").await?;

    // Reconnecting brings the kept query back with results.
    browser.find("[data-state='reauth-required'] a").await?.click().await?;
    let search_box = browser.find("input[role='combobox']").await?;
    assert_eq!(search_box.prop("value").await?.as_deref(), Some("acme"));
    let option = browser.text_of("[role='option']").await?;
    assert!(option.to_lowercase().contains("acme"), "{option}");
    browser.close().await
}

#[tokio::test]
async fn widgets_added_after_load_mount_and_removed_ones_go_away() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "alan").await?;
    browser.find_at_least("section.sfw [data-state='not-connected']", 2).await?;
    browser
        .client
        .execute(
            r#"const first = document.querySelector('[data-salesforce-widget]');
               first.remove();
               for (const title of ['Added A', 'Added B']) {
                 const div = document.createElement('div');
                 div.setAttribute('data-salesforce-widget', '');
                 div.setAttribute('data-title', title);
                 div.setAttribute('data-objects', 'lead,task');
                 document.querySelector('main').appendChild(div);
               }
               const bad = document.createElement('div');
               bad.setAttribute('data-salesforce-widget', '');
               bad.setAttribute('data-objects', 'contact');
               document.querySelector('main').appendChild(bad);"#,
            vec![],
        )
        .await?;
    browser.find_at_least("section.sfw [data-state='not-connected']", 4).await?;
    let mut titles = Vec::new();
    for title in browser.client.find_all(fantoccini::Locator::Css(".sfw-title")).await? {
        titles.push(title.text().await?);
    }
    // The last names an object the administrator has not enabled: its editor is told, under
    // its title, once the status says which objects are enabled.
    assert_eq!(titles, ["Customers and leads", "My overdue tasks", "Added A", "Added B", "Salesforce"]);
    let problem = browser.text_of("[data-state='config-error']").await?;
    assert!(problem.contains("data-objects: “contact” is not one of account, lead, task, campaign."), "{problem}");
    browser.close().await
}

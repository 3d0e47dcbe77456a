//! Control Panel › Marketplace › Salesforce in the browser: a first configuration, field
//! errors, a change that signs everyone out only after confirming, who may open the page, and
//! Test connection against a healthy demo org and each of its failure switches.

use end2end::{Browser, Stack, stack::CONSUMER_KEY, stack::CONSUMER_SECRET};
use fantoccini::Locator;

const CONTROL_PANEL: &str = "/control-panel/marketplace/salesforce";

async fn open_control_panel(browser: &Browser, stack: &Stack) -> anyhow::Result<()> {
    browser.client.goto(&format!("{}{CONTROL_PANEL}", stack.intranet)).await?;
    browser.find("[data-testid='connected-users']").await?;
    Ok(())
}

/// Connects `person` from the home page's first widget (the demo org is told to forget the
/// previous Salesforce user first: both servers share the host name, so they share cookies).
async fn connect_from_home(browser: &Browser, stack: &Stack, person: &str) -> anyhow::Result<()> {
    browser.sign_in_to_intranet(stack, person).await?;
    browser.client.delete_cookie("sid").await?;
    browser.find("[data-state='not-connected'] a").await?.click().await?;
    browser.approve_at_salesforce(person).await?;
    browser.find("input[role='combobox']").await?;
    Ok(())
}

/// Waits until the element's text contains `expected`, and returns it.
async fn wait_for_text(browser: &Browser, css: &str, expected: &str) -> anyhow::Result<String> {
    let deadline = std::time::Instant::now() + end2end::PATIENCE;
    loop {
        let text = browser.text_of(css).await?;
        if text.contains(expected) {
            return Ok(text);
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "`{css}` says {text:?}, expected {expected:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn click(browser: &Browser, css: &str) -> anyhow::Result<()> {
    browser.find(css).await?.click().await?;
    Ok(())
}

async fn type_into(browser: &Browser, css: &str, text: &str) -> anyhow::Result<()> {
    let field = browser.find(css).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

async fn click_button(browser: &Browser, label: &str) -> anyhow::Result<()> {
    let xpath = format!("//button[normalize-space()='{label}']");
    browser.client.wait().at_most(end2end::PATIENCE).for_element(Locator::XPath(&xpath)).await?.click().await?;
    Ok(())
}

#[tokio::test]
async fn an_admin_configures_then_changes_the_settings_after_confirming() -> anyhow::Result<()> {
    let stack = Stack::start_with(false).await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "ada").await?;
    // The home page links the control panel for administrators.
    click(&browser, "nav a[href='/control-panel/marketplace/salesforce']").await?;
    wait_for_text(&browser, "[data-testid='connected-users']", "Not configured yet").await?;
    browser.assert_accessible("control panel, not configured").await?;

    // Nothing filled in and a bad My Domain URL: every problem next to its field.
    let my_domain = browser.find_at_least("input[name='login_host_kind']", 3).await?.remove(2);
    my_domain.click().await?;
    type_into(&browser, "#my-domain", "ftp://acme.example").await?;
    click_button(&browser, "Save").await?;
    wait_for_text(&browser, "#consumer-key-error", "Consumer Key").await?;
    wait_for_text(&browser, "#consumer-secret-error", "Consumer Secret").await?;
    assert!(!browser.text_of("#login-host-error").await?.is_empty());
    assert_eq!(browser.find("#consumer-key").await?.attr("aria-invalid").await?.as_deref(), Some("true"));
    browser.screenshot("control-panel-field-errors").await?;
    browser.assert_accessible("control panel, field errors").await?;

    // A first configuration saves straight away.
    type_into(&browser, "#consumer-key", CONSUMER_KEY).await?;
    type_into(&browser, "#consumer-secret", CONSUMER_SECRET).await?;
    type_into(&browser, "#my-domain", &stack.demo_org).await?;
    click_button(&browser, "Save").await?;
    wait_for_text(&browser, "[data-testid='save-outcome']", "Users can now connect").await?;
    wait_for_text(&browser, "[data-testid='connected-users']", "0 users are connected").await?;
    assert!(browser.text_of("[data-testid='consumer_secret-hint']").await?.contains("A secret is stored"));
    assert_eq!(browser.find("#consumer-secret").await?.prop("value").await?.as_deref(), Some(""));

    // Two people connect.
    connect_from_home(&browser, &stack, "grace").await?;
    connect_from_home(&browser, &stack, "alan").await?;

    // The administrator drops a scope: a warning with the right count, and Cancel saves nothing.
    browser.sign_in_to_intranet(&stack, "ada").await?;
    open_control_panel(&browser, &stack).await?;
    wait_for_text(&browser, "[data-testid='connected-users']", "2 users are connected").await?;
    click(&browser, "input[name='scopes'][value='full']").await?;
    click_button(&browser, "Save").await?;
    wait_for_text(&browser, "[data-testid='confirm-text']", "2 users are connected").await?;
    browser.screenshot("control-panel-confirm").await?;
    browser.assert_accessible("control panel, confirmation").await?;
    click_button(&browser, "Cancel").await?;
    browser.find("button[type='submit']").await?;
    wait_for_text(&browser, "[data-testid='connected-users']", "2 users are connected").await?;

    // Confirmed: both connections are purged, and the page says so.
    click_button(&browser, "Save").await?;
    wait_for_text(&browser, "[data-testid='confirm-text']", "2 users").await?;
    click_button(&browser, "Save and sign everyone out").await?;
    wait_for_text(&browser, "[data-testid='save-outcome']", "2 connections were purged").await?;
    wait_for_text(&browser, "[data-testid='connected-users']", "0 users are connected").await?;
    browser.screenshot("control-panel-saved").await?;
    browser.assert_accessible("control panel, saved").await?;

    // Grace's widget now says why she must sign in again.
    browser.sign_in_to_intranet(&stack, "grace").await?;
    let reauth = browser.text_of("[data-state='reauth-required']").await?;
    assert!(reauth.contains("An administrator changed the Salesforce settings"), "{reauth}");
    browser.close().await
}

#[tokio::test]
async fn people_who_are_not_administrators_are_refused() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "grace").await?;
    assert!(
        browser.client.find_all(Locator::Css("a[href='/control-panel/marketplace/salesforce']")).await?.is_empty(),
        "the home page links the control panel for administrators only"
    );
    browser.client.goto(&format!("{}{CONTROL_PANEL}", stack.intranet)).await?;
    let message = browser.text_of("[data-testid='message']").await?;
    assert!(message.contains("Only intranet administrators"), "{message}");
    assert_eq!(browser.text_of("h1").await?, "Not allowed");
    browser.assert_accessible("not allowed").await?;
    // The API refuses too, whatever the page does.
    let status = browser
        .client
        .execute_async(
            "const done = arguments[0]; fetch('/api/admin/marketplace/salesforce').then(r => done(r.status));",
            vec![],
        )
        .await?;
    assert_eq!(status, 403);
    browser.close().await
}

/// Runs Test connection and returns each check's outcome by id.
async fn test_connection(browser: &Browser) -> anyhow::Result<Vec<(String, String, String)>> {
    click_button(browser, "Test connection").await?;
    browser.find("[data-check='api_usage']").await?;
    let mut results = Vec::new();
    for check in browser.client.find_all(Locator::Css("[data-check]")).await? {
        results.push((
            check.attr("data-check").await?.unwrap_or_default(),
            check.attr("data-outcome").await?.unwrap_or_default(),
            check.text().await?,
        ));
    }
    Ok(results)
}

fn outcome_of<'a>(results: &'a [(String, String, String)], id: &str) -> (&'a str, &'a str) {
    results
        .iter()
        .find(|(i, ..)| i == id)
        .map_or(("missing", ""), |(_, outcome, text)| (outcome.as_str(), text.as_str()))
}

#[tokio::test]
async fn test_connection_explains_a_healthy_org_and_each_failure() -> anyhow::Result<()> {
    // A one-second Salesforce timeout, so the "slow" switch can be tried quickly.
    let stack = Stack::start_with_backend_flags(true, &["--salesforce-timeout-seconds=1"]).await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "ada").await?;
    open_control_panel(&browser, &stack).await?;

    // Before the administrator connects: the server-side checks pass, the rest waits for her.
    let results = test_connection(&browser).await?;
    for id in ["login_host", "consumer_key", "callback_url"] {
        assert_eq!(outcome_of(&results, id).0, "passed", "{id}: {results:?}");
    }
    assert_eq!(outcome_of(&results, "sign_in").0, "skipped");
    // The round trip: connect her own account from the report, come back, test again.
    click(&browser, "a[href^='/marketplace/salesforce/account/sign-in']").await?;
    browser.approve_at_salesforce("ada").await?;
    browser.find("[data-testid='connected-users']").await?;
    assert_eq!(browser.client.current_url().await?.path(), CONTROL_PANEL);
    let results = test_connection(&browser).await?;
    for id in ["login_host", "consumer_key", "callback_url", "sign_in", "rest_api", "api_usage"] {
        assert_eq!(outcome_of(&results, id).0, "passed", "{id}: {results:?}");
    }
    assert!(outcome_of(&results, "sign_in").1.contains("Ada Lovelace"));
    assert!(outcome_of(&results, "api_usage").1.contains("API requests"));
    browser.screenshot("test-connection-healthy").await?;
    browser.assert_accessible("test connection report").await?;

    let cases: [(demo_org::Switches, &str, &str, &str); 5] = [
        (
            demo_org::Switches { latency_ms: (1_500, 1_500), ..Default::default() },
            "rest_api",
            "failed",
            "not answering",
        ),
        (
            demo_org::Switches { outage: true, ..Default::default() },
            "login_host",
            "failed",
            "did not answer like Salesforce",
        ),
        (demo_org::Switches { api_disabled_for_org: true, ..Default::default() }, "rest_api", "failed", "edition"),
        (
            demo_org::Switches { users_without_api: vec!["ada@demo-org.example".into()], ..Default::default() },
            "rest_api",
            "failed",
            "API Enabled",
        ),
        (
            demo_org::Switches { api_limit_exhausted: true, ..Default::default() },
            "api_usage",
            "failed",
            "No API requests are left",
        ),
    ];
    for (switches, id, outcome, words) in cases {
        *stack.org.switches.write().unwrap() = switches.clone();
        let results = test_connection(&browser).await?;
        let (found, text) = outcome_of(&results, id);
        assert_eq!(found, outcome, "{switches:?}: {results:?}");
        assert!(text.contains(words), "{switches:?}: {text}");
    }
    *stack.org.switches.write().unwrap() = demo_org::Switches::default();

    // A mistyped key in the form (not saved) is caught before anyone is signed out.
    type_into(&browser, "#consumer-key", "3MVG9notTheRightKey").await?;
    let results = test_connection(&browser).await?;
    let (found, text) = outcome_of(&results, "consumer_key");
    assert_eq!(found, "failed", "{results:?}");
    assert!(text.contains("does not know this Consumer Key"), "{text}");
    browser.close().await
}

/// Salesforce answers an unregistered callback URL at authorize with HTTP 400 and
/// `error=redirect_uri_mismatch` in plain text (no redirect): Test connection says which URL
/// to add, and that the Consumer Key itself is fine.
#[tokio::test]
async fn test_connection_names_an_unregistered_callback_url() -> anyhow::Result<()> {
    let stack = Stack::start_with_unregistered_callback().await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "ada").await?;
    open_control_panel(&browser, &stack).await?;
    let results = test_connection(&browser).await?;
    assert_eq!(outcome_of(&results, "login_host").0, "passed", "{results:?}");
    assert_eq!(outcome_of(&results, "consumer_key").0, "passed", "{results:?}");
    let (found, text) = outcome_of(&results, "callback_url");
    assert_eq!(found, "failed", "{results:?}");
    let callback = format!("{}/marketplace/salesforce/account/sign-in/oauth2", stack.intranet);
    assert!(text.contains("does not list this intranet's callback URL") && text.contains(&callback), "{text}");
    browser.screenshot("test-connection-unregistered-callback").await?;
    browser.assert_accessible("test connection, unregistered callback").await?;
    browser.close().await
}

/// Issue 19 item 2 (org-wide): the administrator sees the org's API usage as Salesforce last
/// reported it and sets the share at which widgets pause; saving it signs nobody out, and the
/// paused widget searches again.
#[tokio::test]
async fn the_admin_sees_the_api_usage_and_sets_where_widgets_pause() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = Browser::start().await?;
    connect_from_home(&browser, &stack, "ada").await?;
    // Other integrations used 95 % of the allowance; the widget's next call brings that back.
    *stack.org.switches.write().unwrap() =
        demo_org::Switches { api_limit: 1_000, api_used_elsewhere: 950, ..demo_org::Switches::default() };
    type_into(&browser, "input[role='combobox']", "acme").await?;
    browser.find("[role='option']").await?;
    type_into(&browser, "input[role='combobox']", "globex").await?;
    wait_for_text(&browser, "[data-error='allowance-guarded']", "pauses searching").await?;

    open_control_panel(&browser, &stack).await?;
    let usage = wait_for_text(&browser, "[data-testid='api-usage']", "of 1,000 API requests").await?;
    assert!(usage.contains("Widgets are paused"), "{usage}");
    assert_eq!(browser.find("#api-guard-percent").await?.prop("value").await?.as_deref(), Some("90"));
    browser.screenshot("control-panel-api-allowance").await?;
    browser.assert_accessible("control panel, API allowance paused").await?;
    type_into(&browser, "#api-guard-percent", "150").await?;
    click_button(&browser, "Save share").await?;
    wait_for_text(&browser, "[data-testid='api-guard-outcome']", "from 1 to 100").await?;
    type_into(&browser, "#api-guard-percent", "99").await?;
    click_button(&browser, "Save share").await?;
    wait_for_text(&browser, "[data-testid='api-guard-outcome']", "Nobody had to sign in again").await?;
    wait_for_text(&browser, "[data-testid='connected-users']", "1 user is connected").await?;

    // Back on the home page, the widget searches again.
    browser.client.goto(&stack.intranet).await?;
    type_into(&browser, "input[role='combobox']", "globex").await?;
    browser.find("[role='option']").await?;
    browser.close().await
}

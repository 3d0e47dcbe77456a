//! Headless Chromium driven through ChromeDriver (WebDriver), one fresh profile per browser.

use anyhow::Context;
use fantoccini::{Client, ClientBuilder, Locator};
use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts ChromeDriver on a free port and opens a headless Chromium session.
    pub async fn start() -> anyhow::Result<Self> {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port()?;
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("could not start {chromedriver}"))?;
        let profile = tempfile::tempdir()?;
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900",
                    // Host names of the cross-origin embedding tests, all on this machine.
                    "--host-resolver-rules=MAP www.intranet.test 127.0.0.1, MAP widgets.intranet.test 127.0.0.1, MAP elsewhere.example 127.0.0.1",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let capabilities = capabilities.as_object().cloned().unwrap_or_default();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(capabilities.clone()).connect(&url).await {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => return Err(error).context("ChromeDriver did not start"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Ok(Self { client, driver, _profile: profile })
    }

    /// Waits until an element matching `css` exists, and returns its text.
    pub async fn text_of(&self, css: &str) -> anyhow::Result<String> {
        let element = self
            .client
            .wait()
            .at_most(crate::PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches `{css}`"))?;
        Ok(element.text().await?)
    }

    /// Signs in to the demo intranet as `person` (the sign-in page's button) and lands on `/`.
    pub async fn sign_in_to_intranet(&self, stack: &crate::Stack, person: &str) -> anyhow::Result<()> {
        self.client.goto(&format!("{}/intranet/sign-in?return_to=/", stack.intranet)).await?;
        self.client.find(Locator::Css(&format!("button[data-person='{person}']"))).await?.click().await?;
        self.client.wait().at_most(crate::PATIENCE).for_url(&format!("{}/", stack.intranet).parse()?).await?;
        Ok(())
    }

    /// Waits for an element matching `css` and returns it.
    pub async fn find(&self, css: &str) -> anyhow::Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(crate::PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches `{css}`"))
    }

    /// Waits until `css` matches at least `count` elements, and returns them all.
    pub async fn find_at_least(&self, css: &str, count: usize) -> anyhow::Result<Vec<fantoccini::elements::Element>> {
        let deadline = Instant::now() + crate::PATIENCE;
        loop {
            let found = self.client.find_all(Locator::Css(css)).await?;
            if found.len() >= count {
                return Ok(found);
            }
            if Instant::now() > deadline {
                anyhow::bail!("only {} elements match `{css}`, expected {count}", found.len());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// At the demo org's pages: sign in as `alias` and allow access (skipped when the org
    /// remembers both).
    pub async fn approve_at_salesforce(&self, alias: &str) -> anyhow::Result<()> {
        let username = self.find("#username").await?;
        username.send_keys(&format!("{alias}@demo-org.example")).await?;
        self.find("#password").await?.send_keys("demo").await?;
        self.find("#Login").await?.click().await?;
        self.find("#oaapprove").await?.click().await?;
        Ok(())
    }

    /// Runs axe-core (WCAG 2.x A/AA rules) on the current page and returns its violations as
    /// `rule: n nodes (first target)` lines; empty means none.
    pub async fn accessibility_violations(&self) -> anyhow::Result<Vec<String>> {
        let script = std::env::var("AXE_CORE_JS").context("AXE_CORE_JS names axe.min.js (cargo xtask test sets it)")?;
        let source = std::fs::read_to_string(&script).with_context(|| format!("cannot read {script}"))?;
        self.client.execute(&source, vec![]).await?;
        let found = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
                     .then(r => done(r.violations.map(v => `${v.id}: ${v.nodes.length} nodes (${JSON.stringify(v.nodes[0].target)}) ${v.help}`)))
                     .catch(e => done([`axe failed: ${e}`]));"#,
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(found)?)
    }

    /// Asserts that axe-core finds nothing on the current page.
    pub async fn assert_accessible(&self, state: &str) -> anyhow::Result<()> {
        let violations = self.accessibility_violations().await?;
        anyhow::ensure!(violations.is_empty(), "accessibility violations in {state}: {violations:#?}");
        Ok(())
    }

    /// Saves a screenshot as `{name}.png` into `$E2E_SCREENSHOTS`, when that is set (for
    /// looking at what a person sees; tests never depend on it).
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<()> {
        if let Some(dir) = std::env::var_os("E2E_SCREENSHOTS") {
            std::fs::create_dir_all(&dir)?;
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), self.client.screenshot().await?)?;
        }
        Ok(())
    }

    /// Sends a Chrome DevTools Protocol command to the page through ChromeDriver
    /// (`goog/cdp/execute`), e.g. `Emulation.setCPUThrottlingRate` for the benchmarks.
    pub async fn cdp(&self, command: &str, params: serde_json::Value) -> anyhow::Result<serde_json::Value> {
        let answer = self.client.issue_cmd(CdpCommand { command: command.to_owned(), params }).await;
        answer.with_context(|| format!("CDP {command} failed"))
    }

    /// Waits for a tab other than `page` (a record the widget opened), returns its URL once
    /// it has one, closes it and comes back to `page`.
    pub async fn take_new_tab(&self, page: &fantoccini::wd::WindowHandle) -> anyhow::Result<String> {
        let deadline = Instant::now() + crate::PATIENCE;
        let tab = loop {
            if let Some(tab) = self.client.windows().await?.into_iter().find(|w| w != page) {
                break tab;
            }
            anyhow::ensure!(Instant::now() < deadline, "no tab opened for the record");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        self.client.switch_to_window(tab).await?;
        let deadline = Instant::now() + crate::PATIENCE;
        let url = loop {
            let url = self.client.current_url().await?.to_string();
            if url != "about:blank" || Instant::now() > deadline {
                break url;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        self.client.close_window().await?;
        self.client.switch_to_window(page.clone()).await?;
        Ok(url)
    }

    /// Ends the WebDriver session and ChromeDriver.
    pub async fn close(mut self) -> anyhow::Result<()> {
        let result = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        result.map_err(Into::into)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// ChromeDriver's vendor endpoint that forwards one DevTools command to the page.
#[derive(Debug)]
struct CdpCommand {
    command: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

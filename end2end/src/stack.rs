//! The product's servers, started in-process on free loopback ports with their own data folder.

use clap::Parser;
use std::sync::Arc;
use tokio::net::TcpListener;
use widget_backend::{AppState, settings::Settings};

/// The Connected App registered in the demo org and configured in the backend.
pub const CONSUMER_KEY: &str = "3MVG9end2endConsumerKey";
pub const CONSUMER_SECRET: &str = "end2end-consumer-secret";

/// A running demo org + backend pair.
pub struct Stack {
    /// Base URL of the intranet (backend), e.g. `http://127.0.0.1:40123`.
    pub intranet: String,
    /// Base URL of the demo org.
    pub demo_org: String,
    /// The demo org itself, to flip its switches.
    pub org: Arc<demo_org::DemoOrg>,
    /// The backend's Prometheus metrics (what `/metrics` would serve).
    pub metrics: widget_backend::metrics::Metrics,
    _data_dir: tempfile::TempDir,
    _demo_org_server: demo_org::Spawned,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Stack {
    /// Starts both servers with the demo org registered as the Salesforce org.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(true).await
    }

    /// Starts both servers; with `configured` false the intranet has no Salesforce settings yet.
    pub async fn start_with(configured: bool) -> anyhow::Result<Self> {
        Self::start_with_backend_flags(configured, &[]).await
    }

    /// Like [`Stack::start_with`], with more backend flags (e.g. `--salesforce-timeout-seconds=1`).
    pub async fn start_with_backend_flags(configured: bool, flags: &[&str]) -> anyhow::Result<Self> {
        Self::start_full(configured, flags, true, None).await
    }

    /// A configured stack whose intranet browsers reach as `http://{host}:{port}` (a name the
    /// browser maps to 127.0.0.1, see [`crate::Browser`]), e.g. to embed its widget from a page
    /// of another origin.
    pub async fn start_on_host(host: &str, flags: &[&str]) -> anyhow::Result<Self> {
        Self::start_full(true, flags, true, Some(host)).await
    }

    /// A configured stack whose Connected App does not list the intranet's callback URL (an
    /// administrator's common mistake).
    pub async fn start_with_unregistered_callback() -> anyhow::Result<Self> {
        Self::start_full(true, &[], false, None).await
    }

    async fn start_full(
        configured: bool,
        flags: &[&str],
        register_callback: bool,
        public_host: Option<&str>,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let intranet = match public_host {
            Some(host) => format!("http://{host}:{}", addr.port()),
            None => format!("http://{addr}"),
        };

        let callback = if register_callback {
            format!("{intranet}/marketplace/salesforce/account/sign-in/oauth2")
        } else {
            format!("{intranet}/salesforce/Account/RetrieveAccessToken")
        };
        let app = demo_org::ConnectedApp::new(CONSUMER_KEY, CONSUMER_SECRET, &callback);
        let served = demo_org::spawn(demo_org::DemoOrgConfig::new(vec![app])).await?;
        let (demo_org, org) = (served.base.clone(), served.org.clone());

        let data_dir = tempfile::tempdir()?;
        let mut args = vec![
            "widget-backend".to_owned(),
            format!("--addr={addr}"),
            format!("--data-dir={}", data_dir.path().display()),
            format!("--widget-dir={}", crate::widget_dist().display()),
            format!("--public-base-url={intranet}"),
        ];
        args.extend(flags.iter().map(|flag| flag.to_string()));
        if configured {
            args.push(format!("--initial-consumer-key={CONSUMER_KEY}"));
            args.push(format!("--initial-consumer-secret={CONSUMER_SECRET}"));
            args.push(format!("--initial-login-host={demo_org}"));
        }
        let settings = Settings::try_parse_from(args)?;
        let state = AppState::open(settings).await?;
        let metrics = state.metrics.clone();
        let backend_task = tokio::spawn(async move {
            let _ = widget_backend::serve(listener, state).await;
        });
        Ok(Self {
            intranet,
            demo_org,
            org,
            metrics,
            _data_dir: data_dir,
            _demo_org_server: served,
            tasks: vec![backend_task],
        })
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

//! The product's servers, started in-process on free loopback ports with their own data folder.

use std::sync::Arc;
use tokio::net::TcpListener;
use widget_backend::{AppState, settings::Settings};

/// A running demo org + backend pair.
pub struct Stack {
    /// Base URL of the intranet (backend), e.g. `http://127.0.0.1:40123`.
    pub intranet: String,
    /// Base URL of the demo org.
    pub demo_org: String,
    _data_dir: tempfile::TempDir,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Stack {
    /// Starts both servers with the demo org registered as the Salesforce org.
    pub async fn start() -> anyhow::Result<Self> {
        let demo_listener = TcpListener::bind("127.0.0.1:0").await?;
        let demo_org = format!("http://{}", demo_listener.local_addr()?);
        let org = Arc::new(demo_org::DemoOrg::default());
        let demo_task = tokio::spawn(async move {
            let _ = demo_org::serve(demo_listener, org).await;
        });

        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let data_dir = tempfile::tempdir()?;
        let settings = Settings {
            addr,
            public_base_url: None,
            data_dir: data_dir.path().to_owned(),
            database_url: None,
            encryption_key: None,
            widget_dir: crate::widget_dist(),
            initial_consumer_key: Some("3MVG9end2end".to_owned()),
            initial_consumer_secret: Some("end2end-secret".to_owned()),
            initial_login_host: Some(demo_org.clone()),
        };
        let state = AppState::open(settings).await?;
        let backend_task = tokio::spawn(async move {
            let _ = axum_serve(listener, state).await;
        });
        Ok(Self {
            intranet: format!("http://{addr}"),
            demo_org,
            _data_dir: data_dir,
            tasks: vec![demo_task, backend_task],
        })
    }
}

async fn axum_serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    widget_backend::serve(listener, state).await
}

impl Drop for Stack {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

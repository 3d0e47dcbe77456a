//! Runs the backend: `cargo run -p widget-backend -- --help` lists every setting.

use clap::Parser;
use widget_backend::{
    AppState,
    settings::{LogFormat, Settings},
};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match settings.log_format {
        LogFormat::Json => logs.json().flatten_event(true).with_current_span(false).init(),
        LogFormat::Text => logs.init(),
    }
    let state = AppState::open(settings).await?;
    let listener = tokio::net::TcpListener::bind(state.settings.addr).await?;
    tracing::info!(addr = %listener.local_addr()?, "intranet backend listening");
    if let Some(addr) = state.settings.metrics_addr {
        let metrics = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!(addr = %metrics.local_addr()?, "metrics listening on /metrics");
        tokio::spawn(widget_backend::serve_metrics(metrics, state.metrics.clone()));
    }
    widget_backend::serve(listener, state).await?;
    tracing::info!("stopped after finishing open requests");
    Ok(())
}

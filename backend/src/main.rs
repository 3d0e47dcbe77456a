//! Runs the backend: `cargo run -p widget-backend -- --help` lists every setting.

use clap::Parser;
use widget_backend::{AppState, settings::Settings};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let settings = Settings::parse();
    let state = AppState::open(settings).await?;
    let listener = tokio::net::TcpListener::bind(state.settings.addr).await?;
    tracing::info!("intranet backend listening on http://{}", listener.local_addr()?);
    widget_backend::serve(listener, state).await?;
    Ok(())
}

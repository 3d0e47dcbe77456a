//! Runs the demo org: `cargo run -p demo-org -- --port 8081`.

use clap::Parser;
use std::{net::SocketAddr, sync::Arc};

#[derive(Parser, Debug)]
#[command(about = "A local Salesforce org for the intranet widget")]
struct Args {
    /// Address to listen on (loopback by default: the demo org is for this machine only).
    #[arg(long, env = "DEMO_ORG_ADDR", default_value = "127.0.0.1:8081")]
    addr: SocketAddr,

    /// Consumer Key of the Connected App to register (the intranet's app).
    #[arg(long, env = "DEMO_ORG_CONNECTED_APP_KEY", requires_all = ["connected_app_secret", "connected_app_callback"])]
    connected_app_key: Option<String>,

    /// Consumer Secret of that app.
    #[arg(long, env = "DEMO_ORG_CONNECTED_APP_SECRET", hide_env_values = true)]
    connected_app_secret: Option<String>,

    /// Callback URL of that app (the intranet's /marketplace/salesforce/account/sign-in/oauth2).
    #[arg(long, env = "DEMO_ORG_CONNECTED_APP_CALLBACK")]
    connected_app_callback: Option<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).init();
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    tracing::info!("demo org listening on http://{}", listener.local_addr()?);
    let mut apps = Vec::new();
    if let (Some(key), Some(secret), Some(callback)) =
        (&args.connected_app_key, &args.connected_app_secret, &args.connected_app_callback)
    {
        apps.push(demo_org::ConnectedApp::new(key, secret, callback));
    }
    demo_org::serve(listener, Arc::new(demo_org::DemoOrg::new(apps))).await?;
    Ok(())
}

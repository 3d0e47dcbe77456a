//! Runs the demo org: `cargo run -p demo-org -- --port 8081`.

use clap::Parser;
use std::{net::SocketAddr, sync::Arc};

#[derive(Parser, Debug)]
#[command(about = "A local Salesforce org for the intranet widget")]
struct Args {
    /// Address to listen on (loopback by default: the demo org is for this machine only).
    #[arg(long, env = "DEMO_ORG_ADDR", default_value = "127.0.0.1:8081")]
    addr: SocketAddr,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).init();
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    tracing::info!("demo org listening on http://{}", listener.local_addr()?);
    demo_org::serve(listener, Arc::new(demo_org::DemoOrg::default())).await?;
    Ok(())
}

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

    /// Seed of the generated data: the same seed gives the same org.
    #[arg(long, env = "DEMO_ORG_SEED", default_value_t = 2026)]
    seed: u64,

    /// Behave like an edition without REST API access (403 API_DISABLED_FOR_ORG).
    #[arg(long)]
    api_disabled_for_org: bool,

    /// A username without the "API Enabled" permission (403 API_DISABLED_FOR_ORG, as Salesforce
    /// answers such a user); repeatable.
    #[arg(long = "user-without-api")]
    users_without_api: Vec<String>,

    /// Behave as if the daily API allocation is used up (403 REQUEST_LIMIT_EXCEEDED).
    #[arg(long)]
    api_limit_exhausted: bool,

    /// Behave as if Salesforce is down (503 with an HTML page).
    #[arg(long)]
    outage: bool,

    /// Added latency in milliseconds on REST and token calls (the minimum, with --latency-max-ms).
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,

    /// Upper bound of a random latency range.
    #[arg(long)]
    latency_max_ms: Option<u64>,

    /// Access-token lifetime in seconds.
    #[arg(long, default_value_t = 7_200)]
    access_token_seconds: u64,

    /// Turn on Refresh Token Rotation.
    #[arg(long)]
    refresh_token_rotation: bool,

    /// API calls the org's other integrations made today (they count in `Sforce-Limit-Info`).
    #[arg(long, default_value_t = 0)]
    api_used_elsewhere: u64,

    /// Calls still served past the daily allocation (Salesforce's limit is soft).
    #[arg(long, default_value_t = 0)]
    api_overage: u64,

    /// Declined consent comes back as `error=access-denied` (Salesforce Help's spelling).
    #[arg(long)]
    hyphenated_access_denied: bool,
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
    let mut config = demo_org::DemoOrgConfig::new(apps);
    config.seed.seed = args.seed;
    config.switches = demo_org::Switches {
        api_disabled_for_org: args.api_disabled_for_org,
        users_without_api: args.users_without_api.clone(),
        api_limit_exhausted: args.api_limit_exhausted,
        outage: args.outage,
        latency_ms: (args.latency_ms, args.latency_max_ms.unwrap_or(args.latency_ms)),
        access_token_seconds: args.access_token_seconds,
        refresh_token_rotation: args.refresh_token_rotation,
        api_used_elsewhere: args.api_used_elsewhere,
        api_overage: args.api_overage,
        hyphenated_access_denied: args.hyphenated_access_denied,
        ..demo_org::Switches::default()
    };
    let org = demo_org::DemoOrg::new(config);
    tracing::info!(org_id = %org.data().org_id, "seeded the demo org");
    demo_org::serve(listener, Arc::new(org)).await?;
    Ok(())
}

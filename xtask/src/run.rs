//! `cargo xtask run`: the product on one machine. Builds the widget, starts the demo org and
//! the backend (SQLite under data/, the demo org registered as the Salesforce org), prints the
//! intranet page's URL, and stops everything on Ctrl-C.

use crate::{process, tools, widget};
use anyhow::{Context, bail};
use std::{
    path::Path,
    process::{Child, Command},
    sync::mpsc,
    time::Duration,
};

#[derive(clap::Args)]
pub struct RunArgs {
    /// Port of the intranet (backend); the demo org listens on the next port.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// Folder for the database, the encryption key and the demo org's app credentials.
    #[arg(long, default_value = "data")]
    data_dir: String,
}

/// The Connected App registered in the demo org for this installation.
struct DemoApp {
    consumer_key: String,
    consumer_secret: String,
}

pub fn run(args: RunArgs) -> anyhow::Result<()> {
    let Some(demo_org_port) = args.port.checked_add(1) else { bail!("--port must be below 65535") };
    let tools = tools::setup(tools::Needs::Build)?;
    widget::build_release(&tools)?;
    process::run(tools.command("cargo").args(["build", "--release", "-p", "widget-backend", "-p", "demo-org"]))?;

    let data_dir = Path::new(&args.data_dir);
    std::fs::create_dir_all(data_dir)?;
    let app = demo_app(data_dir)?;
    let intranet = format!("http://127.0.0.1:{}", args.port);
    let demo_org = format!("http://127.0.0.1:{demo_org_port}");

    let (interrupted, interrupts) = mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = interrupted.send(());
    })?;

    let mut children: Vec<(&'static str, Child)> = Vec::new();
    children.push((
        "demo org",
        Command::new("target/release/demo-org")
            .args(["--addr", &format!("127.0.0.1:{demo_org_port}")])
            .args(["--connected-app-key", &app.consumer_key])
            .args(["--connected-app-secret", &app.consumer_secret])
            .args(["--connected-app-callback", &format!("{intranet}/marketplace/salesforce/account/sign-in/oauth2")])
            .spawn()
            .context("could not start the demo org")?,
    ));
    children.push((
        "backend",
        Command::new("target/release/widget-backend")
            .args(["--addr", &format!("127.0.0.1:{}", args.port)])
            .args(["--public-base-url", &intranet])
            .arg("--data-dir")
            .arg(data_dir)
            .args(["--widget-dir", widget::DIST_DIR])
            .args(["--initial-consumer-key", &app.consumer_key])
            .args(["--initial-consumer-secret", &app.consumer_secret])
            .args(["--initial-login-host", &demo_org])
            // A newcomer sees more than the first four objects: the demo org's contacts,
            // opportunities and its custom Project__c too.
            .args(["--initial-searchable-objects", "Account,Lead,Task,Campaign,Contact,Opportunity,Project__c"])
            .spawn()
            .context("could not start the backend")?,
    ));

    for port in [demo_org_port, args.port] {
        wait_for_port(port, &mut children)?;
    }
    println!("\n  Intranet with the Salesforce widget:  {intranet}/");
    println!("  Demo org (local Salesforce):          {demo_org}/");
    println!("  Press Ctrl-C to stop.\n");

    // Stop everything when the user presses Ctrl-C or when either process ends by itself.
    let reason = loop {
        if interrupts.recv_timeout(Duration::from_millis(200)).is_ok() {
            break "Ctrl-C".to_owned();
        }
        if let Some((name, status)) =
            children.iter_mut().find_map(|(name, child)| child.try_wait().ok().flatten().map(|s| (*name, s)))
        {
            break format!("the {name} exited ({status})");
        }
    };
    eprintln!("xtask: stopping ({reason})");
    for (_, child) in &mut children {
        let _ = child.kill();
        let _ = child.wait();
    }
    Ok(())
}

/// Reads the demo org's app credentials, creating random ones on first run.
fn demo_app(data_dir: &Path) -> anyhow::Result<DemoApp> {
    let path = data_dir.join("demo-org-connected-app.json");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let json: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
        if let (Some(key), Some(secret)) = (json["consumer_key"].as_str(), json["consumer_secret"].as_str()) {
            return Ok(DemoApp { consumer_key: key.to_owned(), consumer_secret: secret.to_owned() });
        }
    }
    let app = DemoApp { consumer_key: format!("3MVG9{}", random_hex(24)), consumer_secret: random_hex(32) };
    let json = serde_json::json!({ "consumer_key": app.consumer_key, "consumer_secret": app.consumer_secret });
    // The secret stays readable by this user only.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&path)?, serde_json::to_string_pretty(&json)?.as_bytes())?;
    Ok(app)
}

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).expect("system random number generator");
    buffer.iter().map(|b| format!("{b:02X}")).collect()
}

/// Waits until something accepts connections on `port`, or a child has exited.
fn wait_for_port(port: u16, children: &mut [(&'static str, Child)]) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        for (name, child) in children.iter_mut() {
            if let Some(status) = child.try_wait()? {
                bail!("the {name} exited during start-up ({status})");
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("nothing listens on port {port} after 30 s")
}

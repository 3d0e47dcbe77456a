//! Backend replicas as separate processes (the real binary) on one PostgreSQL database and
//! one demo org, as behind a load balancer.

use super::*;
use demo_org::Switches;
use reqwest::StatusCode;
use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

/// One key for all replicas (they must share it to read each other's rows).
pub const ENCRYPTION_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub struct Replica {
    pub child: Child,
    pub port: u16,
    metrics_port: u16,
    public_base_url: String,
    pub database_url: String,
    org_base: String,
    pub log: PathBuf,
    _data_dir: tempfile::TempDir,
}

impl Replica {
    pub fn spawn(port: u16, public_base_url: &str, database_url: &str, org_base: &str) -> Replica {
        let data_dir = tempfile::tempdir().unwrap();
        let log = data_dir.path().join("replica.log");
        let metrics_port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_widget-backend"))
            .env_clear()
            .env("RUST_LOG", "info,sqlx=warn")
            .env("WIDGET_ADDR", format!("127.0.0.1:{port}"))
            .env("WIDGET_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))
            .env("WIDGET_PUBLIC_BASE_URL", public_base_url)
            .env("WIDGET_DATABASE_URL", database_url)
            .env("WIDGET_ENCRYPTION_KEY", ENCRYPTION_KEY)
            // Each replica its own data folder: nothing may depend on local files.
            .env("WIDGET_DATA_DIR", data_dir.path())
            .env("WIDGET_INITIAL_CONSUMER_KEY", KEY)
            .env("WIDGET_INITIAL_CONSUMER_SECRET", SECRET)
            .env("WIDGET_INITIAL_LOGIN_HOST", org_base)
            .env("WIDGET_LOG_FORMAT", "json")
            // Load tests of one person across replicas: not about the per-person limit.
            .env("WIDGET_PERSON_REQUESTS_PER_MINUTE", "0")
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the backend binary starts");
        Replica {
            child,
            port,
            metrics_port,
            public_base_url: public_base_url.to_owned(),
            database_url: database_url.to_owned(),
            org_base: org_base.to_owned(),
            log,
            _data_dir: data_dir,
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub async fn wait_ready(&mut self) {
        let http = reqwest::Client::new();
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("replica on port {} exited at start-up: {status}", self.port);
            }
            if let Ok(response) = http.get(format!("{}/readyz", self.base())).send().await
                && response.status() == StatusCode::OK
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("replica on port {} not ready after 10 s", self.port);
    }

    /// Sums the samples of a metric whose labels contain `labels` (e.g. `outcome="refreshed"`).
    pub async fn metric(&self, name: &str, labels: &str) -> f64 {
        let text = reqwest::get(format!("http://127.0.0.1:{}/metrics", self.metrics_port))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .filter(|line| {
                line.starts_with(name) && line[name.len()..].starts_with(['{', ' ']) && line.contains(labels)
            })
            .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    }

    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill").arg(format!("-{signal}")).arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success());
    }

    /// The same replica again (same port, database and settings), after it stopped.
    pub async fn restart(&mut self) {
        let _ = self.child.wait();
        let mut again = Replica::spawn(self.port, &self.public_base_url, &self.database_url, &self.org_base);
        again.wait_ready().await;
        std::mem::swap(self, &mut again);
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Cluster {
    pub org: demo_org::Spawned,
    pub replicas: Vec<Replica>,
    _database: TestDatabase,
}

impl Cluster {
    /// Three replicas; the load balancer's public URL is replica B's, so OAuth callbacks land
    /// there whichever replica started the sign-in.
    pub async fn start() -> Cluster {
        let database = TestDatabase::postgres().await;
        let ports = [free_port(), free_port(), free_port()];
        let public_base_url = format!("http://127.0.0.1:{}", ports[1]);
        let org = start_org(&format!("{public_base_url}/marketplace/salesforce/account/sign-in/oauth2")).await;
        // Started together: migrations and the initial configuration must cope with the race.
        let mut replicas: Vec<Replica> =
            ports.iter().map(|port| Replica::spawn(*port, &public_base_url, &database.url, &org.base)).collect();
        for replica in &mut replicas {
            replica.wait_ready().await;
        }
        Cluster { org, replicas, _database: database }
    }

    pub fn bases(&self) -> Vec<String> {
        self.replicas.iter().map(Replica::base).collect()
    }

    pub fn switches(&self, switches: Switches) {
        *self.org.org.switches.write().unwrap() = switches;
    }

    /// `person` signed in to the intranet on replica A and connected to Salesforce.
    pub async fn connected(&self, person: &str) -> Browser {
        let browser = Browser::signed_in(&self.replicas[0].base(), person).await;
        browser.connect(person).await;
        browser
    }

    /// Connects `person` with an access token that has already expired.
    pub async fn connected_with_expired_token(&self, person: &str) -> Browser {
        self.switches(Switches { access_token_seconds: 1, ..Switches::default() });
        let browser = self.connected(person).await;
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        self.switches(Switches::default());
        browser
    }

    pub async fn metric_sum(&self, name: &str, labels: &str) -> f64 {
        let mut total = 0.0;
        for replica in &self.replicas {
            total += replica.metric(name, labels).await;
        }
        total
    }
}

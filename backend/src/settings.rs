//! Start-up settings: command-line flags, each also readable from an environment variable.

use crate::marketplace::{DEFAULT_API_VERSION, DEFAULT_SCOPES, MarketplaceConfig, normalize_login_host};
use clap::Parser;
use std::{net::SocketAddr, path::PathBuf};

#[derive(Parser, Debug, Clone)]
#[command(about = "Intranet backend of the Salesforce widget")]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "WIDGET_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Public base URL of the intranet (what browsers see); the OAuth callback URL derives from
    /// it. Defaults to `http://<addr>`.
    #[arg(long, env = "WIDGET_PUBLIC_BASE_URL")]
    pub public_base_url: Option<String>,

    /// Folder for the embedded database and the generated encryption key.
    #[arg(long, env = "WIDGET_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// `sqlite://…` or `postgres://…`; defaults to an SQLite file in the data folder.
    /// (Its password, if any, is never printed: `Debug` and `--help` hide it.)
    #[arg(long, env = "WIDGET_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<Hidden>,

    /// Base64 AES-256 key for secrets at rest; defaults to a key file generated in the data
    /// folder. Prefer --encryption-key-file: a command line can be read by other users.
    #[arg(long, env = "WIDGET_ENCRYPTION_KEY", hide_env_values = true, conflicts_with = "encryption_key_file")]
    pub encryption_key: Option<Hidden>,

    /// A file holding the base64 AES-256 key (e.g. a mounted secret); it must be private to the
    /// service user (mode 600 or 400).
    #[arg(long, env = "WIDGET_ENCRYPTION_KEY_FILE")]
    pub encryption_key_file: Option<PathBuf>,

    /// Folder holding the built widget bundle (Trunk's output).
    #[arg(long, env = "WIDGET_DIR", default_value = "dist")]
    pub widget_dir: PathBuf,

    /// Consumer Key stored as the first configuration when none exists yet.
    #[arg(long, env = "WIDGET_INITIAL_CONSUMER_KEY", requires_all = ["initial_consumer_secret", "initial_login_host"])]
    pub initial_consumer_key: Option<String>,

    /// Consumer Secret of that first configuration.
    #[arg(long, env = "WIDGET_INITIAL_CONSUMER_SECRET", hide_env_values = true)]
    pub initial_consumer_secret: Option<Hidden>,

    /// Login host of that first configuration (e.g. https://login.salesforce.com).
    #[arg(long, env = "WIDGET_INITIAL_LOGIN_HOST")]
    pub initial_login_host: Option<String>,

    /// Objects widgets may search under that first configuration (comma-separated API names,
    /// e.g. `Account,Lead,Task,Campaign,Contact,Opportunity,Project__c`); standard objects get
    /// the control panel's presets. Without it: Account, Lead, Task and Campaign.
    #[arg(long, env = "WIDGET_INITIAL_SEARCHABLE_OBJECTS", value_delimiter = ',', requires = "initial_consumer_key")]
    pub initial_searchable_objects: Vec<String>,

    /// Who the intranet user is: `demo` (a sign-in page with demo people) or `proxy` (a header
    /// set by a trusted reverse proxy).
    #[arg(long, env = "WIDGET_IDENTITY", value_enum, default_value_t = IdentityMode::Demo)]
    pub identity: IdentityMode,

    /// Allow demo identity on an address other than loopback. Demo identity lets every visitor
    /// pick any person, the administrator included: only for a closed demo network.
    #[arg(long, env = "WIDGET_INSECURE_DEMO_IDENTITY_ON_NETWORK")]
    pub insecure_demo_identity_on_network: bool,

    /// Proxy mode: the header carrying the intranet user's id.
    #[arg(long, env = "WIDGET_IDENTITY_HEADER", default_value = "x-remote-user")]
    pub identity_header: String,

    /// Proxy mode: addresses of the reverse proxies whose identity header is believed.
    #[arg(long, env = "WIDGET_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Proxy mode: header listing the user's groups (comma-separated), e.g. `x-remote-groups`.
    /// Read only when set: a header the proxy does not strip must not be able to make anyone an
    /// administrator.
    #[arg(long, env = "WIDGET_GROUPS_HEADER")]
    pub groups_header: Option<String>,

    /// Proxy mode: the group whose members are intranet administrators.
    #[arg(long, env = "WIDGET_ADMIN_GROUP", default_value = "intranet-admins")]
    pub admin_group: String,

    /// Proxy mode: user ids that are administrators whatever their groups.
    #[arg(long, env = "WIDGET_ADMINS", value_delimiter = ',')]
    pub admins: Vec<String>,

    /// Origins of intranet pages that may always embed the widget, besides those an
    /// administrator lists in the control panel (comma-separated, e.g. https://www.intranet.example.com).
    #[arg(long = "allowed-origins", env = "WIDGET_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins_raw: Vec<String>,

    /// Address of the Prometheus metrics listener (`GET /metrics`); off when not set. Keep it
    /// off the public network: it is not behind the intranet's sign-in.
    #[arg(long, env = "WIDGET_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// `text` for people, `json` (one object per line) for log collectors.
    #[arg(long, env = "WIDGET_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Seconds a client has to send a request's headers; slower connections are closed.
    #[arg(long, env = "WIDGET_HEADER_READ_TIMEOUT_SECONDS", default_value_t = 10)]
    pub header_read_timeout_seconds: u64,

    /// Connections served at once; more wait until one ends.
    #[arg(long, env = "WIDGET_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// Timeout of one call to Salesforce, in seconds.
    #[arg(long, env = "WIDGET_SALESFORCE_TIMEOUT_SECONDS", default_value_t = 10)]
    pub salesforce_timeout_seconds: u64,

    /// Requests to the routes that call Salesforce (search, recent, tasks, picklist values,
    /// recording a view, sign-in start) each person may make per minute, sustained; 0 turns the limit off. Protects
    /// the org's daily API allowance, which every integration of the company shares.
    #[arg(long, env = "WIDGET_PERSON_REQUESTS_PER_MINUTE", default_value_t = crate::rate_limit::DEFAULT_PER_MINUTE)]
    pub person_requests_per_minute: u32,

    /// How many of those requests a person may make at once after a pause.
    #[arg(long, env = "WIDGET_PERSON_REQUEST_BURST", default_value_t = crate::rate_limit::DEFAULT_BURST)]
    pub person_request_burst: u32,

    /// How long a user's search answers are reused, in seconds (repeated queries then spend no
    /// API calls); 0 turns the cache off.
    #[arg(long, env = "WIDGET_SEARCH_CACHE_SECONDS", default_value_t = crate::search_cache::DEFAULT_SECONDS)]
    pub search_cache_seconds: u64,

    /// How long a user's recent records and tasks glance are fresh, in seconds; for ten times
    /// as long they are still shown while a fresh copy is fetched in the background. 0 turns
    /// this cache off.
    #[arg(long, env = "WIDGET_GLANCE_CACHE_SECONDS", default_value_t = crate::glance_cache::DEFAULT_SECONDS)]
    pub glance_cache_seconds: u64,
}

/// A secret setting: read like any string, never shown by `Debug` (settings get logged).
#[derive(Clone)]
pub struct Hidden(String);

impl Hidden {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Hidden {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self(value.to_owned()))
    }
}

impl std::fmt::Debug for Hidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[hidden]")
    }
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// How the backend learns who the intranet user is.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityMode {
    Demo,
    Proxy,
}

impl Settings {
    pub fn public_base_url(&self) -> String {
        self.public_base_url.clone().unwrap_or_else(|| format!("http://{}", self.addr)).trim_end_matches('/').to_owned()
    }

    /// The callback URL to register in the Connected App.
    pub fn callback_url(&self) -> String {
        format!("{}{}", self.public_base_url(), widget_contract::paths::SIGN_IN_CALLBACK)
    }

    /// Whether browsers reach the intranet over HTTPS (cookies then get `Secure`).
    pub fn is_https(&self) -> bool {
        self.public_base_url().starts_with("https://")
    }

    /// Refuses settings that would let anyone on the network be anyone: demo identity on an
    /// address other than loopback, unless explicitly allowed.
    pub fn check_identity_exposure(&self) -> Result<(), String> {
        if self.identity == IdentityMode::Demo
            && !self.addr.ip().is_loopback()
            && !self.insecure_demo_identity_on_network
        {
            return Err(format!(
                "refusing to serve demo identity on {}: anyone who can reach it could sign in as anyone, the \
                 administrator included. Put the backend behind your intranet's sign-in with `--identity proxy` \
                 (see docs/deployment.md), listen on 127.0.0.1, or, for a closed demo network only, pass \
                 --insecure-demo-identity-on-network.",
                self.addr
            ));
        }
        Ok(())
    }

    /// `--allowed-origins`, each checked and normalised like the control panel's list.
    pub fn allowed_origins(&self) -> Result<Vec<String>, String> {
        self.allowed_origins_raw
            .iter()
            .filter(|raw| !raw.trim().is_empty())
            .map(|raw| {
                crate::embedding::allowable_origin(raw, &self.public_base_url())
                    .map_err(|why| format!("--allowed-origins: {why}"))
            })
            .collect()
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .as_ref()
            .map(|url| url.expose().to_owned())
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", self.data_dir.join("widget.db").display()))
    }

    /// The objects `--initial-searchable-objects` names, each an object name, each once, at
    /// most as many as widgets may search.
    pub fn initial_searchable_objects(&self) -> Result<Vec<String>, String> {
        let names: Vec<String> =
            self.initial_searchable_objects.iter().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).collect();
        if let Some(bad) = names.iter().find(|n| !widget_contract::objects::is_object_name(n)) {
            return Err(format!("--initial-searchable-objects: {bad:?} is not an object API name"));
        }
        if let Some(twice) = names
            .iter()
            .enumerate()
            .find_map(|(i, n)| names[..i].iter().any(|earlier| earlier.eq_ignore_ascii_case(n)).then_some(n))
        {
            return Err(format!("--initial-searchable-objects: {twice} is named twice"));
        }
        if names.len() > widget_contract::objects::MAX_SEARCHABLE_OBJECTS {
            return Err(format!(
                "--initial-searchable-objects: at most {} objects",
                widget_contract::objects::MAX_SEARCHABLE_OBJECTS
            ));
        }
        Ok(names)
    }

    /// The configuration to store on first start, if one was given; its login host is checked
    /// like the control panel's field (tokens and the secret go there).
    pub fn initial_config(&self) -> Result<Option<MarketplaceConfig>, String> {
        let (Some(key), Some(secret), Some(host)) =
            (&self.initial_consumer_key, &self.initial_consumer_secret, &self.initial_login_host)
        else {
            return Ok(None);
        };
        let login_host = normalize_login_host(host).map_err(|why| format!("--initial-login-host {host:?}: {why}"))?;
        Ok(Some(MarketplaceConfig {
            consumer_key: key.clone(),
            consumer_secret: secret.expose().to_owned(),
            login_host,
            scopes: DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect(),
            api_version: DEFAULT_API_VERSION.to_owned(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19 item 12: settings are printed with `Debug` (start-up logs, panics); the key and
    /// the Consumer Secret never appear.
    #[test]
    fn debug_output_hides_the_key_and_the_secret() {
        let settings = Settings::try_parse_from([
            "widget-backend",
            "--encryption-key=a2V5LWtleS1rZXkta2V5LWtleS1rZXkta2V5LWtleS0=",
            "--initial-consumer-key=3MVGkey",
            "--initial-consumer-secret=very-secret-value",
            "--initial-login-host=https://login.salesforce.com",
            "--database-url=postgres://widget:db-password@db/intranet",
        ])
        .unwrap();
        let printed = format!("{settings:?}");
        assert!(!printed.contains("a2V5LWtleS1") && !printed.contains("very-secret-value"), "{printed}");
        assert!(!printed.contains("db-password"), "{printed}");
        assert!(printed.contains("[hidden]") && printed.contains("3MVGkey"));
        assert_eq!(settings.initial_config().unwrap().unwrap().consumer_secret, "very-secret-value");
    }

    #[test]
    fn the_initial_objects_are_object_names() {
        let with = |objects: &str| {
            Settings::try_parse_from([
                "widget-backend",
                "--initial-consumer-key=3MVGkey",
                "--initial-consumer-secret=s",
                "--initial-login-host=https://login.salesforce.com",
                &format!("--initial-searchable-objects={objects}"),
            ])
            .unwrap()
            .initial_searchable_objects()
        };
        assert_eq!(with("Contact, Project__c").unwrap(), ["Contact", "Project__c"]);
        assert!(with("Contact,../limits").unwrap_err().contains("\"../limits\" is not an object API name"));
        assert!(with(&(0..13).map(|i| format!("Thing{i}__c")).collect::<Vec<_>>().join(",")).is_err());
        assert!(with("Account,account").unwrap_err().contains("account is named twice"));
        let choices = crate::catalog::Catalog::initial_choices(&with("contact,Project__c").unwrap());
        assert_eq!(
            (choices[0].object.shown_fields.as_slice(), choices[0].label.as_str()),
            (["Account.Name", "Email", "Phone"].map(String::from).as_slice(), "Contacts")
        );
        assert_eq!((choices[1].object.title_field.as_str(), choices[1].color.as_deref()), ("Name", None));
        assert!(!choices[1].owned, "\"Mine\" only once a describe showed an owner");
        let alone = Settings::try_parse_from(["widget-backend", "--initial-searchable-objects=Contact"]);
        assert!(alone.is_err(), "only with an initial configuration");
    }

    #[test]
    fn a_key_and_a_key_file_are_not_both_accepted() {
        let both = Settings::try_parse_from(["widget-backend", "--encryption-key=x", "--encryption-key-file=/k"]);
        assert!(both.is_err());
    }
}

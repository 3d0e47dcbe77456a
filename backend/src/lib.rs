//! The intranet backend of the Salesforce widget.
//!
//! It owns the marketplace configuration, runs the OAuth 2.0 web server flow for each intranet
//! user, keeps their tokens encrypted, answers the widget's searches by calling the Salesforce
//! REST API, and serves the built widget bundle and the demo intranet page.

pub mod api_access;
pub mod api_guard;
pub mod cache_budget;
pub mod catalog;
pub mod connection;
pub mod crypto;
pub mod data_dir;
pub mod diagnostics;
pub mod embedding;
pub mod error;
pub mod glance_cache;
pub mod hidden_fields;
pub mod identity;
pub mod marketplace;
pub mod metrics;
pub mod object_labels;
pub mod person_cache;
pub mod picklists;
pub mod rate_limit;
pub mod revocation;
pub mod routes;
pub mod salesforce;
pub mod search;
pub mod search_cache;
pub mod server;
pub mod settings;
pub mod store;
pub mod theme_icons;

use crypto::SecretBox;
use settings::Settings;
use std::sync::Arc;
use store::Store;
use tokio::net::TcpListener;

/// What every handler shares: one reference count to clone. axum clones the state for every
/// extractor and every middleware of every request (a field-by-field clone of its caches was
/// 5 % of the backend's CPU per search).
#[derive(Clone, Debug)]
pub struct AppState(Arc<AppStateInner>);

impl std::ops::Deref for AppState {
    type Target = AppStateInner;

    fn deref(&self) -> &AppStateInner {
        &self.0
    }
}

/// The parts of [`AppState`], shared through its one `Arc`.
#[derive(Debug)]
pub struct AppStateInner {
    pub settings: Settings,
    pub store: Store,
    pub salesforce: salesforce::SalesforceClient,
    pub refresh_locks: connection::RefreshLocks,
    pub search_cache: search_cache::SearchCache,
    pub glance_cache: glance_cache::GlanceCache,
    pub metrics: metrics::Metrics,
    /// Which orgs' REST API answered whom (tells a user without API permission from an edition
    /// without API).
    pub api_access: api_access::ApiAccess,
    /// Each person's share of the org's API allowance.
    pub person_limiter: rate_limit::PersonLimiter,
    /// Pages of other origins that may embed the widget.
    pub allowed_origins: embedding::AllowedOrigins,
    /// Fields Salesforce hides from each person (field-level security), as searches found them.
    pub hidden_fields: hidden_fields::HiddenFields,
    /// Objects' labels in each person's Salesforce language.
    pub object_labels: object_labels::ObjectLabels,
    /// Picklist filters' values as each person's org defines them.
    pub picklists: picklists::Picklists,
    /// Objects' theme icons, as the instances serve them.
    pub theme_icons: theme_icons::ThemeIcons,
}

impl AppState {
    /// Opens the database (creating the key file and schema as needed) and stores the initial
    /// configuration if there is none yet.
    pub async fn open(settings: Settings) -> anyhow::Result<Self> {
        settings.check_identity_exposure().map_err(anyhow::Error::msg)?;
        let initial = settings.initial_config().map_err(anyhow::Error::msg)?;
        let initial_objects = settings.initial_searchable_objects().map_err(anyhow::Error::msg)?;
        let fixed_origins = settings.allowed_origins().map_err(anyhow::Error::msg)?;
        data_dir::prepare(&settings.data_dir)?;
        let secrets = match (&settings.encryption_key, &settings.encryption_key_file) {
            (Some(key), _) => SecretBox::from_base64(key.expose())?,
            (None, Some(file)) => SecretBox::from_existing_key_file(file)?,
            (None, None) => SecretBox::from_key_file(&settings.data_dir.join("secret.key"))?,
        };
        let store = Store::connect(&settings.database_url(), secrets).await?;
        // Replicas must share one key: refuse to start with a different one rather than fail
        // every request later.
        if let Err(error) = store.marketplace_config().await {
            anyhow::bail!(
                "the stored configuration cannot be read ({error}); every replica must use the encryption key \
                 that sealed it (WIDGET_ENCRYPTION_KEY or the key file in the data folder)"
            );
        }
        let initial_choices =
            (!initial_objects.is_empty()).then(|| catalog::Catalog::initial_choices(&initial_objects));
        if let Some(initial) = initial
            && store.insert_initial_config(&initial, initial_choices.as_deref()).await?
        {
            tracing::info!(login_host = %initial.login_host, "stored the initial marketplace configuration");
            let unchecked: Vec<&str> = initial_objects
                .iter()
                .filter(|name| widget_contract::objects::preset(name).is_none())
                .map(String::as_str)
                .collect();
            if !unchecked.is_empty() {
                tracing::warn!(
                    objects = ?unchecked,
                    "searchable objects titled by Name and not checked against the org: save them in Control Panel > Searchable objects"
                );
            }
        }
        let metrics = metrics::Metrics::default();
        let salesforce = salesforce::SalesforceClient::new(
            std::time::Duration::from_secs(settings.salesforce_timeout_seconds),
            metrics.clone(),
        );
        let search_cache =
            search_cache::SearchCache::new(std::time::Duration::from_secs(settings.search_cache_seconds));
        let glance_cache =
            glance_cache::GlanceCache::new(std::time::Duration::from_secs(settings.glance_cache_seconds));
        let person_limiter =
            rate_limit::PersonLimiter::new(settings.person_requests_per_minute, settings.person_request_burst);
        Ok(Self(Arc::new(AppStateInner {
            settings,
            store,
            salesforce,
            refresh_locks: Default::default(),
            search_cache,
            glance_cache,
            metrics,
            api_access: Default::default(),
            person_limiter,
            allowed_origins: embedding::AllowedOrigins::new(fixed_origins),
            hidden_fields: hidden_fields::HiddenFields::default(),
            object_labels: object_labels::cache(),
            picklists: picklists::cache(),
            theme_icons: theme_icons::ThemeIcons::default(),
        })))
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}

/// Serves until the process is told to stop (Ctrl-C or SIGTERM), then finishes open requests.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let limits = server::Limits {
        header_read: std::time::Duration::from_secs(state.settings.header_read_timeout_seconds.max(1)),
        connections: state.settings.max_connections,
    };
    server::serve(listener, app(state), limits, shutdown_signal()).await
}

/// Serves Prometheus metrics until the process ends.
pub async fn serve_metrics(listener: TcpListener, metrics: metrics::Metrics) -> std::io::Result<()> {
    axum::serve(listener, metrics::router(metrics)).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

//! Persistence: one SQL database (SQLite embedded by default, PostgreSQL for several replicas),
//! reached through sqlx's `Any` driver so both run the same queries.

mod connections;
mod marketplace;
mod sessions;
mod sign_ins;

pub use connections::{Connection, NewConnection, RefreshLease};
pub use marketplace::SaveOutcome;
pub use sign_ins::PendingSignIn;

use crate::crypto::SecretBox;
use sqlx::{AnyPool, any::AnyPoolOptions};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Crypto(#[from] crate::crypto::CryptoError),
    #[error("unsupported database URL (use sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
}

/// Which SQL dialect the database speaks, for the few statements that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// Connections per process.
const POOL_SIZE: u32 = 10;
/// Refresh leases held at once: each holds a connection for the length of a call to Salesforce,
/// so some must stay free for the lease holders' own reads and writes (or they would wait on
/// each other for ever).
const MAX_LEASES: usize = POOL_SIZE as usize - 4;

/// The database plus the key that seals secrets before they reach it.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    secrets: SecretBox,
    dialect: Dialect,
    leases: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Store {
    /// Connects and brings the schema up to date.
    pub async fn connect(database_url: &str, secrets: SecretBox) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (migrator, dialect) = if database_url.starts_with("sqlite:") {
            (sqlx::migrate!("./migrations/sqlite"), Dialect::Sqlite)
        } else if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
            (sqlx::migrate!("./migrations/postgres"), Dialect::Postgres)
        } else {
            return Err(StoreError::UnsupportedUrl(database_url.to_owned()));
        };
        // A connection to PostgreSQL can die while it waits in the pool (a restart, a proxy's
        // idle timeout): test it before use. SQLite's is a file in this process; testing it
        // cost every query a second round trip to its worker thread (perf: a sixth of the
        // backend's CPU per search went to sqlx's pings and hand-offs).
        let pool = AnyPoolOptions::new()
            .max_connections(POOL_SIZE)
            .test_before_acquire(dialect == Dialect::Postgres)
            .connect(database_url)
            .await?;
        if dialect == Dialect::Sqlite {
            // WAL lets searches read while a sign-in writes; waiting beats failing on a lock.
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        migrator.run(&pool).await?;
        let leases = std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_LEASES));
        Ok(Self { pool, secrets, dialect, leases })
    }

    /// Whether the database answers (for readiness checks).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// SHA-256 of a bearer secret (OAuth state, session id), hex: what the database keeps instead.
pub fn fingerprint(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Seconds since the Unix epoch, the unit every timestamp column uses.
pub fn now_seconds() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

/// A store on a fresh SQLite file and a configuration to save in it, for the store's tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::Store;
    use crate::{crypto::SecretBox, marketplace::MarketplaceConfig};

    pub async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        (Store::connect(&url, SecretBox::from_key(&[1; 32]).unwrap()).await.unwrap(), dir)
    }

    pub fn config(secret: &str) -> MarketplaceConfig {
        MarketplaceConfig {
            consumer_key: "3MVG9key".into(),
            consumer_secret: secret.into(),
            login_host: "http://127.0.0.1:8081".into(),
            scopes: vec!["api".into(), "refresh_token".into()],
            api_version: "62.0".into(),
        }
    }
}

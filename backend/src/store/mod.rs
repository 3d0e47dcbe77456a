//! Persistence: one SQL database (SQLite embedded by default, PostgreSQL for several replicas),
//! reached through sqlx's `Any` driver so both run the same queries.

mod marketplace;

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

/// The database plus the key that seals secrets before they reach it.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    secrets: SecretBox,
}

impl Store {
    /// Connects and brings the schema up to date.
    pub async fn connect(database_url: &str, secrets: SecretBox) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let migrator = if database_url.starts_with("sqlite:") {
            sqlx::migrate!("./migrations/sqlite")
        } else if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
            sqlx::migrate!("./migrations/postgres")
        } else {
            return Err(StoreError::UnsupportedUrl(database_url.to_owned()));
        };
        let pool = AnyPoolOptions::new().max_connections(8).connect(database_url).await?;
        migrator.run(&pool).await?;
        Ok(Self { pool, secrets })
    }

    /// Whether the database answers (for readiness checks).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Seconds since the Unix epoch, the unit every timestamp column uses.
pub fn now_seconds() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

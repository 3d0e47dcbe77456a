//! The `marketplace_config` row.

use super::{Store, StoreError, now_seconds};

use crate::marketplace::{MarketplaceConfig, StoredConfig};
use sqlx::{Row, any::AnyRow};

const SECRET_PURPOSE: &str = "marketplace:consumer_secret";

/// What [`Store::config_from_row`] reads, from `marketplace_config` as `m` (a macro: sqlx
/// takes only literal statements, which `concat!` keeps them).
macro_rules! config_columns {
    () => {
        "m.consumer_key, m.consumer_secret, m.login_host, m.scopes, m.api_version, m.generation, \
         m.api_guard_percent, m.searchable_objects"
    };
}
pub(super) use config_columns;

impl Store {
    /// The current configuration, if an administrator saved one.
    pub async fn marketplace_config(&self) -> Result<Option<StoredConfig>, StoreError> {
        let row = sqlx::query(concat!("SELECT ", config_columns!(), " FROM marketplace_config m WHERE m.id = 1"))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| self.config_from_row(&row)).transpose()
    }

    /// A row with [`config_columns`] as a configuration, its secret opened.
    pub(super) fn config_from_row(&self, row: &AnyRow) -> Result<StoredConfig, StoreError> {
        let sealed: Vec<u8> = row.try_get("consumer_secret")?;
        let scopes: String = row.try_get("scopes")?;
        Ok(StoredConfig {
            config: MarketplaceConfig {
                consumer_key: row.try_get("consumer_key")?,
                consumer_secret: self.secrets.open_string(SECRET_PURPOSE, &sealed)?,
                login_host: row.try_get("login_host")?,
                scopes: scopes.split_whitespace().map(str::to_owned).collect(),
                api_version: row.try_get("api_version")?,
            },
            generation: row.try_get("generation")?,
            api_guard_percent: u8::try_from(row.try_get::<i64, _>("api_guard_percent")?.clamp(1, 100)).unwrap_or(100),
            searchable_objects: row.try_get::<Option<String>, _>("searchable_objects")?.and_then(|json| {
                serde_json::from_str(&json)
                    .inspect_err(|error| tracing::warn!(%error, "the saved searchable objects are unreadable; using the presets"))
                    .ok()
            }),
        })
    }

    /// Saves the objects widgets may search. Not a configuration change: no generation bump,
    /// nobody signed out. False when nothing is configured yet.
    pub async fn set_searchable_objects(&self, choices: &[crate::catalog::ObjectChoice]) -> Result<bool, StoreError> {
        // Strings and booleans only: serialising cannot fail.
        let json = serde_json::to_string(choices).unwrap_or_default();
        let updated = sqlx::query("UPDATE marketplace_config SET searchable_objects = $1 WHERE id = 1")
            .bind(json)
            .execute(&self.pool)
            .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Sets the share of the API allowance at which widgets stop. Not a configuration change:
    /// no generation bump, nobody signed out. False when nothing is configured yet.
    pub async fn set_api_guard_percent(&self, percent: u8) -> Result<bool, StoreError> {
        let updated = sqlx::query("UPDATE marketplace_config SET api_guard_percent = $1 WHERE id = 1")
            .bind(i64::from(percent))
            .execute(&self.pool)
            .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Stores `config` only if there is no configuration yet (start-up defaults never overwrite
    /// what an administrator saved). Returns whether it was stored.
    /// `objects`, when given, are stored with it in the same statement (never one without the
    /// other).
    pub async fn insert_initial_config(
        &self,
        config: &MarketplaceConfig,
        objects: Option<&[crate::catalog::ObjectChoice]>,
    ) -> Result<bool, StoreError> {
        let sealed = self.secrets.seal(SECRET_PURPOSE, config.consumer_secret.as_bytes())?;
        // Strings and booleans only: serialising cannot fail.
        let objects = objects.map(|o| serde_json::to_string(o).unwrap_or_default());
        let result = sqlx::query(
            "INSERT INTO marketplace_config \
             (id, consumer_key, consumer_secret, login_host, scopes, api_version, generation, updated_at, \
             searchable_objects) VALUES (1, $1, $2, $3, $4, $5, 1, $6, $7) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&config.consumer_key)
        .bind(sealed)
        .bind(&config.login_host)
        .bind(config.scopes.join(" "))
        .bind(&config.api_version)
        .bind(now_seconds())
        .bind(objects)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }
}

impl Store {
    /// Saves `config`. A change to an existing configuration bumps the generation and, in the
    /// same transaction, deletes every user's tokens (recording `config_changed` as the reason)
    /// and every sign-in in progress. Returns the number of connections purged.
    pub async fn save_marketplace_config(&self, config: &MarketplaceConfig) -> Result<SaveOutcome, StoreError> {
        let sealed = self.secrets.seal(SECRET_PURPOSE, config.consumer_secret.as_bytes())?;
        let now = now_seconds();
        let mut transaction = self.pool.begin().await?;
        // A write as the first statement: the transaction holds the write lock from the start.
        sqlx::query(
            "INSERT INTO marketplace_config \
             (id, consumer_key, consumer_secret, login_host, scopes, api_version, generation, updated_at) \
             VALUES (1, $1, $2, $3, $4, $5, 1, $6) ON CONFLICT (id) DO UPDATE SET \
             consumer_key = excluded.consumer_key, consumer_secret = excluded.consumer_secret, \
             login_host = excluded.login_host, scopes = excluded.scopes, api_version = excluded.api_version, \
             generation = marketplace_config.generation + 1, updated_at = excluded.updated_at",
        )
        .bind(&config.consumer_key)
        .bind(&sealed)
        .bind(&config.login_host)
        .bind(config.scopes.join(" "))
        .bind(&config.api_version)
        .bind(now)
        .execute(&mut *transaction)
        .await?;
        sqlx::query(
            "INSERT INTO connection_endings (intranet_user, reason, ended_at) \
             SELECT intranet_user, 'config_changed', $1 FROM salesforce_connections WHERE true \
             ON CONFLICT (intranet_user) DO UPDATE SET reason = excluded.reason, ended_at = excluded.ended_at",
        )
        .bind(now)
        .execute(&mut *transaction)
        .await?;
        let (purged, revoke) = self.purge_connections(&mut transaction).await?;
        sqlx::query("DELETE FROM oauth_sign_ins").execute(&mut *transaction).await?;
        let generation: i64 = sqlx::query_scalar("SELECT generation FROM marketplace_config WHERE id = 1")
            .fetch_one(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(SaveOutcome { purged_tokens: purged, generation, revoke })
    }
}

impl Store {
    /// The origins an administrator allowed (none before anything is configured).
    pub async fn allowed_origins(&self) -> Result<Vec<String>, StoreError> {
        let stored: Option<String> = sqlx::query_scalar("SELECT allowed_origins FROM marketplace_config WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(stored.unwrap_or_default().split_whitespace().map(str::to_owned).collect())
    }

    /// Replaces the allowed origins; false when nothing is configured yet. Signs nobody out.
    pub async fn set_allowed_origins(&self, origins: &[String]) -> Result<bool, StoreError> {
        let updated = sqlx::query("UPDATE marketplace_config SET allowed_origins = $1 WHERE id = 1")
            .bind(origins.join(" "))
            .execute(&self.pool)
            .await?;
        Ok(updated.rows_affected() == 1)
    }
}

/// What saving a configuration did.
#[derive(Debug)]
pub struct SaveOutcome {
    pub purged_tokens: u64,
    pub generation: i64,
    /// The purged connections' tokens, to revoke at Salesforce now that they are deleted here.
    pub revoke: Vec<secrecy::SecretString>,
}

#[cfg(test)]
mod tests {
    use crate::store::test_support::{config, store};

    #[tokio::test]
    async fn the_initial_config_is_stored_once_and_read_back() {
        let (store, _dir) = store().await;
        assert_eq!(store.marketplace_config().await.unwrap(), None);
        assert!(store.insert_initial_config(&config("first"), None).await.unwrap());
        assert!(!store.insert_initial_config(&config("second"), None).await.unwrap());
        let stored = store.marketplace_config().await.unwrap().unwrap();
        assert_eq!(stored.config, config("first"));
        assert_eq!(stored.generation, 1);
        assert_eq!(stored.searchable_objects, None, "the presets until someone chooses");
    }

    #[tokio::test]
    async fn initial_objects_are_stored_with_the_initial_config() {
        let (store, _dir) = store().await;
        let choices = crate::catalog::Catalog::initial_choices(&["Contact".into(), "Project__c".into()]);
        assert!(store.insert_initial_config(&config("first"), Some(&choices)).await.unwrap());
        let stored = store.marketplace_config().await.unwrap().unwrap();
        assert_eq!(stored.searchable_objects.as_deref(), Some(choices.as_slice()));
        let keys: Vec<String> = stored.catalog().objects().iter().map(|o| o.key()).collect();
        assert_eq!(keys, ["contact", "project__c"]);
    }

    #[tokio::test]
    async fn the_secret_column_holds_no_plaintext() {
        let (store, _dir) = store().await;
        store.insert_initial_config(&config("plain-secret-value"), None).await.unwrap();
        let raw: Vec<u8> =
            sqlx::query_scalar("SELECT consumer_secret FROM marketplace_config").fetch_one(&store.pool).await.unwrap();
        assert!(!String::from_utf8_lossy(&raw).contains("plain-secret-value"));
    }
}

//! Users' Salesforce connections: encrypted tokens, written only under the configuration
//! generation they were issued for, and the reason a connection ended.

use super::{Dialect, Store, StoreError, marketplace::config_columns, now_seconds};
use crate::marketplace::StoredConfig;
use secrecy::{ExposeSecret, SecretString};
use sqlx::{Row, any::AnyRow};

/// A stored connection, tokens decrypted (held in memory only, never logged).
#[derive(Debug)]
pub struct Connection {
    pub intranet_user: String,
    pub generation: i64,
    pub token_version: i64,
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    pub instance_url: String,
    pub identity_url: String,
    pub scopes: String,
    pub salesforce_user: Option<String>,
}

impl Connection {
    /// The Salesforce user id: the last segment of the identity URL (`…/id/{orgId}/{userId}`).
    pub fn salesforce_user_id(&self) -> Option<&str> {
        self.identity_url.rsplit('/').next().filter(|id| crate::salesforce::query::is_record_id(id))
    }

    /// The Salesforce org id: the segment before the user id in the identity URL.
    pub fn salesforce_org_id(&self) -> Option<&str> {
        self.identity_url.rsplit('/').nth(1).filter(|id| crate::salesforce::query::is_record_id(id))
    }
}

/// A connection to store after a code exchange.
#[derive(Debug)]
pub struct NewConnection<'a> {
    pub intranet_user: &'a str,
    pub access_token: &'a SecretString,
    pub refresh_token: Option<&'a SecretString>,
    pub instance_url: &'a str,
    pub identity_url: &'a str,
    pub scopes: &'a str,
    pub salesforce_user: Option<&'a str>,
}

/// Held while this replica refreshes a user's token. On PostgreSQL it is a transaction-scoped
/// advisory lock, so replicas refresh one at a time per user; it is released when dropped (the
/// transaction rolls back) or when the replica dies (the database ends its session). SQLite
/// serves a single process, where the in-process lock already suffices.
#[must_use = "the lock is released when this is dropped"]
pub struct RefreshLease {
    _transaction: Option<sqlx::Transaction<'static, sqlx::Any>>,
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// What [`Store::connection_from_row`] reads besides `generation`, from `salesforce_connections`
/// as `c` (its `scopes` renamed: the configuration has a column of that name too).
macro_rules! connection_columns {
    () => {
        "c.token_version, c.access_token, c.refresh_token, c.instance_url, c.identity_url, \
         c.scopes AS connection_scopes, c.salesforce_user"
    };
}

fn purpose(user: &str, which: &str) -> String {
    format!("salesforce:{user}:{which}")
}

impl Store {
    /// Deletes every connection within `transaction` (a configuration save) and returns one
    /// token per connection to revoke at Salesforce once it commits: the refresh token (revoking
    /// it ends its access tokens too), else the access token. A token that no longer decrypts
    /// cannot be revoked and is only deleted.
    pub(super) async fn purge_connections(
        &self,
        transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    ) -> Result<(u64, Vec<SecretString>), StoreError> {
        let rows = sqlx::query("SELECT intranet_user, access_token, refresh_token FROM salesforce_connections")
            .fetch_all(&mut **transaction)
            .await?;
        let mut revoke = Vec::with_capacity(rows.len());
        for row in &rows {
            let user: String = row.try_get("intranet_user")?;
            let refresh: Option<Vec<u8>> = row.try_get("refresh_token")?;
            let opened = match refresh {
                Some(sealed) => self.secrets.open_string(&purpose(&user, "refresh"), &sealed),
                None => {
                    self.secrets.open_string(&purpose(&user, "access"), &row.try_get::<Vec<u8>, _>("access_token")?)
                }
            };
            match opened {
                Ok(token) => revoke.push(SecretString::from(token)),
                Err(error) => tracing::warn!(user, %error, "a purged token could not be decrypted to revoke it"),
            }
        }
        let purged =
            sqlx::query("DELETE FROM salesforce_connections").execute(&mut **transaction).await?.rows_affected();
        Ok((purged, revoke))
    }

    /// A lock clause that makes a writer wait for (and then see) a configuration save in progress.
    fn share_lock(&self) -> &'static str {
        match self.dialect {
            Dialect::Postgres => " FOR SHARE",
            Dialect::Sqlite => "",
        }
    }

    /// Waits until no other replica is refreshing `intranet_user`'s token, then holds that right.
    pub async fn lease_refresh(&self, intranet_user: &str) -> Result<RefreshLease, StoreError> {
        if self.dialect == Dialect::Sqlite {
            return Ok(RefreshLease { _transaction: None, _permit: None });
        }
        let permit = self.leases.clone().acquire_owned().await.expect("the semaphore is never closed");
        let mut transaction = self.pool.begin().await?;
        // Wrapped in a sub-select because the lock function returns `void`, which the `Any`
        // driver cannot decode.
        sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS held")
            .bind(purpose(intranet_user, "refresh-lock"))
            .execute(&mut *transaction)
            .await?;
        Ok(RefreshLease { _transaction: Some(transaction), _permit: Some(permit) })
    }

    /// The user's connection, if it belongs to the current configuration.
    pub async fn connection(&self, intranet_user: &str) -> Result<Option<Connection>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT c.generation, ",
            connection_columns!(),
            " FROM salesforce_connections c \
             JOIN marketplace_config m ON m.id = 1 AND m.generation = c.generation WHERE c.intranet_user = $1"
        ))
        .bind(intranet_user)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| self.connection_from_row(intranet_user, &row)).transpose()
    }

    /// The configuration, if one is saved, and the user's connection under it, in one statement
    /// (what every search needs: one round trip to the database instead of two).
    pub async fn config_and_connection(
        &self,
        intranet_user: &str,
    ) -> Result<Option<(StoredConfig, Option<Connection>)>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            config_columns!(),
            ", c.intranet_user AS connected_user, ",
            connection_columns!(),
            " FROM marketplace_config m LEFT JOIN salesforce_connections c \
             ON c.generation = m.generation AND c.intranet_user = $1 WHERE m.id = 1"
        ))
        .bind(intranet_user)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let config = self.config_from_row(&row)?;
        let connection = match row.try_get::<Option<String>, _>("connected_user")? {
            Some(_) => Some(self.connection_from_row(intranet_user, &row)?),
            None => None,
        };
        Ok(Some((config, connection)))
    }

    /// A row with `generation` and [`connection_columns`] as `intranet_user`'s connection,
    /// tokens opened.
    fn connection_from_row(&self, intranet_user: &str, row: &AnyRow) -> Result<Connection, StoreError> {
        let access: Vec<u8> = row.try_get("access_token")?;
        let refresh: Option<Vec<u8>> = row.try_get("refresh_token")?;
        Ok(Connection {
            intranet_user: intranet_user.to_owned(),
            generation: row.try_get("generation")?,
            token_version: row.try_get("token_version")?,
            access_token: SecretString::from(self.secrets.open_string(&purpose(intranet_user, "access"), &access)?),
            refresh_token: match refresh {
                Some(sealed) => {
                    Some(SecretString::from(self.secrets.open_string(&purpose(intranet_user, "refresh"), &sealed)?))
                }
                None => None,
            },
            instance_url: row.try_get("instance_url")?,
            identity_url: row.try_get("identity_url")?,
            scopes: row.try_get("connection_scopes")?,
            salesforce_user: row.try_get("salesforce_user")?,
        })
    }

    /// Stores (or replaces) a connection, only if the configuration is still at `generation`.
    /// Returns false when an administrator saved a new configuration meanwhile.
    pub async fn save_connection(&self, new: &NewConnection<'_>, generation: i64) -> Result<bool, StoreError> {
        let access =
            self.secrets.seal(&purpose(new.intranet_user, "access"), new.access_token.expose_secret().as_bytes())?;
        let refresh = match new.refresh_token {
            Some(token) => {
                Some(self.secrets.seal(&purpose(new.intranet_user, "refresh"), token.expose_secret().as_bytes())?)
            }
            None => None,
        };
        let now = now_seconds();
        let mut transaction = self.pool.begin().await?;
        // Only constant text goes into the statement (the lock clause); values are bound.
        let stored = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO salesforce_connections (intranet_user, generation, token_version, access_token, refresh_token, \
             instance_url, identity_url, scopes, salesforce_user, created_at, updated_at) \
             SELECT $1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $9 WHERE EXISTS \
             (SELECT 1 FROM marketplace_config WHERE id = 1 AND generation = $2{}) \
             ON CONFLICT (intranet_user) DO UPDATE SET generation = excluded.generation, \
             token_version = salesforce_connections.token_version + 1, access_token = excluded.access_token, \
             refresh_token = excluded.refresh_token, instance_url = excluded.instance_url, \
             identity_url = excluded.identity_url, scopes = excluded.scopes, \
             salesforce_user = excluded.salesforce_user, updated_at = excluded.updated_at",
            self.share_lock()
        )))
        .bind(new.intranet_user)
        .bind(generation)
        .bind(access)
        .bind(refresh)
        .bind(new.instance_url)
        .bind(new.identity_url)
        .bind(new.scopes)
        .bind(new.salesforce_user)
        .bind(now)
        .execute(&mut *transaction)
        .await?
        .rows_affected()
            == 1;
        if stored {
            sqlx::query("DELETE FROM connection_endings WHERE intranet_user = $1")
                .bind(new.intranet_user)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(stored)
    }

    /// Replaces the tokens after a refresh, only if nobody refreshed or purged since
    /// `expected_version` was read. A rotated refresh token replaces the stored one in the same
    /// statement; `None` keeps the stored one.
    pub async fn update_refreshed_tokens(
        &self,
        intranet_user: &str,
        expected_version: i64,
        access_token: &SecretString,
        refresh_token: Option<&SecretString>,
        instance_url: &str,
    ) -> Result<bool, StoreError> {
        let access = self.secrets.seal(&purpose(intranet_user, "access"), access_token.expose_secret().as_bytes())?;
        let refresh = match refresh_token {
            Some(token) => {
                Some(self.secrets.seal(&purpose(intranet_user, "refresh"), token.expose_secret().as_bytes())?)
            }
            None => None,
        };
        let updated = sqlx::query(
            "UPDATE salesforce_connections SET access_token = $1, refresh_token = COALESCE($2, refresh_token), \
             instance_url = $3, token_version = token_version + 1, updated_at = $4 \
             WHERE intranet_user = $5 AND token_version = $6",
        )
        .bind(access)
        .bind(refresh)
        .bind(instance_url)
        .bind(now_seconds())
        .bind(intranet_user)
        .bind(expected_version)
        .execute(&self.pool)
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Deletes the connection; with a reason, the widget will say why it ended.
    pub async fn end_connection(&self, intranet_user: &str, reason: Option<&str>) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("DELETE FROM salesforce_connections WHERE intranet_user = $1")
            .bind(intranet_user)
            .execute(&mut *transaction)
            .await?;
        match reason {
            Some(reason) => {
                sqlx::query(
                    "INSERT INTO connection_endings (intranet_user, reason, ended_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (intranet_user) DO UPDATE SET reason = excluded.reason, ended_at = excluded.ended_at",
                )
                .bind(intranet_user)
                .bind(reason)
                .bind(now_seconds())
                .execute(&mut *transaction)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM connection_endings WHERE intranet_user = $1")
                    .bind(intranet_user)
                    .execute(&mut *transaction)
                    .await?;
            }
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Why the user's last connection ended, if it ended for a reason worth telling.
    pub async fn connection_ending(&self, intranet_user: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT reason FROM connection_endings WHERE intranet_user = $1")
            .bind(intranet_user)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// How many users are connected (what a configuration change would purge).
    pub async fn count_connections(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM salesforce_connections").fetch_one(&self.pool).await?)
    }

    /// Stored connections whose generation is not the configuration's current one (what a purge
    /// must never leave behind), for tests.
    #[doc(hidden)]
    pub async fn connections_outside_current_generation(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM salesforce_connections c WHERE NOT EXISTS \
             (SELECT 1 FROM marketplace_config m WHERE m.id = 1 AND m.generation = c.generation)",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// The raw stored columns, for tests that prove nothing is plaintext.
    #[doc(hidden)]
    pub async fn raw_token_columns(&self) -> Result<Vec<(Vec<u8>, Option<Vec<u8>>)>, StoreError> {
        let rows =
            sqlx::query("SELECT access_token, refresh_token FROM salesforce_connections").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((r.try_get("access_token")?, r.try_get("refresh_token")?))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{config, store};

    async fn connect(store: &Store, user: &str, generation: i64) {
        let (access, refresh) =
            (SecretString::from(format!("access-{user}")), SecretString::from(format!("refresh-{user}")));
        let new = NewConnection {
            intranet_user: user,
            access_token: &access,
            refresh_token: Some(&refresh),
            instance_url: "https://acme.my.salesforce.com",
            identity_url: "https://login.salesforce.com/id/00DDm0000000001AAA/005Dm0000000001AAA",
            // Not the configuration's scopes: the statement reads both tables' `scopes`.
            scopes: "api refresh_token id",
            salesforce_user: Some("Grace Hopper"),
        };
        assert!(store.save_connection(&new, generation).await.unwrap());
    }

    #[tokio::test]
    async fn the_configuration_and_a_connection_read_together_match_each_read_alone() {
        let (store, _dir) = store().await;
        assert!(store.config_and_connection("grace").await.unwrap().is_none(), "nothing configured");
        store.insert_initial_config(&config("first"), None).await.unwrap();
        let (stored, none) = store.config_and_connection("grace").await.unwrap().unwrap();
        assert_eq!(Some(stored), store.marketplace_config().await.unwrap());
        assert!(none.is_none(), "not connected");

        connect(&store, "grace", 1).await;
        let (stored, together) = store.config_and_connection("grace").await.unwrap().unwrap();
        let (together, alone) = (together.unwrap(), store.connection("grace").await.unwrap().unwrap());
        assert_eq!(stored.config.scopes, ["api", "refresh_token"]);
        for c in [&together, &alone] {
            assert_eq!(
                (c.intranet_user.as_str(), c.generation, c.token_version, c.scopes.as_str()),
                ("grace", 1, 1, "api refresh_token id")
            );
            assert_eq!(c.access_token.expose_secret(), "access-grace");
            assert_eq!(
                c.refresh_token.as_ref().map(|t| t.expose_secret().to_owned()).as_deref(),
                Some("refresh-grace")
            );
            assert_eq!(c.instance_url, "https://acme.my.salesforce.com");
            assert!(c.identity_url.ends_with("/005Dm0000000001AAA"));
            assert_eq!(c.salesforce_user.as_deref(), Some("Grace Hopper"));
        }
        let (_, someone_else) = store.config_and_connection("alan").await.unwrap().unwrap();
        assert!(someone_else.is_none(), "grace's connection is hers alone");

        // Issued under another configuration: never read as hers, together or alone.
        sqlx::query("UPDATE salesforce_connections SET generation = 0").execute(&store.pool).await.unwrap();
        assert!(store.config_and_connection("grace").await.unwrap().unwrap().1.is_none());
        assert!(store.connection("grace").await.unwrap().is_none());
        sqlx::query("UPDATE salesforce_connections SET generation = 1").execute(&store.pool).await.unwrap();
        assert!(store.config_and_connection("grace").await.unwrap().unwrap().1.is_some());

        // A saved change purges: the new generation has no connection.
        store.save_marketplace_config(&config("second")).await.unwrap();
        let (stored, purged) = store.config_and_connection("grace").await.unwrap().unwrap();
        assert_eq!((stored.generation, stored.config.consumer_secret.as_str()), (2, "second"));
        assert!(purged.is_none());
    }
}

//! Sign-ins in progress: one row per OAuth `state`, single use, expiring.

use super::{Store, StoreError, fingerprint, now_seconds};
use secrecy::{ExposeSecret, SecretString};
use sqlx::Row;

/// What the callback needs to finish a sign-in.
#[derive(Debug)]
pub struct PendingSignIn {
    pub intranet_user: String,
    pub pkce_verifier: SecretString,
    pub return_to: String,
    pub generation: i64,
}

const VERIFIER_PURPOSE: &str = "oauth:pkce_verifier";

/// Sign-ins a person may have in progress at once (tabs, retries); starting another drops the
/// oldest, so nobody can fill the table.
pub const PENDING_PER_PERSON: i64 = 5;

impl Store {
    pub async fn start_sign_in(
        &self,
        state: &str,
        intranet_user: &str,
        pkce_verifier: &SecretString,
        return_to: &str,
        generation: i64,
        lifetime_seconds: i64,
    ) -> Result<(), StoreError> {
        let now = now_seconds();
        let sealed = self.secrets.seal(VERIFIER_PURPOSE, pkce_verifier.expose_secret().as_bytes())?;
        // Old, abandoned sign-ins are cleared on the way.
        sqlx::query("DELETE FROM oauth_sign_ins WHERE expires_at < $1").bind(now).execute(&self.pool).await?;
        sqlx::query(
            "INSERT INTO oauth_sign_ins \
             (state_hash, intranet_user, pkce_verifier, return_to, generation, expires_at, started_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(fingerprint(state))
        .bind(intranet_user)
        .bind(sealed)
        .bind(return_to)
        .bind(generation)
        .bind(now + lifetime_seconds)
        .bind(started_at_ms())
        .execute(&self.pool)
        .await?;
        sqlx::query(
            "DELETE FROM oauth_sign_ins WHERE intranet_user = $1 AND state_hash NOT IN \
             (SELECT state_hash FROM oauth_sign_ins WHERE intranet_user = $1 ORDER BY started_at_ms DESC LIMIT $2)",
        )
        .bind(intranet_user)
        .bind(PENDING_PER_PERSON)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// How many sign-ins `intranet_user` has in progress (expired ones included until cleared).
    pub async fn pending_sign_ins(&self, intranet_user: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM oauth_sign_ins WHERE intranet_user = $1")
            .bind(intranet_user)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Takes the sign-in for `state` out (single use). None: unknown, used or expired.
    /// Looking up by hash makes the comparison independent of how much of `state` matches.
    pub async fn take_sign_in(&self, state: &str) -> Result<Option<PendingSignIn>, StoreError> {
        let row = sqlx::query(
            "DELETE FROM oauth_sign_ins WHERE state_hash = $1 \
             RETURNING intranet_user, pkce_verifier, return_to, generation, expires_at",
        )
        .bind(fingerprint(state))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let expires_at: i64 = row.try_get("expires_at")?;
        if expires_at < now_seconds() {
            return Ok(None);
        }
        let sealed: Vec<u8> = row.try_get("pkce_verifier")?;
        Ok(Some(PendingSignIn {
            intranet_user: row.try_get("intranet_user")?,
            pkce_verifier: SecretString::from(self.secrets.open_string(VERIFIER_PURPOSE, &sealed)?),
            return_to: row.try_get("return_to")?,
            generation: row.try_get("generation")?,
        }))
    }
}

fn started_at_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
}

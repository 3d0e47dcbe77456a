//! Demo intranet sessions: the cookie holds a random id, the database only its hash.

use super::{Store, StoreError, fingerprint, now_seconds};

impl Store {
    pub async fn create_session(
        &self,
        session_id: &str,
        intranet_user: &str,
        lifetime_seconds: i64,
    ) -> Result<(), StoreError> {
        // Expired sessions are cleared on the way (an index keeps this cheap).
        sqlx::query("DELETE FROM intranet_sessions WHERE expires_at < $1")
            .bind(now_seconds())
            .execute(&self.pool)
            .await?;
        sqlx::query("INSERT INTO intranet_sessions (session_hash, intranet_user, expires_at) VALUES ($1, $2, $3)")
            .bind(fingerprint(session_id))
            .bind(intranet_user)
            .bind(now_seconds() + lifetime_seconds)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn session_user(&self, session_id: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT intranet_user FROM intranet_sessions WHERE session_hash = $1 AND expires_at > $2",
        )
        .bind(fingerprint(session_id))
        .bind(now_seconds())
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn end_session(&self, session_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM intranet_sessions WHERE session_hash = $1 OR expires_at < $2")
            .bind(fingerprint(session_id))
            .bind(now_seconds())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

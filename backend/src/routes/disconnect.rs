//! `POST /api/salesforce/disconnect`: revokes the user's token at Salesforce and deletes it.

use crate::{AppState, error::ApiError, identity::IntranetUser};
use axum::{extract::State, http::StatusCode};

pub async fn disconnect(State(state): State<AppState>, user: IntranetUser) -> Result<StatusCode, ApiError> {
    if let Some((config, Some(connection))) = state.store.config_and_connection(&user.id).await? {
        // Revoking the refresh token ends its access tokens too.
        let token = connection.refresh_token.as_ref().unwrap_or(&connection.access_token);
        if let Err(error) = state.salesforce.revoke(&config.config, token).await {
            // The local copy goes anyway: the user asked to be disconnected from this intranet.
            tracing::warn!(%error, "could not revoke at Salesforce; deleting the local connection");
        }
    }
    state.store.end_connection(&user.id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

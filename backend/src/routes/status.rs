//! `GET /api/salesforce/status`: can this intranet user search Salesforce, and if not, why.

use crate::{AppState, error::ApiError, identity::IntranetUser};
use axum::{Json, extract::State};
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct StatusBody {
    pub configured: bool,
    pub connected: bool,
    pub reauth_reason: Option<String>,
    pub salesforce_user: Option<String>,
    pub is_admin: bool,
}

pub async fn status(State(state): State<AppState>, user: IntranetUser) -> Result<Json<StatusBody>, ApiError> {
    let configured = state.store.is_configured().await?;
    let connection = if configured { state.store.connection(&user.id).await? } else { None };
    let reauth_reason =
        if configured && connection.is_none() { state.store.connection_ending(&user.id).await? } else { None };
    Ok(Json(StatusBody {
        configured,
        connected: connection.is_some(),
        reauth_reason,
        salesforce_user: connection.and_then(|c| c.salesforce_user),
        is_admin: user.is_admin,
    }))
}

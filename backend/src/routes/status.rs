//! `GET /api/salesforce/status`: can this intranet user search Salesforce, and if not, why.

use crate::{AppState, error::ApiError};
use axum::{Json, extract::State};
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct StatusBody {
    pub configured: bool,
    pub connected: bool,
    pub reauth_reason: Option<&'static str>,
    pub salesforce_user: Option<String>,
    pub is_admin: bool,
}

pub async fn status(State(state): State<AppState>) -> Result<Json<StatusBody>, ApiError> {
    let configured = state.store.marketplace_config().await?.is_some();
    Ok(Json(StatusBody { configured, connected: false, reauth_reason: None, salesforce_user: None, is_admin: false }))
}

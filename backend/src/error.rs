//! The API's one error shape: `{"error": "<stable code>", "message": "<sentence for a person>"}`,
//! plus `reason` for re-authentication and `fields` for validation errors.
//!
//! The widget switches on `error` (and `reason`), never on `message`. Internal details are
//! logged, never sent.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use std::collections::BTreeMap;
use widget_contract::codes;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Why re-authentication is needed (`config_changed`, `token_revoked`, `session_invalid`).
    pub reason: Option<&'static str>,
    /// Per-field messages of a rejected form.
    pub fields: BTreeMap<&'static str, String>,
    /// Seconds after which trying again makes sense (`Retry-After`).
    pub retry_after: Option<u64>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fields: &'a BTreeMap<&'static str, String>,
    /// `Retry-After` again, for clients that cannot read the header (a cross-origin fetch
    /// sees only the CORS-safelisted ones).
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), reason: None, fields: BTreeMap::new(), retry_after: None }
    }

    pub fn with_reason(mut self, reason: &'static str) -> Self {
        self.reason = Some(reason);
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// A JSON body that could not be read: too large (413 `request_too_large`), or else `code`
    /// with 400 and the reader's explanation after `lead`.
    pub fn unreadable_body(
        rejection: &axum::extract::rejection::JsonRejection,
        code: &'static str,
        lead: &str,
    ) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::REQUEST_TOO_LARGE,
                "The request is larger than the intranet accepts.",
            );
        }
        Self::new(StatusCode::BAD_REQUEST, code, format!("{lead}: {}", rejection.body_text()))
    }

    /// A failure of ours; the cause goes to the log only.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on the intranet server.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: self.code,
            message: &self.message,
            reason: self.reason,
            fields: &self.fields,
            retry_after: self.retry_after,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(error: crate::store::StoreError) -> Self {
        Self::internal(error)
    }
}

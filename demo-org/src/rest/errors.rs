//! Salesforce's REST error body: a JSON array of `{"message", "errorCode"}`.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

pub fn sf_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!([{ "message": message, "errorCode": code }]))).into_response()
}

/// 401 for a missing, unknown, expired or revoked access token.
pub fn invalid_session(message: &str) -> Response {
    let mut response = sf_error(StatusCode::UNAUTHORIZED, "INVALID_SESSION_ID", message);
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
    response
}

pub fn not_found() -> Response {
    sf_error(StatusCode::NOT_FOUND, "NOT_FOUND", "The requested resource does not exist")
}

impl From<crate::sosl::SoslError> for Response {
    fn from(error: crate::sosl::SoslError) -> Self {
        sf_error(StatusCode::BAD_REQUEST, error.code, &error.message)
    }
}

//! The stable `error` codes of the API's error body `{"error", "message", "reason"?,
//! "fields"?, "retry_after"?}`. Clients switch on these, never on the message.

pub const INTRANET_SIGN_IN_REQUIRED: &str = "intranet_sign_in_required";
/// Reason of [`INTRANET_SIGN_IN_REQUIRED`] when the backend's own demo sign-in page exists.
pub const REASON_DEMO_SIGN_IN: &str = "demo_sign_in";
pub const NOT_CONFIGURED: &str = "not_configured";
pub const SALESFORCE_NOT_CONNECTED: &str = "salesforce_not_connected";
pub const SALESFORCE_REAUTH_REQUIRED: &str = "salesforce_reauth_required";
pub const SALESFORCE_API_DISABLED: &str = "salesforce_api_disabled";
/// Salesforce refused: the org's allocation is used up.
pub const SALESFORCE_RATE_LIMITED: &str = "salesforce_rate_limited";
/// The intranet paused: the org's usage is at the share kept for other systems.
pub const API_ALLOWANCE_GUARDED: &str = "api_allowance_guarded";
/// This person's share of requests is spent for now (`retry_after` says when to try again).
pub const TOO_MANY_REQUESTS: &str = "too_many_requests";
pub const SALESFORCE_UNAVAILABLE: &str = "salesforce_unavailable";
/// The page's origin may not use this backend.
pub const ORIGIN_NOT_ALLOWED: &str = "origin_not_allowed";
pub const CSRF_REJECTED: &str = "csrf_rejected";
pub const ADMIN_REQUIRED: &str = "admin_required";
pub const INVALID_CONFIGURATION: &str = "invalid_configuration";
pub const REQUEST_TOO_LARGE: &str = "request_too_large";
pub const QUERY_TOO_SHORT: &str = "query_too_short";
pub const QUERY_TOO_LONG: &str = "query_too_long";
/// The org has no object of that name the person can see.
pub const UNKNOWN_OBJECT: &str = "unknown_object";

/// Why [`SALESFORCE_REAUTH_REQUIRED`]: an administrator changed the settings, the token was
/// revoked or refused, or the session cannot be used.
pub const REASON_CONFIG_CHANGED: &str = "config_changed";
pub const REASON_TOKEN_REVOKED: &str = "token_revoked";
pub const REASON_SESSION_INVALID: &str = "session_invalid";
/// Why [`SALESFORCE_API_DISABLED`]: this user lacks "API Enabled" (the org answered others), or
/// it cannot be told from an edition without API.
pub const REASON_USER: &str = "user";
pub const REASON_UNKNOWN: &str = "unknown";

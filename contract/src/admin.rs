//! Control Panel › Marketplace › Salesforce: what the backend shows the administrator.

/// `GET /api/admin/marketplace/salesforce` (the secret itself never comes back).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConfigView {
    pub configured: bool,
    pub consumer_key: Option<String>,
    pub consumer_secret_set: bool,
    pub login_host: Option<String>,
    pub scopes: Vec<String>,
    pub api_version: String,
    /// The exact callback URL to register in the Connected App.
    pub callback_url: String,
    pub connected_users: i64,
    /// The share of the org's API allowance at which widgets pause.
    pub api_guard_percent: u8,
    /// The org's API usage as the server last saw it, if it has seen any.
    pub api_usage: Option<UsageView>,
    /// Origins of other intranet pages an administrator allowed to embed the widget.
    pub allowed_origins: Vec<String>,
    /// Origins allowed at start-up (`--allowed-origins`), not editable in the control panel.
    pub fixed_origins: Vec<String>,
}

/// The org's API usage from the last `Sforce-Limit-Info` the server saw.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UsageView {
    pub used: u64,
    pub limit: u64,
    pub seconds_ago: u64,
    /// Widgets are paused right now because usage is at the share.
    pub paused: bool,
}

/// `PUT /api/admin/marketplace/salesforce`: how many connections the save ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SaveResult {
    pub purged_tokens: u64,
}

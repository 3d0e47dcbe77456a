//! The marketplace configuration: the Salesforce Connected App an administrator set up.

/// Scopes the vendor's setup page asks administrators to select on the Connected App.
pub const DEFAULT_SCOPES: [&str; 6] = ["api", "custom_permissions", "id", "full", "refresh_token", "web"];

/// REST API version used unless the administrator picks another.
pub const DEFAULT_API_VERSION: &str = "62.0";

/// Production login host; sandboxes use `https://test.salesforce.com`, others their My Domain.
pub const PRODUCTION_LOGIN_HOST: &str = "https://login.salesforce.com";

/// A complete configuration, with the consumer secret in clear (only ever held in memory).
#[derive(Clone, PartialEq, Eq)]
pub struct MarketplaceConfig {
    pub consumer_key: String,
    pub consumer_secret: String,
    /// Scheme and host (and port) of the OAuth endpoints, no trailing slash.
    pub login_host: String,
    pub scopes: Vec<String>,
    pub api_version: String,
}

// Written by hand so the secret can never end up in a log line through `{:?}`.
impl std::fmt::Debug for MarketplaceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MarketplaceConfig")
            .field("consumer_key", &self.consumer_key)
            .field("consumer_secret", &"<redacted>")
            .field("login_host", &self.login_host)
            .field("scopes", &self.scopes)
            .field("api_version", &self.api_version)
            .finish()
    }
}

/// A configuration as stored, with the generation it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredConfig {
    pub config: MarketplaceConfig,
    /// Bumped by every saved change; tokens from older generations are void.
    pub generation: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_secret() {
        let config = MarketplaceConfig {
            consumer_key: "key".into(),
            consumer_secret: "very-secret".into(),
            login_host: PRODUCTION_LOGIN_HOST.into(),
            scopes: vec!["api".into()],
            api_version: DEFAULT_API_VERSION.into(),
        };
        assert!(!format!("{config:?}").contains("very-secret"));
    }
}

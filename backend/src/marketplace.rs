//! The marketplace configuration: the Salesforce Connected App an administrator set up.

use crate::salesforce::hosts;

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
    /// The share of the org's API allowance at which widgets stop (see [`crate::api_guard`]);
    /// changing it signs nobody out.
    pub api_guard_percent: u8,
    /// The objects widgets may search as the control panel saved them; None: the presets.
    pub searchable_objects: Option<Vec<crate::catalog::ObjectChoice>>,
}

impl StoredConfig {
    /// The objects widgets may search under this configuration.
    pub fn catalog(&self) -> crate::catalog::Catalog {
        match &self.searchable_objects {
            Some(choices) => crate::catalog::Catalog::from_choices(choices),
            None => crate::catalog::Catalog::presets(),
        }
    }
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

/// Scopes a Connected App can grant (Salesforce's names).
pub const KNOWN_SCOPES: &[&str] = &[
    "api",
    "chatter_api",
    "custom_permissions",
    "id",
    "profile",
    "email",
    "address",
    "phone",
    "full",
    "refresh_token",
    "offline_access",
    "web",
    "openid",
    "visualforce",
    "lightning",
    "content",
    "wave_api",
    "cdp_api",
    "pardot_api",
];

/// What an administrator submits. An empty or missing secret keeps the stored one.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigInput {
    pub consumer_key: Option<String>,
    pub consumer_secret: Option<String>,
    pub login_host: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub api_version: Option<String>,
}

/// Per-field messages, keyed by the input's field names.
pub type FieldErrors = std::collections::BTreeMap<&'static str, String>;

/// Checks every field and builds the configuration to save, or says what is wrong with each.
pub fn validate(input: &ConfigInput, existing: Option<&MarketplaceConfig>) -> Result<MarketplaceConfig, FieldErrors> {
    let mut errors = FieldErrors::new();
    let consumer_key = input.consumer_key.as_deref().map(str::trim).unwrap_or_default().to_owned();
    if consumer_key.is_empty() {
        errors.insert("consumer_key", "Paste the Consumer Key of the Connected App.".into());
    } else if consumer_key.len() > 255 || consumer_key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        errors.insert("consumer_key", "A Consumer Key has no spaces and at most 255 characters.".into());
    }
    let consumer_secret = match input.consumer_secret.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(secret) if secret.len() > 255 || secret.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            errors.insert("consumer_secret", "A Consumer Secret has no spaces and at most 255 characters.".into());
            String::new()
        }
        Some(secret) => secret.to_owned(),
        None => match existing {
            Some(existing) => existing.consumer_secret.clone(),
            None => {
                errors.insert("consumer_secret", "Paste the Consumer Secret of the Connected App.".into());
                String::new()
            }
        },
    };
    let login_host = match normalize_login_host(input.login_host.as_deref().unwrap_or_default()) {
        Ok(host) => host,
        Err(message) => {
            errors.insert("login_host", message.into());
            String::new()
        }
    };
    let scopes: Vec<String> = match &input.scopes {
        None => DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect(),
        Some(scopes) => {
            let mut list: Vec<String> = Vec::new();
            for scope in scopes.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                if !KNOWN_SCOPES.contains(&scope) {
                    errors.insert("scopes", format!("\"{scope}\" is not a Salesforce OAuth scope."));
                } else if !list.iter().any(|s| s == scope) {
                    list.push(scope.to_owned());
                }
            }
            list
        }
    };
    if !errors.contains_key("scopes") {
        if !scopes.iter().any(|s| s == "api" || s == "full") {
            errors.insert("scopes", "Searching needs the \"api\" scope (Access and manage your data).".into());
        } else if !scopes.iter().any(|s| s == "refresh_token" || s == "offline_access") {
            errors.insert(
                "scopes",
                "Staying connected needs the \"refresh_token\" scope (Perform requests at any time).".into(),
            );
        }
    }
    let api_version =
        input.api_version.as_deref().map(str::trim).filter(|v| !v.is_empty()).unwrap_or(DEFAULT_API_VERSION);
    let major = api_version.strip_suffix(".0").and_then(|m| m.parse::<u32>().ok());
    if !major.is_some_and(|m| (37..=99).contains(&m)) {
        errors.insert("api_version", "Use a REST API version such as 62.0 (37.0 or newer).".into());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(MarketplaceConfig { consumer_key, consumer_secret, login_host, scopes, api_version: api_version.to_owned() })
}

/// `https://host[:port]` without path, query or trailing slash; plain http only for loopback.
pub fn normalize_login_host(raw: &str) -> Result<String, &'static str> {
    let trimmed = raw.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("Choose the login host: production, sandbox, or your My Domain URL.");
    }
    let (scheme, rest) =
        trimmed.split_once("://").ok_or("The login host must be a URL such as https://login.salesforce.com.")?;
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ', '\\']) {
        return Err("The login host is only the address, such as https://acme.my.salesforce.com, without a path.");
    }
    let host = rest.rsplit_once(':').filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit())).map_or(rest, |(h, _)| h);
    let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    match scheme {
        // Tokens and the Consumer Secret go to this host: only Salesforce's own domains.
        "https" if hosts::is_salesforce_host(host) || loopback => Ok(format!("https://{}", rest.to_ascii_lowercase())),
        "https" => Err(NOT_SALESFORCE),
        "http" if loopback => Ok(format!("http://{}", rest.to_ascii_lowercase())),
        _ => Err("The login host must use https:// (plain http only for a demo org on this machine)."),
    }
}

const NOT_SALESFORCE: &str = "The login host must be a Salesforce address: https://login.salesforce.com, \
    https://test.salesforce.com, or your My Domain such as https://acme.my.salesforce.com.";

#[cfg(test)]
mod validation_tests {
    use super::*;

    fn input() -> ConfigInput {
        ConfigInput {
            consumer_key: Some(" 3MVG9key ".into()),
            consumer_secret: Some("secret".into()),
            login_host: Some("https://Acme.my.salesforce.com/".into()),
            scopes: None,
            api_version: None,
        }
    }

    #[test]
    fn a_complete_input_is_normalised() {
        let config = validate(&input(), None).unwrap();
        assert_eq!(config.consumer_key, "3MVG9key");
        assert_eq!(config.login_host, "https://acme.my.salesforce.com");
        assert_eq!(config.scopes, DEFAULT_SCOPES.map(String::from));
        assert_eq!(config.api_version, "62.0");
    }

    #[test]
    fn every_field_reports_its_own_problem() {
        let bad = ConfigInput {
            consumer_key: Some("".into()),
            consumer_secret: None,
            login_host: Some("http://login.salesforce.com".into()),
            scopes: Some(vec!["api".into(), "launch_missiles".into()]),
            api_version: Some("20.0".into()),
        };
        let errors = validate(&bad, None).unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            ["api_version", "consumer_key", "consumer_secret", "login_host", "scopes"]
        );
        let no_refresh = ConfigInput { scopes: Some(vec!["api".into()]), ..input() };
        assert!(validate(&no_refresh, None).unwrap_err()["scopes"].contains("refresh_token"));
    }

    #[test]
    fn an_empty_secret_keeps_the_stored_one() {
        let existing = validate(&input(), None).unwrap();
        let keep = ConfigInput { consumer_secret: Some("  ".into()), ..input() };
        assert_eq!(validate(&keep, Some(&existing)).unwrap().consumer_secret, "secret");
    }

    #[test]
    fn login_hosts() {
        assert_eq!(normalize_login_host("http://127.0.0.1:8081/"), Ok("http://127.0.0.1:8081".into()));
        assert_eq!(
            normalize_login_host("https://Acme--UAT.sandbox.my.salesforce.com"),
            Ok("https://acme--uat.sandbox.my.salesforce.com".into())
        );
        for bad in [
            "login.salesforce.com",
            "ftp://x",
            "https://login.salesforce.com/path",
            "https://user@login.salesforce.com",
            "http://evil.example",
            "https://evil.example",
            "https://login.salesforce.com.evil.example",
            "",
        ] {
            assert!(normalize_login_host(bad).is_err(), "{bad}");
        }
    }
}

//! The Connected Apps registered in the demo org (Setup › App Manager on a real org).

/// What an administrator set up for one app.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectedApp {
    pub name: String,
    pub consumer_key: String,
    pub consumer_secret: String,
    /// Exact callback URLs; `redirect_uri` must equal one of them byte for byte.
    pub callback_urls: Vec<String>,
    /// Scopes selected on the app; requests may ask for a subset.
    pub scopes: Vec<String>,
    /// Refresh Token Rotation: every refresh returns a new refresh token and voids the old one.
    pub refresh_token_rotation: bool,
}

impl std::fmt::Debug for ConnectedApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectedApp")
            .field("name", &self.name)
            .field("consumer_key", &self.consumer_key)
            .field("callback_urls", &self.callback_urls)
            .field("scopes", &self.scopes)
            .field("refresh_token_rotation", &self.refresh_token_rotation)
            .finish_non_exhaustive()
    }
}

/// The scopes the vendor's setup page selects.
pub const DEFAULT_SCOPES: [&str; 6] = ["api", "custom_permissions", "id", "full", "refresh_token", "web"];

impl ConnectedApp {
    /// An app named like the vendor's example, with the default scopes.
    pub fn new(consumer_key: &str, consumer_secret: &str, callback_url: &str) -> Self {
        Self {
            name: "Acme Intranet".to_owned(),
            consumer_key: consumer_key.to_owned(),
            consumer_secret: consumer_secret.to_owned(),
            callback_urls: vec![callback_url.to_owned()],
            scopes: DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect(),
            refresh_token_rotation: false,
        }
    }
}

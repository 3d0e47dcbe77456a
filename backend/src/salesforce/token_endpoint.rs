//! The login host's token endpoint: exchanging an authorization code, refreshing, revoking.
//! Every answer is checked for Salesforce's signature before its tokens are used.

use super::client::{SalesforceClient, is_json, transport_error};
use crate::marketplace::MarketplaceConfig;
use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::header;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::Sha256;

/// A successful token response (Salesforce's fields; no `expires_in`).
#[derive(Debug)]
pub struct Tokens {
    pub access_token: SecretString,
    /// Present on code exchange with the `refresh_token` scope, and on refresh only with rotation.
    pub refresh_token: Option<SecretString>,
    pub instance_url: String,
    /// Identity URL `…/id/{orgId}/{userId}`.
    pub id: String,
    pub scope: String,
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    refresh_token: Option<String>,
    instance_url: String,
    id: String,
    #[serde(default)]
    scope: String,
    issued_at: Option<String>,
    signature: Option<String>,
}

/// Why the token endpoint said no.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// The grant is dead (`invalid_grant`): revoked, expired, rotated out, or a used code.
    #[error("invalid_grant: {0}")]
    InvalidGrant(String),
    /// Another request is refreshing the same token right now.
    #[error("a token request is already being processed")]
    AlreadyProcessing,
    /// The Consumer Key or Secret is wrong (`invalid_client_id`, `invalid_client`).
    #[error("{0}")]
    InvalidClient(String),
    /// Any other OAuth error code.
    #[error("{error}: {description}")]
    Other { error: String, description: String },
    /// No usable answer: network failure, timeout, 5xx, HTML.
    #[error("Salesforce is unavailable: {0}")]
    Unavailable(String),
}

impl SalesforceClient {
    fn token_url(config: &MarketplaceConfig) -> String {
        format!("{}/services/oauth2/token", config.login_host)
    }

    /// Exchanges an authorization code (with the PKCE verifier) for tokens.
    pub async fn exchange_code(
        &self,
        config: &MarketplaceConfig,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
    ) -> Result<Tokens, TokenError> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", config.consumer_key.as_str()),
            ("client_secret", config.consumer_secret.as_str()),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ];
        self.token_request("code_exchange", config, &form).await
    }

    /// Uses a refresh token for a new access token.
    pub async fn refresh(
        &self,
        config: &MarketplaceConfig,
        refresh_token: &SecretString,
    ) -> Result<Tokens, TokenError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose_secret()),
            ("client_id", config.consumer_key.as_str()),
            ("client_secret", config.consumer_secret.as_str()),
        ];
        self.token_request("refresh", config, &form).await
    }

    async fn token_request(
        &self,
        call: &'static str,
        config: &MarketplaceConfig,
        form: &[(&str, &str)],
    ) -> Result<Tokens, TokenError> {
        let request = self.http.post(Self::token_url(config)).header(header::ACCEPT, "application/json").form(form);
        let response = self.send(call, request).await.map_err(|e| TokenError::Unavailable(transport_error(&e)))?;
        let status = response.status();
        let is_json = is_json(&response);
        let body = response.bytes().await.map_err(|e| TokenError::Unavailable(transport_error(&e)))?;
        if status.is_success() && is_json {
            let parsed: TokenBody = serde_json::from_slice(&body)
                .map_err(|_| TokenError::Unavailable("the token response is not what Salesforce sends".into()))?;
            verify_signature(&parsed, &config.consumer_secret)?;
            return Ok(Tokens {
                access_token: SecretString::from(parsed.access_token),
                refresh_token: parsed.refresh_token.map(SecretString::from),
                instance_url: parsed.instance_url.trim_end_matches('/').to_owned(),
                id: parsed.id,
                scope: parsed.scope,
            });
        }
        if status.is_server_error() || !is_json {
            return Err(TokenError::Unavailable(format!("token endpoint answered {status}")));
        }
        #[derive(Deserialize)]
        struct OAuthError {
            error: String,
            #[serde(default)]
            error_description: String,
        }
        let error: OAuthError = serde_json::from_slice(&body)
            .map_err(|_| TokenError::Unavailable(format!("token endpoint answered {status} without an OAuth error")))?;
        Err(match error.error.as_str() {
            "invalid_grant" if error.error_description.contains("already being processed") => {
                TokenError::AlreadyProcessing
            }
            "invalid_grant" => TokenError::InvalidGrant(error.error_description),
            "invalid_client_id" | "invalid_client" | "invalid_client_credentials" => {
                TokenError::InvalidClient(format!("{}: {}", error.error, error.error_description))
            }
            _ => TokenError::Other { error: error.error, description: error.error_description },
        })
    }

    /// Revokes a token at Salesforce (revoking a refresh token ends its access tokens too).
    pub async fn revoke(&self, config: &MarketplaceConfig, token: &SecretString) -> Result<(), TokenError> {
        let request = self
            .http
            .post(format!("{}/services/oauth2/revoke", config.login_host))
            .form(&[("token", token.expose_secret())]);
        let response = self.send("revoke", request).await.map_err(|e| TokenError::Unavailable(transport_error(&e)))?;
        match response.status() {
            s if s.is_success() => Ok(()),
            s if s.is_server_error() => Err(TokenError::Unavailable(format!("revoke answered {s}"))),
            // Already revoked or unknown: the goal (a dead token) is met.
            _ => Ok(()),
        }
    }
}

/// `signature` = base64(HMAC-SHA256(consumer secret, id + issued_at)); proves the response came
/// from the org that knows our secret. Salesforce signs both the code exchange and the refresh
/// answer, so an answer without a signature is not Salesforce's and is refused.
fn verify_signature(body: &TokenBody, consumer_secret: &str) -> Result<(), TokenError> {
    let (Some(signature), Some(issued_at)) = (&body.signature, &body.issued_at) else {
        return Err(TokenError::Unavailable("the token response carries no signature".into()));
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(consumer_secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body.id.as_bytes());
    mac.update(issued_at.as_bytes());
    let expected =
        STANDARD.decode(signature).map_err(|_| TokenError::Unavailable("the token signature is not base64".into()))?;
    mac.verify_slice(&expected)
        .map_err(|_| TokenError::Unavailable("the token response signature does not match".into()))
}

//! The Salesforce HTTP layer: the token endpoint (code exchange, refresh, revoke) on the login
//! host, and the REST search on the user's instance. It classifies every failure so callers
//! never look at bodies or messages. Nothing here logs a token or the consumer secret.

use crate::{marketplace::MarketplaceConfig, metrics::Metrics};
use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::{StatusCode, header};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::Sha256;
use std::time::{Duration, Instant};

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

/// Why a REST call failed, mapped from Salesforce's `errorCode`s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestError {
    #[error("session expired or invalid")]
    SessionExpired,
    #[error("the session is not valid for use with the REST API")]
    SessionNotValidForRest,
    /// `API_DISABLED_FOR_ORG`: the edition has no REST API, or the user lacks "API Enabled".
    #[error("the REST API is not enabled for this organization or user")]
    ApiDisabledForOrg,
    #[error("the org's API request limit is exceeded")]
    RequestLimitExceeded,
    /// Not sent: the org's usage is at the share the administrator keeps for other systems.
    #[error("the org's API usage is at the intranet's share; retry in {0:?}")]
    AllowanceGuarded(std::time::Duration),
    /// `INVALID_SEARCH`: a term Salesforce will not search (too short after its own parsing).
    #[error("Salesforce cannot search for that")]
    InvalidSearch,
    /// `INVALID_TYPE` / `INVALID_FIELD` naming one object: search without it.
    #[error("object {0} is not available to this user")]
    ObjectUnavailable(String),
    #[error("Salesforce is unavailable: {0}")]
    Unavailable(String),
    #[error("Salesforce refused the request: {code}: {message}")]
    Other { status: u16, code: String, message: String },
}

#[derive(Deserialize)]
struct RestErrorItem {
    #[serde(rename = "errorCode")]
    error_code: String,
    #[serde(default)]
    message: String,
}

/// The API usage Salesforce reported with a response (`Sforce-Limit-Info: api-usage=n/m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiUsage {
    pub used: u64,
    pub limit: u64,
}

pub fn parse_api_usage(header: &str) -> Option<ApiUsage> {
    let rest = header.split("api-usage=").nth(1)?;
    let (used, rest) = rest.split_once('/')?;
    let limit: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(ApiUsage { used: used.trim().parse().ok()?, limit: limit.parse().ok()? })
}

/// One HTTP client for all Salesforce calls: connection reuse, timeouts, no redirects on token
/// calls (the oauth2 crate's SSRF advice).
#[derive(Clone, Debug)]
pub struct SalesforceClient {
    http: reqwest::Client,
    metrics: Metrics,
    guard: std::sync::Arc<crate::api_guard::ApiGuard>,
}

impl SalesforceClient {
    pub fn new(timeout: Duration, metrics: Metrics) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(90))
            .user_agent(concat!("intranet-salesforce-widget/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("static HTTP client configuration");
        Self { http, metrics, guard: std::sync::Arc::default() }
    }

    /// The org-wide guard on the API allowance (fed by every `Sforce-Limit-Info` seen).
    pub fn guard(&self) -> &crate::api_guard::ApiGuard {
        &self.guard
    }

    fn saw_usage(&self, usage: &ApiUsage) {
        self.metrics.api_usage(usage.used, usage.limit);
        self.guard.observe(*usage);
    }

    /// Sends a request, timing it under `call` (latency histogram by call and outcome).
    async fn send(
        &self,
        call: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let started = Instant::now();
        let response = request.send().await;
        let ok = response.as_ref().is_ok_and(|r| !r.status().is_server_error());
        self.metrics.upstream_call(call, ok, started.elapsed());
        response
    }

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

    /// The user's display name and username from the identity URL.
    pub async fn identity(&self, id_url: &str, access_token: &SecretString) -> Result<Identity, RestError> {
        let response = self
            .send("identity", self.http.get(id_url).bearer_auth(access_token.expose_secret()))
            .await
            .map_err(|e| RestError::Unavailable(transport_error(&e)))?;
        let status = response.status();
        if status.is_success() && is_json(&response) {
            return response.json().await.map_err(|e| RestError::Unavailable(transport_error(&e)));
        }
        // Salesforce answers an expired or revoked access token here with 403 `Bad_OAuth_Token`
        // (not the REST API's 401 INVALID_SESSION_ID): refresh and try once more, like REST.
        let body = response.text().await.unwrap_or_default();
        if status == StatusCode::UNAUTHORIZED || (status == StatusCode::FORBIDDEN && body.contains("Bad_OAuth_Token")) {
            return Err(RestError::SessionExpired);
        }
        Err(RestError::Unavailable(format!("identity URL answered {status}")))
    }

    /// Runs a SOSL search; returns the `searchRecords` and the reported API usage.
    pub async fn search(
        &self,
        instance_url: &str,
        api_version: &str,
        access_token: &SecretString,
        sosl: &str,
    ) -> Result<(Vec<serde_json::Value>, Option<ApiUsage>), RestError> {
        #[derive(Deserialize)]
        struct SearchBody {
            #[serde(rename = "searchRecords")]
            search_records: Vec<serde_json::Value>,
        }
        let url = format!("{instance_url}/services/data/v{api_version}/search/");
        let (body, usage): (SearchBody, _) = self.rest_get("search", &url, &[("q", sosl)], access_token).await?;
        Ok((body.search_records, usage))
    }

    /// Runs a SOQL query (one batch: the product's queries are small); returns the `records`.
    pub async fn query(
        &self,
        instance_url: &str,
        api_version: &str,
        access_token: &SecretString,
        soql: &str,
    ) -> Result<Vec<serde_json::Value>, RestError> {
        #[derive(Deserialize)]
        struct QueryBody {
            records: Vec<serde_json::Value>,
        }
        let url = format!("{instance_url}/services/data/v{api_version}/query/");
        let (body, _): (QueryBody, _) = self.rest_get("query", &url, &[("q", soql)], access_token).await?;
        Ok(body.records)
    }

    /// The user's recently viewed records, most recent first (`Id`, `Name`, `attributes.type`).
    pub async fn recent(
        &self,
        instance_url: &str,
        api_version: &str,
        access_token: &SecretString,
        limit: usize,
    ) -> Result<Vec<serde_json::Value>, RestError> {
        let url = format!("{instance_url}/services/data/v{api_version}/recent/");
        let (records, _) = self.rest_get("recent", &url, &[("limit", &limit.to_string())], access_token).await?;
        Ok(records)
    }

    /// A GET on the REST API: reports the API usage header, decodes a JSON success into `T`,
    /// classifies every failure.
    async fn rest_get<T: serde::de::DeserializeOwned>(
        &self,
        call: &'static str,
        url: &str,
        query: &[(&str, &str)],
        access_token: &SecretString,
    ) -> Result<(T, Option<ApiUsage>), RestError> {
        // The org's usage is at the intranet's share: leave the rest to its other systems.
        self.guard.check().map_err(RestError::AllowanceGuarded)?;
        let request = self
            .http
            .get(url)
            .query(query)
            .bearer_auth(access_token.expose_secret())
            .header(header::ACCEPT, "application/json")
            .header("Sforce-Call-Options", "client=intranet-salesforce-widget");
        let response = self.send(call, request).await.map_err(|e| RestError::Unavailable(transport_error(&e)))?;
        let usage = response.headers().get("sforce-limit-info").and_then(|h| h.to_str().ok()).and_then(parse_api_usage);
        if let Some(usage) = &usage {
            self.saw_usage(usage);
        }
        let status = response.status();
        let is_json = is_json(&response);
        let body = response.bytes().await.map_err(|e| RestError::Unavailable(transport_error(&e)))?;
        if status.is_success() && is_json {
            let parsed = serde_json::from_slice(&body)
                .map_err(|_| RestError::Unavailable(format!("the {call} response is not what Salesforce sends")))?;
            return Ok((parsed, usage));
        }
        Err(classify_rest_error(status, is_json, &body))
    }
}

/// The parts of a login host's OpenID Connect discovery document the backend checks.
#[derive(Debug, Deserialize)]
pub struct OpenIdConfiguration {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
}

/// What the authorize endpoint said about a consumer key and callback URL, without a user.
#[derive(Debug, PartialEq, Eq)]
pub enum AuthorizeProbe {
    /// Salesforce went on to its login page: the key is known and the callback registered.
    LoginPage,
    /// Salesforce stopped on its error page (`invalid_client_id`, `redirect_uri_mismatch`, …).
    Refused { error: String, description: String },
    /// Something that is not Salesforce's answer.
    Unexpected(String),
}

impl SalesforceClient {
    /// The login host's OpenID Connect discovery document (`/.well-known/openid-configuration`,
    /// served without a session by Salesforce's login hosts and every My Domain): proves the
    /// host answers like a Salesforce login host and names its authorize endpoint.
    pub async fn openid_configuration(&self, login_host: &str) -> Result<OpenIdConfiguration, RestError> {
        let request = self
            .http
            .get(format!("{login_host}/.well-known/openid-configuration"))
            .header(header::ACCEPT, "application/json");
        let response = self.send("probe", request).await.map_err(|e| RestError::Unavailable(transport_error(&e)))?;
        let status = response.status();
        if !status.is_success() || !is_json(&response) {
            return Err(RestError::Unavailable(format!(
                "answered {status}{}",
                if is_json(&response) { "" } else { " without JSON" }
            )));
        }
        response.json().await.map_err(|_| {
            RestError::Unavailable("answered JSON that is not an OpenID Connect discovery document".into())
        })
    }

    /// The API versions an org's instance offers (`GET {instance_url}/services/data/`, public,
    /// not counted against the API allocation).
    pub async fn api_versions(&self, instance_url: &str) -> Result<Vec<String>, RestError> {
        let request =
            self.http.get(format!("{instance_url}/services/data/")).header(header::ACCEPT, "application/json");
        let response = self.send("probe", request).await.map_err(|e| RestError::Unavailable(transport_error(&e)))?;
        let status = response.status();
        if !status.is_success() || !is_json(&response) {
            return Err(RestError::Unavailable(format!("the versions list answered {status}")));
        }
        #[derive(Deserialize)]
        struct Version {
            version: String,
        }
        let versions: Vec<Version> = response
            .json()
            .await
            .map_err(|_| RestError::Unavailable("answered JSON that is not a list of API versions".into()))?;
        Ok(versions.into_iter().map(|v| v.version).collect())
    }

    /// Starts an authorization as a browser would and reads where Salesforce sends it (redirects
    /// are followed only while they stay on the login host's own name).
    pub async fn probe_authorize(&self, login_host: &str, consumer_key: &str, redirect_uri: &str) -> AuthorizeProbe {
        let mut url = match reqwest::Url::parse_with_params(
            &format!("{login_host}/services/oauth2/authorize"),
            [("response_type", "code"), ("client_id", consumer_key), ("redirect_uri", redirect_uri)],
        ) {
            Ok(url) => url,
            Err(_) => return AuthorizeProbe::Unexpected("the login host is not a valid URL".into()),
        };
        for _ in 0..5 {
            if let Some(refused) = refusal_in(url.query_pairs()) {
                return refused;
            }
            let response = match self.send("probe", self.http.get(url.clone())).await {
                Ok(response) => response,
                Err(error) => return AuthorizeProbe::Unexpected(transport_error(&error)),
            };
            let status = response.status();
            if status.is_redirection() {
                let Some(next) = response
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| url.join(l).ok())
                else {
                    return AuthorizeProbe::Unexpected(format!("answered {status} without a location"));
                };
                if next.host_str() != url.host_str() {
                    // On to the callback or the org's My Domain login: never fetched from here
                    // (no requests to hosts the administrator did not name).
                    return refusal_in(next.query_pairs()).unwrap_or(AuthorizeProbe::LoginPage);
                }
                url = next;
                continue;
            }
            let body = response.text().await.unwrap_or_default();
            // An unknown key or callback: Salesforce cannot trust the redirect_uri, so it answers
            // 400 with `error=…&error_description=…` as plain text and redirects nowhere.
            if status == StatusCode::BAD_REQUEST {
                let pairs: Vec<(String, String)> = serde_urlencoded::from_str(body.trim()).unwrap_or_default();
                if let Some(refused) = refusal_in(pairs.into_iter().map(|(k, v)| (k.into(), v.into()))) {
                    return refused;
                }
            }
            if !status.is_success() {
                return AuthorizeProbe::Unexpected(format!("answered {status}"));
            }
            // Salesforce's error page names the error as `error=<code>`.
            for code in ["invalid_client_id", "redirect_uri_mismatch", "invalid_client"] {
                if body.contains(code) {
                    return AuthorizeProbe::Refused { error: code.to_owned(), description: String::new() };
                }
            }
            return if body.to_ascii_lowercase().contains("password") {
                AuthorizeProbe::LoginPage
            } else {
                AuthorizeProbe::Unexpected("answered a page that is neither a login page nor an OAuth error".into())
            };
        }
        AuthorizeProbe::Unexpected("redirected too many times".into())
    }

    /// The org's limits (`GET …/limits`): proves the REST API answers for this user, and brings
    /// back the `Sforce-Limit-Info` usage.
    pub async fn limits(
        &self,
        instance_url: &str,
        api_version: &str,
        access_token: &SecretString,
    ) -> Result<Option<ApiUsage>, RestError> {
        let request = self
            .http
            .get(format!("{instance_url}/services/data/v{api_version}/limits"))
            .bearer_auth(access_token.expose_secret())
            .header(header::ACCEPT, "application/json");
        let response = self.send("limits", request).await.map_err(|e| RestError::Unavailable(transport_error(&e)))?;
        let usage = response.headers().get("sforce-limit-info").and_then(|h| h.to_str().ok()).and_then(parse_api_usage);
        if let Some(usage) = &usage {
            self.saw_usage(usage);
        }
        let status = response.status();
        let is_json = is_json(&response);
        if status.is_success() && is_json {
            return Ok(usage);
        }
        let body = response.bytes().await.map_err(|e| RestError::Unavailable(transport_error(&e)))?;
        Err(classify_rest_error(status, is_json, &body))
    }
}

/// An OAuth error named in a URL's query (Salesforce's `RemoteAccessErrorPage` or a callback).
fn refusal_in<'a>(
    mut pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
) -> Option<AuthorizeProbe> {
    let pairs: Vec<_> = pairs.by_ref().collect();
    let error = pairs.iter().find(|(k, _)| k == "error")?.1.to_string();
    let description =
        pairs.iter().find(|(k, _)| k == "error_description").map(|(_, v)| v.to_string()).unwrap_or_default();
    Some(AuthorizeProbe::Refused { error, description })
}

/// Identity URL fields the widget shows.
#[derive(Debug, Clone, Deserialize)]
pub struct Identity {
    pub display_name: String,
    pub username: String,
    pub user_id: String,
    pub organization_id: String,
}

fn is_json(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"))
}

/// A transport failure described without the URL (it may carry a query with user input).
fn transport_error(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "connection failed".to_owned()
    }
}

/// Maps a failed REST answer to what the backend does about it.
pub fn classify_rest_error(status: StatusCode, is_json: bool, body: &[u8]) -> RestError {
    if status.is_server_error() || !is_json {
        return RestError::Unavailable(format!("REST API answered {status}"));
    }
    let items: Vec<RestErrorItem> = serde_json::from_slice(body).unwrap_or_default();
    let Some(first) = items.into_iter().next() else {
        return RestError::Other { status: status.as_u16(), code: "UNKNOWN".into(), message: format!("HTTP {status}") };
    };
    match first.error_code.as_str() {
        "INVALID_SESSION_ID" if first.message.contains("not valid for use with the REST API") => {
            RestError::SessionNotValidForRest
        }
        "INVALID_SESSION_ID" => RestError::SessionExpired,
        "API_DISABLED_FOR_ORG" => RestError::ApiDisabledForOrg,
        // "Because of a system problem, API functionality is temporarily unavailable."
        "API_CURRENTLY_DISABLED" => RestError::Unavailable("API_CURRENTLY_DISABLED".into()),
        "REQUEST_LIMIT_EXCEEDED" => RestError::RequestLimitExceeded,
        "SERVER_UNAVAILABLE" => RestError::Unavailable("SERVER_UNAVAILABLE".into()),
        "INVALID_SEARCH" => RestError::InvalidSearch,
        "INVALID_TYPE" | "INVALID_FIELD" => match quoted_object(&first.message) {
            Some(object) => RestError::ObjectUnavailable(object),
            None => RestError::Other { status: status.as_u16(), code: first.error_code, message: first.message },
        },
        _ => RestError::Other { status: status.as_u16(), code: first.error_code, message: first.message },
    }
}

/// The object an INVALID_TYPE / INVALID_FIELD message names: "sObject type 'Campaign' …" or
/// "… on entity 'Account'".
fn quoted_object(message: &str) -> Option<String> {
    let after = message.split("sObject type '").nth(1).or_else(|| message.split("on entity '").nth(1))?;
    Some(after.split('\'').next()?.to_owned())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_usage_header_is_read_tolerantly() {
        assert_eq!(parse_api_usage("api-usage=18/5000"), Some(ApiUsage { used: 18, limit: 5000 }));
        assert_eq!(
            parse_api_usage("api-usage=18/5000; per-app-api-usage=17/250(appName=x)"),
            Some(ApiUsage { used: 18, limit: 5000 })
        );
        assert_eq!(parse_api_usage("nonsense"), None);
    }

    #[test]
    fn rest_errors_map_to_actions() {
        let json = |code: &str, message: &str| {
            serde_json::to_vec(&serde_json::json!([{ "errorCode": code, "message": message }])).unwrap()
        };
        let cases = [
            (401, json("INVALID_SESSION_ID", "Session expired or invalid"), RestError::SessionExpired),
            (
                401,
                json("INVALID_SESSION_ID", "This session is not valid for use with the REST API"),
                RestError::SessionNotValidForRest,
            ),
            (403, json("API_DISABLED_FOR_ORG", "x"), RestError::ApiDisabledForOrg),
            (403, json("API_CURRENTLY_DISABLED", "x"), RestError::Unavailable("API_CURRENTLY_DISABLED".into())),
            (403, json("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), RestError::RequestLimitExceeded),
            (
                400,
                json("INVALID_TYPE", "sObject type 'Campaign' is not supported."),
                RestError::ObjectUnavailable("Campaign".into()),
            ),
            (
                400,
                json("INVALID_FIELD", "\nFIND…\nNo such column 'Type' on entity 'Account'. If"),
                RestError::ObjectUnavailable("Account".into()),
            ),
        ];
        for (status, body, expected) in cases {
            assert_eq!(classify_rest_error(StatusCode::from_u16(status).unwrap(), true, &body), expected);
        }
        assert!(matches!(
            classify_rest_error(StatusCode::SERVICE_UNAVAILABLE, false, b"<html>"),
            RestError::Unavailable(_)
        ));
        assert!(matches!(classify_rest_error(StatusCode::OK, false, b"<html>"), RestError::Unavailable(_)));
    }
}

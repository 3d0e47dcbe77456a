//! The control panel's checks of a configuration before anyone signs in: the login host's
//! discovery document, the instance's API versions, what the authorize endpoint says about a
//! consumer key and callback, and whether the REST API answers for a user (its limits).

use super::{
    client::{SalesforceClient, is_json, transport_error},
    rest::{ApiUsage, RestError, classify_rest_error, parse_api_usage},
};
use reqwest::{StatusCode, header};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

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

//! The REST API on the user's instance (search, query, recently viewed, the identity URL):
//! every failure classified from Salesforce's `errorCode`s, so callers never read bodies, and
//! the API usage each answer reports fed to the org-wide guard.

use super::client::{SalesforceClient, is_json, transport_error};
use reqwest::{StatusCode, header};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

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
    /// `INVALID_FIELD` "No such column 'field' on entity 'object'", or "Didn't understand
    /// relationship 'field' in field path" (no object named: empty): a field or relationship the
    /// user may not see (field-level security); search without it.
    #[error("field {field} of {object} is not available to this user")]
    FieldUnavailable { object: String, field: String },
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

/// Identity URL fields the widget shows.
#[derive(Debug, Clone, Deserialize)]
pub struct Identity {
    pub display_name: String,
    pub username: String,
    pub user_id: String,
    pub organization_id: String,
}

impl SalesforceClient {
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
    pub(super) async fn rest_get<T: serde::de::DeserializeOwned>(
        &self,
        call: &'static str,
        url: &str,
        query: &[(&str, &str)],
        access_token: &SecretString,
    ) -> Result<(T, Option<ApiUsage>), RestError> {
        // The org's usage is at the intranet's share: leave the rest to its other systems.
        self.guard().check().map_err(RestError::AllowanceGuarded)?;
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
        // A relationship the user may not see names no object: the search finds whose it is.
        "INVALID_FIELD" if first.message.contains("Didn't understand relationship '") => {
            let after = first.message.split("Didn't understand relationship '").nth(1).unwrap_or_default();
            RestError::FieldUnavailable {
                object: String::new(),
                field: after.split('\'').next().unwrap_or_default().into(),
            }
        }
        "INVALID_FIELD" if no_such_column(&first.message).is_some() => {
            let (field, object) = no_such_column(&first.message).unwrap_or_default();
            RestError::FieldUnavailable { object, field }
        }
        "INVALID_TYPE" | "INVALID_FIELD" => match quoted_object(&first.message) {
            Some(object) => RestError::ObjectUnavailable(object),
            None => RestError::Other { status: status.as_u16(), code: first.error_code, message: first.message },
        },
        _ => RestError::Other { status: status.as_u16(), code: first.error_code, message: first.message },
    }
}

/// The field and object of "No such column 'Amount' on entity 'Opportunity'".
fn no_such_column(message: &str) -> Option<(String, String)> {
    let after = message.split("No such column '").nth(1)?;
    let (field, rest) = after.split_once('\'')?;
    let object = rest.strip_prefix(" on entity '")?.split('\'').next()?;
    Some((field.to_owned(), object.to_owned()))
}

/// The object an INVALID_TYPE / INVALID_FIELD message names: "sObject type 'Campaign' …" or
/// "… on entity 'Account'".
fn quoted_object(message: &str) -> Option<String> {
    let after = message.split("sObject type '").nth(1).or_else(|| message.split("on entity '").nth(1))?;
    Some(after.split('\'').next()?.to_owned())
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
                RestError::FieldUnavailable { object: "Account".into(), field: "Type".into() },
            ),
            (
                400,
                json(
                    "INVALID_FIELD",
                    "\nFIND…\n^\nERROR at Row:1:Column:40\nDidn't understand relationship 'Account' in field path. If",
                ),
                RestError::FieldUnavailable { object: String::new(), field: "Account".into() },
            ),
            (
                400,
                json("INVALID_FIELD", "field 'Description' can not be filtered in query call on entity 'Task'"),
                RestError::ObjectUnavailable("Task".into()),
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

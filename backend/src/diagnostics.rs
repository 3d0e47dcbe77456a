//! "Test connection" on Control Panel › Marketplace › Salesforce: every check the server can
//! make, each explained in one sentence with the fix.
//!
//! The login host and consumer key may be the ones in the form, not saved yet (testing before
//! saving spares every user a forced sign-in); the round trip, REST API and API usage checks use
//! the saved configuration and the administrator's own connection.

use crate::{
    AppState,
    connection::{self, Reaches, reason},
    marketplace::{StoredConfig, normalize_login_host},
    salesforce::{ApiUsage, AuthorizeProbe, RestError},
};
use serde::{Deserialize, Serialize};
use widget_contract::codes;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestInput {
    pub consumer_key: Option<String>,
    pub login_host: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Warning,
    Failed,
    /// Could not be checked until an earlier problem is fixed or a step is taken.
    Skipped,
}

#[derive(Debug, Serialize)]
pub struct Check {
    /// Stable name of the check (`login_host`, `consumer_key`, `callback_url`, `sign_in`,
    /// `rest_api`, `api_usage`).
    pub id: &'static str,
    pub outcome: Outcome,
    /// What was found and, when something is wrong, what to do.
    pub detail: String,
}

fn check(id: &'static str, outcome: Outcome, detail: impl Into<String>) -> Check {
    Check { id, outcome, detail: detail.into() }
}

/// Runs every check for the administrator `admin`.
pub async fn run(state: &AppState, admin: &str, input: TestInput) -> Vec<Check> {
    let saved = match state.store.marketplace_config().await {
        Ok(saved) => saved,
        Err(error) => {
            tracing::warn!(%error, "test connection could not read the configuration");
            None
        }
    };
    let login_host = input
        .login_host
        .as_deref()
        .map(normalize_login_host)
        .or_else(|| saved.as_ref().map(|s| Ok(s.config.login_host.clone())));
    let consumer_key = input
        .consumer_key
        .map(|k| k.trim().to_owned())
        .or_else(|| saved.as_ref().map(|s| s.config.consumer_key.clone()))
        .unwrap_or_default();
    let mut checks = Vec::new();
    let host = match login_host {
        Some(Ok(host)) => host,
        Some(Err(problem)) => {
            checks.push(check("login_host", Outcome::Failed, format!("The login host is not usable: {problem}")));
            return skip_rest(checks, "Fix the login host first.");
        }
        None => {
            checks.push(check("login_host", Outcome::Failed, "Enter a login host first."));
            return skip_rest(checks, "Fix the login host first.");
        }
    };
    match state.salesforce.openid_configuration(&host).await {
        // Only read, never followed: the endpoints it names are not requested from here. (A My
        // Domain's document may name login.salesforce.com's endpoints, as Salesforce's own
        // example does, so they are not compared with the host.)
        Ok(discovery) => checks.push(check(
            "login_host",
            Outcome::Passed,
            format!(
                "{host} answers like a Salesforce login host (OpenID Connect discovery, issuer {}).",
                discovery.issuer
            ),
        )),
        Err(RestError::Unavailable(cause)) => {
            checks.push(check(
                "login_host",
                Outcome::Failed,
                format!(
                    "{host} did not answer like Salesforce ({cause}). Check the address (https://login.salesforce.com, \
                     https://test.salesforce.com or your My Domain URL), that this server may reach it through the \
                     firewall or proxy, and status.salesforce.com for maintenance."
                ),
            ));
            return skip_rest(checks, "Salesforce must answer first.");
        }
        Err(other) => {
            checks.push(check("login_host", Outcome::Failed, format!("{host} refused the request: {other}.")));
            return skip_rest(checks, "Salesforce must answer first.");
        }
    }
    let callback = state.settings.callback_url();
    if consumer_key.is_empty() {
        checks.push(check("consumer_key", Outcome::Failed, "Enter the Consumer Key of the Connected App."));
        checks.push(check("callback_url", Outcome::Skipped, "Checked once the Consumer Key is known."));
    } else {
        let key_known =
            || check("consumer_key", Outcome::Passed, format!("Salesforce at {host} knows this Consumer Key."));
        match state.salesforce.probe_authorize(&host, &consumer_key, &callback).await {
            AuthorizeProbe::LoginPage => {
                checks.push(key_known());
                checks.push(check(
                    "callback_url",
                    Outcome::Passed,
                    format!("The Connected App accepts the callback URL {callback}."),
                ));
            }
            AuthorizeProbe::Refused { error, .. } if error == "redirect_uri_mismatch" => {
                checks.push(key_known());
                checks.push(check(
                    "callback_url",
                    Outcome::Failed,
                    format!(
                        "The Connected App does not list this intranet's callback URL. Add exactly {callback} to its \
                         Callback URL field (the old …/salesforce/Account/RetrieveAccessToken address no longer works)."
                    ),
                ));
            }
            AuthorizeProbe::Refused { error, .. } if error == "invalid_client_id" => {
                checks.push(check(
                    "consumer_key",
                    Outcome::Failed,
                    format!(
                        "Salesforce at {host} does not know this Consumer Key. Copy it again from the Connected App; an \
                         app made in a sandbox needs https://test.salesforce.com; a new app can take up to ten minutes \
                         to become available."
                    ),
                ));
                checks.push(check("callback_url", Outcome::Skipped, "Checked once the Consumer Key is known."));
            }
            AuthorizeProbe::Refused { error, description } => {
                checks.push(check(
                    "consumer_key",
                    Outcome::Failed,
                    format!(
                        "Salesforce refused the app ({error}{}). If it says the app must be installed, an administrator \
                         of the org must install or approve the Connected App.",
                        if description.is_empty() { String::new() } else { format!(": {description}") }
                    ),
                ));
                checks.push(check("callback_url", Outcome::Skipped, "Checked once the app is accepted."));
            }
            AuthorizeProbe::Unexpected(what) => {
                checks.push(check(
                    "consumer_key",
                    Outcome::Failed,
                    format!("Salesforce's sign-in page could not be checked: it {what}. Try again in a moment."),
                ));
                checks.push(check("callback_url", Outcome::Skipped, "Checked once the sign-in page answers."));
            }
        }
    }
    let Some(saved) = saved else {
        checks.push(check(
            "sign_in",
            Outcome::Skipped,
            "Save the settings, then connect your own account to test the sign-in.",
        ));
        checks.push(check("rest_api", Outcome::Skipped, "Checked after your own sign-in."));
        checks.push(check("api_usage", Outcome::Skipped, "Checked after your own sign-in."));
        return checks;
    };
    if saved.config.login_host != host || saved.config.consumer_key != consumer_key {
        let note =
            "The form differs from the saved settings: save them, then connect your own account to test the sign-in.";
        checks.push(check("sign_in", Outcome::Skipped, note));
        checks.push(check("rest_api", Outcome::Skipped, "Checked after your own sign-in."));
        checks.push(check("api_usage", Outcome::Skipped, "Checked after your own sign-in."));
        return checks;
    }
    checks.extend(with_own_connection(state, &saved, admin).await);
    checks
}

fn skip_rest(mut checks: Vec<Check>, why: &str) -> Vec<Check> {
    for id in ["consumer_key", "callback_url", "sign_in", "rest_api", "api_usage"] {
        if !checks.iter().any(|c| c.id == id) {
            checks.push(check(id, Outcome::Skipped, why));
        }
    }
    checks
}

/// The round trip, REST API and usage checks, with the administrator's own connection.
async fn with_own_connection(state: &AppState, saved: &StoredConfig, admin: &str) -> Vec<Check> {
    let later = |checks: &mut Vec<Check>| {
        checks.push(check("rest_api", Outcome::Skipped, "Checked after your own sign-in."));
        checks.push(check("api_usage", Outcome::Skipped, "Checked after your own sign-in."));
    };
    let mut checks = Vec::new();
    let identity = connection::with_session(state, saved, admin, Reaches::IdentityUrl, |c| {
        let (salesforce, url) = (state.salesforce.clone(), c.identity_url.clone());
        async move { salesforce.identity(&url, &c.access_token).await }
    })
    .await;
    match identity {
        Ok(identity) => checks.push(check(
            "sign_in",
            Outcome::Passed,
            format!("Your own sign-in works: connected as {} ({}).", identity.display_name, identity.username),
        )),
        Err(error) => {
            let detail = match (error.code, error.reason) {
                (codes::SALESFORCE_NOT_CONNECTED, _) => {
                    "Connect your own Salesforce account (the button below) to test the whole sign-in.".to_owned()
                }
                (_, Some(reason::CONFIG_CHANGED)) => {
                    "The settings changed since you connected: connect your own account again to test the sign-in."
                        .to_owned()
                }
                _ => format!("Your own connection failed: {}", error.message),
            };
            let outcome = if error.code == codes::SALESFORCE_NOT_CONNECTED || error.reason.is_some() {
                Outcome::Skipped
            } else {
                Outcome::Failed
            };
            checks.push(check("sign_in", outcome, detail));
            later(&mut checks);
            return checks;
        }
    }
    let api_version = saved.config.api_version.clone();
    // The instance's version list is public and costs no API call: a version it does not offer
    // would make every REST call a 404, so it is named before anything else is tried.
    if let Some(offered) = offered_versions(state, admin).await
        && !offered.contains(&api_version)
    {
        checks.push(check(
            "rest_api",
            Outcome::Failed,
            format!(
                "The org does not offer API version {api_version} (newest: {}). Choose an offered version in the \
                 settings.",
                offered.last().map_or("none", String::as_str)
            ),
        ));
        checks.push(check("api_usage", Outcome::Skipped, "Checked once the REST API answers."));
        return checks;
    }
    let limits = connection::with_session(state, saved, admin, Reaches::RestApi, |c| {
        let (salesforce, api_version) = (state.salesforce.clone(), api_version.clone());
        async move { salesforce.limits(&c.instance_url, &api_version, &c.access_token).await }
    })
    .await;
    match limits {
        Ok(usage) => {
            checks.push(rest_api_passed(state, saved, admin).await);
            checks.push(match usage {
                Some(usage) => usage_check(usage),
                None => check(
                    "api_usage",
                    Outcome::Warning,
                    "Salesforce did not report the API usage (no Sforce-Limit-Info header).",
                ),
            });
        }
        Err(error) => {
            let detail = match error.code {
                codes::SALESFORCE_API_DISABLED if error.reason == Some(codes::REASON_USER) => {
                    "Your Salesforce user may not use the API: the org's REST API answers other users, so the edition \
                     has it. Give users the \"API Enabled\" permission (profile or permission set); everyone without it \
                     will see the same message."
                        .to_owned()
                }
                codes::SALESFORCE_API_DISABLED => {
                    "Salesforce answered API_DISABLED_FOR_ORG, which it sends both when a user lacks the \"API Enabled\" \
                     permission and when the org's edition has no REST API (Group, Essentials, and Professional without \
                     the API add-on). Check your user's profile or permission sets first (System Administrators have \
                     it), then the edition in Setup › Company Information; search needs Enterprise, Unlimited, \
                     Performance or Developer Edition, or the API add-on."
                        .to_owned()
                }
                codes::SALESFORCE_RATE_LIMITED => {
                    "The org has used up its API requests for the last 24 hours: searches fail until usage falls. Ask \
                     Salesforce for a higher limit or find the heavy user in Setup › System Overview."
                        .to_owned()
                }
                _ => format!("The REST API did not answer: {}", error.message),
            };
            checks.push(check("rest_api", Outcome::Failed, detail));
            let usage_detail = if error.code == codes::SALESFORCE_RATE_LIMITED {
                check("api_usage", Outcome::Failed, "No API requests are left in the org's 24-hour allocation.")
            } else {
                check("api_usage", Outcome::Skipped, "Checked once the REST API answers.")
            };
            checks.push(usage_detail);
        }
    }
    checks
}

/// The API versions the administrator's instance offers (`None` when it cannot be read).
async fn offered_versions(state: &AppState, admin: &str) -> Option<Vec<String>> {
    let connection = connection::current(state, admin).await.ok()?;
    match state.salesforce.api_versions(&connection.instance_url).await {
        Ok(versions) if !versions.is_empty() => Some(versions),
        Ok(_) => None,
        Err(error) => {
            tracing::debug!(%error, "the instance's API versions could not be read");
            None
        }
    }
}

/// The REST API answered the administrator: name the org's edition (`Organization.OrganizationType`,
/// which every user may query).
async fn rest_api_passed(state: &AppState, saved: &StoredConfig, admin: &str) -> Check {
    let api_version = saved.config.api_version.clone();
    let edition = connection::with_session(state, saved, admin, Reaches::RestApi, |c| {
        let (salesforce, api_version) = (state.salesforce.clone(), api_version.clone());
        async move {
            let records = salesforce
                .query(&c.instance_url, &api_version, &c.access_token, "SELECT OrganizationType FROM Organization")
                .await?;
            Ok(records.first().and_then(|r| r["OrganizationType"].as_str()).map(str::to_owned))
        }
    })
    .await;
    let edition = match edition {
        Ok(Some(edition)) => format!(" ({edition})"),
        Ok(None) => String::new(),
        Err(error) => {
            tracing::debug!(code = error.code, "the org's edition could not be read");
            String::new()
        }
    };
    check("rest_api", Outcome::Passed, format!("The org's REST API answers for your user{edition}."))
}

/// The org's API usage as Salesforce reports it. Its allocation is a soft limit: usage may go past
/// it (Salesforce's own example is 110018/100000) until Salesforce refuses calls.
fn usage_check(usage: ApiUsage) -> Check {
    let share = usage.used as f64 * 100.0 / usage.limit.max(1) as f64;
    let detail = format!("Used {} of {} API requests in the last 24 hours ({share:.1} %).", usage.used, usage.limit);
    if usage.used > usage.limit {
        check(
            "api_usage",
            Outcome::Warning,
            format!(
                "{detail} The org is past its allocation: Salesforce tolerates that for a while, then refuses \
                 calls. Find the heavy user in Setup › System Overview, or ask Salesforce for more."
            ),
        )
    } else if share >= 80.0 {
        check(
            "api_usage",
            Outcome::Warning,
            format!(
                "{detail} Searches stop when Salesforce refuses calls; ask Salesforce for more or find the heavy \
                 user in Setup › System Overview."
            ),
        )
    } else {
        check("api_usage", Outcome::Passed, detail)
    }
}

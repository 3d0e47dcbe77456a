//! `GET|POST /services/oauth2/authorize`: the web server flow's browser leg.

use super::{pages, store::AuthCode};
use crate::{DemoOrg, seed::DEMO_PASSWORD};
use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use std::{sync::Arc, time::Instant};

const SESSION_COOKIE: &str = "sid";

/// What Salesforce percent-encodes in a refusal's body: all but letters, digits and `-._~`
/// (spaces as `%20`, never `+`).
const REFUSAL_ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuthorizeParams {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub login_hint: Option<String>,
    pub immediate: Option<String>,
    pub display: Option<String>,
    // Form-only fields.
    pub action: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
}

impl AuthorizeParams {
    /// The authorize parameters to carry through the sign-in and approval forms.
    pub fn carried(&self) -> Vec<(&'static str, String)> {
        [
            ("response_type", &self.response_type),
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("scope", &self.scope),
            ("state", &self.state),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
            ("prompt", &self.prompt),
            ("login_hint", &self.login_hint),
            ("immediate", &self.immediate),
            ("display", &self.display),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
        .collect()
    }

    fn prompts(&self, word: &str) -> bool {
        self.prompt.as_deref().unwrap_or_default().split_whitespace().any(|p| p == word)
    }
}

pub async fn get(
    State(org): State<Arc<DemoOrg>>,
    headers: HeaderMap,
    Query(params): Query<AuthorizeParams>,
) -> Response {
    let session_user = session_user(&org, &headers);
    flow(&org, &params, session_user, false)
}

pub async fn post(
    State(org): State<Arc<DemoOrg>>,
    headers: HeaderMap,
    Form(params): Form<AuthorizeParams>,
) -> Response {
    let session_user = session_user(&org, &headers);
    match params.action.as_deref() {
        Some("login") => {
            let username = params.username.clone().unwrap_or_default();
            let user = org
                .data()
                .user_by_username(&username)
                .filter(|_| params.password.as_deref() == Some(DEMO_PASSWORD))
                .cloned();
            let Some(user) = user else {
                return pages::login(&params, Some("Please check your username and password.")).into_response();
            };
            let session = org.oauth().new_session(&user.id);
            let mut response = flow(&org, &params, Some(user.id.clone()), true);
            let cookie = format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax");
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        Some("approve") | Some("deny") => {
            let Some(user_id) = session_user else { return pages::login(&params, None).into_response() };
            let checked = match check_client(&org, &params) {
                Ok(checked) => checked,
                Err(response) => return response,
            };
            if params.action.as_deref() == Some("deny") {
                let error = if org.switches().hyphenated_access_denied { "access-denied" } else { "access_denied" };
                return redirect_error(&checked.redirect_uri, &params, error, "end-user denied authorization");
            }
            org.oauth().approve(&user_id, &checked.consumer_key);
            issue_code(&org, &params, checked, &user_id)
        }
        _ => flow(&org, &params, session_user, false),
    }
}

pub fn session_user(org: &DemoOrg, headers: &HeaderMap) -> Option<String> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    let session =
        cookies.split(';').filter_map(|c| c.trim().split_once('=')).find(|(name, _)| *name == SESSION_COOKIE)?.1;
    org.oauth().session_user(session).map(str::to_owned)
}

/// The app and callback after checking them; failures show an error page, no redirect.
struct CheckedClient {
    consumer_key: String,
    app_name: String,
    redirect_uri: String,
    scopes: Vec<String>,
}

fn check_client(org: &DemoOrg, params: &AuthorizeParams) -> Result<CheckedClient, Response> {
    let client_id = params.client_id.as_deref().unwrap_or_default();
    let Some(app) = org.app(client_id) else {
        return Err(refused("invalid_client_id", "client identifier invalid"));
    };
    let redirect_uri = params.redirect_uri.as_deref().unwrap_or_default();
    if !app.callback_urls.iter().any(|url| url == redirect_uri) {
        return Err(refused("redirect_uri_mismatch", "redirect_uri must match configuration"));
    }
    if params.response_type.as_deref() != Some("code") {
        return Err(redirect_error(redirect_uri, params, "unsupported_response_type", "response type not supported"));
    }
    let scopes: Vec<String> = match params.scope.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(requested) => requested.split_whitespace().map(str::to_owned).collect(),
        None => app.scopes.clone(),
    };
    // `offline_access` is Salesforce's synonym of `refresh_token`.
    let allowed = |s: &String| {
        app.scopes.contains(s) || (s == "offline_access" && app.scopes.iter().any(|a| a == "refresh_token"))
    };
    if !scopes.iter().all(allowed) {
        return Err(redirect_error(redirect_uri, params, "invalid_scope", "the requested scope is invalid"));
    }
    match (params.code_challenge.as_deref(), params.code_challenge_method.as_deref()) {
        (Some(_), None | Some("S256")) | (None, None) => {}
        _ => return Err(redirect_error(redirect_uri, params, "invalid_request", "invalid code challenge method")),
    }
    Ok(CheckedClient {
        consumer_key: app.consumer_key.clone(),
        app_name: app.name.clone(),
        redirect_uri: redirect_uri.to_owned(),
        scopes,
    })
}

/// Decides the next step: sign in, approve, or straight back to the app with a code.
fn flow(org: &DemoOrg, params: &AuthorizeParams, session_user: Option<String>, fresh_login: bool) -> Response {
    let checked = match check_client(org, params) {
        Ok(checked) => checked,
        Err(response) => return response,
    };
    let immediate = params.immediate.as_deref() == Some("true");
    let user = session_user.filter(|_| fresh_login || !params.prompts("login"));
    let Some(user_id) = user else {
        if immediate {
            return redirect_error(&checked.redirect_uri, params, "immediate_unsuccessful", "user not logged in");
        }
        return pages::login(params, None).into_response();
    };
    let approved = org.oauth().has_approved(&user_id, &checked.consumer_key);
    if !approved || params.prompts("consent") {
        if immediate {
            return redirect_error(&checked.redirect_uri, params, "immediate_unsuccessful", "user has not approved");
        }
        let name = org.data().user(&user_id).map(|u| u.display_name()).unwrap_or_default();
        return pages::consent(params, &checked.app_name, &name, &checked.scopes).into_response();
    }
    issue_code(org, params, checked, &user_id)
}

fn issue_code(org: &DemoOrg, params: &AuthorizeParams, checked: CheckedClient, user_id: &str) -> Response {
    let code = org.oauth().issue_code(AuthCode {
        consumer_key: checked.consumer_key,
        user_id: user_id.to_owned(),
        redirect_uri: checked.redirect_uri.clone(),
        scopes: checked.scopes,
        code_challenge: params.code_challenge.clone(),
        issued: Instant::now(),
    });
    let mut query = vec![("code", code)];
    if let Some(state) = &params.state {
        query.push(("state", state.clone()));
    }
    redirect_to(&checked.redirect_uri, &query)
}

/// An unknown app or callback: Salesforce cannot trust `redirect_uri`, so it answers HTTP 400
/// with a plain-text, URL-encoded body (`error=invalid_client_id&error_description=client%20identifier%20invalid`)
/// and redirects nowhere.
fn refused(error: &str, description: &str) -> Response {
    let encode = |text: &str| utf8_percent_encode(text, REFUSAL_ENCODE).to_string();
    let body = format!("error={}&error_description={}", encode(error), encode(description));
    (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "text/plain;charset=UTF-8")], body).into_response()
}

fn redirect_error(redirect_uri: &str, params: &AuthorizeParams, error: &str, description: &str) -> Response {
    let mut query = vec![("error", error.to_owned()), ("error_description", description.to_owned())];
    if let Some(state) = &params.state {
        query.push(("state", state.clone()));
    }
    redirect_to(redirect_uri, &query)
}

fn redirect_to(redirect_uri: &str, query: &[(&str, String)]) -> Response {
    let encoded = serde_urlencoded::to_string(query).unwrap_or_default();
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    // Salesforce answers with 302 Found.
    (StatusCode::FOUND, [(header::LOCATION, format!("{redirect_uri}{separator}{encoded}"))]).into_response()
}

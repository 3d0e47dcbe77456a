//! The HTML pages of the authorize endpoint: sign-in, approval, and the error page Salesforce
//! shows instead of redirecting when the app or callback is unknown. Every value is escaped.

use super::authorize::AuthorizeParams;
use crate::seed::{DEMO_PASSWORD, USER_DOMAIN};
use axum::response::Html;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>
body{{font-family:system-ui,sans-serif;background:#f3f3f3;margin:0;display:grid;place-items:center;min-height:100vh;color:#181818}}
main{{background:#fff;border:1px solid #ddd;border-radius:8px;padding:2rem;max-width:26rem;width:calc(100% - 2rem)}}
h1{{font-size:1.3rem;margin-top:0}} label{{display:block;margin:.75rem 0 .25rem}} input[type=text],input[type=password]{{width:100%;padding:.5rem;box-sizing:border-box}}
button{{margin-top:1rem;margin-right:.5rem;padding:.5rem 1.25rem;border-radius:4px;border:1px solid #0176d3;background:#0176d3;color:#fff;font-size:1rem}}
button.secondary{{background:#fff;color:#0176d3}} .error{{color:#ba0517}} .hint{{color:#555;font-size:.9rem}} ul{{padding-left:1.2rem}}
</style></head><body><main>{body}</main></body></html>"#,
        title = text(title)
    ))
}

/// The original authorize parameters, carried through the forms.
fn hidden_fields(params: &AuthorizeParams) -> String {
    params
        .carried()
        .into_iter()
        .map(|(name, value)| format!(r#"<input type="hidden" name="{name}" value="{}">"#, attr(&value)))
        .collect()
}

pub fn login(params: &AuthorizeParams, error: Option<&str>) -> Html<String> {
    let username = params.login_hint.clone().unwrap_or_default();
    let error = error.map(|e| format!(r#"<p class="error" role="alert">{}</p>"#, text(e))).unwrap_or_default();
    page(
        "Login | Salesforce",
        &format!(
            r#"<h1>Log in to the demo org</h1>{error}
<form method="post" action="/services/oauth2/authorize">{hidden}
<input type="hidden" name="action" value="login">
<label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" value="{username}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit" id="Login">Log In</button></form>
<p class="hint">Demo users: ada, grace, alan, hedy or katherine @{USER_DOMAIN}, password <code>{DEMO_PASSWORD}</code>.</p>"#,
            hidden = hidden_fields(params),
            username = attr(&username),
        ),
    )
}

pub fn consent(params: &AuthorizeParams, app_name: &str, user_name: &str, scopes: &[String]) -> Html<String> {
    let scope_items: String = scopes.iter().map(|s| format!("<li>{}</li>", text(scope_label(s)))).collect();
    page(
        "Allow Access? | Salesforce",
        &format!(
            r#"<h1>Allow Access?</h1>
<p><strong>{app}</strong> is asking to:</p><ul>{scope_items}</ul>
<p class="hint">Signed in as {user}.</p>
<form method="post" action="/services/oauth2/authorize">{hidden}
<button type="submit" name="action" value="approve" id="oaapprove">Allow</button>
<button type="submit" name="action" value="deny" class="secondary" id="oadeny">Deny</button></form>"#,
            app = text(app_name),
            user = text(user_name),
            hidden = hidden_fields(params),
        ),
    )
}

/// Salesforce's RemoteAccessErrorPage: no redirect back to the app.
pub fn error(error: &str, description: &str) -> Html<String> {
    page(
        "Error | Salesforce",
        &format!(
            r#"<h1>OAuth Error</h1><p class="error" role="alert">We can't authorize you because of an OAuth error.</p>
<p>error=<code id="error">{}</code></p><p>error_description=<code id="error_description">{}</code></p>"#,
            text(error),
            text(description)
        ),
    )
}

fn scope_label(scope: &str) -> &str {
    match scope {
        "api" => "Access and manage your data (api)",
        "custom_permissions" => "Access custom permissions (custom_permissions)",
        "id" | "profile" | "email" | "address" | "phone" => {
            "Access your basic information (id, profile, email, address, phone)"
        }
        "full" => "Full access (full)",
        "refresh_token" | "offline_access" => {
            "Perform requests on your behalf at any time (refresh_token, offline_access)"
        }
        "web" => "Provide access to your data via the Web (web)",
        "openid" => "Access unique user identifiers (openid)",
        other => other,
    }
}

/// A record's detail page (the demo org's stand-in for a Lightning record page).
pub fn record(object: &str, title: &str, fields: &[(String, String)]) -> Html<String> {
    let rows: String = fields
        .iter()
        .map(|(name, value)| format!("<tr><th scope=\"row\">{}</th><td>{}</td></tr>", text(name), text(value)))
        .collect();
    page(
        &format!("{title} | {object} | Salesforce"),
        &format!(
            r#"<p class="hint">{object}</p><h1 id="record-title">{title}</h1><table><tbody>{rows}</tbody></table>"#,
            object = text(object),
            title = text(title),
        ),
    )
}

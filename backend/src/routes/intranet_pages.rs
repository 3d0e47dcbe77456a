//! The pages administrators and page editors open: Control Panel › Marketplace › Salesforce
//! and the widget configurator. The backend serves a small HTML shell and checks who may see
//! it; the pages themselves are the `intranet-pages` Leptos bundle (served under
//! `/widget/pages/`), separate from the embedded widget so the widget stays small.

use crate::{AppState, identity::IntranetUser, routes::pages, settings::IdentityMode};
use axum::{
    extract::{OriginalUri, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
};

const SHELL: &str = include_str!("../../demo-intranet/app-shell.html");

pub use widget_contract::paths::{CONFIGURATOR as CONFIGURATOR_PATH, CONTROL_PANEL as CONTROL_PANEL_PATH};

fn shell(user: &IntranetUser, title: &str, extra_scripts: &str) -> Response {
    let admin_link = if user.is_admin {
        r#"<a href="/control-panel/marketplace/salesforce" rel="external">Control Panel</a>"#
    } else {
        ""
    };
    let page = SHELL.replace("{{TITLE}}", title).replace("{{ADMIN_LINK}}", admin_link);
    Html(page.replace("{{EXTRA_SCRIPTS}}", extra_scripts)).into_response()
}

/// Not signed in: the demo sends people to its sign-in page; behind a proxy the proxy should
/// have signed them in, so say so.
fn sign_in_first(state: &AppState, path: &str) -> Response {
    match state.settings.identity {
        IdentityMode::Demo => {
            let query = serde_urlencoded::to_string([("return_to", path)]).unwrap_or_default();
            Redirect::to(&format!("/intranet/sign-in?{query}")).into_response()
        }
        IdentityMode::Proxy => pages::message(
            StatusCode::UNAUTHORIZED,
            "Sign in to the intranet",
            "This page is for signed-in intranet users.",
            ("/", "Go to the intranet"),
        ),
    }
}

pub async fn control_panel(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    user: Option<IntranetUser>,
) -> Response {
    match user {
        None => sign_in_first(&state, uri.path()),
        Some(user) if !user.is_admin => pages::message(
            StatusCode::FORBIDDEN,
            "Not allowed",
            "Only intranet administrators can open Control Panel › Marketplace › Salesforce. Ask an administrator \
             if the Salesforce settings need a change.",
            ("/", "Back to the intranet"),
        ),
        Some(user) => shell(&user, "Marketplace › Salesforce", ""),
    }
}

pub async fn configurator(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    user: Option<IntranetUser>,
) -> Response {
    match user {
        None => sign_in_first(&state, uri.path()),
        // The preview is the real widget: its loader is on the page too.
        Some(user) => shell(
            &user,
            "Salesforce widget configurator",
            r#"<script type="module" src="/widget/salesforce-widget-loader.js"></script>"#,
        ),
    }
}

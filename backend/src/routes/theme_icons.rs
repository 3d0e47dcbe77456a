//! `GET /api/salesforce/icons/{object}`: the icon of an object widgets search, from its
//! Lightning theme on the person's own instance (see [`crate::theme_icons`]). An image the
//! widget draws over the badge's letter; any failure leaves the letter.

use crate::{
    AppState,
    connection::{self, reason},
    identity::IntranetUser,
    salesforce::theme_icons,
};
use axum::{
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

pub async fn icon(State(state): State<AppState>, user: IntranetUser, Path(object): Path<String>) -> Response {
    let mut response = answer(&state, &user, &object).await;
    let headers = response.headers_mut();
    // Only an icon may be kept (privately: it came with the person's session); a refusal or a
    // miss must be asked again next time.
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    // Pages of the same site may show it (the intranet's own, and those embedding the widget
    // from a sibling host); another site's page learns nothing from loading it, not even whether
    // the visitor is connected.
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-site"));
    response
}

async fn answer(state: &AppState, user: &IntranetUser, object: &str) -> Response {
    let (config, connection) = match connection::configured(state, &user.id).await {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    if !connection::sends_tokens_only_to_salesforce(&config, &connection.instance_url, &connection.identity_url) {
        return connection::reauth_required(reason::SESSION_INVALID).into_response();
    }
    // Only an icon the catalog names (the save read it from the org's theme), on the instance
    // the person's tokens are for: no other address can be asked for.
    let catalog = config.catalog();
    let Some(name) = catalog.by_name(object).and_then(|o| o.spec().icon.clone()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.theme_icons.get(&state.salesforce, theme_icons::url(&connection.instance_url, &name)).await {
        Ok(Some(png)) => {
            ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "private, max-age=86400")], png)
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::info!(%object, %error, "theme icon unavailable");
            StatusCode::BAD_GATEWAY.into_response()
        }
    }
}

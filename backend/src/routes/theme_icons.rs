//! `GET /api/salesforce/icons/{object}`: the icon of an object widgets search, from its
//! Lightning theme on the person's own instance (see [`crate::theme_icons`]). An image the
//! widget draws over the badge's letter; any failure leaves the letter.

use crate::{AppState, connection, identity::IntranetUser, salesforce::theme_icons};
use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

pub async fn icon(State(state): State<AppState>, user: IntranetUser, Path(object): Path<String>) -> Response {
    let (config, connection) = match connection::configured(&state, &user.id).await {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    // Only an icon the catalog names (the save read it from the org's theme), on the instance
    // the person's tokens are for: no other address can be asked for.
    let catalog = config.catalog();
    let Some(name) = catalog.by_name(&object).and_then(|o| o.spec().icon.clone()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.theme_icons.get(&state.salesforce, theme_icons::url(&connection.instance_url, &name)).await {
        Ok(Some(png)) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                // The person's own (it came with their session), kept by their browser for a day.
                (header::CACHE_CONTROL, "private, max-age=86400"),
            ],
            png,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::info!(%object, %error, "theme icon unavailable");
            (StatusCode::BAD_GATEWAY, [(header::CACHE_CONTROL, "no-store")]).into_response()
        }
    }
}

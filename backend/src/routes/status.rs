//! `GET /api/salesforce/status`: can this intranet user search Salesforce, and if not, why;
//! and the objects widgets may search, with labels in the person's Salesforce language.

use crate::{AppState, catalog::Catalog, error::ApiError, identity::IntranetUser, object_labels::Labels};
use axum::{Json, extract::State};
use widget_contract::{
    codes, paths,
    status::{Status, WidgetObject},
};

/// How long a status answer waits for the person's own labels.
const LABELS_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub async fn status(State(state): State<AppState>, user: IntranetUser) -> Result<Json<Status>, ApiError> {
    let Some((config, connection)) = state.store.config_and_connection(&user.id).await? else {
        return Ok(Json(Status { is_admin: user.is_admin, ..Status::default() }));
    };
    let mut labels = None;
    let mut reauth_reason = None;
    // `Some(name)` while the connection holds.
    let mut salesforce_user = None;
    if let Some(connection) = connection {
        salesforce_user = Some(connection.salesforce_user.clone());
        // At most two seconds for words: a slow Salesforce must not hold every widget of the page
        // on "Loading". The call runs on in a task of its own (a token refresh in it is never
        // cut off half-way) and fills the cache for the next page view.
        let asked = tokio::spawn({
            let (state, config, user) = (state.clone(), config.clone(), user.id.clone());
            async move { crate::object_labels::of(&state, &config, &user, connection).await }
        });
        let answered = match tokio::time::timeout(LABELS_WAIT, asked).await {
            Ok(Ok(answered)) => answered,
            Ok(Err(_)) | Err(_) => Err(std::sync::Arc::new(crate::connection::unavailable())),
        };
        match answered {
            Ok(found) => labels = Some(found),
            // Asking Salesforce found the connection over (a refresh was refused): say so now
            // rather than at the first search.
            Err(error) if error.code == codes::SALESFORCE_REAUTH_REQUIRED => {
                reauth_reason = error.reason.map(str::to_owned);
                salesforce_user = None;
            }
            // The labels are words, not access: without them the saved ones serve.
            Err(error) => tracing::info!(user = %user.id, error = %error.code, "object labels unavailable"),
        }
    }
    if salesforce_user.is_none() && reauth_reason.is_none() {
        reauth_reason = state.store.connection_ending(&user.id).await?;
    }
    let connected = salesforce_user.is_some();
    Ok(Json(Status {
        configured: true,
        connected,
        reauth_reason,
        salesforce_user: salesforce_user.flatten(),
        is_admin: user.is_admin,
        objects: widget_objects(&config.catalog(), labels.as_ref(), connected),
    }))
}

/// The catalog's objects as widgets show them: the person's own labels where Salesforce gave
/// them, else the saved ones; their icons once the person is `connected` (the backend fetches
/// them from the person's instance).
fn widget_objects(catalog: &Catalog, labels: Option<&Labels>, connected: bool) -> Vec<WidgetObject> {
    catalog
        .objects()
        .iter()
        .map(|object| {
            let key = object.key();
            let label = labels.and_then(|l| l.get(&key)).unwrap_or(&object.spec().label).clone();
            WidgetObject {
                label,
                color: object.spec().color.clone(),
                // Named by the icon too: a new icon is a new address, never one a browser kept.
                icon: object
                    .spec()
                    .icon
                    .as_ref()
                    .filter(|_| connected)
                    .map(|icon| format!("{}{key}?v={icon}", paths::ICONS)),
                object: key,
                filters: object.filter_fields().cloned().collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{collections::HashMap, sync::Arc};

    #[test]
    fn the_persons_labels_win_over_the_saved_ones() {
        let catalog = Catalog::presets();
        let german: Labels = Arc::new(HashMap::from([("task".to_owned(), "Aufgaben".to_owned())]));
        let objects = widget_objects(&catalog, Some(&german), true);
        let labels: Vec<&str> = objects.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(labels, ["Accounts", "Leads", "Aufgaben", "Campaigns"]);
        assert_eq!(objects[2].object, "task");
        assert_eq!(objects[2].color.as_deref(), Some("#4BC076"));
        assert_eq!(objects[2].icon.as_deref(), Some("/api/salesforce/icons/task?v=standard/task"));
        let signed_out = widget_objects(&catalog, None, false);
        assert_eq!(signed_out[2].label, "Tasks");
        assert!(signed_out.iter().all(|o| o.icon.is_none()), "no icon without a connection to fetch it with");
    }
}

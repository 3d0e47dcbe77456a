//! `GET /api/salesforce/status`: can this intranet user search Salesforce, and if not, why;
//! and the objects widgets may search, with labels in the person's Salesforce language.

use crate::{AppState, catalog::Catalog, error::ApiError, identity::IntranetUser, object_labels::Labels};
use axum::{Json, extract::State};
use widget_contract::{
    codes,
    status::{Status, WidgetObject},
};

/// How long a status answer waits for the person's own labels.
const LABELS_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub async fn status(State(state): State<AppState>, user: IntranetUser) -> Result<Json<Status>, ApiError> {
    let (config, connection) = tokio::join!(state.store.marketplace_config(), state.store.connection(&user.id));
    let Some(config) = config? else { return Ok(Json(Status { is_admin: user.is_admin, ..Status::default() })) };
    let mut labels = None;
    let mut reauth_reason = None;
    // `Some(name)` while the connection holds.
    let mut salesforce_user = None;
    if let Some(connection) = connection? {
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
    Ok(Json(Status {
        configured: true,
        connected: salesforce_user.is_some(),
        reauth_reason,
        salesforce_user: salesforce_user.flatten(),
        is_admin: user.is_admin,
        objects: widget_objects(&config.catalog(), labels.as_ref()),
    }))
}

/// The catalog's objects as widgets show them: the person's own labels where Salesforce gave
/// them, else the saved ones.
fn widget_objects(catalog: &Catalog, labels: Option<&Labels>) -> Vec<WidgetObject> {
    catalog
        .objects()
        .iter()
        .map(|object| {
            let key = object.key();
            let label = labels.and_then(|l| l.get(&key)).unwrap_or(&object.spec().label).clone();
            WidgetObject {
                object: key,
                label,
                color: object.spec().color.clone(),
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
        let objects = widget_objects(&catalog, Some(&german));
        let labels: Vec<&str> = objects.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(labels, ["Accounts", "Leads", "Aufgaben", "Campaigns"]);
        assert_eq!(objects[2].object, "task");
        assert_eq!(objects[2].color.as_deref(), Some("#4BC076"));
        assert_eq!(widget_objects(&catalog, None)[2].label, "Tasks");
    }
}

//! Revoking purged tokens at Salesforce. A configuration save deletes every user's tokens here;
//! without this they would keep working at Salesforce until they expire (a refresh token never
//! does, by default). Runs after the save committed, in the background, a few calls at a time,
//! each bounded by the Salesforce call timeout; every outcome is counted in the metrics.

use crate::{marketplace::MarketplaceConfig, metrics::Metrics, salesforce::SalesforceClient};
use secrecy::SecretString;
use std::sync::Arc;
use tokio::{sync::Semaphore, task::JoinSet};

/// Revocations in flight at once: enough to finish a few thousand tokens in minutes without
/// crowding the org's other integrations.
const AT_ONCE: usize = 4;

/// Revokes `tokens` at the login host of `issued_by` (the configuration that issued them).
/// Returns when every call has finished.
pub async fn revoke_purged(
    salesforce: SalesforceClient,
    metrics: Metrics,
    issued_by: MarketplaceConfig,
    tokens: Vec<SecretString>,
) {
    let issued_by = Arc::new(issued_by);
    let permits = Arc::new(Semaphore::new(AT_ONCE));
    let mut calls = JoinSet::new();
    for token in tokens {
        let (salesforce, metrics, issued_by, permits) =
            (salesforce.clone(), metrics.clone(), issued_by.clone(), permits.clone());
        calls.spawn(async move {
            let Ok(_permit) = permits.acquire_owned().await else { return };
            let revoked = salesforce.revoke(&issued_by, &token).await;
            if let Err(error) = &revoked {
                tracing::warn!(%error, "a purged token could not be revoked at Salesforce");
            }
            metrics.purged_token_revoked(revoked.is_ok());
        });
    }
    while calls.join_next().await.is_some() {}
}

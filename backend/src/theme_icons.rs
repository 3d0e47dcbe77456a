//! Objects' theme icons, served from the backend's own origin: the host page allows images from
//! the backend it already loads the widget from, and the browser never talks to Salesforce for
//! them. Each icon is fetched once from the instance and kept for a day (an icon that does not
//! exist too, so a missing one is not asked for on every page view); a failure is remembered for
//! five minutes, so a Salesforce that does not answer is not asked on every page view either.

use crate::salesforce::{RestError, SalesforceClient, theme_icons::MAX_ICON_BYTES};
use axum::body::Bytes;
use moka::future::Cache;
use std::{sync::Arc, time::Duration};

/// Icon URL → the PNG, or None when the instance has no such icon.
#[derive(Clone, Debug)]
pub struct ThemeIcons {
    icons: Cache<String, Option<Bytes>>,
    failures: Cache<String, Arc<RestError>>,
}

/// A day: Salesforce changes an object's icon only when an administrator picks another tab
/// style, and a control-panel save then names the new icon (another URL).
const KEEP: Duration = Duration::from_secs(24 * 3600);

impl Default for ThemeIcons {
    fn default() -> Self {
        // 12 objects per org at about 1 KB each: 8 MB is room for hundreds of orgs' icons.
        let weight = |url: &String, png: &Option<Bytes>| (url.len() + png.as_ref().map_or(0, Bytes::len) + 64) as u32;
        Self {
            icons: Cache::builder()
                .weigher(weight)
                .max_capacity((128 * MAX_ICON_BYTES) as u64)
                .time_to_live(KEEP)
                .build(),
            failures: Cache::builder().max_capacity(1_000).time_to_live(Duration::from_secs(300)).build(),
        }
    }
}

impl ThemeIcons {
    /// The icon at `url`, asked of Salesforce once however many pages want it at the same time.
    pub async fn get(&self, salesforce: &SalesforceClient, url: String) -> Result<Option<Bytes>, Arc<RestError>> {
        if let Some(failure) = self.failures.get(&url).await {
            return Err(failure);
        }
        let asked = self.icons.try_get_with(url.clone(), async { salesforce.theme_icon(&url).await }).await;
        if let Err(failure) = &asked {
            self.failures.insert(url, failure.clone()).await;
        }
        asked
    }
}

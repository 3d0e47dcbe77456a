//! Intranet pages on other origins that may embed the widget: the widget there calls this
//! backend with the person's session cookie, which the browser allows only when the answer
//! names that origin (credentialed CORS). An administrator lists them in the control panel;
//! an operator may add fixed ones at start-up (`--allowed-origins`). Every other origin is
//! refused.

use crate::store::Store;
use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

/// Most origins a list may hold.
pub const MAX_ORIGINS: usize = 50;
/// How long this process trusts its copy of the stored list (another replica may have saved
/// a new one).
const REFRESH: Duration = Duration::from_secs(10);

/// `scheme://host[:port]` as browsers send it in `Origin` (lowercase, default port left out).
pub fn normalize_origin(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim().trim_end_matches('/');
    let not_an_origin = || format!("“{trimmed}” is not an origin such as https://www.intranet.example.com.");
    let url = url::Url::parse(trimmed).map_err(|_| not_an_origin())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(not_an_origin());
    }
    let origin = url.origin().ascii_serialization();
    let only_origin = url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    if !only_origin {
        return Err(format!("“{trimmed}” has more than an origin: leave out the path, user and query ({origin})."));
    }
    Ok(origin)
}

#[derive(Debug)]
pub struct AllowedOrigins {
    fixed: Vec<String>,
    stored: RwLock<(Arc<Vec<String>>, Option<Instant>)>,
}

impl AllowedOrigins {
    pub fn new(fixed: Vec<String>) -> Self {
        Self { fixed, stored: RwLock::new((Arc::default(), None)) }
    }

    /// The origins given at start-up.
    pub fn fixed(&self) -> &[String] {
        &self.fixed
    }

    /// Whether pages of `origin` may embed the widget.
    pub async fn allows(&self, origin: &str, store: &Store) -> bool {
        if self.fixed.iter().any(|o| o.eq_ignore_ascii_case(origin)) {
            return true;
        }
        let cached = self.stored.read().unwrap_or_else(|e| e.into_inner()).clone();
        let stored = match cached {
            (origins, Some(read)) if read.elapsed() < REFRESH => origins,
            (old, _) => match store.allowed_origins().await {
                Ok(origins) => {
                    let origins = Arc::new(origins);
                    self.remember(origins.clone());
                    origins
                }
                Err(error) => {
                    tracing::warn!(%error, "the allowed origins could not be read; using the last list");
                    old
                }
            },
        };
        stored.iter().any(|o| o.eq_ignore_ascii_case(origin))
    }

    /// After a save on this replica: the new list counts at once.
    pub fn remember(&self, origins: Arc<Vec<String>>) {
        *self.stored.write().unwrap_or_else(|e| e.into_inner()) = (origins, Some(Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_like_browsers_send_them() {
        assert_eq!(normalize_origin("https://WWW.Intranet.Example.com/").unwrap(), "https://www.intranet.example.com");
        assert_eq!(normalize_origin("http://www.intranet.test:9001").unwrap(), "http://www.intranet.test:9001");
        assert_eq!(normalize_origin("https://x.example:443").unwrap(), "https://x.example");
        for bad in
            ["www.intranet.example", "ftp://x.example", "https://x.example/page", "https://u@x.example", "null", ""]
        {
            assert!(normalize_origin(bad).is_err(), "{bad}");
        }
    }
}

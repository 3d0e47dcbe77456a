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

/// Whether a path is one the widget calls (status, search, recent, tasks, disconnect). The
/// control panel's API is for the intranet's own pages only: an allowed origin is a page of
/// editors, not a place to change settings from.
pub fn is_widget_api(path: &str) -> bool {
    path.starts_with("/api/salesforce/")
}

/// Most origins a list may hold.
pub const MAX_ORIGINS: usize = 50;
/// How long this process trusts its copy of the stored list (another replica may have saved
/// a new one).
const REFRESH: Duration = Duration::from_secs(10);

/// An origin that may be allowed for an intranet at `public_base_url`: not plain http when the
/// intranet is served over https (anyone on the network could put script into such a page and
/// search with the person's session), except loopback.
pub fn allowable_origin(raw: &str, public_base_url: &str) -> Result<String, String> {
    let origin = normalize_origin(raw)?;
    let loopback = url::Url::parse(&origin).is_ok_and(|url| match url.host() {
        Some(url::Host::Domain(name)) => name == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    });
    if origin.starts_with("http://") && public_base_url.starts_with("https://") && !loopback {
        return Err(format!("“{origin}” is plain http while this intranet uses https: allow its https address."));
    }
    Ok(origin)
}

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
            (old, _) => {
                let asked = Instant::now();
                match store.allowed_origins().await {
                    Ok(origins) => self.keep_unless_newer(Arc::new(origins), asked),
                    Err(error) => {
                        // Keep the last list, and ask again only after a while (not once per request).
                        tracing::warn!(%error, "the allowed origins could not be read; using the last list");
                        self.keep_unless_newer(old, asked)
                    }
                }
            }
        };
        stored.iter().any(|o| o.eq_ignore_ascii_case(origin))
    }

    /// After a save on this replica: the new list counts at once.
    pub fn remember(&self, origins: Arc<Vec<String>>) {
        *self.stored.write().unwrap_or_else(|e| e.into_inner()) = (origins, Some(Instant::now()));
    }

    /// Stores a list read from the database at `asked`, unless a newer one arrived meanwhile (a
    /// save on this replica while the read was under way: the read may predate it). Returns the
    /// list that counts.
    fn keep_unless_newer(&self, origins: Arc<Vec<String>>, asked: Instant) -> Arc<Vec<String>> {
        let mut stored = self.stored.write().unwrap_or_else(|e| e.into_inner());
        match &*stored {
            (newer, Some(read)) if *read > asked => newer.clone(),
            _ => {
                *stored = (origins.clone(), Some(asked));
                origins
            }
        }
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
        let https = "https://intranet.example.com";
        assert!(allowable_origin("http://teams.intranet.example.com", https).is_err());
        assert!(allowable_origin("http://127.0.0.1:9001", https).is_ok());
        assert!(allowable_origin("https://teams.intranet.example.com", https).is_ok());
        assert!(allowable_origin("http://teams.intranet.test", "http://widgets.intranet.test").is_ok());
        for bad in
            ["www.intranet.example", "ftp://x.example", "https://x.example/page", "https://u@x.example", "null", ""]
        {
            assert!(normalize_origin(bad).is_err(), "{bad}");
        }
    }
}

//! Who started a browser request: this intranet's own pages, a sibling host of the same site,
//! or another website. Read from Fetch Metadata (`Sec-Fetch-Site`, sent by every current
//! browser), and for older browsers from `Origin` and `Referer`. Used where a request that
//! another site triggers would act for the person: the Salesforce sign-in start (login CSRF)
//! and the demo intranet's sign-in and sign-out forms.

use axum::http::HeaderMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initiator {
    /// A page of this intranet's origin.
    SameOrigin,
    /// A page on another host of the same site (e.g. `www.` and `widgets.` of one intranet).
    SameSite,
    /// Another website.
    CrossSite,
    /// Typed in or a bookmark (`Sec-Fetch-Site: none`).
    Person,
    /// Nothing says: no Fetch Metadata (plain http, older browsers, other clients), no
    /// `Origin`, no `Referer` (which a page can suppress).
    Unknown,
}

/// `own_origin`: this intranet's public origin, e.g. `https://intranet.example.com`.
pub fn initiator(headers: &HeaderMap, own_origin: &str) -> Initiator {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match header("sec-fetch-site") {
        Some("same-origin") => return Initiator::SameOrigin,
        Some("same-site") => return Initiator::SameSite,
        Some("none") => return Initiator::Person,
        Some(_) => return Initiator::CrossSite,
        None => {}
    }
    // Without Fetch Metadata, whichever page the browser names is compared with this origin
    // (whether a foreign origin is the same site would need the public suffix list: it is not).
    let named =
        header("origin").filter(|o| *o != "null").map(str::to_owned).or_else(|| header("referer").map(origin_of));
    match (header("origin"), named) {
        (Some("null"), _) => Initiator::CrossSite,
        (_, Some(origin)) if origin.eq_ignore_ascii_case(own_origin) => Initiator::SameOrigin,
        (_, Some(_)) => Initiator::CrossSite,
        (_, None) => Initiator::Unknown,
    }
}

/// `scheme://host[:port]` of a URL as browsers serialise origins (`null` for what has none).
pub fn origin_of(url: &str) -> String {
    url::Url::parse(url).map_or_else(|_| "null".to_owned(), |url| url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const OWN: &str = "https://intranet.example.com";

    fn with(pairs: &[(&'static str, &'static str)]) -> Initiator {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        initiator(&headers, OWN)
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert_eq!(with(&[("sec-fetch-site", "same-origin")]), Initiator::SameOrigin);
        assert_eq!(with(&[("sec-fetch-site", "same-site")]), Initiator::SameSite);
        assert_eq!(with(&[("sec-fetch-site", "none")]), Initiator::Person);
        assert_eq!(with(&[("sec-fetch-site", "cross-site"), ("origin", OWN)]), Initiator::CrossSite);
        assert_eq!(with(&[("sec-fetch-site", "something-new")]), Initiator::CrossSite);
    }

    #[test]
    fn origin_and_referer_decide_for_older_browsers() {
        assert_eq!(with(&[("origin", OWN)]), Initiator::SameOrigin);
        assert_eq!(with(&[("origin", "https://evil.example")]), Initiator::CrossSite);
        assert_eq!(with(&[("origin", "null")]), Initiator::CrossSite);
        assert_eq!(with(&[("referer", "https://intranet.example.com/news?x=1")]), Initiator::SameOrigin);
        assert_eq!(with(&[("referer", "https://intranet.example.com.evil.example/")]), Initiator::CrossSite);
        assert_eq!(with(&[("referer", "https://evil.example/page")]), Initiator::CrossSite);
        assert_eq!(with(&[]), Initiator::Unknown);
    }
}

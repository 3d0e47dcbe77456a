//! The icons of objects' Lightning themes (UI API `themeInfo.iconUrl`, e.g.
//! `https://acme.my.salesforce.com/img/icon/t4v35/standard/account_120.png`): white glyphs on
//! transparent PNGs, drawn on the theme's colour. Static images of the instance: fetched
//! without a token.

use super::{
    RestError,
    client::{SalesforceClient, transport_error},
};
use axum::body::Bytes;
use reqwest::{StatusCode, header};

/// Where an instance keeps theme icons, and the size `iconUrl` names.
const DIRECTORY: &str = "/img/icon/t4v35/";
const SIZE: &str = "_120.png";
/// Salesforce's 120-pixel icons weigh about 1 KB; anything far larger is not one.
pub const MAX_ICON_BYTES: usize = 64 * 1024;
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The icon's name in an `iconUrl` (`standard/account`, `custom/custom57`): a kind and a name
/// of lowercase letters, digits and `_`. Only the name is kept, so the address rebuilt from it
/// (on the person's own instance, see [`url()`]) cannot point anywhere else.
pub fn name_of(icon_url: &str) -> Option<String> {
    let (_, rest) = icon_url.split_once(DIRECTORY)?;
    let name = rest.strip_suffix(SIZE)?;
    let (kind, file) = name.split_once('/')?;
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    (matches!(kind, "standard" | "custom") && plain(file)).then(|| name.to_owned())
}

/// The icon `name` (see [`name_of`]) on an instance.
pub fn url(instance_url: &str, name: &str) -> String {
    format!("{}{DIRECTORY}{name}{SIZE}", instance_url.trim_end_matches('/'))
}

impl SalesforceClient {
    /// The PNG at `url` (see [`url()`]), or None when the instance has no such icon (404).
    pub async fn theme_icon(&self, url: &str) -> Result<Option<Bytes>, RestError> {
        let request = self.http.get(url).header(header::ACCEPT, "image/png");
        let mut response =
            self.send("theme_icon", request).await.map_err(|e| RestError::Unavailable(transport_error(&e)))?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::NOT_FOUND | StatusCode::GONE => return Ok(None),
            status => return Err(RestError::Unavailable(format!("the icon answered {status}"))),
        }
        let too_large = || RestError::Unavailable("the icon is too large".into());
        if response.content_length().is_some_and(|length| length > MAX_ICON_BYTES as u64) {
            return Err(too_large());
        }
        // Read chunk by chunk: a body without a length stops being read past the limit.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| RestError::Unavailable(transport_error(&e)))? {
            if body.len() + chunk.len() > MAX_ICON_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        // The backend serves it as image/png from its own origin: it must be one.
        if !body.starts_with(PNG_SIGNATURE) {
            return Err(RestError::Unavailable("the icon is not a PNG image".into()));
        }
        Ok(Some(Bytes::from(body)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_themes_icon_name_is_kept() {
        assert_eq!(name_of(&url_of_account()).as_deref(), Some("standard/account"));
        assert_eq!(
            name_of("http://127.0.0.1:9/img/icon/t4v35/custom/custom57_120.png").as_deref(),
            Some("custom/custom57")
        );
        assert_eq!(url("https://acme.my.salesforce.com/", "standard/account"), url_of_account());
        for bad in [
            "",
            "https://acme.my.salesforce.com/img/icon/t4v35/standard/account_60.png",
            "https://acme.my.salesforce.com/img/icon/t4v35/standard/../../secur/logout_120.png",
            "https://acme.my.salesforce.com/img/icon/t4v35/other/account_120.png",
            "https://acme.my.salesforce.com/img/icon/t4v35/standard/Account_120.png",
            "https://acme.my.salesforce.com/img/icon/t4v35/standard/a/b_120.png",
            "https://acme.my.salesforce.com/img/icon/t4v35/standard/_120.png",
            "https://acme.my.salesforce.com/img/icon/t4v35/standard/account_120.png?x=1",
        ] {
            assert_eq!(name_of(bad), None, "{bad}");
        }
    }

    /// What a misbehaving instance might answer at an icon's address (the demo org answers as
    /// Salesforce does, so these answers need a server of their own).
    #[tokio::test]
    async fn only_a_png_within_the_limit_is_taken() {
        use axum::{Router, body::Body, routing::get};
        let png = || [PNG_SIGNATURE, &[0u8; 100]].concat();
        let app = Router::new()
            .route("/img/icon/t4v35/standard/ok_120.png", get(move || async move { png() }))
            .route("/img/icon/t4v35/standard/html_120.png", get(|| async { "<svg onload=alert(1)>" }))
            .route(
                "/img/icon/t4v35/standard/huge_120.png",
                // Streamed without a length: only reading it shows the size.
                get(|| async {
                    let chunks = (0..100).map(|_| Ok::<_, std::io::Error>(vec![0u8; 4096]));
                    Body::from_stream(futures::stream::iter(chunks))
                }),
            )
            .route(
                "/img/icon/t4v35/standard/moved_120.png",
                get(|| async { axum::response::Redirect::to("/elsewhere") }),
            )
            .route("/img/icon/t4v35/standard/down_120.png", get(|| async { StatusCode::SERVICE_UNAVAILABLE }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let client = SalesforceClient::new(std::time::Duration::from_secs(5), crate::metrics::Metrics::default());
        let fetched = |name: &'static str| {
            let (client, url) = (client.clone(), url(&base, name));
            async move { client.theme_icon(&url).await }
        };
        assert_eq!(fetched("standard/ok").await.unwrap().unwrap().len(), 108);
        assert_eq!(fetched("standard/missing").await, Ok(None));
        for refused in ["standard/html", "standard/huge", "standard/moved", "standard/down"] {
            assert!(matches!(fetched(refused).await, Err(RestError::Unavailable(_))), "{refused}");
        }
    }

    fn url_of_account() -> String {
        "https://acme.my.salesforce.com/img/icon/t4v35/standard/account_120.png".to_owned()
    }
}

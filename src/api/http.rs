//! [`BackendApi`] over the browser's `fetch`.

use super::{ApiError, ApiFuture, BackendApi, json};
use crate::status::Status;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

/// Talks to the backend at `base` (empty: the page's own origin).
#[derive(Clone, Debug)]
pub struct HttpBackend {
    base: String,
}

impl HttpBackend {
    pub fn new(base: impl Into<String>) -> Self {
        Self { base: base.into() }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// GETs `path` and returns the parsed JSON body, or the backend's error.
    async fn get_json(url: String, cross_origin: bool) -> Result<JsValue, ApiError> {
        let init = RequestInit::new();
        init.set_method("GET");
        // The intranet session cookie must travel with the request, also to another origin.
        init.set_credentials(if cross_origin { RequestCredentials::Include } else { RequestCredentials::SameOrigin });
        let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
        let response: Response =
            JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await.map_err(network_error)?.unchecked_into();
        let body = match response.json() {
            Ok(promise) => JsFuture::from(promise).await.ok(),
            Err(_) => None,
        };
        if response.ok() {
            return body.ok_or_else(|| ApiError::Decode(format!("{url} did not answer JSON")));
        }
        let status = response.status();
        let (code, message) = body
            .and_then(|b| {
                let code = json::optional_string_field(&b, "error").ok().flatten()?;
                let message = json::optional_string_field(&b, "message").ok().flatten().unwrap_or_default();
                Some((code, message))
            })
            .unwrap_or_else(|| ("http_error".to_owned(), format!("HTTP {status}")));
        Err(ApiError::Backend { status, code, message })
    }
}

fn network_error(error: JsValue) -> ApiError {
    let name = js_sys::Reflect::get(&error, &JsValue::from_str("name")).ok().and_then(|n| n.as_string());
    if name.as_deref() == Some("AbortError") {
        return ApiError::Aborted;
    }
    ApiError::Network(
        js_sys::Reflect::get(&error, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "request failed".to_owned()),
    )
}

impl BackendApi for HttpBackend {
    fn status(&self) -> ApiFuture<Status> {
        let url = self.url("/api/salesforce/status");
        let cross_origin = !self.base.is_empty();
        Box::pin(async move {
            let body = Self::get_json(url, cross_origin).await?;
            Ok(Status {
                configured: json::bool_field(&body, "configured")?,
                connected: json::bool_field(&body, "connected")?,
                reauth_reason: json::optional_string_field(&body, "reauth_reason")?,
                salesforce_user: json::optional_string_field(&body, "salesforce_user")?,
                is_admin: json::bool_field(&body, "is_admin")?,
            })
        })
    }

    fn sign_in_url(&self, return_to: &str) -> String {
        let encoded = String::from(js_sys::encode_uri_component(return_to));
        self.url(&format!("/marketplace/salesforce/account/sign-in?return_to={encoded}"))
    }
}

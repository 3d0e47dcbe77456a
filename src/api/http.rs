//! [`BackendApi`] over the browser's `fetch`, JSON parsed by the browser.

use super::{ApiError, ApiFuture, BackendApi, json};
use crate::{
    search::{self, Detail, GlanceResults, ResultGroup, ResultItem, SearchRequest, SearchResults, TaskState},
    status::Status,
};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCredentials, RequestInit, Response};
use widget_contract::paths;
use widget_contract::{
    objects::{FilterField, FilterKind, is_object_name},
    status::WidgetObject,
};

thread_local! {
    /// One status request per backend for the whole page, however many widgets it has. A list
    /// (a page talks to one backend, rarely two): a map type would add its code to the bundle.
    static SHARED_STATUS: RefCell<Vec<(String, js_sys::Promise)>> = const { RefCell::new(Vec::new()) };
}

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

    fn init(&self, method: &str, abort: Option<&AbortSignal>) -> RequestInit {
        let init = RequestInit::new();
        init.set_method(method);
        // The intranet session cookie must travel with the request, also to another origin.
        init.set_credentials(if self.base.is_empty() {
            RequestCredentials::SameOrigin
        } else {
            RequestCredentials::Include
        });
        if let Some(signal) = abort {
            init.set_signal(Some(signal));
        }
        if method != "GET" {
            let headers = web_sys::Headers::new().expect("Headers");
            // The backend refuses state-changing calls without it (CSRF protection).
            let _ = headers.set(paths::CSRF_HEADER, paths::CSRF_VALUE);
            let _ = headers.set("Content-Type", "application/json");
            init.set_headers(&headers);
        }
        init
    }

    /// A GET of `path` with these query parameters.
    fn get_url<N: AsRef<str>>(&self, path: &str, params: &[(N, String)]) -> String {
        let query = web_sys::UrlSearchParams::new().expect("URLSearchParams");
        for (name, value) in params {
            query.append(name.as_ref(), value);
        }
        self.url(&format!("{path}?{}", String::from(query.to_string())))
    }

    /// Sends a request; returns the parsed JSON body (or `null` for an empty success).
    async fn send(url: String, init: RequestInit) -> Result<JsValue, ApiError> {
        let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
        let response: Response =
            JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await.map_err(network_error)?.unchecked_into();
        if response.status() == 204 {
            return Ok(JsValue::NULL);
        }
        let body = match response.json() {
            Ok(promise) => JsFuture::from(promise).await.map_err(|e| match network_error(e) {
                ApiError::Aborted => ApiError::Aborted,
                _ => ApiError::Decode(format!("{url} did not answer JSON")),
            }),
            Err(_) => Err(ApiError::Decode(format!("{url} did not answer JSON"))),
        };
        if response.ok() {
            return body;
        }
        let status = response.status();
        let (code, reason, message, retry_after) = body
            .ok()
            .and_then(|b| {
                let code = json::optional_string_field(&b, "error").ok().flatten()?;
                let reason = json::optional_string_field(&b, "reason").ok().flatten();
                let message = json::optional_string_field(&b, "message").ok().flatten().unwrap_or_default();
                Some((code, reason, message, json::optional_seconds_field(&b, "retry_after")))
            })
            .unwrap_or_else(|| ("http_error".to_owned(), None, format!("HTTP {status}"), None));
        Err(ApiError::Backend { status, code, reason, message, retry_after })
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

/// The status as the backend at `base` answered it.
fn parse_status(body: &JsValue, base: &str) -> Result<Status, ApiError> {
    Ok(Status {
        configured: json::bool_field(body, "configured")?,
        connected: json::bool_field(body, "connected")?,
        reauth_reason: json::optional_string_field(body, "reauth_reason")?,
        salesforce_user: json::optional_string_field(body, "salesforce_user")?,
        is_admin: json::bool_field(body, "is_admin")?,
        objects: parse_objects(body, base)?,
    })
}

fn parse_objects(body: &JsValue, base: &str) -> Result<Vec<WidgetObject>, ApiError> {
    // A loop, not `collect` into a `Result`: one generic adapter less in the bundle.
    let mut objects = Vec::new();
    for o in json::array_field(body, "objects")? {
        objects.push(WidgetObject {
            object: parse_object(&json::field(&o, "object")?)?,
            label: json::string_field(&o, "label")?,
            color: json::optional_string_field(&o, "color")?,
            // An image of the backend's own, never an address from elsewhere.
            icon: json::optional_string_field(&o, "icon")?
                .filter(|path| path.starts_with(paths::ICONS))
                .map(|path| format!("{base}{path}")),
            filters: parse_filter_fields(&o)?,
        });
    }
    Ok(objects)
}

fn parse_filter_fields(object: &JsValue) -> Result<Vec<FilterField>, ApiError> {
    let mut filters = Vec::new();
    for f in json::array_field(object, "filters")? {
        // A kind this widget does not know is offered as a picklist (its values are asked).
        let boolean = json::string_field(&f, "kind")? == FilterKind::Boolean.key();
        // A field name becomes part of element ids and query parameters: identifiers only.
        let field = json::string_field(&f, "field")?;
        if !is_object_name(&field) {
            return Err(ApiError::Decode("not a field name".into()));
        }
        filters.push(FilterField {
            field,
            label: json::string_field(&f, "label")?,
            kind: if boolean { FilterKind::Boolean } else { FilterKind::Picklist },
        });
    }
    Ok(filters)
}

/// Object names as a parameter: `account,lead`.
fn joined_names(names: &[String]) -> String {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    search::joined(&names, ",")
}

/// An object's name as the backend writes it (a lowercase API name).
fn parse_object(value: &JsValue) -> Result<String, ApiError> {
    value.as_string().filter(|k| is_object_name(k)).ok_or_else(|| ApiError::Decode("not an object name".into()))
}

fn parse_item(record: &JsValue) -> Result<ResultItem, ApiError> {
    // Loops, not `collect` into a `Result`: one generic adapter less in the bundle.
    let mut details = Vec::new();
    for d in json::array_field(record, "details")? {
        details.push(Detail {
            key: json::string_field(&d, "key")?,
            value: json::string_field(&d, "value")?,
            label: json::optional_string_field(&d, "label")?,
            number: json::bool_field(&d, "number")?,
        });
    }
    Ok(ResultItem {
        object: parse_object(&json::field(record, "object")?)?,
        id: json::string_field(record, "id")?,
        title: json::string_field(record, "title")?,
        details,
        url: json::string_field(record, "url")?,
    })
}

/// The `records` of a group or a glance.
fn parse_items(body: &JsValue) -> Result<Vec<ResultItem>, ApiError> {
    let mut items = Vec::new();
    for record in json::array_field(body, "records")? {
        items.push(parse_item(&record)?);
    }
    Ok(items)
}

fn parse_results(body: &JsValue) -> Result<SearchResults, ApiError> {
    let mut groups = Vec::new();
    for group in json::array_field(body, "groups")? {
        let object = parse_object(&json::field(&group, "object")?)?;
        let records = parse_items(&group)?;
        groups.push(ResultGroup { object, records, has_more: json::bool_field(&group, "has_more")? });
    }
    let mut skipped = Vec::new();
    for object in json::array_field(body, "skipped")? {
        skipped.push(parse_object(&object)?);
    }
    Ok(SearchResults { groups, skipped, search_url: json::optional_string_field(body, "search_url")? })
}

fn parse_glance(body: &JsValue) -> Result<GlanceResults, ApiError> {
    Ok(GlanceResults {
        records: parse_items(body)?,
        has_more: json::bool_field(body, "has_more")?,
        more_url: json::optional_string_field(body, "more_url")?,
    })
}

impl BackendApi for HttpBackend {
    fn status(&self) -> ApiFuture<Status> {
        let promise = SHARED_STATUS.with(|shared| {
            let mut shared = shared.borrow_mut();
            if let Some((_, promise)) = shared.iter().find(|(base, _)| *base == self.base) {
                return promise.clone();
            }
            let url = self.url(paths::STATUS);
            let init = self.init("GET", None);
            // The promise carries the parsed body or the error as a JS value.
            let promise = wasm_bindgen_futures::future_to_promise(async move {
                Self::send(url, init).await.map_err(|e| error_to_js(&e))
            });
            shared.push((self.base.clone(), promise.clone()));
            promise
        });
        let base = self.base.clone();
        Box::pin(async move {
            let body = JsFuture::from(promise).await.map_err(|e| error_from_js(&e));
            // Every widget of the page waits on this one answer: each takes it in a task of its
            // own, so three widgets never render in one long task that blocks the page.
            crate::scheduling::next_task().await;
            parse_status(&body?, &base)
        })
    }

    fn invalidate_status(&self) {
        SHARED_STATUS.with(|shared| shared.borrow_mut().retain(|(base, _)| *base != self.base));
    }

    fn search(&self, request: &SearchRequest, abort: Option<AbortSignal>) -> ApiFuture<SearchResults> {
        let mut params = vec![
            ("q".to_owned(), request.query.clone()),
            ("objects".to_owned(), joined_names(&request.objects)),
            ("limit".to_owned(), request.limit.to_string()),
        ];
        if request.offset > 0 {
            params.push(("offset".to_owned(), request.offset.to_string()));
        }
        params.extend(request.filters.params());
        let url = self.get_url(paths::SEARCH, &params);
        let init = self.init("GET", abort.as_ref());
        Box::pin(async move { parse_results(&Self::send(url, init).await?) })
    }

    fn recent(&self, objects: &[String], limit: usize) -> ApiFuture<GlanceResults> {
        let objects = joined_names(objects);
        let url = self.get_url(paths::RECENT, &[("objects", objects), ("limit", limit.to_string())]);
        let init = self.init("GET", None);
        Box::pin(async move { parse_glance(&Self::send(url, init).await?) })
    }

    fn tasks(&self, state: TaskState, limit: usize) -> ApiFuture<GlanceResults> {
        let url = self.get_url(paths::TASKS, &[("task", state.key().to_owned()), ("limit", limit.to_string())]);
        let init = self.init("GET", None);
        Box::pin(async move { parse_glance(&Self::send(url, init).await?) })
    }

    fn picklist(&self, object: &str, field: &str) -> ApiFuture<Vec<String>> {
        let url = self.get_url(paths::PICKLIST, &[("object", object.to_owned()), ("field", field.to_owned())]);
        let init = self.init("GET", None);
        Box::pin(async move {
            let body = Self::send(url, init).await?;
            let mut values = Vec::new();
            for value in json::array_field(&body, "values")? {
                values.push(value.as_string().ok_or_else(|| ApiError::Decode("a picklist value is not text".into()))?);
            }
            Ok(values)
        })
    }

    fn record_view(&self, object: &str, id: &str) -> ApiFuture<()> {
        let url = self.url(paths::RECENT);
        let init = self.init("POST", None);
        let body = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&body, &"object".into(), &object.into());
        let _ = js_sys::Reflect::set(&body, &"id".into(), &id.into());
        if let Ok(text) = js_sys::JSON::stringify(&body) {
            init.set_body(&text.into());
        }
        // The user is leaving for Salesforce: let the request finish even if this page goes.
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
        Box::pin(async move { Self::send(url, init).await.map(drop) })
    }

    fn disconnect(&self) -> ApiFuture<()> {
        let url = self.url(paths::DISCONNECT);
        let init = self.init("POST", None);
        Box::pin(async move { Self::send(url, init).await.map(drop) })
    }

    fn sign_in_url(&self, return_to: &str) -> String {
        self.get_url(paths::SIGN_IN, &[("return_to", return_to.to_owned())])
    }

    fn intranet_sign_in_url(&self, return_to: &str) -> String {
        self.get_url(paths::INTRANET_SIGN_IN, &[("return_to", return_to.to_owned())])
    }
}

/// Errors cross the shared JS promise as `{status, code, message}` objects.
fn error_to_js(error: &ApiError) -> JsValue {
    let object = js_sys::Object::new();
    let (status, code, reason, message) = match error {
        ApiError::Backend { status, code, reason, message, .. } => {
            (*status, code.clone(), reason.clone(), message.clone())
        }
        ApiError::Network(m) => (0, "network".into(), None, m.clone()),
        ApiError::Decode(m) => (0, "decode".into(), None, m.clone()),
        ApiError::Aborted => (0, "aborted".into(), None, String::new()),
    };
    if let Some(seconds) = error.retry_after() {
        let _ = js_sys::Reflect::set(&object, &"retry_after".into(), &JsValue::from(seconds));
    }
    if let Some(reason) = reason {
        let _ = js_sys::Reflect::set(&object, &"reason".into(), &JsValue::from_str(&reason));
    }
    let _ = js_sys::Reflect::set(&object, &"status".into(), &JsValue::from(status));
    let _ = js_sys::Reflect::set(&object, &"code".into(), &JsValue::from_str(&code));
    let _ = js_sys::Reflect::set(&object, &"message".into(), &JsValue::from_str(&message));
    object.into()
}

fn error_from_js(value: &JsValue) -> ApiError {
    let text =
        |name: &str| js_sys::Reflect::get(value, &name.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let status = js_sys::Reflect::get(value, &"status".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u16;
    match text("code").as_str() {
        "network" => ApiError::Network(text("message")),
        "decode" => ApiError::Decode(text("message")),
        "aborted" => ApiError::Aborted,
        code => {
            let reason = Some(text("reason")).filter(|r| !r.is_empty());
            let retry_after = json::optional_seconds_field(value, "retry_after");
            ApiError::Backend { status, code: code.to_owned(), reason, message: text("message"), retry_after }
        }
    }
}

//! The backend's admin API, as the pages use it. State-changing calls carry the CSRF header the
//! backend requires.

use gloo_net::http::{Request, Response};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::collections::BTreeMap;

pub use widget_contract::admin::{ConfigView, SaveResult, UsageView};
use widget_contract::paths::{
    ADMIN_API_GUARD as GUARD_URL, ADMIN_CONFIG as CONFIG_URL, ADMIN_EMBEDDING as EMBEDDING_URL, ADMIN_OBJECTS,
    ADMIN_SEARCHABLE_OBJECTS, ADMIN_TEST as TEST_URL, CSRF_HEADER, CSRF_VALUE, PICKLIST, STATUS,
};
use widget_contract::{
    objects::{OrgObject, OrgObjectDetail, SearchableObject},
    status::{Status, WidgetObject},
};

/// What the form sends. `consumer_secret: None` keeps the stored secret.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConfigInput {
    pub consumer_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer_secret: Option<String>,
    pub login_host: String,
    pub scopes: Vec<String>,
    pub api_version: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestInput {
    pub consumer_key: String,
    pub login_host: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Check {
    pub id: String,
    pub outcome: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TestReport {
    pub checks: Vec<Check>,
}

/// The backend's error body, or a network failure (status 0).
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: u16,
    #[serde(rename = "error")]
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl ApiError {
    fn network(error: gloo_net::Error) -> Self {
        ApiError {
            code: "network".into(),
            message: format!("The intranet server could not be reached ({error}). Check the connection and try again."),
            ..ApiError::default()
        }
    }

    pub fn is_forbidden(&self) -> bool {
        self.status == 403
    }

    /// What to show for a form of one field: that field's message, else the error's.
    pub fn about(self, field: &str) -> String {
        self.fields.get(field).cloned().unwrap_or(self.message)
    }
}

async fn decode<T: DeserializeOwned>(sent: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
    let response = sent.map_err(ApiError::network)?;
    if response.ok() {
        return response.json::<T>().await.map_err(ApiError::network);
    }
    Err(failure(response).await)
}

/// The backend's error body of a failed answer.
async fn failure(response: Response) -> ApiError {
    let status = response.status();
    let mut error = response.json::<ApiError>().await.unwrap_or_else(|_| ApiError {
        code: "unexpected".into(),
        message: format!("The intranet server answered {status}."),
        ..ApiError::default()
    });
    error.status = status;
    error
}

/// The objects widgets may search, as the administrator enabled them (the widgets' own status
/// answer, which every intranet user may read).
pub async fn widget_objects() -> Result<Vec<WidgetObject>, ApiError> {
    decode::<Status>(Request::get(STATUS).send().await).await.map(|status| status.objects)
}

/// The values the picklist filter field `field` of `object` offers, as the editor's org defines
/// them (an error without a Salesforce connection).
pub async fn picklist_values(object: String, field: String) -> Result<Vec<String>, ApiError> {
    #[derive(Deserialize)]
    struct Values {
        values: Vec<String>,
    }
    let url = format!(
        "{PICKLIST}?object={}&field={}",
        js_sys::encode_uri_component(&object),
        js_sys::encode_uri_component(&field)
    );
    decode::<Values>(Request::get(&url).send().await).await.map(|v| v.values)
}

pub async fn get_config() -> Result<ConfigView, ApiError> {
    decode(Request::get(CONFIG_URL).send().await).await
}

pub async fn save_config(input: &ConfigInput) -> Result<SaveResult, ApiError> {
    let request = Request::put(CONFIG_URL).header(CSRF_HEADER, CSRF_VALUE).json(input).map_err(ApiError::network)?;
    decode(request.send().await).await
}

/// Saves the share of the API allowance at which widgets stop (no one is signed out).
pub async fn save_api_guard(percent: u8) -> Result<(), ApiError> {
    let body = serde_json::json!({ "percent": percent });
    let request = Request::put(GUARD_URL).header(CSRF_HEADER, CSRF_VALUE).json(&body).map_err(ApiError::network)?;
    let response = request.send().await.map_err(ApiError::network)?;
    if response.ok() { Ok(()) } else { Err(failure(response).await) }
}

/// Replaces the origins allowed to embed the widget; returns them as stored (normalised).
pub async fn save_allowed_origins(origins: &[String]) -> Result<Vec<String>, ApiError> {
    let body = serde_json::json!({ "origins": origins });
    let request = Request::put(EMBEDDING_URL).header(CSRF_HEADER, CSRF_VALUE).json(&body).map_err(ApiError::network)?;
    decode(request.send().await).await
}

pub async fn test_connection(input: &TestInput) -> Result<TestReport, ApiError> {
    let request = Request::post(TEST_URL).header(CSRF_HEADER, CSRF_VALUE).json(input).map_err(ApiError::network)?;
    decode(request.send().await).await
}

/// The org's searchable objects, as the administrator's own Salesforce session lists them.
pub async fn org_objects() -> Result<Vec<OrgObject>, ApiError> {
    decode(Request::get(ADMIN_OBJECTS).send().await).await
}

/// One object's fields, name field and colour. `name` is an object API name from
/// [`org_objects`] (letters, digits and underscores only, so it is safe in the path).
pub async fn org_object(name: &str) -> Result<OrgObjectDetail, ApiError> {
    decode(Request::get(&format!("{ADMIN_OBJECTS}/{name}")).send().await).await
}

/// The objects widgets may search now (the presets until an administrator saves a choice).
pub async fn searchable_objects() -> Result<Vec<SearchableObject>, ApiError> {
    decode(Request::get(ADMIN_SEARCHABLE_OBJECTS).send().await).await
}

/// Saves the objects widgets may search; returns them as saved (Salesforce's spelling).
pub async fn save_searchable_objects(objects: &[SearchableObject]) -> Result<Vec<SearchableObject>, ApiError> {
    let request = Request::put(ADMIN_SEARCHABLE_OBJECTS)
        .header(CSRF_HEADER, CSRF_VALUE)
        .json(objects)
        .map_err(ApiError::network)?;
    decode(request.send().await).await
}

//! Reading JSON that the browser already parsed (`Response.json()`), field by field.
//!
//! The widget does not link serde_json: the browser's own parser keeps the bundle small.

use super::ApiError;
use wasm_bindgen::JsValue;

fn field(object: &JsValue, name: &str) -> Result<JsValue, ApiError> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .map_err(|_| ApiError::Decode(format!("cannot read field `{name}`")))
}

pub fn bool_field(object: &JsValue, name: &str) -> Result<bool, ApiError> {
    field(object, name)?.as_bool().ok_or_else(|| ApiError::Decode(format!("field `{name}` is not a boolean")))
}

/// A string field that may be missing or `null`.
pub fn optional_string_field(object: &JsValue, name: &str) -> Result<Option<String>, ApiError> {
    let value = field(object, name)?;
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| ApiError::Decode(format!("field `{name}` is not a string")))
}

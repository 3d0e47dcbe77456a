//! Reading JSON that the browser already parsed (`Response.json()`), field by field.
//!
//! The widget does not link serde_json: the browser's own parser keeps the bundle small.

use super::ApiError;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    /// Field names as JavaScript strings, each made once: a name made anew for every record and
    /// field cost a string decode each, a third of reading a 20-record answer. A list: the
    /// answers have a few dozen names, and a map type would add its code to the bundle.
    static NAMES: RefCell<Vec<(&'static str, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// "field `name` is not a string": one function, not a `format!` per message.
fn malformed(name: &str, problem: &str) -> ApiError {
    let mut message = String::from("field `");
    for part in [name, "` ", problem] {
        message.push_str(part);
    }
    ApiError::Decode(message)
}

pub fn field(object: &JsValue, name: &'static str) -> Result<JsValue, ApiError> {
    let index = NAMES.with_borrow_mut(|names| {
        names.iter().position(|(known, _)| *known == name).unwrap_or_else(|| {
            names.push((name, JsValue::from_str(name)));
            names.len() - 1
        })
    });
    // Read under a shared borrow only: a getter of the page's that reads another field works.
    let value = NAMES.with_borrow(|names| js_sys::Reflect::get(object, &names[index].1));
    value.map_err(|_| malformed(name, "cannot be read"))
}

pub fn bool_field(object: &JsValue, name: &'static str) -> Result<bool, ApiError> {
    field(object, name)?.as_bool().ok_or_else(|| malformed(name, "is not a boolean"))
}

pub fn string_field(object: &JsValue, name: &'static str) -> Result<String, ApiError> {
    field(object, name)?.as_string().ok_or_else(|| malformed(name, "is not a string"))
}

/// A string field that may be missing or `null`.
pub fn optional_string_field(object: &JsValue, name: &'static str) -> Result<Option<String>, ApiError> {
    let value = field(object, name)?;
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| malformed(name, "is not a string"))
}

pub fn array_field(object: &JsValue, name: &'static str) -> Result<Vec<JsValue>, ApiError> {
    let value = field(object, name)?;
    if !js_sys::Array::is_array(&value) {
        return Err(malformed(name, "is not an array"));
    }
    Ok(js_sys::Array::from(&value).iter().collect())
}

/// A whole number of seconds (1 to a day) that may be missing; anything else reads as missing.
pub fn optional_seconds_field(object: &JsValue, name: &'static str) -> Option<u32> {
    let seconds = field(object, name).ok()?.as_f64()?;
    (seconds.fract() == 0.0 && (1.0..=86_400.0).contains(&seconds)).then_some(seconds as u32)
}

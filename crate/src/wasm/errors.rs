//! Mapping of the crate's error enums to JS `Error` objects with a stable `name` and `code`.

use js_sys::{Error, Reflect};
use wasm_bindgen::JsValue;

use crate::envelope::EnvelopeError;
use crate::pgp::PgpError;

/// Builds a JS `Error` with `name`, `code` and the message; `extra` adds properties.
fn js_error(name: &str, code: &str, message: &str, extra: &[(&str, JsValue)]) -> JsValue {
    let error = Error::new(message);
    error.set_name(name);
    let set = |key: &str, value: &JsValue| {
        // Setting a property on a fresh Error object cannot fail; ignore the Result.
        let _ = Reflect::set(&error, &JsValue::from_str(key), value);
    };
    set("code", &JsValue::from_str(code));
    for (key, value) in extra {
        set(key, value);
    }
    error.into()
}

impl From<PgpError> for JsValue {
    fn from(error: PgpError) -> Self {
        js_error("PgpError", error.code(), &error.to_string(), &[])
    }
}

impl From<EnvelopeError> for JsValue {
    fn from(error: EnvelopeError) -> Self {
        let status = JsValue::from(error.http_status());
        js_error(
            "EnvelopeError",
            error.code(),
            &error.to_string(),
            &[("http_status", status)],
        )
    }
}

/// Serialisation of our own plain data types cannot fail in practice; if it ever does,
/// it is reported as an error rather than a panic.
pub(crate) fn serialization_error(error: serde_wasm_bindgen::Error) -> JsValue {
    js_error("InternalError", "SERIALIZATION", &error.to_string(), &[])
}

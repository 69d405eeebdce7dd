//! Mapping of the crate's error enums to JS `Error` objects with a stable `name` and `code`.

use js_sys::{Error, Reflect};
use wasm_bindgen::JsValue;

use crate::envelope::EnvelopeError;
use crate::pgp::PgpError;
use crate::protocol::api_error::ApiError;
use crate::protocol::auth::AuthError;

use super::exports::to_js;

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

/// `ApiError` (resource types, secrets, queries, the resource endpoints). Envelope and
/// OpenPGP causes keep their own names and codes. Extra properties: `violations` for
/// `INVALID_INPUT`, `path` for `MALFORMED_SECRET`, `http_status` for a server's refusal.
impl From<ApiError> for JsValue {
    fn from(error: ApiError) -> Self {
        let message = error.to_string();
        let code = error.code();
        let extra: Vec<(&str, JsValue)> = match error {
            ApiError::Envelope(e) => return e.into(),
            ApiError::Crypto(e) => return e.into(),
            ApiError::InvalidInput { violations } => {
                vec![("violations", to_js(&violations).unwrap_or(JsValue::NULL))]
            }
            ApiError::MalformedSecret { path, .. } => vec![("path", JsValue::from_str(&path))],
            ApiError::Validation { errors, .. } => {
                vec![("validation_errors", to_js(&errors).unwrap_or(JsValue::NULL))]
            }
            ApiError::Rejected { http_status, .. } => {
                vec![("http_status", JsValue::from(http_status))]
            }
            _ => Vec::new(),
        };
        js_error("ApiError", code, &message, &extra)
    }
}

/// `AuthError` (the GPGAuth token codec and format). Envelope causes keep their own name
/// and code; `INVALID_TOKEN` adds the `defect` (`PART_COUNT`, `VERSION`, `LENGTH`, `UUID`,
/// `NOT_TEXT`).
impl From<AuthError> for JsValue {
    fn from(error: AuthError) -> Self {
        let message = error.to_string();
        let code = error.code();
        let extra = match error {
            AuthError::Envelope(e) => return e.into(),
            AuthError::InvalidToken { defect } => {
                vec![("defect", JsValue::from_str(defect.code()))]
            }
            _ => Vec::new(),
        };
        js_error("AuthError", code, &message, &extra)
    }
}

/// Serialisation of our own plain data types cannot fail in practice; if it ever does,
/// it is reported as an error rather than a panic.
pub(crate) fn serialization_error(error: serde_wasm_bindgen::Error) -> JsValue {
    js_error("InternalError", "SERIALIZATION", &error.to_string(), &[])
}

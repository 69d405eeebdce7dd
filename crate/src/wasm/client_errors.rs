//! `ClientError` as a JS `Error`: the `name` of the layer that failed, the stable `code`, and
//! the details a caller acts on (MFA providers, validation errors, fingerprints, status).

use js_sys::{Array, Error, Reflect};
use wasm_bindgen::JsValue;

use crate::client::{provider_name, ClientError};
use crate::protocol::api_error::ApiError;
use crate::protocol::auth::AuthError;

use super::exports::to_js;

impl From<ClientError> for JsValue {
    fn from(error: ClientError) -> Self {
        let name = match &error {
            ClientError::Envelope(_) => "EnvelopeError",
            ClientError::Auth(_) => "AuthError",
            ClientError::Api(_) => "ApiError",
            ClientError::Metadata(_) => "MetadataError",
            ClientError::Pgp(_) => "PgpError",
            _ => "ClientError",
        };
        let js = Error::new(&error.to_string());
        js.set_name(name);
        let set = |key: &str, value: JsValue| {
            // Setting a property on a fresh Error object cannot fail; ignore the Result.
            let _ = Reflect::set(&js, &JsValue::from_str(key), &value);
        };
        set("code", JsValue::from_str(error.code()));
        match &error {
            ClientError::MfaRequired { providers } => {
                let list: Array = providers
                    .iter()
                    .map(|p| JsValue::from_str(&provider_name(p)))
                    .collect();
                set("providers", list.into());
            }
            ClientError::Timeout { after_ms } => set("after_ms", JsValue::from(*after_ms)),
            ClientError::Envelope(e) => set("http_status", JsValue::from(e.http_status())),
            ClientError::Auth(AuthError::ServerKeyChanged { pinned, presented }) => {
                set("pinned", JsValue::from_str(pinned));
                set("presented", JsValue::from_str(presented));
            }
            ClientError::Auth(AuthError::Server { http_status, .. }) => {
                set("http_status", JsValue::from(*http_status));
            }
            ClientError::Api(ApiError::Validation { errors, .. }) => {
                set("errors", to_js(errors).unwrap_or(JsValue::NULL));
            }
            ClientError::Api(ApiError::InvalidInput { violations }) => {
                set("violations", to_js(violations).unwrap_or(JsValue::NULL));
            }
            ClientError::Api(ApiError::Rejected { http_status, .. }) => {
                set("http_status", JsValue::from(*http_status));
            }
            _ => {}
        }
        js.into()
    }
}

//! Exports of the resource types: the 11 types with their ids, slugs and schemas, the checks
//! of metadata and secrets against a type's schema, and secret (de)serialisation per type.
//! Conversion and error mapping only; the rules live in `protocol`.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::protocol::metadata_schema;
use crate::protocol::resource_types::{ResourceType, ResourceTypeInfo};
use crate::protocol::secret_data::{self, zeroize_value, SecretData};

use super::exports::to_js;

/// The 11 resource types of the Passbolt server, in its order: id (the UUIDv5 the server
/// derives from the slug), slug, `v4`/`v5`, whether the server lets it be created, and the
/// metadata and secret schema with the server's limits.
#[wasm_bindgen(js_name = resourceTypes, unchecked_return_type = "ResourceTypeInfo[]")]
pub fn resource_types() -> Result<JsValue, JsValue> {
    let all: Vec<ResourceTypeInfo> = ResourceType::ALL.iter().map(|t| t.info()).collect();
    to_js(&all)
}

/// One resource type, named by its id (either case) or its slug.
///
/// Throws an `ApiError` with `code` `UNKNOWN_RESOURCE_TYPE` when it is none of the 11.
#[wasm_bindgen(js_name = resourceType, unchecked_return_type = "ResourceTypeInfo")]
pub fn resource_type(
    #[wasm_bindgen(js_name = idOrSlug)] id_or_slug: &str,
) -> Result<JsValue, JsValue> {
    to_js(&ResourceType::find(id_or_slug)?.info())
}

/// Checks metadata against a type's schema with the server's limits: for a v5 type the
/// object to encrypt (`object_type`, `resource_type_id`, `name`, `username`, `uris`,
/// `description`, `icon`, `custom_fields`), for a v4 type the cleartext fields (`name`,
/// `username`, `uri`, `description`). Returns every broken rule (empty: valid); messages
/// never quote a value.
///
/// Throws an `ApiError` (`UNKNOWN_RESOURCE_TYPE`) for an unknown type, a `TypeError` when
/// `metadata` is not JSON data.
#[wasm_bindgen(js_name = validateMetadata, unchecked_return_type = "FieldViolation[]")]
pub fn validate_metadata(
    #[wasm_bindgen(js_name = resourceType)] resource_type: &str,
    #[wasm_bindgen(unchecked_param_type = "ResourceMetadata")] metadata: JsValue,
) -> Result<JsValue, JsValue> {
    let ty = ResourceType::find(resource_type)?;
    let value = json_argument(metadata, "metadata")?;
    to_js(
        &metadata_schema::validate_metadata(ty, &value)
            .err()
            .unwrap_or_default(),
    )
}

/// Checks a secret against a type's schema with the server's limits: a string (the string
/// types) or a `SecretData` object. Returns every broken rule (empty: valid): `required`,
/// `notInType` for a field the type does not have, `maxLength`, `type`...; messages never
/// quote a value.
///
/// Throws an `ApiError` (`UNKNOWN_RESOURCE_TYPE`) for an unknown type, a `TypeError` when
/// `secret` is not JSON data.
#[wasm_bindgen(js_name = validateSecret, unchecked_return_type = "FieldViolation[]")]
pub fn validate_secret(
    #[wasm_bindgen(js_name = resourceType)] resource_type: &str,
    #[wasm_bindgen(unchecked_param_type = "SecretData | string")] secret: JsValue,
) -> Result<JsValue, JsValue> {
    let ty = ResourceType::find(resource_type)?;
    let mut value = json_argument(secret, "secret")?;
    let result = secret_data::validate_secret(ty, &value);
    zeroize_value(&mut value);
    to_js(&result.err().unwrap_or_default())
}

/// The plaintext to encrypt for a secret of this type, as the extension writes it: the
/// password itself for `password-string` and `v5-password-string`, compact JSON otherwise
/// (v5 types with `"object_type": "PASSBOLT_SECRET_DATA"` first).
///
/// Throws an `ApiError`: `INVALID_INPUT` with `violations` (the rules of `validateSecret`),
/// `MALFORMED_SECRET` with `path` for a field of the wrong JSON type,
/// `UNKNOWN_RESOURCE_TYPE`; a `TypeError` when `secret` is not JSON data.
#[wasm_bindgen(js_name = serializeSecret)]
pub fn serialize_secret(
    #[wasm_bindgen(js_name = resourceType)] resource_type: &str,
    #[wasm_bindgen(unchecked_param_type = "SecretData | string")] secret: JsValue,
) -> Result<String, JsValue> {
    let ty = ResourceType::find(resource_type)?;
    let mut value = json_argument(secret, "secret")?;
    let plaintext = SecretData::from_json(ty, &value).and_then(|data| data.to_plaintext(ty));
    zeroize_value(&mut value);
    Ok(plaintext?.as_str().to_owned())
}

/// Reads a decrypted secret of this type: the string types give `{password}`, the others
/// their JSON fields (unset ones are `null`). Liberal like the extension: limits are not
/// enforced and unknown fields are ignored, but the fields the type requires must be there.
///
/// Throws an `ApiError`: `MALFORMED_SECRET` with `path` (it never quotes the secret),
/// `UNKNOWN_RESOURCE_TYPE`.
#[wasm_bindgen(js_name = parseSecret, unchecked_return_type = "SecretData")]
pub fn parse_secret(
    #[wasm_bindgen(js_name = resourceType)] resource_type: &str,
    plaintext: &str,
) -> Result<JsValue, JsValue> {
    let ty = ResourceType::find(resource_type)?;
    to_js(&SecretData::from_plaintext(ty, plaintext)?)
}

/// A JS argument as JSON data; the error names the argument, never its value.
fn json_argument(value: JsValue, name: &str) -> Result<Value, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|_| js_sys::TypeError::new(&format!("{name} must be JSON data")).into())
}

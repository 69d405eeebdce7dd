//! Reading success bodies and decrypted JSON without ever quoting their content in errors.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::MetadataError;
use super::{FOLDER_METADATA, METADATA_PRIVATE_KEY, RESOURCE_METADATA, SECRET_DATA, SESSION_KEYS};
use crate::protocol::http::Response;

/// The body of a success envelope; an error envelope becomes [`MetadataError::Server`].
pub(crate) fn success_body(response: &Response) -> Result<Value, MetadataError> {
    let envelope = response.envelope()?;
    if envelope.is_error() {
        return Err(MetadataError::Server {
            http_status: envelope.http_status,
            message: envelope.header.message,
        });
    }
    Ok(envelope.body)
}

/// Deserialises a success body; serde's message is dropped as it can quote the input.
pub(crate) fn typed_body<T: DeserializeOwned>(
    response: &Response,
    what: &'static str,
) -> Result<T, MetadataError> {
    serde_json::from_value(success_body(response)?)
        .map_err(|_| MetadataError::UnexpectedBody { what })
}

/// The `object_type` of a decrypted object when it is one of Passbolt's, for error messages.
pub(crate) fn known_object_type(object: &Value) -> Option<&'static str> {
    known_object_type_name(object.get("object_type")?.as_str()?)
}

/// `found` when it is one of Passbolt's object types (safe to quote), else `None`.
pub(crate) fn known_object_type_name(found: &str) -> Option<&'static str> {
    [
        RESOURCE_METADATA,
        METADATA_PRIVATE_KEY,
        SESSION_KEYS,
        SECRET_DATA,
        FOLDER_METADATA,
    ]
    .into_iter()
    .find(|known| *known == found)
}

/// Checks the `object_type` of a decrypted object.
pub(crate) fn expect_object_type(
    object: &Value,
    expected: &'static str,
) -> Result<(), MetadataError> {
    if object.get("object_type").and_then(Value::as_str) == Some(expected) {
        Ok(())
    } else {
        Err(MetadataError::WrongObjectType {
            expected,
            found: known_object_type(object),
        })
    }
}

pub(crate) use crate::protocol::uuid::is_uuid;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_object_types_are_quoted() {
        let known = serde_json::json!({"object_type": "PASSBOLT_SECRET_DATA"});
        assert_eq!(known_object_type(&known), Some(SECRET_DATA));
        let other = serde_json::json!({"object_type": "hunter2"});
        assert_eq!(known_object_type(&other), None);
        assert_eq!(
            expect_object_type(&other, RESOURCE_METADATA),
            Err(MetadataError::WrongObjectType {
                expected: RESOURCE_METADATA,
                found: None
            })
        );
    }
}

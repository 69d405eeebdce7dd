//! Decrypting resource metadata and checking it belongs to its resource (§4.1, §5.3).

use std::fmt;

use serde_json::Value;

use super::error::MetadataError;
use super::response::{expect_object_type, is_uuid};
use super::RESOURCE_METADATA;
use crate::pgp::{decrypt, DecryptOptions, DecryptWith, SessionKey};

/// Decrypted and checked metadata. `Debug` shows neither the metadata nor the session key.
#[derive(Clone)]
pub struct DecryptedMetadata {
    /// The metadata object (`name`, `username`, `uris`, `description`, ...).
    pub metadata: Value,
    /// The message's session key, for the session-key cache.
    pub session_key: SessionKey,
}

impl fmt::Debug for DecryptedMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecryptedMetadata").finish_non_exhaustive()
    }
}

/// Decrypts a resource's `metadata` with a key or a session key and checks it with
/// [`check_metadata`]. Signatures are not required: metadata may be signed by users, the
/// metadata key or the server (§5.3).
///
/// Errors: [`MetadataError::Pgp`] and those of [`check_metadata`].
pub fn decrypt_metadata(
    armored: &str,
    with: DecryptWith<'_>,
    resource_type_id: &str,
) -> Result<DecryptedMetadata, MetadataError> {
    let decrypted = decrypt(armored, with, &DecryptOptions::default())
        .map_err(MetadataError::pgp("decrypt the metadata"))?;
    Ok(DecryptedMetadata {
        metadata: check_metadata(&decrypted.data, resource_type_id)?,
        session_key: decrypted.session_key,
    })
}

/// Reads decrypted metadata: a JSON object whose `object_type` is
/// `PASSBOLT_RESOURCE_METADATA` and whose `resource_type_id` is the resource's (a server
/// could otherwise pass another resource's metadata, or a secret, for this one).
///
/// Errors: [`MetadataError::InvalidPayload`], [`MetadataError::WrongObjectType`],
/// [`MetadataError::ResourceTypeMismatch`].
pub fn check_metadata(data: &[u8], resource_type_id: &str) -> Result<Value, MetadataError> {
    let metadata: Value =
        serde_json::from_slice(data).map_err(|_| MetadataError::InvalidPayload {
            what: "metadata",
            reason: "it is not JSON",
        })?;
    if !metadata.is_object() {
        return Err(MetadataError::InvalidPayload {
            what: "metadata",
            reason: "it is not a JSON object",
        });
    }
    expect_object_type(&metadata, RESOURCE_METADATA)?;
    let found = metadata.get("resource_type_id").and_then(Value::as_str);
    if !found.is_some_and(|found| found.eq_ignore_ascii_case(resource_type_id)) {
        return Err(MetadataError::ResourceTypeMismatch {
            expected: resource_type_id.to_string(),
            found: found.filter(|f| is_uuid(f)).map(str::to_string),
        });
    }
    Ok(metadata)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPE: &str = "dd1f723d-0d1e-513f-8218-4055dc0530d0";

    #[test]
    fn metadata_of_the_resource_type_is_accepted() {
        let data = format!(
            r#"{{"object_type":"PASSBOLT_RESOURCE_METADATA","resource_type_id":"{TYPE}","name":"n"}}"#
        );
        assert_eq!(check_metadata(data.as_bytes(), TYPE).unwrap()["name"], "n");
    }

    #[test]
    fn a_secret_posing_as_metadata_is_refused() {
        let data = br#"{"object_type":"PASSBOLT_SECRET_DATA","password":"hunter2"}"#;
        let err = check_metadata(data, TYPE).unwrap_err();
        assert_eq!(
            err,
            MetadataError::WrongObjectType {
                expected: RESOURCE_METADATA,
                found: Some("PASSBOLT_SECRET_DATA")
            }
        );
        assert!(!format!("{err} {err:?}").contains("hunter2"));
    }

    #[test]
    fn another_resource_type_is_refused_without_quoting_non_uuids() {
        let other = r#"{"object_type":"PASSBOLT_RESOURCE_METADATA","resource_type_id":"7438294d-f71c-5164-ba95-d9e60e295564"}"#;
        assert_eq!(
            check_metadata(other.as_bytes(), TYPE),
            Err(MetadataError::ResourceTypeMismatch {
                expected: TYPE.into(),
                found: Some("7438294d-f71c-5164-ba95-d9e60e295564".into())
            })
        );
        let junk = r#"{"object_type":"PASSBOLT_RESOURCE_METADATA","resource_type_id":"my secret"}"#;
        assert_eq!(
            check_metadata(junk.as_bytes(), TYPE),
            Err(MetadataError::ResourceTypeMismatch {
                expected: TYPE.into(),
                found: None
            })
        );
    }

    #[test]
    fn non_json_and_non_objects_are_invalid_payloads() {
        for (data, reason) in [
            (&b"not json"[..], "it is not JSON"),
            (b"[1]", "it is not a JSON object"),
        ] {
            assert_eq!(
                check_metadata(data, TYPE),
                Err(MetadataError::InvalidPayload {
                    what: "metadata",
                    reason
                })
            );
        }
    }
}

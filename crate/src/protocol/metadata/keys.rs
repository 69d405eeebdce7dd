//! `GET /metadata/keys.json?contain[metadata_private_keys]=1` (§5.2).

use std::fmt;

use chrono::DateTime;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::error::MetadataError;
use super::response::typed_body;
use crate::protocol::http::{Method, Request, Response};

/// A metadata key as listed by the server, with the caller's private-key copy.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MetadataKey {
    /// The key's id (`metadata_key_id` of the resources encrypted for it).
    pub id: String,
    /// Fingerprint as the server states it (checked against `armored_key` on use).
    pub fingerprint: String,
    /// The public key, armored.
    pub armored_key: String,
    /// Creation date.
    #[serde(default)]
    pub created: String,
    /// Modification date.
    #[serde(default)]
    pub modified: String,
    /// True when the server marks the key deleted (a date or `true`).
    #[serde(default, deserialize_with = "set_when_not_null")]
    pub deleted: bool,
    /// True when the server marks the key expired (a date or `true`).
    #[serde(default, deserialize_with = "set_when_not_null")]
    pub expired: bool,
    /// The caller's private-key copies (the server returns only the caller's).
    #[serde(default, deserialize_with = "list_or_null")]
    pub metadata_private_keys: Vec<MetadataPrivateKeyCopy>,
}

/// A copy of a metadata private key, encrypted for one user (or, with `user_id` null, for the
/// server). `Debug` hides `data`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct MetadataPrivateKeyCopy {
    /// The copy's id (`PUT /metadata/keys/private/{id}.json` updates it).
    pub id: String,
    /// The metadata key it is a copy of.
    pub metadata_key_id: String,
    /// The user it is encrypted for; `None` for the server's copy.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The armored message holding the `PASSBOLT_METADATA_PRIVATE_KEY` payload.
    pub data: String,
    /// Creation date.
    #[serde(default)]
    pub created: String,
    /// Modification date.
    #[serde(default)]
    pub modified: String,
    /// Who last wrote it (its signer, for trust checks).
    #[serde(default)]
    pub modified_by: Option<String>,
}

impl fmt::Debug for MetadataPrivateKeyCopy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetadataPrivateKeyCopy")
            .field("id", &self.id)
            .field("metadata_key_id", &self.metadata_key_id)
            .field("user_id", &self.user_id)
            .field("data_len", &self.data.len())
            .finish_non_exhaustive()
    }
}

impl MetadataKey {
    /// True when the key is neither deleted nor expired.
    pub fn is_active(&self) -> bool {
        !self.deleted && !self.expired
    }

    /// The caller's private-key copy of this key.
    ///
    /// Errors: [`MetadataError::NoPrivateKeyCopy`].
    pub fn private_copy(&self) -> Result<&MetadataPrivateKeyCopy, MetadataError> {
        self.metadata_private_keys
            .iter()
            .find(|copy| copy.metadata_key_id == self.id && copy.user_id.is_some())
            .ok_or_else(|| MetadataError::NoPrivateKeyCopy {
                metadata_key_id: self.id.clone(),
            })
    }
}

fn set_when_not_null<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(!matches!(
        Value::deserialize(d)?,
        Value::Null | Value::Bool(false)
    ))
}

fn list_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<MetadataPrivateKeyCopy>, D::Error> {
    Ok(Option::<Vec<MetadataPrivateKeyCopy>>::deserialize(d)?.unwrap_or_default())
}

/// `GET /metadata/keys.json` with the caller's private-key copies.
pub fn metadata_keys_request() -> Request {
    Request::new(Method::Get, "/metadata/keys.json").query("contain[metadata_private_keys]", "1")
}

/// Reads the answer to [`metadata_keys_request`].
///
/// Errors: [`MetadataError::Envelope`], [`MetadataError::Server`],
/// [`MetadataError::UnexpectedBody`].
pub fn parse_metadata_keys(response: &Response) -> Result<Vec<MetadataKey>, MetadataError> {
    typed_body(response, "metadata keys list")
}

/// The key new shared metadata is encrypted for: the active key (the server allows one; if
/// it lists several, the most recently created).
///
/// Errors: [`MetadataError::NoActiveMetadataKey`].
pub fn active_metadata_key(keys: &[MetadataKey]) -> Result<&MetadataKey, MetadataError> {
    keys.iter()
        .filter(|key| key.is_active())
        .max_by_key(|key| DateTime::parse_from_rfc3339(&key.created).ok())
        .ok_or(MetadataError::NoActiveMetadataKey)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, created: &str, deleted: Value) -> MetadataKey {
        serde_json::from_value(serde_json::json!({
            "id": id, "fingerprint": "AA", "armored_key": "", "created": created,
            "deleted": deleted, "expired": null, "metadata_private_keys": null
        }))
        .unwrap()
    }

    #[test]
    fn the_newest_active_key_is_chosen() {
        let keys = [
            key("old", "2025-01-01T00:00:00+00:00", Value::Null),
            key("new", "2026-01-01T00:00:00+00:00", Value::Null),
            key(
                "gone",
                "2027-01-01T00:00:00+00:00",
                "2027-02-01T00:00:00+00:00".into(),
            ),
        ];
        assert_eq!(active_metadata_key(&keys).unwrap().id, "new");
        assert_eq!(
            active_metadata_key(&keys[2..]),
            Err(MetadataError::NoActiveMetadataKey)
        );
    }

    #[test]
    fn a_key_without_the_callers_copy_is_named() {
        let k = key("k1", "", Value::Null);
        assert_eq!(
            k.private_copy(),
            Err(MetadataError::NoPrivateKeyCopy {
                metadata_key_id: "k1".into()
            })
        );
    }
}

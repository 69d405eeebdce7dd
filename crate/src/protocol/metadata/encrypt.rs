//! Encrypting resource metadata as the extension does (§5.3).

use serde_json::Value;
use zeroize::Zeroizing;

use super::error::MetadataError;
use super::private_key::UnlockedMetadataKey;
use super::response::is_uuid;
use super::settings::MetadataKeyType;
use super::RESOURCE_METADATA;
use crate::pgp::{encrypt_signed_by_all, UnlockedKey};

/// Who new metadata is encrypted for (see [`super::metadata_key_type_for`]).
#[derive(Debug, Clone, Copy)]
pub enum MetadataRecipient<'a> {
    /// The organisation's metadata key (check it with [`super::check_metadata_key_trust`]
    /// first); the message is signed by the user and by the metadata key.
    Shared(&'a UnlockedMetadataKey),
    /// The user's own key (a personal resource); signed by the user.
    Personal,
}

/// Encrypted metadata and the two fields that go with it in a resource's create or update
/// body (`metadata`, `metadata_key_id`, `metadata_key_type`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedMetadata {
    /// The armored message (`metadata`).
    pub armored: String,
    /// The metadata key's id; `None` for a personal key, which the server fills in with
    /// the user's gpgkey id (the extension sends `null`).
    pub metadata_key_id: Option<String>,
    /// `shared_key` or `user_key`.
    pub metadata_key_type: MetadataKeyType,
}

/// Encrypts `metadata` (a `PASSBOLT_RESOURCE_METADATA` object naming its
/// `resource_type_id`) for one recipient: the metadata key (signed by `user_key` and the
/// metadata key) or the user's own key (signed by `user_key`).
///
/// Errors: [`MetadataError::InvalidMetadata`], [`MetadataError::Pgp`].
pub fn encrypt_metadata(
    metadata: &Value,
    recipient: MetadataRecipient<'_>,
    user_key: &UnlockedKey,
) -> Result<EncryptedMetadata, MetadataError> {
    let object = metadata.as_object().ok_or(MetadataError::InvalidMetadata {
        reason: "it is not a JSON object",
    })?;
    if object.get("object_type").and_then(Value::as_str) != Some(RESOURCE_METADATA) {
        return Err(MetadataError::InvalidMetadata {
            reason: "its object_type is not PASSBOLT_RESOURCE_METADATA",
        });
    }
    if !object
        .get("resource_type_id")
        .and_then(Value::as_str)
        .is_some_and(is_uuid)
    {
        return Err(MetadataError::InvalidMetadata {
            reason: "its resource_type_id is not a UUID",
        });
    }
    let data = Zeroizing::new(serde_json::to_vec(metadata).map_err(|_| {
        MetadataError::InvalidMetadata {
            reason: "it cannot be written as JSON",
        }
    })?);
    let failed = MetadataError::pgp("encrypt the metadata");
    match recipient {
        MetadataRecipient::Shared(key) => Ok(EncryptedMetadata {
            armored: encrypt_signed_by_all(
                &data,
                &[key.key().public_key()],
                &[user_key, key.key()],
            )
            .map_err(failed)?,
            metadata_key_id: Some(key.id().to_string()),
            metadata_key_type: MetadataKeyType::SharedKey,
        }),
        MetadataRecipient::Personal => Ok(EncryptedMetadata {
            armored: encrypt_signed_by_all(&data, &[user_key.public_key()], &[user_key])
                .map_err(failed)?,
            metadata_key_id: None,
            metadata_key_type: MetadataKeyType::UserKey,
        }),
    }
}

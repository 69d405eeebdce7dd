//! Passbolt v5 encrypted metadata (`protocol.md` §5): settings, metadata keys and the
//! caller's private-key copy, trust on first use of the metadata key, and encrypting and
//! decrypting resource metadata.
//!
//! Sans-IO like the rest of [`crate::protocol`]: functions build [`Request`] values and read
//! [`Response`] values; the OpenPGP work is done by [`crate::pgp`].
//!
//! [`Request`]: crate::protocol::http::Request
//! [`Response`]: crate::protocol::http::Response

mod decrypt;
mod encrypt;
mod error;
mod keys;
mod private_key;
mod response;
mod settings;
mod trust;

pub use decrypt::{check_metadata, decrypt_metadata, DecryptedMetadata};
pub use encrypt::{encrypt_metadata, EncryptedMetadata, MetadataRecipient};
pub use error::{FingerprintCheck, MetadataError};
pub use keys::{
    active_metadata_key, metadata_keys_request, parse_metadata_keys, MetadataKey,
    MetadataPrivateKeyCopy,
};
pub use private_key::{MetadataKeyring, UnlockedMetadataKey};
pub use settings::{
    keys_settings_request, metadata_key_type_for, parse_keys_settings, parse_types_settings,
    types_settings_request, MetadataKeyType, MetadataKeysSettings, MetadataTypesSettings,
    VersionChoice,
};
pub use trust::{check_metadata_key_trust, TrustDecision, TrustedMetadataKey};

pub(crate) use response::{expect_object_type, is_uuid, success_body, typed_body};

/// `object_type` of decrypted resource metadata.
pub const RESOURCE_METADATA: &str = "PASSBOLT_RESOURCE_METADATA";
/// `object_type` of the decrypted payload of a metadata private-key copy.
pub const METADATA_PRIVATE_KEY: &str = "PASSBOLT_METADATA_PRIVATE_KEY";
/// `object_type` of a decrypted session-key bundle.
pub const SESSION_KEYS: &str = "PASSBOLT_SESSION_KEYS";
/// `object_type` of a decrypted v5 secret.
pub const SECRET_DATA: &str = "PASSBOLT_SECRET_DATA";
/// `object_type` of decrypted folder metadata.
pub const FOLDER_METADATA: &str = "PASSBOLT_FOLDER_METADATA";

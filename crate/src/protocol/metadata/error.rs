//! Errors of v5 metadata and session keys.

use std::fmt;

use crate::envelope::EnvelopeError;
use crate::pgp::PgpError;

/// Which two fingerprints of a metadata key disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FingerprintCheck {
    /// The `fingerprint` field of a `/metadata/keys.json` item against its `armored_key`.
    KeyEntry,
    /// The fingerprint inside the decrypted private-key payload against the public metadata key.
    PayloadAndPublicKey,
    /// The fingerprint inside the decrypted private-key payload against the private key it holds.
    PayloadAndPrivateKey,
}

impl FingerprintCheck {
    fn describe(self) -> &'static str {
        match self {
            FingerprintCheck::KeyEntry => {
                "the metadata key's fingerprint field and its armored key"
            }
            FingerprintCheck::PayloadAndPublicKey => {
                "the private-key payload and the public metadata key"
            }
            FingerprintCheck::PayloadAndPrivateKey => {
                "the private-key payload and the private key it holds"
            }
        }
    }
}

/// An error of v5 metadata or of the session-key cache.
///
/// Never carries a secret: no key material, passphrase, session key or decrypted text.
/// Values quoted from decrypted data are limited to public facts (fingerprints, the
/// account's domain, well-known `object_type` constants, UUID-shaped type ids).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MetadataError {
    /// The response body is not a Passbolt envelope (HTML proxy page, empty, not JSON).
    Envelope(EnvelopeError),
    /// The server answered with an error envelope.
    Server {
        /// HTTP status of the response.
        http_status: u16,
        /// The server's `header.message`.
        message: String,
    },
    /// A success response whose body does not have the expected shape.
    UnexpectedBody {
        /// What was being read.
        what: &'static str,
    },
    /// An OpenPGP operation failed.
    Pgp {
        /// What was being done.
        operation: &'static str,
        /// The OpenPGP layer's error.
        source: PgpError,
    },
    /// Decrypted data is not the JSON object expected.
    InvalidPayload {
        /// What was decrypted.
        what: &'static str,
        /// What is wrong, in our words.
        reason: &'static str,
    },
    /// Decrypted data has another `object_type` than expected.
    WrongObjectType {
        /// The expected `object_type`.
        expected: &'static str,
        /// The one found, when it is one of Passbolt's known object types.
        found: Option<&'static str>,
    },
    /// No usable (not deleted, not expired) metadata key exists.
    NoActiveMetadataKey,
    /// The server returned no private-key copy of this metadata key for the caller.
    NoPrivateKeyCopy {
        /// The metadata key's id.
        metadata_key_id: String,
    },
    /// Two fingerprints of a metadata key disagree (a broken or hostile server).
    FingerprintMismatch {
        /// Which fingerprints were compared.
        check: FingerprintCheck,
        /// The fingerprint that was expected.
        expected: String,
        /// The fingerprint found instead.
        found: String,
    },
    /// The domain in the private-key payload is not the account's server.
    DomainMismatch {
        /// The account's base URL.
        expected: String,
        /// The domain written in the payload.
        found: String,
    },
    /// The active metadata key is not the one trusted before: the user must confirm it.
    MetadataKeyChanged {
        /// Fingerprint of the key trusted until now.
        trusted: String,
        /// Fingerprint of the key the server presents now.
        current: String,
    },
    /// Decrypted metadata names another resource type than the resource it belongs to.
    ResourceTypeMismatch {
        /// The resource's `resource_type_id`.
        expected: String,
        /// The id inside the metadata (absent, or not a UUID, gives `None`).
        found: Option<String>,
    },
    /// Metadata encrypted for a metadata key that is not unlocked here.
    MissingMetadataKey {
        /// The metadata key's id.
        metadata_key_id: String,
    },
    /// Metadata encrypted for the user's key, which was not given.
    MissingUserKey,
    /// Metadata to encrypt is not a valid resource-metadata object.
    InvalidMetadata {
        /// What is wrong.
        reason: &'static str,
    },
    /// An item to decrypt or a session-key entry has a malformed field.
    InvalidField {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// An armored message is larger than the server or the extension accepts.
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
}

impl MetadataError {
    /// A stable machine-readable code, the `code` property of the JS error.
    pub fn code(&self) -> &'static str {
        match self {
            MetadataError::Envelope(e) => e.code(),
            MetadataError::Server { .. } => "SERVER_ERROR",
            MetadataError::UnexpectedBody { .. } => "UNEXPECTED_BODY",
            MetadataError::Pgp { source, .. } => source.code(),
            MetadataError::InvalidPayload { .. } => "INVALID_PAYLOAD",
            MetadataError::WrongObjectType { .. } => "WRONG_OBJECT_TYPE",
            MetadataError::NoActiveMetadataKey => "NO_ACTIVE_METADATA_KEY",
            MetadataError::NoPrivateKeyCopy { .. } => "NO_PRIVATE_KEY_COPY",
            MetadataError::FingerprintMismatch { .. } => "FINGERPRINT_MISMATCH",
            MetadataError::DomainMismatch { .. } => "DOMAIN_MISMATCH",
            MetadataError::MetadataKeyChanged { .. } => "METADATA_KEY_CHANGED",
            MetadataError::ResourceTypeMismatch { .. } => "RESOURCE_TYPE_MISMATCH",
            MetadataError::MissingMetadataKey { .. } => "MISSING_METADATA_KEY",
            MetadataError::MissingUserKey => "MISSING_USER_KEY",
            MetadataError::InvalidMetadata { .. } => "INVALID_METADATA",
            MetadataError::InvalidField { .. } => "INVALID_FIELD",
            MetadataError::TooLarge { .. } => "TOO_LARGE",
        }
    }

    /// Wraps an OpenPGP error with what was being done.
    pub(crate) fn pgp(operation: &'static str) -> impl Fn(PgpError) -> MetadataError {
        move |source| MetadataError::Pgp { operation, source }
    }
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetadataError::Envelope(e) => e.fmt(f),
            MetadataError::Server {
                http_status,
                message,
            } => write!(f, "The server refused the request (HTTP {http_status}): {message}"),
            MetadataError::UnexpectedBody { what } => {
                write!(f, "The server's answer is not a valid {what}.")
            }
            MetadataError::Pgp { operation, source } => {
                write!(f, "Could not {operation}: {source}")
            }
            MetadataError::InvalidPayload { what, reason } => {
                write!(f, "The decrypted {what} is not valid: {reason}.")
            }
            MetadataError::WrongObjectType { expected, found } => match found {
                Some(found) => write!(f, "Expected a {expected} object, found a {found} object."),
                None => write!(f, "Expected a {expected} object, found another object type."),
            },
            MetadataError::NoActiveMetadataKey => f.write_str(
                "The server has no active metadata key (every key is deleted or expired).",
            ),
            MetadataError::NoPrivateKeyCopy { metadata_key_id } => write!(
                f,
                "The server gave no private copy of metadata key {metadata_key_id} for this user: an administrator must share it."
            ),
            MetadataError::FingerprintMismatch {
                check,
                expected,
                found,
            } => write!(
                f,
                "The fingerprints of {} differ ({expected} and {found}): the server sent an inconsistent metadata key.",
                check.describe()
            ),
            MetadataError::DomainMismatch { expected, found } => write!(
                f,
                "The metadata private key was issued for {found}, not for this server ({expected})."
            ),
            MetadataError::MetadataKeyChanged { trusted, current } => write!(
                f,
                "The metadata key changed from {trusted} to {current}: confirm the new key with an administrator before trusting it."
            ),
            MetadataError::ResourceTypeMismatch { expected, found } => match found {
                Some(found) => write!(
                    f,
                    "The metadata belongs to resource type {found}, not to this resource's type {expected}."
                ),
                None => write!(
                    f,
                    "The metadata names no valid resource type (this resource's type is {expected})."
                ),
            },
            MetadataError::MissingMetadataKey { metadata_key_id } => write!(
                f,
                "The metadata is encrypted for metadata key {metadata_key_id}, which is not unlocked."
            ),
            MetadataError::MissingUserKey => {
                f.write_str("The metadata is encrypted for the user's key, which is not unlocked.")
            }
            MetadataError::InvalidMetadata { reason } => {
                write!(f, "The metadata cannot be encrypted: {reason}.")
            }
            MetadataError::InvalidField { field, reason } => {
                write!(f, "The field {field} is not valid: {reason}.")
            }
            MetadataError::TooLarge { size, limit } => write!(
                f,
                "The encrypted data is {size} bytes, more than the {limit} bytes accepted."
            ),
        }
    }
}

impl std::error::Error for MetadataError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MetadataError::Envelope(e) => Some(e),
            MetadataError::Pgp { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<EnvelopeError> for MetadataError {
    fn from(e: EnvelopeError) -> Self {
        MetadataError::Envelope(e)
    }
}

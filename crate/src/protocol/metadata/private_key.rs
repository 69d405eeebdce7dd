//! The caller's copy of a metadata private key: decrypt it, check the payload against the
//! public key and the account's server, and unlock the key it holds (§5.2).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::error::{FingerprintCheck, MetadataError};
use super::keys::MetadataKey;
use super::response::known_object_type_name;
use super::METADATA_PRIVATE_KEY;
use crate::pgp::{decrypt, encrypt, DecryptOptions, DecryptWith, PublicKey, UnlockedKey};
use crate::protocol::http::{Method, Request};

/// A metadata key whose private copy was decrypted, checked and unlocked. `Debug` shows its
/// id and fingerprint only.
#[derive(Clone)]
pub struct UnlockedMetadataKey {
    id: String,
    key: UnlockedKey,
    copy_signed_by_user: bool,
    /// The copy's id and its decrypted payload, to re-sign it (zeroized on drop).
    copy_id: String,
    payload: Zeroizing<Vec<u8>>,
}

/// The decrypted payload; the key and passphrase are zeroized on drop.
#[derive(Deserialize)]
struct RawPayload {
    object_type: Option<String>,
    domain: Option<String>,
    fingerprint: Option<String>,
    armored_key: Option<String>,
    passphrase: Option<String>,
}

impl UnlockedMetadataKey {
    /// Decrypts the caller's private copy of `key` with `user_key` and unlocks the metadata
    /// private key it holds, after checking that:
    /// - the server's `fingerprint` field is the fingerprint of its `armored_key`;
    /// - the payload's `object_type` is `PASSBOLT_METADATA_PRIVATE_KEY`;
    /// - the payload's `domain` is `base_url` (a trailing `/` on either side is ignored);
    /// - the payload's `fingerprint` is the public key's and the private key's.
    ///
    /// Errors: [`MetadataError::FingerprintMismatch`], [`MetadataError::NoPrivateKeyCopy`],
    /// [`MetadataError::Pgp`] (reading the public key, decrypting the copy, unlocking the
    /// key), [`MetadataError::InvalidPayload`], [`MetadataError::WrongObjectType`],
    /// [`MetadataError::DomainMismatch`].
    pub fn unlock(
        key: &MetadataKey,
        user_key: &UnlockedKey,
        base_url: &str,
    ) -> Result<Self, MetadataError> {
        let public = PublicKey::read(&key.armored_key)
            .map_err(MetadataError::pgp("read the public metadata key"))?;
        let public_fingerprint = public.fingerprint();
        if !same_fingerprint(&key.fingerprint, &public_fingerprint) {
            return Err(MetadataError::FingerprintMismatch {
                check: FingerprintCheck::KeyEntry,
                expected: public_fingerprint,
                found: printable_fingerprint(&key.fingerprint),
            });
        }
        let copy = key.private_copy()?;
        let user_public = user_key.public_key();
        let decrypted = decrypt(
            &copy.data,
            DecryptWith::Key(user_key),
            &DecryptOptions {
                verification_keys: &[user_public],
                require_signature: false,
            },
        )
        .map_err(MetadataError::pgp("decrypt the metadata private key copy"))?;
        let copy_signed_by_user = decrypted.signatures.iter().any(|s| s.verified);
        let raw: RawPayload = serde_json::from_slice(&decrypted.data)
            .map_err(|_| invalid("it is not a JSON object of strings"))?;
        let armored_key = Zeroizing::new(raw.armored_key.unwrap_or_default());
        let passphrase = Zeroizing::new(raw.passphrase.unwrap_or_default());
        let object_type = raw.object_type.unwrap_or_default();
        if object_type != METADATA_PRIVATE_KEY {
            return Err(MetadataError::WrongObjectType {
                expected: METADATA_PRIVATE_KEY,
                found: known_object_type_name(&object_type),
            });
        }
        let domain = raw.domain.ok_or_else(|| invalid("it has no domain"))?;
        if domain.trim_end_matches('/') != base_url.trim_end_matches('/') {
            return Err(MetadataError::DomainMismatch {
                expected: base_url.to_string(),
                found: domain,
            });
        }
        let fingerprint = raw
            .fingerprint
            .ok_or_else(|| invalid("it has no fingerprint"))?;
        if !same_fingerprint(&fingerprint, &public_fingerprint) {
            return Err(MetadataError::FingerprintMismatch {
                check: FingerprintCheck::PayloadAndPublicKey,
                expected: public_fingerprint,
                found: printable_fingerprint(&fingerprint),
            });
        }
        if armored_key.is_empty() {
            return Err(invalid("it has no armored key"));
        }
        let unlocked = UnlockedKey::unlock(&armored_key, &passphrase)
            .map_err(MetadataError::pgp("unlock the metadata private key"))?;
        if !same_fingerprint(&fingerprint, &unlocked.fingerprint()) {
            return Err(MetadataError::FingerprintMismatch {
                check: FingerprintCheck::PayloadAndPrivateKey,
                expected: printable_fingerprint(&fingerprint),
                found: unlocked.fingerprint(),
            });
        }
        Ok(UnlockedMetadataKey {
            id: key.id.clone(),
            key: unlocked,
            copy_signed_by_user,
            copy_id: copy.id.clone(),
            payload: decrypted.data,
        })
    }

    /// The metadata key's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key's fingerprint, upper-case hex.
    pub fn fingerprint(&self) -> String {
        self.key.fingerprint()
    }

    /// The unlocked key: it decrypts shared metadata and signs new metadata.
    pub fn key(&self) -> &UnlockedKey {
        &self.key
    }

    /// True when the caller's copy carries a valid signature by the caller's own key (the
    /// extension re-signs copies it has trusted; a copy shared by an administrator or the
    /// server is signed by them).
    pub fn copy_signed_by_user(&self) -> bool {
        self.copy_signed_by_user
    }

    /// `PUT /metadata/keys/private/{copy id}.json {data}`: the same payload encrypted for
    /// `user_key` and signed by it, which the extension stores once the user trusts the key
    /// so that later reads find the user's own signature (see [`Self::copy_signed_by_user`]).
    ///
    /// Errors: [`MetadataError::Pgp`].
    pub fn resign_copy_request(&self, user_key: &UnlockedKey) -> Result<Request, MetadataError> {
        let data = encrypt(&self.payload, &[user_key.public_key()], Some(user_key))
            .map_err(MetadataError::pgp("encrypt the metadata private key copy"))?;
        Ok(Request::new(
            Method::Put,
            format!("/metadata/keys/private/{}.json", self.copy_id),
        )
        .body(serde_json::json!({ "data": data }).to_string()))
    }
}

impl fmt::Debug for UnlockedMetadataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UnlockedMetadataKey({}, {})",
            self.id,
            self.fingerprint()
        )
    }
}

fn invalid(reason: &'static str) -> MetadataError {
    MetadataError::InvalidPayload {
        what: "metadata private key",
        reason,
    }
}

fn same_fingerprint(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// A fingerprint from the outside, quoted in an error only when it looks like one.
fn printable_fingerprint(text: &str) -> String {
    if (16..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        text.to_ascii_uppercase()
    } else {
        "(not a fingerprint)".to_string()
    }
}

/// The unlocked metadata keys, by metadata key id.
#[derive(Default, Clone)]
pub struct MetadataKeyring {
    keys: BTreeMap<String, UnlockedMetadataKey>,
}

impl MetadataKeyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a key under its id.
    pub fn insert(&mut self, key: UnlockedMetadataKey) {
        self.keys.insert(key.id.clone(), key);
    }

    /// The key with this metadata key id.
    pub fn get(&self, metadata_key_id: &str) -> Option<&UnlockedMetadataKey> {
        self.keys.get(metadata_key_id)
    }

    /// True when no key is unlocked.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl fmt::Debug for MetadataKeyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.keys.values()).finish()
    }
}

//! A parsed public key, and the choice of the key packet a message is encrypted to.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use pgp::composed::SignedPublicKey;
use pgp::packet::{PublicKey as PrimaryPacket, PublicSubkey};
use pgp::types::KeyDetails;

use super::error::PgpError;
use super::key_info::{Capability, KeyInfo};
use super::key_read::read_single_key;
use super::self_signatures::SelfSignatures;

/// A public key read once and reused (recipients, signature verification). Its
/// self-signatures are verified once, on first need (reading a key and asking its
/// fingerprint costs no signature verification, which for RSA in wasm is the dearest part).
#[derive(Debug, Clone)]
pub struct PublicKey {
    key: SignedPublicKey,
    verified: OnceLock<Verified>,
}

/// The verified self-signatures of the primary key and of each subkey, in subkey order.
#[derive(Debug, Clone)]
struct Verified {
    primary: SelfSignatures,
    subkeys: Vec<SelfSignatures>,
}

/// The key packet that receives the session key.
pub(crate) enum EncryptionTarget<'a> {
    Primary(&'a PrimaryPacket),
    Subkey(&'a PublicSubkey),
}

impl PublicKey {
    /// Reads one armored key; a private key gives its public part.
    pub fn read(armored: &str) -> Result<Self, PgpError> {
        Ok(Self::from_signed(read_single_key(armored)?.public))
    }

    /// The primary key fingerprint, upper-case hex.
    pub fn fingerprint(&self) -> String {
        format!("{:X}", self.key.primary_key.fingerprint())
    }

    /// The key, armored (with a CRC line).
    pub fn to_armored(&self) -> Result<String, PgpError> {
        self.key
            .to_armored_string(pgp::composed::ArmorOptions::default())
            .map_err(PgpError::internal("armor the public key"))
    }

    /// The key's information, judged now.
    pub fn info(&self) -> Result<KeyInfo, PgpError> {
        super::key_info::describe(&self.key, false, Utc::now())
    }

    pub(crate) fn signed(&self) -> &SignedPublicKey {
        &self.key
    }

    pub(crate) fn from_signed(key: SignedPublicKey) -> Self {
        PublicKey {
            key,
            verified: OnceLock::new(),
        }
    }

    fn verified(&self) -> &Verified {
        self.verified.get_or_init(|| Verified {
            primary: SelfSignatures::of_primary(&self.key),
            subkeys: self
                .key
                .public_subkeys
                .iter()
                .map(|sub| SelfSignatures::of_subkey(&self.key.primary_key, sub))
                .collect(),
        })
    }

    /// What the primary key's verified self-signatures say.
    pub(crate) fn primary_signatures(&self) -> &SelfSignatures {
        &self.verified().primary
    }

    /// What each subkey's verified binding signatures say, in subkey order.
    pub(crate) fn subkey_signatures(&self) -> &[SelfSignatures] {
        &self.verified().subkeys
    }

    /// The newest valid encryption subkey (bound, not revoked, not expired, flagged for
    /// encryption); the primary key only when it may encrypt and no subkey can.
    pub(crate) fn encryption_target(
        &self,
        now: DateTime<Utc>,
    ) -> Result<EncryptionTarget<'_>, PgpError> {
        let unusable = |reason| PgpError::UnusableRecipient {
            fingerprint: self.fingerprint(),
            reason,
        };
        let primary = &self.key.primary_key;
        let own = self.primary_signatures();
        if own.revoked {
            return Err(unusable("the key is revoked"));
        }
        if !own.bound {
            return Err(unusable("the key has no valid self-signature"));
        }
        if expired(primary.created_at().as_secs(), own.key_expiration, now) {
            return Err(unusable("the key has expired"));
        }
        let usable_subkey = self
            .key
            .public_subkeys
            .iter()
            .zip(self.subkey_signatures())
            .filter(|(sub, sig)| {
                sig.bound
                    && !sig.revoked
                    && sig.capabilities.contains(&Capability::Encrypt)
                    && !expired(sub.key.created_at().as_secs(), sig.key_expiration, now)
            })
            .map(|(sub, _)| sub)
            .max_by_key(|sub| sub.key.created_at().as_secs());
        match usable_subkey {
            Some(sub) => Ok(EncryptionTarget::Subkey(&sub.key)),
            None if own.capabilities.contains(&Capability::Encrypt) => {
                Ok(EncryptionTarget::Primary(primary))
            }
            None => Err(unusable("it has no valid encryption subkey")),
        }
    }
}

fn expired(created: u32, validity: Option<u32>, now: DateTime<Utc>) -> bool {
    match validity {
        None | Some(0) => false,
        Some(secs) => i64::from(created) + i64::from(secs) <= now.timestamp(),
    }
}

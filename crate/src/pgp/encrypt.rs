//! Encryption as the Passbolt server and GnuPG 2.2 read it: SEIPDv1, AES-256, uncompressed,
//! armored; optionally signed.

use chrono::Utc;
use pgp::composed::{ArmorOptions, MessageBuilder};
use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::types::Password;
use rand::rngs::OsRng;

use super::error::PgpError;
use super::public_key::{EncryptionTarget, PublicKey};
use super::signer::signing_key;
use super::unlocked_key::UnlockedKey;

/// Encrypts `data` to every recipient (one PKESK each), signed by `signer` when given.
///
/// Errors: [`PgpError::UnusableRecipient`] naming the first recipient that cannot be
/// encrypted to, [`PgpError::UnusableSigner`], [`PgpError::Internal`].
pub fn encrypt(
    data: &[u8],
    recipients: &[&PublicKey],
    signer: Option<&UnlockedKey>,
) -> Result<String, PgpError> {
    encrypt_signed_by_all(data, recipients, signer.as_slice())
}

/// Encrypts `data` to every recipient, with one signature by each of `signers`, in order
/// (Passbolt signs shared metadata with the user's key and the metadata key).
///
/// Errors: as [`encrypt`].
pub fn encrypt_signed_by_all(
    data: &[u8],
    recipients: &[&PublicKey],
    signers: &[&UnlockedKey],
) -> Result<String, PgpError> {
    let now = Utc::now();
    let targets = recipients
        .iter()
        .map(|r| r.encryption_target(now))
        .collect::<Result<Vec<_>, _>>()?;
    let signers = signers
        .iter()
        .map(|signer| signing_key(signer))
        .collect::<Result<Vec<_>, _>>()?;
    let mut builder = MessageBuilder::from_bytes("", data.to_vec())
        .seipd_v1(OsRng, SymmetricKeyAlgorithm::AES256);
    for target in &targets {
        match target {
            EncryptionTarget::Primary(key) => builder.encrypt_to_key(OsRng, *key),
            EncryptionTarget::Subkey(key) => builder.encrypt_to_key(OsRng, *key),
        }
        .map_err(PgpError::internal("encrypt the session key"))?;
    }
    for signer in &signers {
        builder.sign(signer, Password::empty(), HashAlgorithm::Sha256);
    }
    builder
        .to_armored_string(OsRng, ArmorOptions::default())
        .map_err(PgpError::internal("write the message"))
}

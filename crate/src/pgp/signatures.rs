//! Signatures outside encryption: detached signatures, inline-signed messages and
//! cleartext-signed messages. Signing uses the unlocked key's signing packet and SHA-256;
//! verifying reports every signature with its signer, valid or not (never an error).

use std::fmt;

use pgp::composed::{
    ArmorOptions, CleartextSignedMessage, Deserializable, DetachedSignature, Message,
    MessageBuilder,
};
use pgp::crypto::hash::HashAlgorithm;
use pgp::packet::Signature;
use pgp::types::Password;
use rand::rngs::OsRng;
use zeroize::Zeroizing;

use super::armor::{block_kinds, dearmor_single, Armored};
use super::error::{BlockKind, PgpError};
use super::layers::{decompressed, Refused, MAX_COMPRESSION_LAYERS};
use super::public_key::PublicKey;
use super::signature_check::{
    check_signatures, describe, read_limited, signing_packets, SignatureCheck,
};
use super::signer::signing_key;
use super::unlocked_key::UnlockedKey;

/// Signed data and its signatures. `Debug` shows the size of the data only.
pub struct Verified {
    /// The signed data (for a cleartext message: its text, line endings normalized to LF).
    pub data: Zeroizing<Vec<u8>>,
    /// Every signature, with `verified` set for those made by one of the given keys.
    pub signatures: Vec<SignatureCheck>,
}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("data_len", &self.data.len())
            .field("signatures", &self.signatures)
            .finish()
    }
}

/// A detached binary signature over `data`, armored.
pub fn sign_detached(data: &[u8], key: &UnlockedKey) -> Result<String, PgpError> {
    let signer = signing_key(key)?;
    DetachedSignature::sign_binary_data(
        OsRng,
        &signer,
        &Password::empty(),
        HashAlgorithm::Sha256,
        data,
    )
    .map_err(PgpError::internal("sign the data"))?
    .to_armored_string(ArmorOptions::default())
    .map_err(PgpError::internal("armor the signature"))
}

/// A cleartext-signed message (`-----BEGIN PGP SIGNED MESSAGE-----`) of `text`.
pub fn sign_cleartext(text: &str, key: &UnlockedKey) -> Result<String, PgpError> {
    let signer = signing_key(key)?;
    CleartextSignedMessage::sign(OsRng, text, &signer, &Password::empty())
        .map_err(PgpError::internal("sign the text"))?
        .to_armored_string(ArmorOptions::default())
        .map_err(PgpError::internal("armor the message"))
}

/// An inline-signed, unencrypted, uncompressed message holding `data`, armored.
pub fn sign_inline(data: &[u8], key: &UnlockedKey) -> Result<String, PgpError> {
    let signer = signing_key(key)?;
    let mut builder = MessageBuilder::from_bytes("", data.to_vec());
    builder.sign(&signer, Password::empty(), HashAlgorithm::Sha256);
    builder
        .to_armored_string(OsRng, ArmorOptions::default())
        .map_err(PgpError::internal("write the message"))
}

/// Checks the armored detached signature(s) of `data` against `keys`.
///
/// Errors: the armor errors, [`PgpError::NotASignature`], [`PgpError::MalformedSignature`].
pub fn verify_detached(
    data: &[u8],
    armored_signature: &str,
    keys: &[&PublicKey],
) -> Result<Vec<SignatureCheck>, PgpError> {
    let block = expect_block(armored_signature, BlockKind::Signature)?;
    let signatures = DetachedSignature::from_bytes_many(&block.data[..])
        .map_err(|_| malformed())?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| malformed())?;
    if signatures.is_empty() {
        return Err(malformed());
    }
    Ok(signatures
        .iter()
        .map(|detached| check(&detached.signature, keys, data))
        .collect())
}

/// Reads a cleartext-signed message and checks its signatures against `keys`.
pub fn verify_cleartext(armored: &str, keys: &[&PublicKey]) -> Result<Verified, PgpError> {
    expect_kind(armored, BlockKind::SignedMessage)?;
    let (message, _) = CleartextSignedMessage::from_string(armored).map_err(|_| malformed())?;
    let signed = message.signed_text();
    let signatures = message
        .signatures()
        .iter()
        .map(|sig| check(sig, keys, signed.as_bytes()))
        .collect();
    Ok(Verified {
        data: Zeroizing::new(signed.replace("\r\n", "\n").into_bytes()),
        signatures,
    })
}

/// Reads an inline-signed (not encrypted) message and checks its signatures against `keys`.
///
/// Errors: the armor errors, [`PgpError::NotASignature`] (also for an encrypted message),
/// [`PgpError::MalformedSignature`], [`PgpError::MessageTooLarge`],
/// [`PgpError::NestingTooDeep`].
pub fn verify_inline(armored: &str, keys: &[&PublicKey]) -> Result<Verified, PgpError> {
    let block = expect_block(armored, BlockKind::Message)?;
    let message = Message::from_bytes(&block.data[..]).map_err(|_| malformed())?;
    if message.is_encrypted() {
        return Err(PgpError::NotASignature {
            found: BlockKind::Message,
        });
    }
    let mut message = decompressed(message).map_err(|refused| match refused {
        Refused::Corrupt => malformed(),
        Refused::TooDeep => PgpError::NestingTooDeep {
            limit: MAX_COMPRESSION_LAYERS,
        },
        Refused::Encrypted => PgpError::NotASignature {
            found: BlockKind::Message,
        },
    })?;
    let data = read_limited(&mut message, malformed())?;
    let signatures = check_signatures(&message, keys);
    Ok(Verified { data, signatures })
}

fn malformed() -> PgpError {
    PgpError::MalformedSignature {
        reason: "its packets cannot be parsed",
    }
}

fn expect_kind(armored: &str, expected: BlockKind) -> Result<(), PgpError> {
    match block_kinds(armored).first() {
        Some(&found) if found != expected => Err(PgpError::NotASignature { found }),
        _ => Ok(()),
    }
}

fn expect_block(armored: &str, expected: BlockKind) -> Result<Armored, PgpError> {
    expect_kind(armored, expected)?;
    let block = dearmor_single(armored)?;
    if block.kind != expected {
        return Err(PgpError::NotASignature { found: block.kind });
    }
    Ok(block)
}

/// One signature checked against the packets of each key that could have made it.
fn check(signature: &Signature, keys: &[&PublicKey], data: &[u8]) -> SignatureCheck {
    let signer = keys.iter().find(|key| {
        signing_packets(key, signature)
            .iter()
            .any(|packet| packet.made(signature, data))
    });
    describe(signature, signer.map(|k| k.fingerprint()))
}

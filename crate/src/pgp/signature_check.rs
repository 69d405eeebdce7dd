//! Reading a (decrypted or plain) message's data within bounds, and checking its signatures.

use std::io::Read;

use pgp::composed::Message;
use pgp::packet::Signature;
use pgp::types::VerifyingKey;
use serde::Serialize;
use zeroize::Zeroizing;

use super::error::PgpError;
use super::public_key::PublicKey;

/// The largest plaintext a message may hold: bounds memory against compression bombs
/// (a Passbolt secret or metadata item is a few KB).
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// One signature found in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureCheck {
    /// Issuer key id (16 upper-case hex digits), when the signature names one.
    pub issuer_key_id: Option<String>,
    /// Issuer fingerprint (upper-case hex), when the signature names one.
    pub issuer_fingerprint: Option<String>,
    /// Signature creation time, ISO 8601.
    pub created: Option<String>,
    /// True when it verified against one of the verification keys.
    pub verified: bool,
    /// The primary fingerprint of the verification key it verified against.
    pub signer_fingerprint: Option<String>,
}

pub(crate) fn read_limited(message: &mut Message<'_>) -> Result<Zeroizing<Vec<u8>>, PgpError> {
    let mut data = Zeroizing::new(Vec::new());
    let limit = MAX_MESSAGE_BYTES as u64 + 1;
    message
        .by_ref()
        .take(limit)
        .read_to_end(&mut data)
        .map_err(|_| PgpError::DecryptionFailed)?;
    if data.len() > MAX_MESSAGE_BYTES {
        return Err(PgpError::MessageTooLarge {
            limit: MAX_MESSAGE_BYTES,
        });
    }
    // A signed message is verified once fully read; drain whatever follows the data.
    let mut rest = [0u8; 1];
    if message
        .read(&mut rest)
        .map_err(|_| PgpError::DecryptionFailed)?
        != 0
    {
        return Err(PgpError::MessageTooLarge {
            limit: MAX_MESSAGE_BYTES,
        });
    }
    Ok(data)
}

pub(crate) fn check_signatures(message: &Message<'_>, keys: &[&PublicKey]) -> Vec<SignatureCheck> {
    let Message::Signed { reader, .. } = message else {
        return Vec::new();
    };
    (0..reader.num_signatures())
        .filter_map(|index| {
            let signature = reader.signature(index)?;
            let signer = keys.iter().find(|key| {
                verifying_packets(key)
                    .any(|packet| message.verify_nested_explicit(index, packet).is_ok())
            });
            Some(describe(signature, signer.map(|k| k.fingerprint())))
        })
        .collect()
}

pub(crate) fn verifying_packets(key: &PublicKey) -> impl Iterator<Item = &dyn VerifyingKey> {
    let signed = key.signed();
    std::iter::once(&signed.primary_key as &dyn VerifyingKey).chain(
        signed
            .public_subkeys
            .iter()
            .map(|s| &s.key as &dyn VerifyingKey),
    )
}

pub(crate) fn describe(signature: &Signature, signer: Option<String>) -> SignatureCheck {
    SignatureCheck {
        issuer_key_id: signature
            .issuer_key_id()
            .first()
            .map(|id| hex::encode_upper(id.as_ref())),
        issuer_fingerprint: signature
            .issuer_fingerprint()
            .first()
            .map(|fp| format!("{fp:X}")),
        created: signature.created().and_then(|t| {
            chrono::DateTime::from_timestamp(i64::from(t.as_secs()), 0)
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
        }),
        verified: signer.is_some(),
        signer_fingerprint: signer,
    }
}

//! Reading a (decrypted or plain) message's data within bounds, and checking its signatures
//! against the key packets that could have made them.

use std::io::Read;

use pgp::composed::Message;
use pgp::packet::{PublicKey as PrimaryPacket, PublicSubkey, Signature};
use pgp::types::{KeyDetails, VerifyingKey};
use serde::Serialize;
use zeroize::Zeroizing;

use super::error::PgpError;
use super::integrity::is_integrity_failure;
use super::key_info::Capability;
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

/// Reads the whole data of `message` (its compression layers already unwrapped), at most
/// [`MAX_MESSAGE_BYTES`]. A failed integrity check is [`PgpError::DecryptionFailed`]; any
/// other read error (packets cut short, trailing or missing packets) is `malformed`.
pub(crate) fn read_limited(
    message: &mut Message<'_>,
    malformed: PgpError,
) -> Result<Zeroizing<Vec<u8>>, PgpError> {
    let failed = |error: std::io::Error| {
        if is_integrity_failure(&error) {
            PgpError::DecryptionFailed
        } else {
            malformed.clone()
        }
    };
    let too_large = PgpError::MessageTooLarge {
        limit: MAX_MESSAGE_BYTES,
    };
    // Read straight into `data`: a Passbolt item is a few hundred bytes, and every buffer
    // that held plaintext is zeroized byte by byte when dropped, so buffers start small.
    let mut data = Zeroizing::new(Vec::with_capacity(FIRST_CAPACITY));
    loop {
        let room = data.capacity().min(MAX_MESSAGE_BYTES);
        if data.len() >= room {
            if room == MAX_MESSAGE_BYTES {
                // Full: a signed message is verified once fully read, so rPGP is asked for
                // the end (a read of 0) even when the data is exactly at the limit.
                let mut probe = Zeroizing::new([0u8; 1]);
                return match message.read(&mut probe[..]).map_err(failed)? {
                    0 => Ok(data),
                    _ => Err(too_large),
                };
            }
            // Grown here rather than by `Vec`, so that the capacity never passes the limit
            // and the outgrown buffer is zeroized (it is dropped as a `Zeroizing`).
            let capacity = (data.capacity() * 2).min(MAX_MESSAGE_BYTES);
            let mut grown = Zeroizing::new(Vec::with_capacity(capacity));
            grown.extend_from_slice(&data);
            data = grown;
            continue;
        }
        let start = data.len();
        data.resize(room.min(start + READ_CHUNK), 0);
        let read = message.read(&mut data[start..]).map_err(failed)?;
        data.truncate(start + read);
        if read == 0 {
            return Ok(data);
        }
    }
}

/// The capacity the data is first read into (doubled as needed).
const FIRST_CAPACITY: usize = 512;

/// The most read from rPGP's message reader at once (its own buffers are 8 KiB).
const READ_CHUNK: usize = 8 * 1024;

pub(crate) fn check_signatures(message: &Message<'_>, keys: &[&PublicKey]) -> Vec<SignatureCheck> {
    let Message::Signed { reader, .. } = message else {
        return Vec::new();
    };
    (0..reader.num_signatures())
        .filter_map(|index| {
            let signature = reader.signature(index)?;
            let signer = keys.iter().find(|key| {
                signing_packets(key, signature).iter().any(|packet| {
                    message
                        .verify_nested_explicit(index, packet.verifying())
                        .is_ok()
                })
            });
            Some(describe(signature, signer.map(|k| k.fingerprint())))
        })
        .collect()
}

/// A key packet that may have made a signature.
pub(crate) enum SigningPacket<'a> {
    Primary(&'a PrimaryPacket),
    Subkey(&'a PublicSubkey),
}

impl SigningPacket<'_> {
    pub(crate) fn verifying(&self) -> &dyn VerifyingKey {
        match self {
            SigningPacket::Primary(key) => *key,
            SigningPacket::Subkey(key) => *key,
        }
    }

    /// True when `signature` is this packet's signature over `data`.
    pub(crate) fn made(&self, signature: &Signature, data: &[u8]) -> bool {
        match self {
            SigningPacket::Primary(key) => signature.verify(*key, data).is_ok(),
            SigningPacket::Subkey(key) => signature.verify(*key, data).is_ok(),
        }
    }
}

/// The packets of `key` that could have made `signature`: bound by a valid self-signature,
/// allowed to sign, created by the signature's time and not yet expired then, and never
/// revoked (a revocation counts whatever its date, as in OpenPGP.js). A revoked, unbound or
/// expired primary key makes none. The signature's own creation time is what expiry is
/// judged at, so an old signature by a key that has since expired still verifies.
pub(crate) fn signing_packets<'a>(
    key: &'a PublicKey,
    signature: &Signature,
) -> Vec<SigningPacket<'a>> {
    let at = signature.created().map(|t| t.as_secs());
    let signed = key.signed();
    let primary = key.primary_signatures();
    let primary_created = signed.primary_key.created_at().as_secs();
    if primary.revoked || !primary.bound || !valid_at(primary_created, primary.key_expiration, at) {
        return Vec::new();
    }
    let mut packets = Vec::new();
    if primary.capabilities.contains(&Capability::Sign) {
        packets.push(SigningPacket::Primary(&signed.primary_key));
    }
    for (sub, own) in signed.public_subkeys.iter().zip(key.subkey_signatures()) {
        if own.bound
            && !own.revoked
            && own.capabilities.contains(&Capability::Sign)
            && valid_at(sub.key.created_at().as_secs(), own.key_expiration, at)
        {
            packets.push(SigningPacket::Subkey(&sub.key));
        }
    }
    packets
}

/// A key created at `created` with validity `expiration` (seconds after creation; none or 0
/// for never) was valid at `at` (any time when unknown).
fn valid_at(created: u32, expiration: Option<u32>, at: Option<u32>) -> bool {
    let Some(at) = at else { return true };
    let expired = match expiration {
        None | Some(0) => false,
        Some(secs) => u64::from(created) + u64::from(secs) <= u64::from(at),
    };
    created <= at && !expired
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

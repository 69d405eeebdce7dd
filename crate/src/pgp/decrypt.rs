//! Decryption with an unlocked key, a session key or a password, with signature checks.

use std::fmt;

use pgp::composed::{decrypt_session_key_with_password, Edata, Esk, Message, PlainSessionKey};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::packet::{
    ProtectedDataConfig, PublicKeyEncryptedSessionKey, SymEncryptedProtectedDataConfig,
};
use pgp::types::{EskType, KeyDetails, Password, PkeskBytes, PkeskVersion, SecretParams};
use zeroize::Zeroizing;

use super::armor::{block_kinds, dearmor_single};
use super::error::{BlockKind, PgpError};
use super::integrity::{is_integrity_failure, is_stream_failure};
use super::key_packets::Identified;
use super::layers::{decompressed, Refused, MAX_COMPRESSION_LAYERS};
use super::public_key::PublicKey;
use super::rsa_fast;
use super::s2k_cost::S2kBudget;
use super::seipd_fast;
use super::session_key::SessionKey;
use super::signature_check::{check_signatures, read_limited, SignatureCheck};
use super::unlocked_key::UnlockedKey;

/// What decrypts the message.
#[derive(Clone, Copy)]
pub enum DecryptWith<'a> {
    /// An unlocked private key that is one of the recipients.
    Key(&'a UnlockedKey),
    /// A known session key (from Passbolt's session-key cache).
    SessionKey(&'a SessionKey),
    /// The password of a password-encrypted message.
    Password(&'a str),
}

/// Signature checks to make while decrypting.
#[derive(Default, Clone, Copy)]
pub struct DecryptOptions<'a> {
    /// Keys whose signatures are verified.
    pub verification_keys: &'a [&'a PublicKey],
    /// Fail with [`PgpError::SignatureRequired`] unless one of them made a valid signature.
    pub require_signature: bool,
}

/// A decrypted message. `Debug` shows sizes, never the data or the session key.
pub struct Decrypted {
    /// The plaintext, zeroized on drop.
    pub data: Zeroizing<Vec<u8>>,
    /// The session key, in Passbolt's form through [`SessionKey::to_passbolt_string`].
    pub session_key: SessionKey,
    /// Every signature of the message, verified or not.
    pub signatures: Vec<SignatureCheck>,
}

impl fmt::Debug for Decrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decrypted")
            .field("data_len", &self.data.len())
            .field("signatures", &self.signatures)
            .finish_non_exhaustive()
    }
}

/// Decrypts an armored message.
///
/// Errors: [`PgpError::NotAMessage`], [`PgpError::InvalidArmor`] and the other armor errors,
/// [`PgpError::MalformedMessage`], [`PgpError::NoMatchingKey`], [`PgpError::DecryptionFailed`]
/// (also for a failed MDC or AEAD check), [`PgpError::MessageTooLarge`] (over
/// [`super::MAX_MESSAGE_BYTES`] decrypted and decompressed), [`PgpError::NestingTooDeep`]
/// (over [`super::MAX_COMPRESSION_LAYERS`] compression layers), [`PgpError::S2kTooExpensive`]
/// (a password message whose key derivation is over the limits of [`super::MAX_S2K_WORK_KIB`]
/// and [`super::MAX_ARGON2_MEMORY_KIB`]), [`PgpError::SignatureRequired`].
pub fn decrypt(
    armored: &str,
    with: DecryptWith<'_>,
    options: &DecryptOptions<'_>,
) -> Result<Decrypted, PgpError> {
    let data = read_message_data(armored)?;
    decrypt_data(&data, |esk, v2| session_key(esk, with, v2), options)
}

/// The binary packets of an armored message: the armor and block-kind checks of [`decrypt`].
pub(crate) fn read_message_data(armored: &str) -> Result<Vec<u8>, PgpError> {
    if let Some(&found) = block_kinds(armored).first() {
        if found != BlockKind::Message {
            return Err(PgpError::NotAMessage { found });
        }
    }
    let block = dearmor_single(armored)?;
    if block.kind != BlockKind::Message {
        return Err(PgpError::NotAMessage { found: block.kind });
    }
    Ok(block.data)
}

/// Decrypts the binary message `data` with the session key that `plain_key` finds in its
/// ESK packets (told whether the data packet is SEIPDv2), then checks its signatures.
pub(crate) fn decrypt_data(
    data: &[u8],
    plain_key: impl FnOnce(&[Esk], bool) -> Result<PlainSessionKey, PgpError>,
    options: &DecryptOptions<'_>,
) -> Result<Decrypted, PgpError> {
    // The common shape (ESKs, one SEIPDv1 packet, AES) on the short road; whatever it does
    // not answer takes the usual path with the session key (or the error) already found.
    if let Some((esks, encrypted)) = seipd_fast::split(data) {
        let plain = match plain_key(&esks, false) {
            Ok(plain) => plain,
            Err(e) => return decrypt_message(data, |_, _| Err(e), options),
        };
        if let Some(done) = seipd_fast::decrypt(encrypted, &plain, options) {
            return Ok(done);
        }
        return decrypt_message(data, |_, _| Ok(plain), options);
    }
    decrypt_message(data, plain_key, options)
}

/// [`decrypt_data`] through rPGP's message reader.
pub(super) fn decrypt_message(
    data: &[u8],
    plain_key: impl FnOnce(&[Esk], bool) -> Result<PlainSessionKey, PgpError>,
    options: &DecryptOptions<'_>,
) -> Result<Decrypted, PgpError> {
    let message =
        Message::from_bytes(data).map_err(|_| malformed("its packets cannot be parsed"))?;
    let Message::Encrypted { esk, edata, .. } = &message else {
        return Err(malformed("it is not encrypted"));
    };
    let v2 = seipd_v2_algorithm(edata);
    let plain = plain_key(esk, v2.is_some())?;
    let session_key = SessionKey::from_plain(&plain, v2)
        .ok_or(malformed("its session key has an unknown algorithm"))?;
    let inner = message.decrypt_with_session_key(plain).map_err(|e| {
        // The first packet inside is parsed here too: a framing error is no key problem.
        if !is_integrity_failure(&e) && is_stream_failure(&e) {
            malformed("its packets are cut short or badly framed")
        } else {
            PgpError::DecryptionFailed
        }
    })?;
    let mut inner = decompressed(inner).map_err(|refused| match refused {
        Refused::Corrupt => malformed("its compressed data cannot be read"),
        Refused::TooDeep => PgpError::NestingTooDeep {
            limit: MAX_COMPRESSION_LAYERS,
        },
        Refused::Encrypted => malformed("it holds another encrypted message"),
    })?;
    let data = read_limited(
        &mut inner,
        malformed("its packets are cut short, missing or followed by others"),
    )?;
    let signatures = check_signatures(&inner, options.verification_keys);
    if options.require_signature && !signatures.iter().any(|s| s.verified) {
        return Err(PgpError::SignatureRequired);
    }
    Ok(Decrypted {
        data,
        session_key,
        signatures,
    })
}

/// [`decrypt_data`] with the session key found by `key` in the message's ESK packets: what
/// the split paths do for an item whose private operation could not be done outside.
pub(crate) fn decrypt_data_with_key(
    data: &[u8],
    key: &UnlockedKey,
    options: &DecryptOptions<'_>,
) -> Result<Decrypted, PgpError> {
    decrypt_data(
        data,
        |esk, v2| session_key(esk, DecryptWith::Key(key), v2),
        options,
    )
}

pub(crate) fn malformed(reason: &'static str) -> PgpError {
    PgpError::MalformedMessage { reason }
}

/// SEIPDv2 carries the symmetric algorithm in the data packet, not in the session key.
fn seipd_v2_algorithm(edata: &Edata<'_>) -> Option<SymmetricKeyAlgorithm> {
    match edata {
        Edata::SymEncryptedProtectedData { reader } => match reader.config() {
            ProtectedDataConfig::Seipd(SymEncryptedProtectedDataConfig::V2 { sym_alg, .. }) => {
                Some(*sym_alg)
            }
            _ => None,
        },
        _ => None,
    }
}

pub(crate) fn session_key(
    esk: &[Esk],
    with: DecryptWith<'_>,
    v2: bool,
) -> Result<PlainSessionKey, PgpError> {
    match with {
        DecryptWith::SessionKey(key) => Ok(key.to_plain(v2)),
        DecryptWith::Password(password) => {
            let password = Password::from(password);
            let mut budget = S2kBudget::new();
            let mut refused = None;
            let skesks = esk.iter().filter_map(|e| match e {
                Esk::SymKeyEncryptedSessionKey(skesk) => Some(skesk),
                _ => None,
            });
            for skesk in skesks {
                // Judged before deriving: a derivation over the limits is never started.
                if let Some(s2k) = skesk.s2k() {
                    if let Err(too_expensive) = budget.spend(s2k) {
                        refused = Some(too_expensive);
                        continue;
                    }
                }
                if let Ok(plain) = decrypt_session_key_with_password(skesk, &password) {
                    return Ok(plain);
                }
            }
            Err(refused.unwrap_or(PgpError::DecryptionFailed))
        }
        DecryptWith::Key(key) => {
            let mut failed = 0;
            for pkesk in esk.iter().filter_map(|e| match e {
                Esk::PublicKeyEncryptedSessionKey(p) => Some(p),
                _ => None,
            }) {
                let typ = match pkesk.version() {
                    PkeskVersion::V3 => EskType::V3_4,
                    PkeskVersion::V6 => EskType::V6,
                    PkeskVersion::Other(_) => continue,
                };
                let Ok(values) = pkesk.values() else { continue };
                for (packet, secret) in key.packets() {
                    match try_key(pkesk, &packet, secret, values, typ) {
                        Attempt::NotForThisKey => {}
                        Attempt::Failed => failed += 1,
                        Attempt::Decrypted(plain) => return Ok(plain),
                    }
                    if failed == MAX_KEY_ATTEMPTS {
                        return Err(PgpError::DecryptionFailed);
                    }
                }
            }
            Err(if failed > 0 {
                PgpError::DecryptionFailed
            } else {
                PgpError::NoMatchingKey
            })
        }
    }
}

/// The most failed private-key decryptions tried for one message. A PKESK to the anonymous
/// key id matches every key packet, so a message of thousands of them would otherwise take
/// as many RSA operations; a real message needs one per packet of this key it names.
const MAX_KEY_ATTEMPTS: usize = 32;

enum Attempt {
    NotForThisKey,
    Failed,
    Decrypted(PlainSessionKey),
}

/// Decrypts the PKESK with one key packet (its secret material is in the clear: an
/// [`UnlockedKey`] holds no locked packet).
fn try_key(
    pkesk: &PublicKeyEncryptedSessionKey,
    packet: &Identified<'_>,
    secret: &SecretParams,
    values: &PkeskBytes,
    typ: EskType,
) -> Attempt {
    if !packet.is_recipient_of(pkesk) {
        return Attempt::NotForThisKey;
    }
    let SecretParams::Plain(plain) = secret else {
        return Attempt::Failed;
    };
    if let (Some(crt), PkeskBytes::Rsa { mpi }) = (packet.rsa_crt(secret), values) {
        return match rsa_fast::decrypt_session_key(crt, mpi.as_ref(), typ) {
            Ok(plain) => Attempt::Decrypted(plain),
            Err(_) => Attempt::Failed,
        };
    }
    match plain.decrypt(packet.public_params(), values, typ, packet) {
        Ok(plain) => Attempt::Decrypted(plain),
        Err(_) => Attempt::Failed,
    }
}

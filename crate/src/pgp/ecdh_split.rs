//! Decryption to a legacy Curve25519 ECDH key (algorithm 18, curve 25519) in three steps,
//! so that the X25519 scalar multiplication can be done outside (by WebCrypto, natively):
//!
//! 1. [`decrypt_or_prepare`] reads the message and finds the PKESK for the key's ECDH
//!    packet; it answers the ephemeral public point ([`EcdhPending::ephemeral`]).
//! 2. The caller computes the X25519 shared secret of that point and the packet's secret
//!    scalar ([`curve25519_pkcs8`] exports the scalar for WebCrypto).
//! 3. [`EcdhPending::finish`] does the RFC 6637 KDF, the AES key unwrap, the unpadding and
//!    the checksum, then decrypts the message with the session key (signatures checked as
//!    [`super::decrypt()`] does).
//!
//! The steps give exactly what [`super::decrypt()`] gives with the key: every message that
//! is not one PKESK for one Curve25519 ECDH packet of the key is decrypted in step 1 on the
//! usual path.

use std::fmt;

use pgp::composed::{Esk, Message, PlainSessionKey};
use pgp::crypto::checksum;
use pgp::crypto::ecdh;
use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::types::{
    EcdhPublicParams, EskType, KeyDetails, PkeskBytes, PkeskVersion, PlainSecretParams,
    PublicParams, SecretParams,
};
use zeroize::Zeroizing;

use super::batch::BatchItem;
use super::decrypt::{
    decrypt, decrypt_data, decrypt_data_with_key, read_message_data, DecryptOptions, DecryptWith,
    Decrypted,
};
use super::error::PgpError;
use super::rsa_split::{modulus_size, pad_to, RsaPending};
use super::seipd_fast;
use super::unlocked_key::UnlockedKey;

/// What [`decrypt_or_prepare`] did with one item.
#[derive(Debug)]
pub enum Step {
    /// The item is decrypted (or failed) as [`super::decrypt_many`] does it.
    Done(Result<Decrypted, PgpError>),
    /// The item needs the X25519 shared secret of its ephemeral point and a key packet.
    NeedsSharedSecret(EcdhPending),
    /// The item needs the raw RSA decryption of its PKESK by a key packet.
    NeedsRsa(RsaPending),
}

/// A message waiting for its X25519 shared secret. It holds the (encrypted) message and the
/// public fields of its PKESK, no secret. `Debug` shows the key packet index only.
pub struct EcdhPending {
    data: Vec<u8>,
    packet: usize,
    ephemeral: [u8; 32],
    wrapped: Vec<u8>,
    hash: HashAlgorithm,
    alg_sym: SymmetricKeyAlgorithm,
    fingerprint: Vec<u8>,
    typ: EskType,
}

impl fmt::Debug for EcdhPending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcdhPending")
            .field("packet", &self.packet)
            .finish_non_exhaustive()
    }
}

impl EcdhPending {
    /// The sender's ephemeral X25519 public key (the 32 bytes after the `0x40` prefix).
    pub fn ephemeral(&self) -> &[u8; 32] {
        &self.ephemeral
    }

    /// The index of the key packet (0 the primary key, then the subkeys in order) whose
    /// secret scalar makes the shared secret; see [`curve25519_pkcs8`].
    pub fn packet(&self) -> usize {
        self.packet
    }

    /// The session key wrapped in the PKESK, unwrapped with the X25519 `shared_secret`.
    ///
    /// Errors: [`PgpError::DecryptionFailed`] for a wrong shared secret (failed unwrap,
    /// padding or checksum), an all-zero one, or a key of an unknown algorithm.
    fn session_key(&self, shared_secret: &[u8; 32]) -> Result<PlainSessionKey, PgpError> {
        if shared_secret.iter().all(|&b| b == 0) {
            return Err(PgpError::DecryptionFailed);
        }
        let decrypted = super::ecdh_unwrap::derive_session_key(
            shared_secret,
            &self.wrapped,
            self.hash,
            self.alg_sym,
            &self.fingerprint,
        )
        .ok_or(PgpError::DecryptionFailed)?;
        unpack_session_key(self.typ, &decrypted)
    }

    /// Finishes the decryption with the X25519 shared secret of [`Self::ephemeral`] and the
    /// secret scalar of packet [`Self::packet`]: the result [`super::decrypt()`] gives.
    ///
    /// Errors: [`PgpError::DecryptionFailed`] for a wrong shared secret, and the errors of
    /// [`super::decrypt()`] after the session key is known.
    pub fn finish(
        &self,
        shared_secret: &[u8; 32],
        options: &DecryptOptions<'_>,
    ) -> Result<Decrypted, PgpError> {
        let plain = self.session_key(shared_secret)?;
        decrypt_data(&self.data, |_, _| Ok(plain), options)
    }

    /// Finishes the decryption as [`super::decrypt()`] does with `key` (the scalar
    /// multiplication in Rust): for a shared secret that could not be computed outside.
    pub fn finish_with_key(
        &self,
        key: &UnlockedKey,
        options: &DecryptOptions<'_>,
    ) -> Result<Decrypted, PgpError> {
        decrypt_data_with_key(&self.data, key, options)
    }
}

/// The session key of a decrypted PKESK, as rPGP's `PlainSecretParams::decrypt` unpacks it:
/// `algo || key || checksum` (v3) or `key || checksum` (v6).
///
/// Errors: [`PgpError::DecryptionFailed`] for a wrong length, algorithm or checksum.
pub(super) fn unpack_session_key(
    typ: EskType,
    decrypted: &[u8],
) -> Result<PlainSessionKey, PgpError> {
    match typ {
        EskType::V3_4 => {
            let (&algo, rest) = decrypted.split_first().ok_or(PgpError::DecryptionFailed)?;
            let sym_alg = SymmetricKeyAlgorithm::from(algo);
            let size = sym_alg.key_size();
            if sym_alg == SymmetricKeyAlgorithm::Plaintext || rest.len() != size + 2 {
                return Err(PgpError::DecryptionFailed);
            }
            let (key, sum) = rest.split_at(size);
            checksum::simple([sum[0], sum[1]], key).map_err(|_| PgpError::DecryptionFailed)?;
            Ok(PlainSessionKey::V3_4 {
                key: key.into(),
                sym_alg,
            })
        }
        EskType::V6 => {
            let len = decrypted.len();
            if len < 2 {
                return Err(PgpError::DecryptionFailed);
            }
            let (key, sum) = decrypted.split_at(len - 2);
            checksum::simple([sum[0], sum[1]], key).map_err(|_| PgpError::DecryptionFailed)?;
            Ok(PlainSessionKey::V6 { key: key.into() })
        }
    }
}

/// Decrypts `item` as [`super::decrypt_many`] does with `key`, except a message to one
/// Curve25519 ECDH packet of `key` that the item's session key (if any) does not open: that
/// one is returned as [`Step::NeedsSharedSecret`].
pub fn decrypt_or_prepare(
    item: &BatchItem<'_>,
    key: &UnlockedKey,
    options: &DecryptOptions<'_>,
) -> Step {
    if let Some(session) = item.session_key {
        match decrypt(item.message, DecryptWith::SessionKey(session), options) {
            Err(PgpError::DecryptionFailed) => {}
            done => return Step::Done(done),
        }
    }
    let data = match read_message_data(item.message) {
        Ok(data) => data,
        Err(e) => return Step::Done(Err(e)),
    };
    match pending_fields(&data, key) {
        Some(Pending::Ecdh(fields)) => Step::NeedsSharedSecret(EcdhPending { data, ..fields }),
        Some(Pending::Rsa(fields)) => Step::NeedsRsa(RsaPending { data, ..fields }),
        None => Step::Done(decrypt_data_with_key(&data, key, options)),
    }
}

/// The PKESK fields when exactly one (PKESK, key packet) pair of the message matches (as
/// the usual path matches them) and that packet is a Curve25519 ECDH one; `data` is left
/// empty.
/// The public fields of a PKESK that one of the split paths takes.
enum Pending {
    Ecdh(EcdhPending),
    Rsa(RsaPending),
}

fn pending_fields(data: &[u8], key: &UnlockedKey) -> Option<Pending> {
    // The common shape's ESKs as the short road splits them (it would split them again in
    // `finish`); rPGP's whole message reader for any other shape.
    let (split, message);
    let esk: &[Esk] = match seipd_fast::split(data) {
        Some((esks, _)) => {
            split = esks;
            &split
        }
        None => {
            message = Message::from_bytes(data).ok()?;
            let Message::Encrypted { esk, .. } = &message else {
                return None;
            };
            esk
        }
    };
    let mut found = None;
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
        for (index, (packet, secret)) in key.packets().enumerate() {
            if !packet.is_recipient_of(pkesk) {
                continue;
            }
            if found.is_some() {
                return None;
            }
            found = Some((typ, values, index, packet, secret));
        }
    }
    let (typ, values, packet_index, packet, secret) = found?;
    match (secret, packet.public_params(), values) {
        (
            SecretParams::Plain(PlainSecretParams::ECDH(ecdh::SecretKey::Curve25519Legacy(_))),
            PublicParams::ECDH(EcdhPublicParams::Curve25519Legacy { hash, alg_sym, .. }),
            PkeskBytes::Ecdh {
                public_point,
                encrypted_session_key,
            },
        ) => {
            // rPGP takes the 32 bytes after the prefix of any 33-byte point.
            let point = public_point.as_ref();
            if point.len() != 33 {
                return None;
            }
            let mut ephemeral = [0u8; 32];
            ephemeral.copy_from_slice(&point[1..]);
            Some(Pending::Ecdh(EcdhPending {
                data: Vec::new(),
                packet: packet_index,
                ephemeral,
                wrapped: encrypted_session_key.to_vec(),
                hash: *hash,
                alg_sym: *alg_sym,
                fingerprint: packet.fingerprint().as_bytes().to_vec(),
                typ,
            }))
        }
        (SecretParams::Plain(PlainSecretParams::RSA(_)), public, PkeskBytes::Rsa { mpi }) => {
            let size = modulus_size(public)?;
            Some(Pending::Rsa(RsaPending {
                data: Vec::new(),
                packet: packet_index,
                ciphertext: pad_to(mpi.as_ref(), size)?,
                typ,
            }))
        }
        _ => None,
    }
}

/// PKCS#8 prefix of an X25519 private key (RFC 8410): the OID 1.3.101.110 and a 32-byte
/// octet string.
const X25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
];

/// The secret scalar of key packet `packet` (a Curve25519 ECDH one) as an X25519 PKCS#8
/// private key (RFC 8410), for WebCrypto's `importKey("pkcs8", ..., {name: "X25519"})`.
/// OpenPGP stores the scalar as a big-endian MPI; rPGP keeps it reversed, in the
/// little-endian order of RFC 7748 that PKCS#8 wants. Zeroized on drop. `None` for another
/// kind of packet.
pub fn curve25519_pkcs8(key: &UnlockedKey, packet: usize) -> Option<Zeroizing<Vec<u8>>> {
    let scalar = curve25519_scalar(key, packet)?;
    let mut out = Zeroizing::new(Vec::with_capacity(48));
    out.extend_from_slice(&X25519_PKCS8_PREFIX);
    out.extend_from_slice(scalar);
    Some(out)
}

/// The secret scalar of key packet `packet` (a Curve25519 ECDH one), in the little-endian
/// order of RFC 7748; `None` for another kind of packet.
pub(super) fn curve25519_scalar(key: &UnlockedKey, packet: usize) -> Option<&[u8; 32]> {
    match key.packets().nth(packet)?.1 {
        SecretParams::Plain(PlainSecretParams::ECDH(ecdh::SecretKey::Curve25519Legacy(s))) => {
            Some(s.as_bytes())
        }
        _ => None,
    }
}

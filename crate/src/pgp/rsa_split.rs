//! Decryption to an RSA key packet in three steps, so that the RSA private operation can be
//! done outside (by Node's OpenSSL: about 1.8 ms against 27 ms in wasm for RSA-3072):
//!
//! 1. [`super::decrypt_or_prepare`] reads the message and finds the PKESK for the key's
//!    RSA packet; it answers the ciphertext ([`RsaPending::ciphertext`]).
//! 2. The caller computes the raw RSA decryption `c^d mod n`, without unpadding
//!    ([`rsa_pkcs1_der`] exports the packet's private key).
//! 3. [`RsaPending::finish`] removes the EME-PKCS1-v1_5 padding, checks the session key's
//!    checksum and decrypts the message (signatures checked as [`super::decrypt()`] does).
//!
//! A wrong or malformed decryption is [`PgpError::DecryptionFailed`], as with rPGP. The
//! padding is checked without branching on its bytes; like rPGP's own path, a bad padding is
//! an error rather than an implicit rejection.

use std::fmt;

use pgp::types::{KeyDetails, PlainSecretParams, PublicParams, SecretParams};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use subtle::{ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater};
use zeroize::Zeroizing;

use super::decrypt::{decrypt_data, decrypt_data_with_key, DecryptOptions, Decrypted};
use super::ecdh_split::unpack_session_key;
use super::error::PgpError;
use super::unlocked_key::UnlockedKey;
use pgp::types::EskType;

/// A message waiting for the raw RSA decryption of its PKESK. It holds the (encrypted)
/// message and the PKESK's public fields, no secret. `Debug` shows the key packet index only.
pub struct RsaPending {
    pub(super) data: Vec<u8>,
    pub(super) packet: usize,
    /// The ciphertext, left-padded with zeros to the modulus size.
    pub(super) ciphertext: Vec<u8>,
    pub(super) typ: EskType,
}

impl fmt::Debug for RsaPending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPending")
            .field("packet", &self.packet)
            .finish_non_exhaustive()
    }
}

impl RsaPending {
    /// The PKESK's ciphertext, as many bytes as the modulus (what OpenSSL's
    /// `RSA_NO_PADDING` decryption takes).
    pub fn ciphertext(&self) -> &[u8] {
        &self.ciphertext
    }

    /// The index of the key packet (0 the primary key, then the subkeys in order) whose
    /// private key decrypts the ciphertext; see [`rsa_pkcs1_der`].
    pub fn packet(&self) -> usize {
        self.packet
    }

    /// Finishes the decryption with `encoded`, the raw RSA decryption of
    /// [`Self::ciphertext`] (as many bytes as the modulus): the result
    /// [`super::decrypt()`] gives.
    ///
    /// Errors: [`PgpError::DecryptionFailed`] for a wrong decryption (bad padding or
    /// checksum), and the errors of [`super::decrypt()`] after the session key is known.
    pub fn finish(
        &self,
        encoded: &[u8],
        options: &DecryptOptions<'_>,
    ) -> Result<Decrypted, PgpError> {
        if encoded.len() != self.ciphertext.len() {
            return Err(PgpError::DecryptionFailed);
        }
        let message = eme_pkcs1_v15_decode(encoded).ok_or(PgpError::DecryptionFailed)?;
        let plain = unpack_session_key(self.typ, message)?;
        decrypt_data(&self.data, |_, _| Ok(plain), options)
    }

    /// Finishes the decryption as [`super::decrypt()`] does with `key` (the RSA operation
    /// in Rust): for a decryption that could not be done outside.
    pub fn finish_with_key(
        &self,
        key: &UnlockedKey,
        options: &DecryptOptions<'_>,
    ) -> Result<Decrypted, PgpError> {
        decrypt_data_with_key(&self.data, key, options)
    }
}

/// The message of an EME-PKCS1-v1_5 block (RFC 8017 §7.2.2): `00 02 PS 00 M` with at least
/// 8 non-zero padding bytes. The scan does not branch on the block's bytes.
pub(super) fn eme_pkcs1_v15_decode(encoded: &[u8]) -> Option<&[u8]> {
    if encoded.len() < 11 {
        return None;
    }
    let prefix = encoded[0].ct_eq(&0) & encoded[1].ct_eq(&2);
    let mut looking = subtle::Choice::from(1);
    let mut separator = 0u32;
    for (i, &byte) in (0u32..).zip(encoded.iter()).skip(2) {
        let zero = byte.ct_eq(&0);
        separator.conditional_assign(&i, looking & zero);
        looking &= !zero;
    }
    let valid = prefix & !looking & separator.ct_gt(&9);
    let start = usize::try_from(separator).ok()? + 1;
    bool::from(valid).then(|| &encoded[start..])
}

/// Left-pads `ciphertext` with zeros to `size` bytes; `None` when it is longer.
pub(super) fn pad_to(ciphertext: &[u8], size: usize) -> Option<Vec<u8>> {
    let pad = size.checked_sub(ciphertext.len())?;
    let mut out = vec![0u8; size];
    out[pad..].copy_from_slice(ciphertext);
    Some(out)
}

/// The modulus size in bytes of an RSA key packet's public parameters.
pub(super) fn modulus_size(public: &PublicParams) -> Option<usize> {
    match public {
        PublicParams::RSA(rsa) => Some(rsa.key.size()),
        _ => None,
    }
}

/// An RSA key packet's public key and private `d`, `p`, `q` (big-endian, zeroized on
/// drop); `None` for another kind of packet.
pub(super) fn rsa_private_parts<'a>(
    public: &'a PublicParams,
    secret: &SecretParams,
) -> Option<(&'a RsaPublicKey, [Zeroizing<Vec<u8>>; 3])> {
    let (PublicParams::RSA(public), SecretParams::Plain(PlainSecretParams::RSA(secret))) =
        (public, secret)
    else {
        return None;
    };
    let (d, p, q, u) = secret.to_bytes();
    drop(Zeroizing::new(u));
    Some((
        &public.key,
        [Zeroizing::new(d), Zeroizing::new(p), Zeroizing::new(q)],
    ))
}

/// The private key of key packet `packet` (an RSA one) as a PKCS#1 `RSAPrivateKey` DER
/// (with the CRT values), for Node's `createPrivateKey({format: "der", type: "pkcs1"})`.
/// Zeroized on drop. `None` for another kind of packet.
pub fn rsa_pkcs1_der(key: &UnlockedKey, packet: usize) -> Option<Zeroizing<Vec<u8>>> {
    let (public, secret) = key.packets().nth(packet)?;
    let (public, [d, p, q]) = rsa_private_parts(public.public_params(), secret)?;
    let private = RsaPrivateKey::from_components(
        public.n().clone(),
        public.e().clone(),
        BigUint::from_bytes_be(&d),
        vec![BigUint::from_bytes_be(&p), BigUint::from_bytes_be(&q)],
    )
    .ok()?;
    let der = private.to_pkcs1_der().ok()?;
    Some(Zeroizing::new(der.as_bytes().to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(ps: usize, message: &[u8]) -> Vec<u8> {
        let mut out = vec![0, 2];
        out.extend(std::iter::repeat_n(0xa5, ps));
        out.push(0);
        out.extend_from_slice(message);
        out
    }

    #[test]
    fn decodes_a_well_formed_block() {
        assert_eq!(eme_pkcs1_v15_decode(&block(8, b"key")), Some(&b"key"[..]));
        assert_eq!(eme_pkcs1_v15_decode(&block(200, b"")), Some(&b""[..]));
    }

    #[test]
    fn refuses_bad_blocks() {
        let short_padding = block(7, b"key");
        let mut wrong_type = block(8, b"key");
        wrong_type[1] = 1;
        let mut wrong_first = block(8, b"key");
        wrong_first[0] = 1;
        let no_separator = [0u8, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        for bad in [
            &short_padding[..],
            &wrong_type,
            &wrong_first,
            &no_separator,
            &[0, 2, 0],
        ] {
            assert_eq!(eme_pkcs1_v15_decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn pads_ciphertexts_to_the_modulus_size() {
        assert_eq!(pad_to(&[1, 2], 4), Some(vec![0, 0, 1, 2]));
        assert_eq!(pad_to(&[1, 2, 3], 2), None);
    }
}

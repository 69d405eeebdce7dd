//! The RSA private operations of an unlocked key (decrypting a PKESK, making a signature) by
//! `rsa-crt32`: CRT, Montgomery arithmetic on 32-bit limbs, blinding and a fault check. In
//! wasm32, which has no 64x64->128 multiplication, the `rsa` crate under rPGP pays a
//! `__multi3` call per limb product; 32-bit limbs use the native 32x32->64 one instead.
//!
//! In wasm an RSA-3072 private operation took 12 ms against the `rsa` crate's 29.5 ms (Node
//! 20); natively the `rsa` crate's 64-bit limbs are faster (5.0 ms against 8.0 ms), so this
//! path is taken in wasm32 only ([`USE_CRT32`]). Each RSA packet's [`CrtKey`] is made once,
//! on its first use (about half an operation; see [`super::key_packets`]). The results are those of rPGP's own path: PKCS#1 v1.5 padding is
//! deterministic, so a signature is the same octets, and a decryption the same session key
//! (checked against rPGP over the vector keys in the tests).

use pgp::composed::PlainSessionKey;
use pgp::crypto::hash::HashAlgorithm;
use pgp::types::{EskType, Mpi, PublicParams, SecretParams, SignatureBytes};
use rand::rngs::OsRng;
use rsa::traits::PublicKeyParts;
use rsa_crt32::CrtKey;

use super::ecdh_split::unpack_session_key;
use super::error::PgpError;
use super::rsa_split::{eme_pkcs1_v15_decode, pad_to, rsa_private_parts};

/// Whether the RSA private operations of unlocked keys are this module's: in wasm32 only.
pub(crate) const USE_CRT32: bool = cfg!(target_arch = "wasm32");

/// The CRT form of an RSA key packet's private key; `None` for another kind of packet, or
/// for RSA values that `rsa-crt32` refuses (rPGP's path then does the operations).
pub(crate) fn crt_key(public: &PublicParams, secret: &SecretParams) -> Option<CrtKey> {
    let (public, [d, p, q]) = rsa_private_parts(public, secret)?;
    CrtKey::new(
        &public.n().to_bytes_be(),
        &public.e().to_bytes_be(),
        &d,
        &p,
        &q,
    )
}

/// The session key of an RSA PKESK (`mpi`, the ciphertext) decrypted with `crt`: the raw
/// decryption, the EME-PKCS1-v1_5 unpadding, the algorithm and checksum checks.
///
/// Errors: [`PgpError::DecryptionFailed`] for a ciphertext not below the modulus or a wrong
/// decryption.
pub(crate) fn decrypt_session_key(
    crt: &CrtKey,
    mpi: &[u8],
    typ: EskType,
) -> Result<PlainSessionKey, PgpError> {
    let ciphertext = pad_to(mpi, crt.modulus_len()).ok_or(PgpError::DecryptionFailed)?;
    let encoded = crt
        .private_op(&ciphertext, &mut OsRng)
        .ok_or(PgpError::DecryptionFailed)?;
    let message = eme_pkcs1_v15_decode(&encoded).ok_or(PgpError::DecryptionFailed)?;
    unpack_session_key(typ, message)
}

/// The DER `DigestInfo` prefix of each hash that EMSA-PKCS1-v1_5 signs with (RFC 8017
/// §9.2, note 1); `None` for the hashes left to rPGP.
fn digest_info_prefix(hash: HashAlgorithm) -> Option<&'static [u8]> {
    Some(match hash {
        HashAlgorithm::Sha1 => &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
            0x14,
        ],
        HashAlgorithm::Sha224 => &[
            0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x04, 0x05, 0x00, 0x04, 0x1c,
        ],
        HashAlgorithm::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        HashAlgorithm::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        HashAlgorithm::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
        _ => return None,
    })
}

/// The EMSA-PKCS1-v1_5 block of `digest` (RFC 8017 §9.2): `00 01 FF.. 00 DigestInfo`, `len`
/// octets; `None` for an unknown hash, a digest of the wrong size or a too small modulus.
fn emsa_pkcs1_v15(hash: HashAlgorithm, digest: &[u8], len: usize) -> Option<Vec<u8>> {
    let prefix = digest_info_prefix(hash)?;
    if Some(digest.len()) != hash.digest_size() {
        return None;
    }
    let t_len = prefix.len() + digest.len();
    // At least 8 octets of 0xFF padding.
    let ps = len.checked_sub(t_len + 3).filter(|&ps| ps >= 8)?;
    let mut block = Vec::with_capacity(len);
    block.extend_from_slice(&[0x00, 0x01]);
    block.resize(2 + ps, 0xff);
    block.push(0x00);
    block.extend_from_slice(prefix);
    block.extend_from_slice(digest);
    Some(block)
}

/// The RSA signature of `digest` (a `hash` digest) by `crt`, as rPGP writes it (an MPI,
/// leading zeros stripped); `None` for a hash without a `DigestInfo` prefix here or a failed
/// operation, which rPGP's path then signs.
pub(crate) fn sign_digest(
    crt: &CrtKey,
    hash: HashAlgorithm,
    digest: &[u8],
) -> Option<SignatureBytes> {
    let block = emsa_pkcs1_v15(hash, digest, crt.modulus_len())?;
    let signature = crt.private_op(&block, &mut OsRng)?;
    Some(SignatureBytes::Mpis(vec![Mpi::from_slice(&signature)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pgp::UnlockedKey;
    use pgp::crypto::sym::SymmetricKeyAlgorithm;
    use pgp::types::{KeyDetails, Password, PkeskBytes, SigningKey};
    use sha2::{Digest, Sha256, Sha512};

    /// Every RSA vector key (GnuPG and OpenPGP.js, 2048 to 4096 bits), unlocked.
    fn rsa_keys() -> Vec<(&'static str, UnlockedKey)> {
        [
            (
                "gnupg/rsa2048",
                include_str!("../../../tests/vectors/keys/gnupg/rsa2048.sec.asc"),
                "",
            ),
            (
                "gnupg/rsa3072",
                include_str!("../../../tests/vectors/keys/gnupg/rsa3072.sec.asc"),
                "",
            ),
            (
                "gnupg/rsa4096",
                include_str!("../../../tests/vectors/keys/gnupg/rsa4096.sec.asc"),
                "",
            ),
            (
                "openpgpjs/rsa3072",
                include_str!("../../../tests/vectors/keys/openpgpjs/rsa3072.sec.asc"),
                "passbolt-test-passphrase",
            ),
            (
                "fixtures/betty",
                include_str!("../../../tests/vectors/fixtures/keys/betty_private.asc"),
                "betty-fixture-passphrase",
            ),
        ]
        .into_iter()
        .map(|(label, armored, pass)| (label, UnlockedKey::unlock(armored, pass).expect(label)))
        .collect()
    }

    #[test]
    fn signatures_are_the_octets_rpgp_makes() {
        for (label, key) in rsa_keys() {
            let primary = &key.secret().primary_key;
            let (_, secret) = key.packets().next().expect("a primary key");
            let crt = crt_key(primary.public_key().public_params(), secret).expect(label);
            for (hash, digest) in [
                (
                    HashAlgorithm::Sha256,
                    Sha256::digest(label.as_bytes()).to_vec(),
                ),
                (
                    HashAlgorithm::Sha512,
                    Sha512::digest(label.as_bytes()).to_vec(),
                ),
            ] {
                let ours = sign_digest(&crt, hash, &digest).expect(label);
                let rpgp = primary
                    .sign(&Password::empty(), hash, &digest)
                    .expect(label);
                assert_eq!(ours, rpgp, "{label} {hash:?}");
            }
        }
    }

    #[test]
    fn session_keys_are_the_ones_rpgp_decrypts() {
        for (label, key) in rsa_keys() {
            for (index, (packet, secret)) in key.packets().enumerate() {
                let Some(crt) = crt_key(packet.public_params(), secret) else {
                    continue;
                };
                let PublicParams::RSA(public) = packet.public_params() else {
                    unreachable!("a CRT key of a non-RSA packet");
                };
                let session = [index as u8 + 1; 32];
                let mut plain = vec![u8::from(SymmetricKeyAlgorithm::AES256)];
                plain.extend_from_slice(&session);
                let sum: u16 = session.iter().map(|&b| u16::from(b)).sum();
                plain.extend_from_slice(&sum.to_be_bytes());
                let values = pgp::crypto::rsa::encrypt(OsRng, &public.key, &plain).expect(label);
                let PkeskBytes::Rsa { mpi } = &values else {
                    unreachable!("an RSA PKESK");
                };
                let ours = decrypt_session_key(&crt, mpi.as_ref(), EskType::V3_4).expect(label);
                let SecretParams::Plain(rpgp_secret) = secret else {
                    unreachable!("an unlocked key");
                };
                let rpgp = rpgp_secret
                    .decrypt(packet.public_params(), &values, EskType::V3_4, &packet)
                    .expect(label);
                assert_eq!(format!("{ours:?}"), format!("{rpgp:?}"), "{label}");
                assert!(matches!(&ours, PlainSessionKey::V3_4 { key, sym_alg }
                    if key.as_ref() == session && *sym_alg == SymmetricKeyAlgorithm::AES256));

                // A changed ciphertext, and one not below the modulus, fail as rPGP fails.
                let mut changed = mpi.as_ref().to_vec();
                let last = changed.len() - 1;
                changed[last] ^= 1;
                assert_eq!(
                    decrypt_session_key(&crt, &changed, EskType::V3_4).err(),
                    Some(PgpError::DecryptionFailed),
                    "{label}"
                );
                let too_big = vec![0xff; crt.modulus_len()];
                assert_eq!(
                    decrypt_session_key(&crt, &too_big, EskType::V3_4).err(),
                    Some(PgpError::DecryptionFailed)
                );
            }
        }
    }

    #[test]
    fn no_crt_key_for_other_packets() {
        let ada = UnlockedKey::unlock(
            include_str!("../../../tests/vectors/fixtures/keys/ada_private.asc"),
            "ada-fixture-passphrase",
        )
        .expect("ada");
        for (packet, secret) in ada.packets() {
            assert!(crt_key(packet.public_params(), secret).is_none());
            assert!(packet.rsa_crt(secret).is_none());
        }
    }

    #[test]
    fn emsa_blocks_have_the_rfc_8017_shape() {
        let digest = [7u8; 32];
        let block = emsa_pkcs1_v15(HashAlgorithm::Sha256, &digest, 256).expect("a block");
        assert_eq!(block.len(), 256);
        assert_eq!(&block[..2], &[0, 1]);
        let t = &block[block.len() - 51..];
        assert_eq!(block[block.len() - 52], 0);
        assert!(block[2..block.len() - 52].iter().all(|&b| b == 0xff));
        assert_eq!(&t[..19], digest_info_prefix(HashAlgorithm::Sha256).unwrap());
        assert_eq!(&t[19..], &digest);
        // A digest of the wrong size, an unknown hash, a modulus too small for 8 padding octets.
        assert_eq!(emsa_pkcs1_v15(HashAlgorithm::Sha256, &[0; 20], 256), None);
        assert_eq!(emsa_pkcs1_v15(HashAlgorithm::Md5, &[0; 16], 256), None);
        assert_eq!(
            emsa_pkcs1_v15(HashAlgorithm::Sha512, &[0; 64], 64 + 19 + 10),
            None
        );
        assert!(emsa_pkcs1_v15(HashAlgorithm::Sha512, &[0; 64], 64 + 19 + 11).is_some());
    }
}

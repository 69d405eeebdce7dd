//! The wrapped session key of a legacy Curve25519 ECDH PKESK, opened with its X25519
//! shared secret (RFC 9580 section 5.5.5.6, RFC 6637 section 8): the KDF, the AES Key
//! Wrap unwrap (RFC 3394) and the unpadding, as rPGP's `ecdh::derive_session_key` does
//! them (same accepted inputs, same bytes out).
//!
//! The unwrap is the part that differs. In wasm it is `aes-swizzle`'s: AES in SIMD
//! registers, one block at a time, where the `aes` crate's fixslice code pays for two
//! blocks on every one of the unwrap's 6n sequential block decryptions. Elsewhere it is
//! rPGP's (the `aes` crate, with AES-NI where the CPU has it).

use pgp::crypto::ecc_curve::ECCCurve;
use pgp::crypto::ecdh::{build_ecdh_param, kdf};
use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use zeroize::Zeroizing;

/// The padded-then-unpadded session key (`algo || key || checksum` for a v3 PKESK) that
/// `wrapped` holds, with the key-encryption key derived from `shared_secret`, the KDF
/// parameters of the recipient's key (`hash`, `alg_sym`) and its v4 `fingerprint`.
///
/// None for anything rPGP's `derive_session_key` refuses: an unknown hash or cipher, a
/// failed unwrap integrity check (a wrong shared secret), a bad length or padding.
pub(super) fn derive_session_key(
    shared_secret: &[u8; 32],
    wrapped: &[u8],
    hash: HashAlgorithm,
    alg_sym: SymmetricKeyAlgorithm,
    fingerprint: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let param = build_ecdh_param(
        &ECCCurve::Curve25519Legacy.oid(),
        alg_sym,
        hash,
        fingerprint,
    );
    let kek = Zeroizing::new(kdf(hash, shared_secret, alg_sym.key_size(), &param).ok()?);
    let mut padded = unwrap(&kek, wrapped)?;
    let unpadded = unpadded_len(&padded)?;
    padded.truncate(unpadded);
    (!padded.is_empty()).then_some(padded)
}

/// The length before the PKCS#5-style padding (every padding byte holds the padding
/// length, which may exceed 8), or None for a malformed padding: rPGP's rules.
fn unpadded_len(padded: &[u8]) -> Option<usize> {
    if padded.is_empty() || !padded.len().is_multiple_of(8) {
        return None;
    }
    let pad = *padded.last()?;
    let len = padded.len().checked_sub(usize::from(pad))?;
    padded[len..].iter().all(|&b| b == pad).then_some(len)
}

#[cfg(target_arch = "wasm32")]
fn unwrap(kek: &[u8], wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    aes_swizzle::kw_unwrap(kek, wrapped)
}

#[cfg(not(target_arch = "wasm32"))]
fn unwrap(kek: &[u8], wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    pgp::crypto::aes_kw::unwrap(kek, wrapped).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgp::crypto::aes_kw;
    use rand::{Rng, RngCore};

    /// rPGP's answer for the same inputs.
    fn rpgp(
        shared: &[u8; 32],
        wrapped: &[u8],
        hash: HashAlgorithm,
        sym: SymmetricKeyAlgorithm,
        fp: &[u8],
    ) -> Option<Vec<u8>> {
        let curve = ECCCurve::Curve25519Legacy;
        pgp::crypto::ecdh::derive_session_key(shared, wrapped, wrapped.len(), curve, hash, sym, fp)
            .ok()
            .map(|key| key.to_vec())
    }

    #[test]
    fn the_session_key_is_rpgps_for_good_bad_and_tampered_wraps() {
        let mut rng = rand::thread_rng();
        let kinds = [
            (HashAlgorithm::Sha256, SymmetricKeyAlgorithm::AES128),
            (HashAlgorithm::Sha384, SymmetricKeyAlgorithm::AES192),
            (HashAlgorithm::Sha512, SymmetricKeyAlgorithm::AES256),
        ];
        let (mut opened, mut refused) = (0, 0);
        for round in 0..600 {
            let (hash, sym) = kinds[round % kinds.len()];
            let mut shared = [0u8; 32];
            rng.fill_bytes(&mut shared);
            let mut fp = [0u8; 20];
            rng.fill_bytes(&mut fp);
            // algo || key || checksum, padded (sometimes wrongly) to a multiple of 8.
            let body_len = rng.gen_range(1..=35);
            let mut plain: Vec<u8> = (0..body_len).map(|_| rng.gen()).collect();
            let pad = 8 - body_len % 8 + if rng.gen_bool(0.3) { 8 } else { 0 };
            plain.extend(std::iter::repeat_n(pad as u8, pad));
            if round % 7 == 3 {
                let at = plain.len() - 1 - rng.gen_range(0..pad);
                plain[at] ^= 1 << rng.gen_range(0..8);
            }
            let param = build_ecdh_param(&ECCCurve::Curve25519Legacy.oid(), sym, hash, &fp);
            let kek = kdf(hash, &shared, sym.key_size(), &param).unwrap();
            let mut wrapped = aes_kw::wrap(&kek, &plain).unwrap();
            match round % 5 {
                1 => shared[rng.gen_range(0..32)] ^= 1,
                2 => {
                    let at = rng.gen_range(0..wrapped.len());
                    wrapped[at] ^= 1 << rng.gen_range(0..8);
                }
                3 => wrapped.truncate(rng.gen_range(0..wrapped.len())),
                _ => {}
            }
            let ours = derive_session_key(&shared, &wrapped, hash, sym, &fp).map(|k| k.to_vec());
            assert_eq!(
                ours,
                rpgp(&shared, &wrapped, hash, sym, &fp),
                "round {round}"
            );
            if ours.is_some() {
                opened += 1;
            } else {
                refused += 1;
            }
        }
        assert!(
            opened > 200 && refused > 200,
            "{opened} opened, {refused} refused"
        );
    }

    #[test]
    fn padding_follows_rpgp() {
        assert_eq!(unpadded_len(&[]), None);
        assert_eq!(unpadded_len(&[1; 7]), None);
        assert_eq!(unpadded_len(&[9, 9, 9, 9, 9, 9, 5, 5]), None);
        assert_eq!(unpadded_len(&[0, 0, 0, 5, 5, 5, 5, 5]), Some(3));
        assert_eq!(unpadded_len(&[0, 0, 0, 0, 0, 0, 0, 0]), Some(8));
        // A padding longer than the data, and one longer than a block (AES-128 keys are
        // padded with 21 bytes to 40).
        assert_eq!(unpadded_len(&[9; 8]), None);
        let mut long = vec![7u8; 19];
        long.extend([21u8; 21]);
        assert_eq!(unpadded_len(&long), Some(19));
        long[20] = 20;
        assert_eq!(unpadded_len(&long), None);
    }
}

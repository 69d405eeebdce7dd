//! A batch for one Curve25519 key with its X25519s two at a time (`x25519-pair`): every
//! message of a vault is encrypted to the same ECDH subkey, so the batch's scalar
//! multiplications all share one secret scalar and can run in the two lanes of a SIMD
//! vector. In wasm a pair costs about 1.2x one `x25519-dalek` call, where it is the larger
//! part of a decryption; [`super::decrypt_many`] takes this path there.

use pgp::crypto::ecdh;
use pgp::types::{PlainSecretParams, SecretParams};
use x25519_pair::x25519_pair;
use zeroize::Zeroizing;

use super::batch::BatchItem;
use super::decrypt::{DecryptOptions, Decrypted};
use super::ecdh_split::{decrypt_or_prepare, EcdhPending, Step};
use super::error::PgpError;
use super::unlocked_key::UnlockedKey;

/// Decrypts every item as [`super::decrypt_many`] does with `key` (same results, same
/// order), computing the X25519 shared secrets of the items that need one two at a time.
/// An item left without a partner (the last of an odd count, or the only one of its key
/// packet) is decrypted on the usual path.
pub fn decrypt_many_paired(
    items: &[BatchItem<'_>],
    key: &UnlockedKey,
    options: &DecryptOptions<'_>,
) -> Vec<Result<Decrypted, PgpError>> {
    let mut results: Vec<Option<Result<Decrypted, PgpError>>> = Vec::with_capacity(items.len());
    let mut pending: Vec<(usize, EcdhPending)> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        results.push(match decrypt_or_prepare(item, key, options) {
            Step::Done(done) => Some(done),
            Step::NeedsSharedSecret(waiting) => {
                pending.push((index, waiting));
                None
            }
            Step::NeedsRsa(waiting) => Some(waiting.finish_with_key(key, options)),
        });
    }
    // Partners share a key packet (a stable sort keeps the batch order within a packet).
    pending.sort_by_key(|(_, waiting)| waiting.packet());
    let mut rest = pending.as_slice();
    while let Some(((first_index, first), after)) = rest.split_first() {
        let partner = after
            .first()
            .filter(|(_, second)| second.packet() == first.packet());
        match (partner, scalar(key, first.packet())) {
            (Some((second_index, second)), Some(scalar)) => {
                let [a, b] = x25519_pair(scalar, [first.ephemeral(), second.ephemeral()]);
                let (a, b) = (Zeroizing::new(a), Zeroizing::new(b));
                results[*first_index] = Some(first.finish(&a, options));
                results[*second_index] = Some(second.finish(&b, options));
                rest = &after[1..];
            }
            _ => {
                results[*first_index] = Some(first.finish_with_key(key, options));
                rest = after;
            }
        }
    }
    results
        .into_iter()
        .map(|result| result.unwrap_or(Err(PgpError::DecryptionFailed)))
        .collect()
}

/// The secret scalar (RFC 7748 byte order) of key packet `packet`, a Curve25519 ECDH one.
fn scalar(key: &UnlockedKey, packet: usize) -> Option<&[u8; 32]> {
    match key.packets().nth(packet)?.1 {
        SecretParams::Plain(PlainSecretParams::ECDH(ecdh::SecretKey::Curve25519Legacy(s))) => {
            Some(s.as_bytes())
        }
        _ => None,
    }
}

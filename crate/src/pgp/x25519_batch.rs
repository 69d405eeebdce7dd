//! A batch for one Curve25519 key with its X25519s two at a time (`x25519-pair`): every
//! message of a vault is encrypted to the same ECDH subkey, so the batch's scalar
//! multiplications all share one secret scalar and can run in the two lanes of a SIMD
//! vector. In wasm a pair costs about 1.15x one `x25519-dalek` call, where it is the larger
//! part of a decryption; [`super::decrypt_many`] takes this path there.

use x25519_pair::x25519_pairs;
use zeroize::Zeroizing;

use super::batch::BatchItem;
use super::decrypt::{DecryptOptions, Decrypted};
use super::ecdh_split::{curve25519_scalar, decrypt_or_prepare, EcdhPending, Step};
use super::error::PgpError;
use super::unlocked_key::UnlockedKey;

/// Decrypts every item as [`super::decrypt_many`] does with `key` (same results, same
/// order), computing the X25519 shared secrets of the items that need one two at a time
/// (`x25519_pairs`, whose ladders share their inversions). An item left without a partner
/// (the last of an odd count for its key packet) is decrypted on the usual path.
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
    for same_packet in pending.chunk_by(|(_, a), (_, b)| a.packet() == b.packet()) {
        let (pairs, single) = same_packet.split_at(same_packet.len() & !1);
        let scalar = same_packet
            .first()
            .and_then(|(_, w)| curve25519_scalar(key, w.packet()));
        let (Some(scalar), false) = (scalar, pairs.is_empty()) else {
            for (index, waiting) in same_packet {
                results[*index] = Some(waiting.finish_with_key(key, options));
            }
            continue;
        };
        let points: Vec<[&[u8; 32]; 2]> = pairs
            .chunks_exact(2)
            .map(|two| [two[0].1.ephemeral(), two[1].1.ephemeral()])
            .collect();
        let secrets = Zeroizing::new(x25519_pairs(scalar, &points));
        for (two, shared) in pairs.chunks_exact(2).zip(secrets.iter()) {
            for ((index, waiting), shared) in two.iter().zip(shared) {
                results[*index] = Some(waiting.finish(shared, options));
            }
        }
        for (index, waiting) in single {
            results[*index] = Some(waiting.finish_with_key(key, options));
        }
    }
    results
        .into_iter()
        .map(|result| result.unwrap_or(Err(PgpError::DecryptionFailed)))
        .collect()
}

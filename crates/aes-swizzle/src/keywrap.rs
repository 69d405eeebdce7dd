//! AES Key Wrap, RFC 3394 section 2.2.1 and 2.2.2 (the index-based form), default IV.

use zeroize::{Zeroize, Zeroizing};

use crate::cipher::{decrypt, encrypt, permute};
use crate::schedule::RoundKeys;
use crate::tables::tables;
use crate::v128::V128;

/// The default initial value of RFC 3394 section 2.2.3.1.
const IV: [u8; 8] = [0xa6; 8];

/// See [`crate::kw_wrap`].
pub(crate) fn wrap(kek: &[u8], plain: &[u8]) -> Option<Vec<u8>> {
    if !plain.len().is_multiple_of(8) || plain.len() < 16 {
        return None;
    }
    let keys = RoundKeys::expand(kek)?.into_encryption();
    let mut out = Vec::with_capacity(plain.len() + 8);
    out.extend_from_slice(&IV);
    out.extend_from_slice(plain);
    let (a, r) = out.split_at_mut(8);
    let mut a8 = IV;
    wrap_rounds(&keys, &mut a8, r);
    a.copy_from_slice(&a8);
    Some(out)
}

/// See [`crate::kw_unwrap`].
pub(crate) fn unwrap(kek: &[u8], wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if !wrapped.len().is_multiple_of(8) || wrapped.len() < 24 {
        return None;
    }
    let keys = RoundKeys::expand(kek)?.into_decryption();
    let (a, r) = wrapped.split_at(8);
    let mut a8 = [0u8; 8];
    a8.copy_from_slice(a);
    let mut out = Zeroizing::new(r.to_vec());
    unwrap_rounds(&keys, &mut a8, &mut out);
    // Every byte of A is looked at, whatever the first difference.
    let difference = a8.iter().zip(IV).fold(0u8, |d, (x, y)| d | (x ^ y));
    a8.zeroize();
    (core::hint::black_box(difference) == 0).then_some(out)
}

/// The 6n encryptions of the wrapping, on A and R[1..n] (`r`, a multiple of 8 bytes).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn wrap_rounds(keys: &RoundKeys, a: &mut [u8; 8], r: &mut [u8]) {
    let tb = tables();
    // A and each R[i] as little-endian u64s: the bytes of a block's two halves.
    let mut a_le = u64::from_le_bytes(*a);
    let mut t = 0u64;
    for _ in 0..6 {
        for ri in r.chunks_exact_mut(8) {
            t += 1;
            let b = encrypt(tb, keys, V128::from_u64s(a_le, read(ri))).xor(counter(t));
            a_le = b.u64_lane::<0>();
            ri.copy_from_slice(&b.u64_lane::<1>().to_le_bytes());
        }
    }
    *a = a_le.to_le_bytes();
}

/// The 6n decryptions of the unwrapping, on A and R[1..n] (`r`, a multiple of 8 bytes).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn unwrap_rounds(keys: &RoundKeys, a: &mut [u8; 8], r: &mut [u8]) {
    let tb = tables();
    let mut a_le = u64::from_le_bytes(*a);
    let mut t = 6 * (r.len() / 8) as u64;
    for _ in 0..6 {
        for ri in r.chunks_exact_mut(8).rev() {
            let b = decrypt(tb, keys, V128::from_u64s(a_le, read(ri)).xor(counter(t)));
            t -= 1;
            a_le = b.u64_lane::<0>();
            ri.copy_from_slice(&b.u64_lane::<1>().to_le_bytes());
        }
    }
    *a = a_le.to_le_bytes();
}

/// An 8-byte chunk as a little-endian u64.
#[inline(always)]
fn read(chunk: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(chunk);
    u64::from_le_bytes(b)
}

/// The counter t of RFC 3394, a 64-bit big-endian number, in bytes 0..8 of a block (wasm
/// has no byte swap: one shuffle does it).
#[inline(always)]
fn counter(t: u64) -> V128 {
    permute(V128::from_u64s(t, 0), REVERSE_LOW_HALF)
}

/// Bytes 7, 6, .., 0, then zeros (an index of 16 or more picks 0).
const REVERSE_LOW_HALF: V128 =
    V128::from_array([7, 6, 5, 4, 3, 2, 1, 0, 16, 16, 16, 16, 16, 16, 16, 16]);

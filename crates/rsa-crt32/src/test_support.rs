//! Helpers shared by the unit tests: `BigUint` values as limb vectors.

use num_bigint_dig::BigUint;

use crate::arith;

/// The significant 32-bit limbs of `x`, little-endian (none for zero).
pub(crate) fn digits(x: &BigUint) -> Vec<u32> {
    x.to_bytes_le()
        .chunks(4)
        .map(|c| c.iter().rev().fold(0u32, |w, &b| (w << 8) | u32::from(b)))
        .collect()
}

/// `x` in exactly `len` 32-bit limbs (it must fit).
pub(crate) fn limbs(x: &BigUint, len: usize) -> Vec<u32> {
    arith::resized(&digits(x), len).to_vec()
}

//! One AES block: the S-box core, the rounds and the (forward and inverse) S-box of the key
//! schedule. The tables and their derivation are in `tables`; every function takes them as
//! `tb` (from `tables::tables()`).
//!
//! Encryption keeps the state in nibble form between rounds (the output tables give the
//! next round's S-box input directly); decryption keeps it as the nibble form of the
//! inverse S-box's input. The round keys are stored in the same forms (`schedule`), the
//! constants of the S-boxes' affine maps folded into them. No branch and no memory index
//! depends on the key or the data.

use crate::schedule::RoundKeys;
use crate::tables::{tables, Linear, Output, Tables};
use crate::v128::V128;

/// `f(x)` for the linear (or affine) map `f`, byte by byte.
#[inline(always)]
pub(crate) fn linear(x: V128, f: &Linear) -> V128 {
    let lo = f.lo.lookup(x.and(V128::splat(0x0f)));
    let hi = f.hi.lookup(x.high_nibbles());
    lo.xor(hi)
}

/// `(io, jo)` for every byte of `y` in nibble form: 1/y, in two parts (see `tables`).
#[inline(always)]
fn invert(tb: &Tables, y: V128) -> (V128, V128) {
    let k = y.and(V128::splat(0x0f));
    let i = y.high_nibbles();
    let j = i.xor(k);
    let inv = tb.inv;
    let c_over_k = tb.c_over.lookup(k);
    let iak = inv.lookup(i).xor(c_over_k);
    let jak = inv.lookup(j).xor(c_over_k);
    (inv.lookup(iak).xor(j), inv.lookup(jak).xor(i))
}

/// `f(1/y) ^ key` for the linear map `f` of the output tables.
#[inline(always)]
fn output(f: &Output, (io, jo): (V128, V128), key: V128) -> V128 {
    f.io.lookup(io).xor(key).xor(f.jo.lookup(jo))
}

/// `v` with its bytes permuted: byte n is `v[p[n]]`, or 0 if `p[n] >= 16`.
#[inline(always)]
pub(crate) fn permute(v: V128, p: V128) -> V128 {
    v.lookup(p)
}

/// SubBytes, ShiftRows, MixColumns and AddRoundKey from and to the nibble form, in the
/// layouts of `tables::Layout` (`moves`: this round's), `key` in nibble form, the S-box
/// constant added.
#[inline(always)]
fn forward_round(tb: &Tables, y: V128, key: V128, moves: &[V128; 3]) -> V128 {
    let inverse = invert(tb, y);
    let zero = V128::splat(0);
    let s = output(&tb.forward[0], inverse, zero);
    let s2 = output(&tb.forward[1], inverse, zero);
    // MixColumns: 2 s[r] + 3 s[r+1] + s[r+2] + s[r+3] = 2 s[r] + (2 s + s)[r+1] + ...
    let left = s2.xor(key).xor(permute(s2.xor(s), moves[0]));
    let right = permute(s, moves[1]).xor(permute(s, moves[2]));
    left.xor(right)
}

/// InvSubBytes, InvShiftRows, InvMixColumns and AddRoundKey from and to the nibble form of
/// the inverse S-box's input, in the layouts of `tables::Layout` (`moves`: this round's),
/// `key` in that form, its constant added.
#[inline(always)]
fn inverse_round(tb: &Tables, y: V128, key: V128, moves: &[V128; 3]) -> V128 {
    let inverse = invert(tb, y);
    let [e, b, d, n] = &tb.inverse_mix;
    let zero = V128::splat(0);
    // InvMixColumns: 14 u[r] + 11 u[r+1] + 13 u[r+2] + 9 u[r+3].
    let left = output(e, inverse, key).xor(permute(output(b, inverse, zero), moves[0]));
    let right = permute(output(d, inverse, zero), moves[1])
        .xor(permute(output(n, inverse, zero), moves[2]));
    left.xor(right)
}

/// Encrypts the block `x` with keys from `RoundKeys::into_encryption`.
#[inline]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
pub(crate) fn encrypt(tb: &Tables, keys: &RoundKeys, x: V128) -> V128 {
    let layout = &tb.forward_layout;
    let mut y = linear(x.xor(keys.first()), &tb.to_nibbles);
    for (j, &[lo, hi]) in keys.middle().iter().enumerate() {
        y = forward_round(tb, y, V128::from_u64s(lo, hi), &layout.round[j % 4]);
    }
    let s = output(&tb.forward_last, invert(tb, y), keys.last());
    permute(s, layout.last[keys.rounds() % 4])
}

/// Decrypts the block `x` with keys from `RoundKeys::into_decryption`.
#[inline]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
pub(crate) fn decrypt(tb: &Tables, keys: &RoundKeys, x: V128) -> V128 {
    let layout = &tb.inverse_layout;
    let mut y = linear(x.xor(keys.first()), &tb.to_inverse_input);
    for (j, &[lo, hi]) in keys.middle().iter().enumerate() {
        y = inverse_round(tb, y, V128::from_u64s(lo, hi), &layout.round[j % 4]);
    }
    let z = output(&tb.inverse_last, invert(tb, y), keys.last());
    permute(z, layout.last[keys.rounds() % 4])
}

/// [`encrypt`] of one block in place.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
pub(crate) fn encrypt_block(keys: &RoundKeys, block: &mut [u8; 16]) {
    encrypt(tables(), keys, V128::load(block)).store(block);
}

/// [`decrypt`] of one block in place.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
pub(crate) fn decrypt_block(keys: &RoundKeys, block: &mut [u8; 16]) {
    decrypt(tables(), keys, V128::load(block)).store(block);
}

/// The S-box on every byte in nibble form, but for its constant (`NIBBLES_63`, which the
/// key schedule adds off the critical path).
#[inline(always)]
pub(crate) fn sub_nibbles(tb: &Tables, y: V128) -> V128 {
    output(&tb.forward[0], invert(tb, y), V128::splat(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gf::{affine, affine_inverse, from_nibbles, inverse, mul, to_nibbles};

    /// The S-box of FIPS-197 from its definition.
    fn sbox(x: u8) -> u8 {
        affine(inverse(x)) ^ 0x63
    }

    fn all_bytes() -> impl Iterator<Item = [u8; 16]> {
        (0..16).map(|n| core::array::from_fn(|m| (16 * n + m) as u8))
    }

    #[test]
    fn field_definitions() {
        // FIPS-197 section 4.2 and the S-box entries of figure 7 it gives as examples.
        assert_eq!(mul(0x57, 0x83), 0xc1);
        assert_eq!(mul(0x57, 0x13), 0xfe);
        for x in 1..=255u8 {
            assert_eq!(mul(x, inverse(x)), 1);
            assert_eq!(affine_inverse(affine(x)), x);
        }
        assert_eq!(inverse(0), 0);
        assert_eq!((sbox(0x00), sbox(0x53), sbox(0xff)), (0x63, 0xed, 0x16));
    }

    #[test]
    fn nibble_form_round_trip() {
        for x in 0..=255 {
            assert_eq!(from_nibbles(to_nibbles(x)), x);
        }
        let tb = tables();
        for bytes in all_bytes() {
            let mut out = [0u8; 16];
            let there = linear(V128::load(&bytes), &tb.to_nibbles);
            linear(there, &tb.from_nibbles[0]).store(&mut out);
            assert_eq!(out, bytes);
        }
    }

    #[test]
    fn sub_nibbles_is_the_sbox() {
        let tb = tables();
        for bytes in all_bytes() {
            let mut out = [0u8; 16];
            let y = linear(V128::load(&bytes), &tb.to_nibbles);
            linear(sub_nibbles(tb, y), &tb.from_nibbles[1]).store(&mut out);
            assert_eq!(out, bytes.map(sbox));
        }
    }

    #[test]
    fn inverse_input_then_invert_is_the_inverse_sbox() {
        for bytes in all_bytes() {
            let mut out = [0u8; 16];
            let tb = tables();
            let y = linear(V128::load(&bytes), &tb.to_inverse_input);
            output(&tb.inverse_last, invert(tb, y), V128::splat(0)).store(&mut out);
            assert_eq!(out.map(sbox), bytes);
        }
    }
}

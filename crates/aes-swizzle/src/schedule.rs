//! The key expansion of FIPS-197 section 5.2, and the round keys in the forms `cipher` uses.
//!
//! The expansion runs in the S-box core's nibble form (`gf`): it is linear byte by byte, so
//! it commutes with the expansion's exclusive ors and byte moves, and SubWord then needs no
//! conversion before its inversion. AES-128 and AES-256 expand a whole round key per step.

use zeroize::Zeroize;

use crate::cipher::{linear, permute, sub_nibbles};
use crate::gf::to_nibbles;
use crate::tables::{tables, Tables, INVERSE_CONSTANT, NIBBLES_63};
use crate::v128::V128;

/// Round keys (10, 12 or 14 rounds), each as two little-endian u64s; the used ones are wiped
/// on drop. Straight from [`RoundKeys::expand`] they are in nibble form; then in the forms
/// `into_encryption` and `into_decryption` describe.
#[derive(Clone)]
pub(crate) struct RoundKeys {
    keys: [[u64; 2]; 15],
    rounds: usize,
}

impl RoundKeys {
    /// The number of rounds: 10, 12 or 14.
    #[inline(always)]
    pub(crate) fn rounds(&self) -> usize {
        self.rounds
    }

    /// The first round key.
    #[inline(always)]
    pub(crate) fn first(&self) -> V128 {
        load(&self.keys[0])
    }

    /// The keys between the first and the last.
    #[inline(always)]
    pub(crate) fn middle(&self) -> &[[u64; 2]] {
        self.keys.get(1..self.rounds).unwrap_or(&[])
    }

    /// The last round key.
    #[inline(always)]
    pub(crate) fn last(&self) -> V128 {
        load(&self.keys[self.rounds.min(14)])
    }

    /// The round keys of FIPS-197, in nibble form, for a 16-, 24- or 32-byte key; `None` for
    /// another length.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub(crate) fn expand(key: &[u8]) -> Option<RoundKeys> {
        let tb = tables();
        let mut out = RoundKeys {
            keys: [[0; 2]; 15],
            rounds: 0,
        };
        match key.len() {
            16 => {
                out.rounds = 10;
                let mut k = nibbles(tb, &key[..16]);
                store(k, &mut out.keys[0]);
                for (key, &rcon) in out.keys[1..11].iter_mut().zip(&RCON) {
                    // w[i] = w[i - 4] ^ SubWord(RotWord(w[i - 1])) ^ Rcon, 4 words at once.
                    let t = permute(sub_nibbles(tb, k), ROT_WORD_3);
                    k = prefix_xor(k).xor(constants(rcon)).xor(t);
                    store(k, key);
                }
            }
            32 => {
                out.rounds = 14;
                let (mut even, mut odd) = (nibbles(tb, &key[..16]), nibbles(tb, &key[16..]));
                store(even, &mut out.keys[0]);
                store(odd, &mut out.keys[1]);
                for (pair, &rcon) in out.keys[2..15].chunks_mut(2).zip(&RCON) {
                    let t = permute(sub_nibbles(tb, odd), ROT_WORD_3);
                    even = prefix_xor(even).xor(constants(rcon)).xor(t);
                    store(even, &mut pair[0]);
                    if let Some(key) = pair.get_mut(1) {
                        // Without RotWord and Rcon in the middle of a 256-bit key.
                        let t = permute(sub_nibbles(tb, even), WORD_3);
                        odd = prefix_xor(odd).xor(constants(0)).xor(t);
                        store(odd, key);
                    }
                }
            }
            24 => {
                out.rounds = 12;
                expand_192(tb, key, &mut out.keys);
            }
            _ => return None,
        }
        Some(out)
    }

    /// Turns the keys from [`RoundKeys::expand`] into the ones `cipher::encrypt` takes: the
    /// first as a plain key; the middle ones in nibble form with the S-box constant added;
    /// the last plain with the S-box constant added. Key r moved by `L_r` of
    /// `tables::FORWARD_LAYOUT`, the layout of the state it is added to.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub(crate) fn into_encryption(mut self) -> RoundKeys {
        let tb = tables();
        let rounds = self.rounds;
        for (r, key) in self.used_mut().iter_mut().enumerate() {
            let k = load(key);
            let k = match r {
                0 => linear(k, &tb.from_nibbles[0]),
                r if r < rounds => k.xor(V128::splat(NIBBLES_63)),
                _ => linear(k, &tb.from_nibbles[1]),
            };
            store(permute(k, tb.forward_layout.key[r % 4]), key);
        }
        self
    }

    /// Turns the keys from [`RoundKeys::expand`] into the ones `cipher::decrypt` takes (the
    /// equivalent inverse cipher of FIPS-197 section 5.3.5): the last key first, plain; then
    /// InvMixColumns of the middle keys, last to first, as the nibble form of an inverse
    /// S-box input with its constant; then the first key, plain. Key r moved by `L_r` of
    /// `tables::INVERSE_LAYOUT`, the layout of the state it is added to.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub(crate) fn into_decryption(mut self) -> RoundKeys {
        let tb = tables();
        let rounds = self.rounds;
        self.used_mut().reverse();
        let [e, b, d, n] = &tb.key_inv_mix;
        for (r, key) in self.used_mut().iter_mut().enumerate() {
            let k = load(key);
            let k = match r {
                0 => linear(k, &tb.from_nibbles[0]),
                // InvMixColumns: 14 k[r] + 11 k[r+1] + 13 k[r+2] + 9 k[r+3], by column.
                r if r < rounds => linear(k, e)
                    .xor(permute(linear(k, b), tb.rot[1]))
                    .xor(permute(linear(k, d), tb.rot[2]))
                    .xor(permute(linear(k, n), tb.rot[3]))
                    .xor(V128::splat(INVERSE_CONSTANT)),
                _ => linear(k, &tb.from_nibbles[0]),
            };
            store(permute(k, tb.inverse_layout.key[r % 4]), key);
        }
        self
    }

    /// The `rounds + 1` keys in use.
    fn used_mut(&mut self) -> &mut [[u64; 2]] {
        let used = (self.rounds + 1).min(15);
        &mut self.keys[..used]
    }
}

impl Drop for RoundKeys {
    fn drop(&mut self) {
        self.used_mut().as_flattened_mut().zeroize();
    }
}

/// AES-192's key expansion, word by word (its 6-word period does not fit a round key), in
/// nibble form.
#[inline(always)]
fn expand_192(tb: &Tables, key: &[u8], keys: &mut [[u64; 2]; 15]) {
    // Words as little-endian u32s: byte 0 of a word is its low byte.
    let mut w = [0u32; 52];
    let mut tail = [0u8; 16];
    tail[..8].copy_from_slice(&key[16..24]);
    let (head, tail) = (nibbles(tb, &key[..16]), nibbles(tb, &tail));
    for (k, v) in [head, tail].iter().enumerate() {
        let (lo, hi) = (v.u64_lane::<0>(), v.u64_lane::<1>());
        w[4 * k..4 * k + 4].copy_from_slice(&[
            lo as u32,
            (lo >> 32) as u32,
            hi as u32,
            (hi >> 32) as u32,
        ]);
    }
    let constant = u32::from(NIBBLES_63) * 0x0101_0101;
    for (i, &rcon) in (6..52).step_by(6).zip(&RCON) {
        // SubWord(RotWord(w[i - 1])): RotWord moves byte 1 to byte 0.
        let word = V128::from_u64s(u64::from(w[i - 1].rotate_right(8)), 0);
        let temp = sub_nibbles(tb, word).u64_lane::<0>() as u32 ^ constant ^ u32::from(rcon);
        w[i] = w[i - 6] ^ temp;
        for j in i + 1..(i + 6).min(52) {
            w[j] = w[j - 6] ^ w[j - 1];
        }
    }
    for (round_key, words) in keys.iter_mut().zip(w.chunks_exact(4)) {
        let pair = |k: usize| u64::from(words[k]) | u64::from(words[k + 1]) << 32;
        *round_key = [pair(0), pair(2)];
    }
    w.zeroize();
}

/// Rcon of FIPS-197 section 5.2, for the key expansion's steps 1, 2, ..., in nibble form.
const RCON: [u8; 10] = {
    let bytes = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36];
    let mut out = [0u8; 10];
    let mut k = 0;
    while k < 10 {
        out[k] = to_nibbles(bytes[k]);
        k += 1;
    }
    out
};

/// Word 3 rotated (RotWord: bytes 13, 14, 15, 12) in every word.
const ROT_WORD_3: V128 = V128::from_array([
    13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12,
]);

/// Word 3 in every word.
const WORD_3: V128 = V128::from_array([
    12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15,
]);

/// The constants of a step: the S-box's in every byte, `rcon` (nibble form) added to byte 0
/// of every word.
#[inline(always)]
fn constants(rcon: u8) -> V128 {
    let word =
        (u64::from(NIBBLES_63) * 0x0101_0101_0101_0101) ^ (u64::from(rcon) * 0x0000_0001_0000_0001);
    V128::from_u64s(word, word)
}

/// Word j is the xor of words 0..=j: w[i - 4] ^ w[i - 3] ^ ... for the next round key.
#[inline(always)]
fn prefix_xor(k: V128) -> V128 {
    // Indices of 16 and more pick 0: the key moved up by one word, then by two.
    const UP_1: V128 = V128::from_array([16, 16, 16, 16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const UP_2: V128 = V128::from_array([16, 16, 16, 16, 16, 16, 16, 16, 0, 1, 2, 3, 4, 5, 6, 7]);
    let k = k.xor(permute(k, UP_1));
    k.xor(permute(k, UP_2))
}

/// 16 key bytes in nibble form.
#[inline(always)]
fn nibbles(tb: &Tables, bytes: &[u8]) -> V128 {
    let mut b = [0u8; 16];
    b.copy_from_slice(bytes);
    let v = linear(V128::load(&b), &tb.to_nibbles);
    b.zeroize();
    v
}

#[inline(always)]
fn load(key: &[u64; 2]) -> V128 {
    V128::from_u64s(key[0], key[1])
}

#[inline(always)]
fn store(v: V128, key: &mut [u64; 2]) {
    *key = [v.u64_lane::<0>(), v.u64_lane::<1>()];
}

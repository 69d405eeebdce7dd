//! The swizzle tables and the byte permutations, computed at compile time from `gf`.
//!
//! The S-box core works on the nibble form `i << 4 | k` of a byte x (see `gf`; x = h t + l in
//! the tower field, i = λ h, k = l, c = 1/λ). Its inverse is found with inversions in GF(16)
//! only (Hamburg's "Accelerating AES with vector permute instructions", CHES 2009, section 3):
//! with j = i + k,
//!
//! ```text
//! io = 1 / (1/i + c/k) + j = N / (h + l)
//! jo = 1 / (1/j + c/k) + i = N / (h + l + c l)        N = λ h^2 + h l + l^2, the norm of x
//! ```
//!
//! and 1/x = (h t + h + l) / N = [(λ + 1)/io t + 1/io] + [λ/jo t]: a sum of one function of
//! `io` and one of `jo`, so any GF(2)-linear map of 1/x (the S-box's affine map, a product
//! by a MixColumns coefficient, a change of representation) is two 16-entry tables.
//!
//! 1/0 is represented by [`INFINITY`], 0x80: a swizzle with an index of 16 or more gives 0,
//! which is 1/∞, and ∞ plus a nibble stays at least 16. The only sum of two infinities is at
//! x = 0 (i = k = 0), where it gives 0, then ∞ again: io = jo = ∞, and the output tables give
//! 0, the inverse of 0 in AES. `tests` in `cipher` checks all 256 bytes.

use crate::gf::{
    affine, affine_inverse, from_nibbles, inv16, mul, mul16, phi_inverse, to_nibbles, C, LAMBDA,
};
use crate::v128::V128;

/// The 16 bytes a swizzle picks from, while the tables are computed.
type Table = [u8; 16];

/// The stand-in for 1/0 in the S-box core.
const INFINITY: u8 = 0x80;

/// `1/v` in GF(16), ∞ for 0.
const INV: V128 = V128::from_array(over(1));

/// `c/v` in GF(16), ∞ for 0.
const C_OVER: V128 = V128::from_array(over(C));

/// A GF(2)-linear map of bytes, as one table for the low nibble and one for the high.
pub(crate) struct Linear {
    /// `f(v)`, for v < 16, plus a constant if the map is affine.
    pub(crate) lo: V128,
    /// `f(v << 4)`, for v < 16.
    pub(crate) hi: V128,
}

/// A GF(2)-linear map of the inverse 1/x, as one table indexed by `io` and one by `jo`.
pub(crate) struct Output {
    /// The part of the map's value that comes from `io`.
    pub(crate) io: V128,
    /// The part that comes from `jo`.
    pub(crate) jo: V128,
}

/// Bytes to the nibble form (the forward S-box's input).
const TO_NIBBLES: Linear = linear(Map::Nibbles, 0);

/// Nibble form back to bytes.
const FROM_NIBBLES: Linear = linear(Map::FromNibbles, 0);

/// Nibble form back to bytes, plus the S-box constant 0x63.
const FROM_NIBBLES_63: Linear = linear(Map::FromNibbles, 0x63);

/// The S-box constant 0x63 in nibble form.
pub(crate) const NIBBLES_63: u8 = to_nibbles(0x63);

/// `affine_inverse(0x63)` (= 0x05) in nibble form: the constant part of the inverse S-box's
/// input, `affine_inverse(x ^ 0x63)`.
pub(crate) const INVERSE_CONSTANT: u8 = to_nibbles(affine_inverse(0x63));

/// Bytes to the nibble form of the inverse S-box's input: `to_nibbles(affine_inverse(x ^
/// 0x63))`.
const TO_INVERSE_INPUT: Linear = linear(Map::Inverse(1), INVERSE_CONSTANT);

/// `to_nibbles(affine_inverse(m * from_nibbles(x)))` for the InvMixColumns coefficients m =
/// 14, 11, 13, 9: a decryption round key from an encryption one in nibble form.
const KEY_INV_MIX: [Linear; 4] = [
    linear(Map::KeyInverse(14), 0),
    linear(Map::KeyInverse(11), 0),
    linear(Map::KeyInverse(13), 0),
    linear(Map::KeyInverse(9), 0),
];

/// A forward S-box output (but for the constant 0x63), in nibble form.
const FORWARD_1: Output = output(Map::Forward(1));

/// Twice a forward S-box output (but for the constant), in nibble form.
const FORWARD_2: Output = output(Map::Forward(2));

/// A forward S-box output but for the constant, as a byte (the last round).
const FORWARD_LAST: Output = output(Map::ForwardLast);

/// An inverse S-box output times 14, 11, 13 and 9, each as the nibble form of the next
/// inverse S-box's input (but for a constant).
const INVERSE_MIX: [Output; 4] = [
    output(Map::Inverse(14)),
    output(Map::Inverse(11)),
    output(Map::Inverse(13)),
    output(Map::Inverse(9)),
];

/// An inverse S-box output, as a byte (the last round).
const INVERSE_LAST: Output = output(Map::Identity);

/// Every table the SIMD code uses, in one `static`.
pub(crate) struct Tables {
    /// [`INV`].
    pub(crate) inv: V128,
    /// [`C_OVER`].
    pub(crate) c_over: V128,
    /// [`TO_NIBBLES`].
    pub(crate) to_nibbles: Linear,
    /// [`TO_INVERSE_INPUT`].
    pub(crate) to_inverse_input: Linear,
    /// [`FROM_NIBBLES`] and [`FROM_NIBBLES_63`].
    pub(crate) from_nibbles: [Linear; 2],
    /// [`FORWARD_1`] and [`FORWARD_2`].
    pub(crate) forward: [Output; 2],
    /// [`FORWARD_LAST`].
    pub(crate) forward_last: Output,
    /// [`INVERSE_MIX`].
    pub(crate) inverse_mix: [Output; 4],
    /// [`INVERSE_LAST`].
    pub(crate) inverse_last: Output,
    /// [`KEY_INV_MIX`].
    pub(crate) key_inv_mix: [Linear; 4],
    /// [`FORWARD_LAYOUT`].
    pub(crate) forward_layout: Layout,
    /// [`INVERSE_LAYOUT`].
    pub(crate) inverse_layout: Layout,
    /// [`ROT`].
    pub(crate) rot: [V128; 4],
}

static TABLES: Tables = Tables {
    inv: INV,
    c_over: C_OVER,
    to_nibbles: TO_NIBBLES,
    to_inverse_input: TO_INVERSE_INPUT,
    from_nibbles: [FROM_NIBBLES, FROM_NIBBLES_63],
    forward: [FORWARD_1, FORWARD_2],
    forward_last: FORWARD_LAST,
    inverse_mix: INVERSE_MIX,
    inverse_last: INVERSE_LAST,
    key_inv_mix: KEY_INV_MIX,
    forward_layout: FORWARD_LAYOUT,
    inverse_layout: INVERSE_LAYOUT,
    rot: ROT,
};

/// The tables, read from memory: `black_box` hides from the compiler that they are
/// constants, so they reach the engine as `v128.load`s (one per table per block) and not
/// as `v128.const`s or `i8x16.shuffle` masks. A decryption round uses about 15 tables and
/// masks, more than x86-64 has vector registers, and V8 builds a vector constant from two
/// 64-bit immediates (two moves from general registers and an insert) where it is used,
/// inside the round loop; a loaded value is spilled and reloaded instead. Measured in
/// Chromium 156 on x86-64: 93 ns per AES-128 decryption with constants, 86 with this. Only
/// a hint: the values and the results are the same either way.
#[inline(always)]
pub(crate) fn tables() -> &'static Tables {
    core::hint::black_box(&TABLES)
}

/// The maps the tables are built for, on bytes of AES's field.
#[derive(Clone, Copy)]
enum Map {
    /// The nibble form.
    Nibbles,
    /// `m * affine(x)`, in nibble form: `m` times an S-box output, but for the constant.
    Forward(u8),
    /// `affine(x)`: the S-box output but for the constant.
    ForwardLast,
    /// The nibble form of `affine_inverse(m * x)`: the next inverse S-box's input (but for
    /// a constant) from `m` times an inverse S-box output.
    Inverse(u8),
    /// `x` itself.
    Identity,
    /// The byte whose nibble form is `x`.
    FromNibbles,
    /// [`Map::Inverse`] of the byte whose nibble form is `x`.
    KeyInverse(u8),
}

const fn apply(map: Map, x: u8) -> u8 {
    match map {
        Map::Nibbles => to_nibbles(x),
        Map::Forward(m) => to_nibbles(mul(m, affine(x))),
        Map::ForwardLast => affine(x),
        Map::Inverse(m) => to_nibbles(affine_inverse(mul(m, x))),
        Map::Identity => x,
        Map::FromNibbles => from_nibbles(x),
        Map::KeyInverse(m) => to_nibbles(affine_inverse(mul(m, from_nibbles(x)))),
    }
}

/// `a/v` in GF(16) for every v, ∞ for v = 0.
const fn over(a: u8) -> Table {
    let mut t = [INFINITY; 16];
    let mut v = 1;
    while v < 16 {
        t[v] = mul16(a, inv16(v as u8));
        v += 1;
    }
    t
}

/// The tables of `map` (linear), with `constant` added to the low one.
const fn linear(map: Map, constant: u8) -> Linear {
    let (mut lo, mut hi) = ([0u8; 16], [0u8; 16]);
    let mut v = 0;
    while v < 16 {
        lo[v] = apply(map, v as u8) ^ constant;
        hi[v] = apply(map, (v as u8) << 4);
        v += 1;
    }
    Linear {
        lo: V128::from_array(lo),
        hi: V128::from_array(hi),
    }
}

/// The tables of `map` (linear) applied to 1/x, from `io` and `jo`. Entry 0 of each is never
/// picked (io and jo are ∞, not 0, when x = 0); an ∞ index picks 0.
const fn output(map: Map) -> Output {
    let (mut io, mut jo) = ([0u8; 16], [0u8; 16]);
    let mut v = 1;
    while v < 16 {
        let inv = inv16(v as u8);
        // (λ + 1)/io t + 1/io, and λ/jo t, in the tower field, then in AES's field.
        let from_io = phi_inverse(mul16(LAMBDA ^ 1, inv) << 4 | inv);
        let from_jo = phi_inverse(mul16(LAMBDA, inv) << 4);
        io[v] = apply(map, from_io);
        jo[v] = apply(map, from_jo);
        v += 1;
    }
    Output {
        io: V128::from_array(io),
        jo: V128::from_array(jo),
    }
}

/// The byte moves of one direction's rounds, in a layout of the state that turns with
/// (Inv)ShiftRows (as in Hamburg's vpaes).
///
/// A round is `out = q0(t0) + q1(t1) + q2(t2) + q3(t3) + key`, where `qk` is (Inv)ShiftRows
/// then a rotation of every column by k bytes (byte r of a column from byte r + k, for
/// (Inv)MixColumns). Keeping the state before round j permuted by `L_j = q0^-j` (byte n of
/// the stored state is byte `L_j[n]` of the real one), round j becomes `out' = t0' +
/// round[j % 4][0](t1') + ... + key'`, with no move for the first term, the round key
/// stored permuted by `L_(j+1)`; the last round's output is moved back by `last[rounds % 4]`.
pub(crate) struct Layout {
    /// `L_j^-1 ∘ qk ∘ L_(j+1)` for k = 1, 2, 3, by `j % 4`.
    pub(crate) round: [[V128; 3]; 4],
    /// `L_r`, by `r % 4`: round key r is stored moved by it.
    pub(crate) key: [V128; 4],
    /// `q0^r`, by `r % 4`: the output of the last round, round `r - 1`, moved back.
    pub(crate) last: [V128; 4],
}

/// The forward cipher's [`Layout`] (ShiftRows, MixColumns).
pub(crate) const FORWARD_LAYOUT: Layout = layout(1);

/// The inverse cipher's [`Layout`] (InvShiftRows, InvMixColumns).
pub(crate) const INVERSE_LAYOUT: Layout = layout(3);

/// Rotations of every column by k bytes (byte r of a column from byte r + k).
const ROT: [V128; 4] = {
    let p = permutations(0);
    [
        V128::from_array(p[0]),
        V128::from_array(p[1]),
        V128::from_array(p[2]),
        V128::from_array(p[3]),
    ]
};

/// Row r shifted by `shift * r` columns (1: ShiftRows, 3: InvShiftRows, 0: no shift), then
/// every column rotated by k, as swizzle indices: byte n from byte `p[k][n]`.
const fn permutations(shift: usize) -> [Table; 4] {
    let mut p = [[0u8; 16]; 4];
    let mut k = 0;
    while k < 4 {
        let mut n = 0;
        while n < 16 {
            let (c, r) = (n / 4, (n % 4 + k) % 4);
            p[k][n] = (4 * ((c + shift * r) % 4) + r) as u8;
            n += 1;
        }
        k += 1;
    }
    p
}

/// Moving by `a` then by `b` (`v[a[b[n]]]`).
const fn compose(a: Table, b: Table) -> Table {
    let mut out = [0u8; 16];
    let mut n = 0;
    while n < 16 {
        out[n] = a[b[n] as usize];
        n += 1;
    }
    out
}

/// `a^e`.
const fn power(a: Table, e: usize) -> Table {
    let mut out = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    let mut k = 0;
    while k < e {
        out = compose(out, a);
        k += 1;
    }
    out
}

/// The [`Layout`] for rounds shifting row r by `shift * r` columns.
const fn layout(shift: usize) -> Layout {
    let q = permutations(shift);
    // q0 has order 4: its inverse is its cube.
    let q0_inverse = power(q[0], 3);
    let zero = V128::from_array([0; 16]);
    let mut out = Layout {
        round: [[zero; 3]; 4],
        key: [zero; 4],
        last: [zero; 4],
    };
    let mut j = 0;
    while j < 4 {
        let mut k = 1;
        while k < 4 {
            let before = compose(power(q[0], j), q[k]);
            out.round[j][k - 1] = V128::from_array(compose(before, power(q0_inverse, j + 1)));
            k += 1;
        }
        out.key[j] = V128::from_array(power(q0_inverse, j));
        out.last[j] = V128::from_array(power(q[0], j));
        j += 1;
    }
    out
}

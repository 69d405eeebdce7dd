//! The exponentiation loops shared by the two Montgomery forms, [`crate::mont`] (32-bit
//! limbs) and [`crate::mont28`] (28-bit limbs, lazy carries): the constant-time fixed-window
//! exponentiation for secret exponents and square-and-multiply for public ones.
//!
//! Both are generic over [`MontMul`], so each form gets its own copy of the loops with its
//! multiplication and squaring called directly (and inlined where the compiler sees fit).

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::arith::{self, Limbs};

/// Window width of the constant-time exponentiation.
pub(crate) const WINDOW: usize = 5;

/// The number of entries of the table of powers: 32.
pub(crate) const ENTRIES: usize = 1 << WINDOW;

/// A Montgomery multiplication modulo `m` on `u32` limbs (of any radix `2^k`, with `R =
/// 2^(k L)`), as the exponentiations use it.
pub(crate) trait MontMul {
    /// The element of the scratch space `t` of [`MontMul::mul`] and [`MontMul::sqr`], which
    /// takes `2 L` of them.
    type Scratch;

    /// The number of limbs `L` of an operand.
    fn limbs(&self) -> usize;

    /// `out = a b / R mod m`, in the form's range of values.
    fn mul(&self, out: &mut [u32], a: &[u32], b: &[u32], t: &mut [Self::Scratch]);

    /// `out = a^2 / R mod m`, in the form's range of values.
    fn sqr(&self, out: &mut [u32], a: &[u32], t: &mut [Self::Scratch]);
}

/// `base^exp` in Montgomery form, in constant time: fixed windows of [`WINDOW`] bits over
/// `exp_bits` bits of the secret `exp` (a public bound), every table entry read and the wanted
/// one kept by masks.
///
/// `table` has room for [`ENTRIES`] entries of `L` limbs, the first two (one and `base`, in
/// Montgomery form) set by the caller; the others are computed here. `t` is scratch space.
pub(crate) fn pow_window<M: MontMul>(
    ctx: &M,
    table: &mut [u32],
    exp: &[u32],
    exp_bits: usize,
    t: &mut [M::Scratch],
) -> Limbs {
    let l = ctx.limbs();
    let table = &mut table[..ENTRIES * l];
    for k in 2..ENTRIES {
        let (done, rest) = table.split_at_mut(k * l);
        let out = &mut rest[..l];
        if k % 2 == 0 {
            ctx.sqr(out, &done[(k / 2) * l..(k / 2 + 1) * l], t);
        } else {
            ctx.mul(out, &done[(k - 1) * l..k * l], &done[l..2 * l], t);
        }
    }
    let window_at = |i: usize| -> u32 {
        let bit = i * WINDOW;
        let (limb, off) = (bit / 32, bit % 32);
        let mut w = exp.get(limb).copied().unwrap_or(0) >> off;
        if off + WINDOW > 32 {
            w |= exp.get(limb + 1).copied().unwrap_or(0) << (32 - off);
        }
        w & ((1 << WINDOW) - 1)
    };
    let windows = exp_bits.div_ceil(WINDOW).max(1);
    let mut acc = arith::zeroed(l);
    let mut tmp = arith::zeroed(l);
    let mut entry = arith::zeroed(l);
    select(&mut acc, table, l, window_at(windows - 1));
    for i in (0..windows - 1).rev() {
        for _ in 0..WINDOW {
            ctx.sqr(&mut tmp, &acc, t);
            core::mem::swap(&mut acc, &mut tmp);
        }
        select(&mut entry, table, l, window_at(i));
        ctx.mul(&mut tmp, &acc, &entry, t);
        core::mem::swap(&mut acc, &mut tmp);
    }
    acc
}

/// `base^exp` in Montgomery form (`base` in Montgomery form) for a public, non-zero `exp`,
/// square and multiply: variable time in `exp` only. `t` is scratch space.
pub(crate) fn pow_public<M: MontMul>(
    ctx: &M,
    base: &[u32],
    exp: &[u32],
    t: &mut [M::Scratch],
) -> Limbs {
    let l = ctx.limbs();
    let mut acc = Zeroizing::new(base[..l].to_vec());
    let mut tmp = arith::zeroed(l);
    for i in (0..arith::bit_len(exp).saturating_sub(1)).rev() {
        ctx.sqr(&mut tmp, &acc, t);
        core::mem::swap(&mut acc, &mut tmp);
        if (exp[i / 32] >> (i % 32)) & 1 == 1 {
            ctx.mul(&mut tmp, &acc, base, t);
            core::mem::swap(&mut acc, &mut tmp);
        }
    }
    acc
}

/// `out = table[index]` (entries of `l` limbs), reading every entry.
fn select(out: &mut [u32], table: &[u32], l: usize, index: u32) {
    out.fill(0);
    for (k, entry) in table.chunks_exact(l).enumerate() {
        let mask = u32::from((k as u32).ct_eq(&index).unwrap_u8()).wrapping_neg();
        for (o, &e) in out.iter_mut().zip(entry) {
            *o |= e & mask;
        }
    }
}

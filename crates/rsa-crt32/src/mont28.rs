//! The exponentiations' Montgomery arithmetic in radix 2^28, with lazy carries.
//!
//! With 28-bit limbs (held in `u32`), a limb product is below 2^56 and a `u64` column takes
//! 255 of them without overflowing. A product is then accumulated row by row into `2 L` such
//! columns, `t[i + j] += a_i b_j`, each step a multiply and an add with no carry to propagate,
//! and the Montgomery reduction likewise (`t[i + j] += q_i m_j`, the carry out of column `i`
//! moved into column `i + 1` once `q_i` is known). In wasm32 that is about half the
//! instructions per product of the 32-bit loops of [`crate::mont`], for 31% more products.
//! Usable while `2 L + 1 <= 255` (`L` limbs of 28 bits): moduli up to 3552 bits (111 32-bit
//! limbs), so the primes of RSA keys up to about 7100 bits, and the modulus of RSA-3072.
//!
//! Values are kept below `2 m` rather than below `m` ("almost Montgomery"): with `R =
//! 2^(28 L) > 4 m`, a product of two such values reduces to below `2 m` again, so no
//! conditional subtraction is needed between operations; the caller makes the one at the end,
//! in constant time.

use zeroize::{Zeroize, Zeroizing};

use crate::arith::{self, Limbs};
use crate::window::{self, MontMul, ENTRIES};

/// Bits per limb.
const BITS: u32 = 28;
/// The mask of a limb.
const MASK: u32 = (1 << BITS) - 1;
/// The largest number of limbs: `2 L` products below 2^56 each, plus a carry, fit in a `u64`.
pub(crate) const MAX_LIMBS: usize = 127;

/// An odd modulus in radix 2^28 with its Montgomery constants. Wiped when dropped.
#[derive(Clone)]
pub(crate) struct Mont28 {
    /// The modulus, `L` limbs of 28 bits, `R = 2^(28 L) > 4 m`.
    m: Vec<u32>,
    /// `-m^-1 mod 2^28`.
    m0inv: u32,
    /// `R^2 mod m`, radix 2^28.
    rr: Vec<u32>,
}

impl Drop for Mont28 {
    fn drop(&mut self) {
        self.m.zeroize();
        self.m0inv.zeroize();
        self.rr.zeroize();
    }
}

/// The number of 28-bit limbs for a modulus of `len32` 32-bit limbs (`R > 4 m`).
pub(crate) fn limbs_for(len32: usize) -> usize {
    (32 * len32 + 2).div_ceil(BITS as usize)
}

/// `x` (32-bit limbs) in `len` limbs of 28 bits (the bits beyond dropped).
pub(crate) fn from_radix32(x: &[u32], len: usize) -> Limbs {
    let mut out = arith::zeroed(len);
    let mut acc = 0u64;
    let mut have = 0u32;
    let mut words = x.iter();
    for o in out.iter_mut() {
        if have < BITS {
            acc |= u64::from(words.next().copied().unwrap_or(0)) << have;
            have += 32;
        }
        *o = (acc as u32) & MASK;
        acc >>= BITS;
        have -= BITS;
    }
    acc.zeroize();
    out
}

/// `x` (28-bit limbs) in `len` limbs of 32 bits (the bits beyond dropped).
pub(crate) fn to_radix32(x: &[u32], len: usize) -> Limbs {
    let mut out = arith::zeroed(len);
    let mut acc = 0u64;
    let mut have = 0u32;
    let mut limbs = x.iter();
    for o in out.iter_mut() {
        while have < 32 {
            acc |= u64::from(limbs.next().copied().unwrap_or(0)) << have;
            have += BITS;
        }
        *o = acc as u32;
        acc >>= 32;
        have -= 32;
    }
    acc.zeroize();
    out
}

impl Mont28 {
    /// The radix-2^28 context of `m` (32-bit limbs, odd, above 1), given `-m^-1 mod 2^32` and
    /// `R^2 mod m` in 32-bit limbs, or `None` when `m` is too large for this radix.
    pub(crate) fn new(m: &[u32], m0inv32: u32, rr: &[u32]) -> Option<Self> {
        let len = limbs_for(m.len());
        if len > MAX_LIMBS {
            return None;
        }
        Some(Mont28 {
            m: from_radix32(m, len).to_vec(),
            m0inv: m0inv32 & MASK,
            rr: from_radix32(rr, len).to_vec(),
        })
    }

    /// The number of limbs `L`.
    pub(crate) fn len(&self) -> usize {
        self.m.len()
    }

    /// Montgomery reduction of the `2 L` lazy columns `t` (each below 2^63) into `out`.
    fn redc(&self, out: &mut [u32], t: &mut [u64]) {
        let l = self.m.len();
        let (m, out, t) = (&self.m[..l], &mut out[..l], &mut t[..2 * l]);
        let m0 = u64::from(m[0]);
        let mut carry = 0u64;
        for i in 0..l {
            let ti = t[i] + carry;
            let q = u64::from((ti as u32).wrapping_mul(self.m0inv) & MASK);
            carry = (ti + q * m0) >> BITS;
            mul_add_row(&mut t[i + 1..i + l], &m[1..], q as u32);
        }
        for (o, &tj) in out.iter_mut().zip(&t[l..]) {
            let s = tj + carry;
            *o = (s as u32) & MASK;
            carry = s >> BITS;
        }
    }

    /// `base^exp mod m` for `base < m` in normal form and 32-bit limbs, the result likewise
    /// (as many limbs) but only at most `m` (the caller reduces it), in constant time:
    /// [`window::pow_window`] over `exp_bits` bits of the secret `exp`.
    pub(crate) fn pow_secret(&self, base: &[u32], exp: &[u32], exp_bits: usize) -> Limbs {
        let l = self.len();
        let mut t = Zeroizing::new(vec![0u64; 2 * l]);
        let mut table = arith::zeroed(ENTRIES * l);
        {
            let mut one = arith::zeroed(l);
            one[0] = 1;
            let x = from_radix32(base, l);
            let (first, rest) = table.split_at_mut(l);
            self.mul(first, &one, &self.rr, &mut t);
            self.mul(&mut rest[..l], &x, &self.rr, &mut t);
        }
        let acc = window::pow_window(self, &mut table, exp, exp_bits, &mut t);
        self.out_of_mont(&acc, base.len(), &mut t)
    }

    /// `base^exp mod m` for a public, non-zero `exp`, square and multiply (variable time in
    /// `exp` only); `base < m` in normal form and 32-bit limbs, the result likewise but at most
    /// `m`.
    pub(crate) fn pow_public(&self, base: &[u32], exp: &[u32]) -> Limbs {
        let l = self.len();
        let mut t = Zeroizing::new(vec![0u64; 2 * l]);
        let mut x = arith::zeroed(l);
        self.mul(&mut x, &from_radix32(base, l), &self.rr, &mut t);
        let acc = window::pow_public(self, &x, exp, &mut t);
        self.out_of_mont(&acc, base.len(), &mut t)
    }

    /// `x` (Montgomery form, below `2 m`) out of Montgomery form, `x / R mod m` but at most
    /// `m`, in `len` 32-bit limbs. `t` is scratch space.
    fn out_of_mont(&self, x: &[u32], len: usize, t: &mut [u64]) -> Limbs {
        let l = self.len();
        let mut one = arith::zeroed(l);
        one[0] = 1;
        let mut out = arith::zeroed(l);
        self.mul(&mut out, x, &one, t);
        to_radix32(&out, len)
    }
}

impl MontMul for Mont28 {
    type Scratch = u64;

    fn limbs(&self) -> usize {
        self.len()
    }

    /// `out = a b / R mod m`, below `2 m`, for `a` and `b` below `2 m`: by rows (operand
    /// scanning) into `2 L` lazy `u64` columns `t`, then [`Mont28::redc`].
    fn mul(&self, out: &mut [u32], a: &[u32], b: &[u32], t: &mut [u64]) {
        let l = self.m.len();
        let (a, b, t) = (&a[..l], &b[..l], &mut t[..2 * l]);
        t.fill(0);
        for (i, &ai) in a.iter().enumerate() {
            let ai = u64::from(ai);
            mul_add_row(&mut t[i..i + l], b, ai as u32);
        }
        self.redc(out, t);
    }

    /// `out = a^2 / R mod m`, below `2 m`, for `a` below `2 m`: as [`Mont28::mul`], each
    /// cross product computed once (against `2 a_j`).
    fn sqr(&self, out: &mut [u32], a: &[u32], t: &mut [u64]) {
        let l = self.m.len();
        let (a, t) = (&a[..l], &mut t[..2 * l]);
        t.fill(0);
        for (i, &ai) in a.iter().enumerate() {
            let ai = u64::from(ai);
            t[2 * i] += ai * ai;
            mul_add_row(&mut t[2 * i + 1..i + l], &a[i + 1..], 2 * ai as u32);
        }
        self.redc(out, t);
    }
}

/// `t[j] += x[j] y` for every `j` (`t` and `x` of equal length): one row of products into
/// lazy columns. (Built with `+simd128`, LLVM vectorizes this loop by itself.)
#[inline(always)]
fn mul_add_row(t: &mut [u64], x: &[u32], y: u32) {
    let y = u64::from(y);
    for (tj, &xj) in t.iter_mut().zip(x) {
        *tj += u64::from(xj) * y;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint_dig::{BigUint, ModInverse, RandBigInt};
    use rand::{rngs::StdRng, SeedableRng};

    fn radix28(x: &BigUint, len: usize) -> Vec<u32> {
        let mut out = vec![0u32; len];
        let mut x = x.clone();
        for o in out.iter_mut() {
            let low = &x & BigUint::from(MASK);
            *o = low
                .to_bytes_le()
                .iter()
                .rev()
                .fold(0u32, |w, &b| (w << 8) | u32::from(b));
            x >>= BITS as usize;
        }
        assert_eq!(x, BigUint::from(0u32));
        out
    }

    fn value(x: &[u32]) -> BigUint {
        x.iter()
            .rev()
            .fold(BigUint::from(0u32), |acc, &w| (acc << BITS as usize) + w)
    }

    #[test]
    fn products_below_2m_match_biguint() {
        let mut rng = StdRng::seed_from_u64(5);
        // Up to the largest size (127 limbs of 28 bits, a 3554-bit modulus), with the
        // largest operands (2 m - 1, every limb all ones).
        for bits in [2usize, 29, 60, 500, 1536, 2048, 3554] {
            for _ in 0..3 {
                let m = rng.gen_biguint(bits)
                    | BigUint::from(1u32)
                    | (BigUint::from(1u32) << (bits - 1));
                let l = (bits + 2).div_ceil(BITS as usize);
                assert!(l <= MAX_LIMBS);
                let m0inv = {
                    let m0 = value(&radix28(&m, l)[..1]);
                    let inv = (&m0).mod_inverse(BigUint::from(1u32 << BITS)).unwrap();
                    let inv = inv.to_biguint().unwrap();
                    let inv = radix28(&inv, 1)[0];
                    inv.wrapping_neg() & MASK
                };
                let r = BigUint::from(1u32) << (BITS as usize * l);
                assert!(&m * 4u32 < r);
                let ctx = Mont28 {
                    m: radix28(&m, l),
                    m0inv,
                    rr: radix28(&(&r * &r % &m), l),
                };
                let r_inv = (&r).mod_inverse(&m).unwrap().to_biguint().unwrap();
                let two_m = &m * 2u32;
                let mut cases = vec![&two_m - 1u32, BigUint::from(0u32), &m - 1u32, m.clone()];
                for _ in 0..10 {
                    cases.push(rng.gen_biguint_below(&two_m));
                }
                let mut t = vec![0u64; 2 * l];
                let mut out = vec![0u32; l];
                for a in &cases {
                    for b in &cases {
                        ctx.mul(&mut out, &radix28(a, l), &radix28(b, l), &mut t);
                        let got = value(&out);
                        assert!(got < two_m);
                        assert_eq!(&got % &m, a * b * &r_inv % &m);
                        assert!(out.iter().all(|&w| w <= MASK));
                    }
                    ctx.sqr(&mut out, &radix28(a, l), &mut t);
                    let got = value(&out);
                    assert!(got < two_m);
                    assert_eq!(&got % &m, a * a * &r_inv % &m);
                }
            }
        }
    }

    #[test]
    fn radix_conversions_round_trip() {
        let x = [0xdead_beef, 0x0123_4567, 0x89ab_cdef];
        let y = from_radix32(&x, limbs_for(3));
        assert_eq!(to_radix32(&y, 3).to_vec(), x.to_vec());
        assert!(y.iter().all(|&w| w <= MASK));
    }
}

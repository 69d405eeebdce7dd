//! Montgomery arithmetic modulo an odd modulus, on `u32` limbs with `u64` intermediates (a
//! native `i64.mul` in wasm32), and modular exponentiation.
//!
//! With `L` the number of limbs of the modulus `m` and `R = 2^(32 L)`, a value `x` is held in
//! Montgomery form as `x R mod m`. Everything here is constant time (for a given `L`) except
//! [`MontModulus::pow_public`], whose exponent is public.

use zeroize::Zeroize;

use crate::arith::{self, Limbs};
use crate::mont28::{self, Mont28};
use crate::window::{self, MontMul, ENTRIES};

/// An odd modulus with its Montgomery constants. Wiped when dropped (the primes are secret).
#[derive(Clone)]
pub(crate) struct MontModulus {
    /// The modulus, `L` limbs, odd, the top limb non-zero.
    m: Vec<u32>,
    /// `-m^-1 mod 2^32`.
    m0inv: u32,
    /// `R^2 mod m`.
    rr: Vec<u32>,
    /// `R mod m`: one in Montgomery form.
    one_mont: Vec<u32>,
    /// The radix-2^28 context for the exponentiation, when `m` is small enough for it.
    fast: Option<Mont28>,
}

impl Drop for MontModulus {
    fn drop(&mut self) {
        self.m.zeroize();
        self.m0inv.zeroize();
        self.rr.zeroize();
        self.one_mont.zeroize();
    }
}

impl MontModulus {
    /// The Montgomery context of `m` (its significant limbs), `None` unless `m` is odd and
    /// above 1. Constant time for a given length.
    pub(crate) fn new(m: &[u32]) -> Option<Self> {
        let l = arith::significant_limbs(m);
        if l == 0 || m[0] & 1 == 0 || (l == 1 && m[0] == 1) {
            return None;
        }
        let m = m[..l].to_vec();
        // Newton's iteration for m^-1 mod 2^32: each step doubles the correct low bits (m * m
        // = 1 mod 8 for an odd m, so x = m is right to 3 bits).
        let mut inv = m[0];
        for _ in 0..4 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(m[0].wrapping_mul(inv)));
        }
        debug_assert_eq!(m[0].wrapping_mul(inv), 1);
        // R mod m and R^2 mod m by doubling 1 modulo m, 64 L times.
        let mut x = vec![0u32; l];
        x[0] = 1;
        let mut one_mont = vec![0u32; l];
        let mut t = vec![0u32; l];
        for i in 0..64 * l {
            arith::double_add_mod(&mut x, 0, &mut t, &m);
            if i + 1 == 32 * l {
                one_mont.copy_from_slice(&x);
            }
        }
        t.zeroize();
        // R28^2 mod m for the radix-2^28 context: 2^(2 * 28 * L28), doubling on.
        let len28 = mont28::limbs_for(l);
        let fast = if len28 <= mont28::MAX_LIMBS {
            let mut rr28 = arith::zeroed(l);
            rr28[0] = 1;
            let mut t = arith::zeroed(l);
            for _ in 0..2 * 28 * len28 {
                arith::double_add_mod(&mut rr28, 0, &mut t, &m);
            }
            Mont28::new(&m, inv.wrapping_neg(), &rr28)
        } else {
            None
        };
        Some(MontModulus {
            m,
            m0inv: inv.wrapping_neg(),
            rr: x,
            one_mont,
            fast,
        })
    }

    /// The number of limbs `L`.
    pub(crate) fn len(&self) -> usize {
        self.m.len()
    }

    /// The modulus.
    pub(crate) fn modulus(&self) -> &[u32] {
        &self.m
    }

    /// `x mod m` in Montgomery form (`x R mod m`) for any `x` (a limb count that is public),
    /// by Horner's rule over `L`-limb chunks.
    pub(crate) fn reduce_to_mont(&self, x: &[u32]) -> Limbs {
        let l = self.len();
        let mut t = arith::zeroed(l + 1);
        let mut acc = arith::zeroed(l);
        let mut tmp = arith::zeroed(l);
        let mut chunk_mont = arith::zeroed(l);
        let mut chunk = arith::zeroed(l);
        let chunks = x.len().div_ceil(l).max(1);
        for k in (0..chunks).rev() {
            let lo = k * l;
            let hi = (lo + l).min(x.len());
            chunk.fill(0);
            chunk[..hi - lo].copy_from_slice(&x[lo..hi]);
            // chunk R mod m (chunk < R and R^2 mod m < m).
            self.mul(&mut chunk_mont, &chunk, &self.rr, &mut t);
            if k + 1 == chunks {
                acc.copy_from_slice(&chunk_mont);
            } else {
                // acc = acc R + chunk R (mod m).
                self.mul(&mut tmp, &acc, &self.rr, &mut t);
                let carry = arith::add_assign(&mut tmp, &chunk_mont);
                arith::final_sub(&mut acc, &tmp, carry, &self.m);
            }
        }
        acc
    }

    /// `x` (below `R`) in Montgomery form.
    pub(crate) fn to_mont(&self, x: &[u32]) -> Limbs {
        let mut out = arith::zeroed(self.len());
        let mut t = arith::zeroed(self.len() + 1);
        self.mul(&mut out, x, &self.rr, &mut t);
        out
    }

    /// `x` (Montgomery form) back in normal form, multiplied by `y` (normal form, below m):
    /// `x y / R mod m`. With `y = 1`, the conversion out of Montgomery form.
    pub(crate) fn mul_out(&self, x: &[u32], y: &[u32]) -> Limbs {
        let mut out = arith::zeroed(self.len());
        let mut t = arith::zeroed(self.len() + 1);
        self.mul(&mut out, x, y, &mut t);
        out
    }

    /// `x` (Montgomery form) back in normal form.
    pub(crate) fn out_of_mont(&self, x: &[u32]) -> Limbs {
        let mut one = arith::zeroed(self.len());
        one[0] = 1;
        self.mul_out(x, &one)
    }

    /// `y`, a result of the radix-2^28 context (normal form, at most `m`), reduced and in
    /// Montgomery form.
    fn back_from_28(&self, y: &[u32]) -> Limbs {
        let mut reduced = arith::zeroed(self.len());
        arith::final_sub(&mut reduced, y, 0, &self.m);
        self.to_mont(&reduced)
    }

    /// `base^exp` in Montgomery form (`base` in Montgomery form, below m), in constant time:
    /// [`window::pow_window`] over `exp_bits` bits of the secret `exp` (a public bound).
    pub(crate) fn pow_secret(&self, base: &[u32], exp: &[u32], exp_bits: usize) -> Limbs {
        if let Some(fast) = &self.fast {
            // In radix 2^28, out of and back into Montgomery form.
            return self.back_from_28(&fast.pow_secret(&self.out_of_mont(base), exp, exp_bits));
        }
        let l = self.len();
        let mut table = arith::zeroed(ENTRIES * l);
        let mut t = arith::zeroed(2 * l);
        table[..l].copy_from_slice(&self.one_mont);
        table[l..2 * l].copy_from_slice(&base[..l]);
        window::pow_window(self, &mut table, exp, exp_bits, &mut t)
    }

    /// `base^exp` in Montgomery form for a public `exp` (non-zero), square and multiply:
    /// variable time in `exp` only.
    pub(crate) fn pow_public(&self, base: &[u32], exp: &[u32]) -> Limbs {
        if let Some(fast) = &self.fast {
            return self.back_from_28(&fast.pow_public(&self.out_of_mont(base), exp));
        }
        let mut t = arith::zeroed(2 * self.len());
        window::pow_public(self, base, exp, &mut t)
    }
}

impl MontMul for MontModulus {
    type Scratch = u32;

    fn limbs(&self) -> usize {
        self.len()
    }

    /// `out = a b / R mod m`, fully reduced, for `a < R` and `b < m` (CIOS, the multiplication
    /// and the reduction of each row in one pass). `t` is scratch space of `L + 1` limbs.
    #[allow(clippy::needless_range_loop)]
    fn mul(&self, out: &mut [u32], a: &[u32], b: &[u32], t: &mut [u32]) {
        let l = self.m.len();
        let (m, a, b, t) = (&self.m[..l], &a[..l], &b[..l], &mut t[..l + 1]);
        t.fill(0);
        let m0 = u64::from(m[0]);
        for &bi in b {
            let bi = u64::from(bi);
            let s1 = u64::from(a[0]) * bi + u64::from(t[0]);
            let mi = (s1 as u32).wrapping_mul(self.m0inv);
            let mi = u64::from(mi);
            let s2 = m0 * mi + (s1 & 0xffff_ffff);
            let mut c1 = s1 >> 32;
            let mut c2 = s2 >> 32;
            for j in 1..l {
                let s1 = u64::from(a[j]) * bi + u64::from(t[j]) + c1;
                c1 = s1 >> 32;
                let s2 = u64::from(m[j]) * mi + (s1 & 0xffff_ffff) + c2;
                c2 = s2 >> 32;
                t[j - 1] = s2 as u32;
            }
            let s = u64::from(t[l]) + c1 + c2;
            t[l - 1] = s as u32;
            t[l] = (s >> 32) as u32;
        }
        arith::final_sub(out, &t[..l], t[l], m);
    }

    /// `out = a^2 / R mod m`, fully reduced, for `a < m`: the square with each cross product
    /// computed once, then a separate Montgomery reduction. `t` is scratch space of `2 L`
    /// limbs.
    #[allow(clippy::needless_range_loop)]
    fn sqr(&self, out: &mut [u32], a: &[u32], t: &mut [u32]) {
        let l = self.m.len();
        let (m, a, t) = (&self.m[..l], &a[..l], &mut t[..2 * l]);
        t.fill(0);
        // Cross products a_i a_j, i < j.
        for i in 0..l {
            let ai = u64::from(a[i]);
            let mut c = 0u64;
            for j in i + 1..l {
                let s = ai * u64::from(a[j]) + u64::from(t[i + j]) + c;
                t[i + j] = s as u32;
                c = s >> 32;
            }
            t[i + l] = c as u32;
        }
        // Doubled, plus the squares a_i^2.
        arith::shl1(t, 0);
        let mut c = 0u64;
        for i in 0..l {
            let ai = u64::from(a[i]);
            let s = ai * ai + u64::from(t[2 * i]) + c;
            t[2 * i] = s as u32;
            let s = u64::from(t[2 * i + 1]) + (s >> 32);
            t[2 * i + 1] = s as u32;
            c = s >> 32;
        }
        // Reduction, one limb at a time; `top` carries into t[i + l] of the next row.
        let mut top = 0u64;
        for i in 0..l {
            let mi = u64::from(t[i].wrapping_mul(self.m0inv));
            let row = &mut t[i..i + l + 1];
            let mut c = 0u64;
            for j in 0..l {
                let s = u64::from(m[j]) * mi + u64::from(row[j]) + c;
                row[j] = s as u32;
                c = s >> 32;
            }
            let s = u64::from(row[l]) + c + top;
            row[l] = s as u32;
            top = s >> 32;
        }
        let (_, high) = t.split_at(l);
        arith::final_sub(out, high, top as u32, m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint_dig::{BigUint, RandBigInt};
    use rand::{rngs::StdRng, SeedableRng};

    use crate::test_support::{digits, limbs};

    #[test]
    fn montgomery_operations_match_biguint() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut moduli = vec![BigUint::from(3u32), BigUint::from(u32::MAX)];
        for l in [1usize, 2, 5, 48, 64, 111] {
            moduli.push((BigUint::from(1u32) << (32 * l)) - 1u32);
            moduli.push((BigUint::from(1u32) << (32 * l - 1)) + 1u32);
            moduli.push(rng.gen_biguint(32 * l) | BigUint::from(1u32));
        }
        for m in moduli {
            let ctx = MontModulus::new(&digits(&m)).unwrap();
            assert!(ctx.fast.is_some());
            let mut slow = ctx.clone();
            slow.fast = None;
            let l = ctx.len();
            let r = BigUint::from(1u32) << (32 * l);
            let r_inv = num_bigint_dig::ModInverse::mod_inverse(&r, &m)
                .unwrap()
                .to_biguint()
                .unwrap();
            let mut t = vec![0u32; 2 * l];
            let mut out = vec![0u32; l];
            for _ in 0..if l > 48 { 4 } else { 20 } {
                let a = rng.gen_biguint_below(&m);
                let b = rng.gen_biguint_below(&m);
                ctx.mul(&mut out, &limbs(&a, l), &limbs(&b, l), &mut t);
                assert_eq!(BigUint::from_slice(&out), &a * &b * &r_inv % &m);
                ctx.sqr(&mut out, &limbs(&a, l), &mut t);
                assert_eq!(BigUint::from_slice(&out), &a * &a * &r_inv % &m);
                // Any a below R (not only below m) in the first operand.
                let big_a = rng.gen_biguint_below(&r);
                ctx.mul(&mut out, &limbs(&big_a, l), &limbs(&b, l), &mut t);
                assert_eq!(BigUint::from_slice(&out), &big_a * &b * &r_inv % &m);
                // Horner reduction of a wide value, and both exponentiations.
                let x = rng.gen_biguint(32 * (3 * l) - 7);
                let x_mont = ctx.reduce_to_mont(&limbs(&x, 3 * l));
                assert_eq!(BigUint::from_slice(&ctx.out_of_mont(&x_mont)), &x % &m);
                let exp = rng.gen_biguint(32 * l);
                let base = ctx.to_mont(&limbs(&a, l));
                let expected = a.modpow(&exp, &m);
                let got = ctx.pow_secret(&base, &limbs(&exp, l), 32 * l);
                assert_eq!(BigUint::from_slice(&ctx.out_of_mont(&got)), expected);
                let got = slow.pow_secret(&base, &limbs(&exp, l), 32 * l);
                assert_eq!(BigUint::from_slice(&ctx.out_of_mont(&got)), expected);
                let exp = &exp | BigUint::from(1u32);
                let got = ctx.pow_public(&base, &digits(&exp));
                assert_eq!(
                    BigUint::from_slice(&ctx.out_of_mont(&got)),
                    a.modpow(&exp, &m)
                );
                let got = slow.pow_public(&base, &digits(&exp));
                assert_eq!(
                    BigUint::from_slice(&ctx.out_of_mont(&got)),
                    a.modpow(&exp, &m)
                );
            }
        }
    }
}

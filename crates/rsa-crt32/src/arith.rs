//! Multi-precision arithmetic on little-endian `u32` limbs.
//!
//! Unless a function says "variable time", its running time and memory accesses depend only
//! on the lengths of its operands (which are public: they follow from the modulus size), never
//! on their values. Conditions on secret values are turned into all-ones / all-zeros masks that
//! go through [`subtle::Choice`] (an optimisation barrier) before they are used.

use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

/// A secret limb vector, wiped when dropped.
pub(crate) type Limbs = Zeroizing<Vec<u32>>;

/// A zeroed secret limb vector of `len` limbs.
pub(crate) fn zeroed(len: usize) -> Limbs {
    Zeroizing::new(vec![0u32; len])
}

/// All ones when `bit` (0 or 1) is 1, zero otherwise, through an optimisation barrier.
#[inline]
pub(crate) fn mask_of(bit: u32) -> u32 {
    u32::from(Choice::from((bit & 1) as u8).unwrap_u8()).wrapping_neg()
}

/// The limbs of a big-endian byte string, `len` limbs long, or `None` when the value does not
/// fit (that check is the only data-dependent branch).
pub(crate) fn from_be_bytes(bytes: &[u8], len: usize) -> Option<Limbs> {
    let mut out = zeroed(len);
    for (i, &byte) in bytes.iter().rev().enumerate() {
        let limb = i / 4;
        if limb >= len {
            if byte != 0 {
                return None;
            }
            continue;
        }
        out[limb] |= u32::from(byte) << (8 * (i % 4));
    }
    Some(out)
}

/// Writes `a` big-endian into all of `out` (the high limbs beyond `out` must be zero).
pub(crate) fn to_be_bytes(a: &[u32], out: &mut [u8]) {
    for (i, byte) in out.iter_mut().rev().enumerate() {
        let limb = i / 4;
        *byte = a.get(limb).map_or(0, |&w| (w >> (8 * (i % 4))) as u8);
    }
}

/// The number of limbs of `a` without its high zero limbs. Variable time: for key setup and
/// public values only.
pub(crate) fn significant_limbs(a: &[u32]) -> usize {
    a.iter().rposition(|&w| w != 0).map_or(0, |i| i + 1)
}

/// The bit length of `a`. Variable time: for key setup and public values only.
pub(crate) fn bit_len(a: &[u32]) -> usize {
    let l = significant_limbs(a);
    if l == 0 {
        0
    } else {
        32 * l - a[l - 1].leading_zeros() as usize
    }
}

/// `a` zero-extended (or truncated, when the dropped limbs are zero) to `len` limbs.
pub(crate) fn resized(a: &[u32], len: usize) -> Limbs {
    let mut out = zeroed(len);
    let n = a.len().min(len);
    out[..n].copy_from_slice(&a[..n]);
    debug_assert!(a[n..].iter().all(|&w| w == 0));
    out
}

/// `a == b` for operands of equal length, in constant time.
pub(crate) fn ct_eq(a: &[u32], b: &[u32]) -> Choice {
    debug_assert_eq!(a.len(), b.len());
    a.ct_eq(b)
}

/// `a < b` for operands of equal length, in constant time.
pub(crate) fn ct_lt(a: &[u32], b: &[u32]) -> Choice {
    debug_assert_eq!(a.len(), b.len());
    let mut borrow = 0u64;
    for (&x, &y) in a.iter().zip(b) {
        let d = u64::from(x).wrapping_sub(u64::from(y)).wrapping_sub(borrow);
        borrow = d >> 63;
    }
    Choice::from(borrow as u8)
}

/// `a -= b`, returning the borrow (0 or 1). Equal lengths.
pub(crate) fn sub_assign(a: &mut [u32], b: &[u32]) -> u32 {
    debug_assert_eq!(a.len(), b.len());
    let mut borrow = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let d = u64::from(*x)
            .wrapping_sub(u64::from(y))
            .wrapping_sub(borrow);
        *x = d as u32;
        borrow = d >> 63;
    }
    borrow as u32
}

/// `a += b`, returning the carry (0 or 1). `b` may be shorter than `a`.
pub(crate) fn add_assign(a: &mut [u32], b: &[u32]) -> u32 {
    debug_assert!(a.len() >= b.len());
    let mut carry = 0u64;
    for (i, x) in a.iter_mut().enumerate() {
        let s = u64::from(*x) + u64::from(b.get(i).copied().unwrap_or(0)) + carry;
        *x = s as u32;
        carry = s >> 32;
    }
    carry as u32
}

/// Given `t + top * 2^(32 len)` (with `top` 0 or 1) below `2 m`, writes it reduced modulo `m`
/// into `out`: a constant-time conditional subtraction.
#[inline]
pub(crate) fn final_sub(out: &mut [u32], t: &[u32], top: u32, m: &[u32]) {
    let l = m.len();
    let (out, t) = (&mut out[..l], &t[..l]);
    let mut borrow = 0u64;
    for ((o, &x), &y) in out.iter_mut().zip(t).zip(m) {
        let d = u64::from(x).wrapping_sub(u64::from(y)).wrapping_sub(borrow);
        *o = d as u32;
        borrow = d >> 63;
    }
    // Subtract when the value overflowed the limbs or when the subtraction did not borrow.
    let keep = mask_of((borrow as u32) & !top);
    for (o, &x) in out.iter_mut().zip(t) {
        *o = (*o & !keep) | (x & keep);
    }
}

/// `a = 2 a + bit` (`bit` 0 or 1), returning the bit shifted out of the top.
#[inline]
pub(crate) fn shl1(a: &mut [u32], bit: u32) -> u32 {
    let mut carry = bit;
    for w in a.iter_mut() {
        let next = *w >> 31;
        *w = (*w << 1) | carry;
        carry = next;
    }
    carry
}

/// `a = 2 a + bit mod m` for `a < m` and `bit` 0 or 1 (the sum is below `2 m`, so one
/// conditional subtraction reduces it), in constant time. `t` is scratch space of `m.len()`
/// limbs.
pub(crate) fn double_add_mod(a: &mut [u32], bit: u32, t: &mut [u32], m: &[u32]) {
    let top = shl1(a, bit);
    t.copy_from_slice(a);
    final_sub(a, t, top, m);
}

/// The product `a * b` (`a.len() + b.len()` limbs), schoolbook.
pub(crate) fn mul(a: &[u32], b: &[u32]) -> Limbs {
    let mut out = zeroed(a.len() + b.len());
    for (i, &bi) in b.iter().enumerate() {
        let bi = u64::from(bi);
        let mut carry = 0u64;
        for (o, &aj) in out[i..].iter_mut().zip(a) {
            let s = u64::from(aj) * bi + u64::from(*o) + carry;
            *o = s as u32;
            carry = s >> 32;
        }
        out[i + a.len()] = carry as u32;
    }
    out
}

/// `x mod m` (`m.len()` limbs) for any non-zero `m`, odd or even, by shifting `x` in one bit
/// at a time. Constant time (for given lengths).
pub(crate) fn reduce(x: &[u32], m: &[u32]) -> Limbs {
    let l = m.len();
    let mut r = zeroed(l);
    let mut t = zeroed(l);
    for &word in x.iter().rev() {
        for bit in (0..32).rev() {
            double_add_mod(&mut r, (word >> bit) & 1, &mut t, m);
        }
    }
    r
}

/// `a^-1 mod m` for an odd `m` and `a < m` (both `m.len()` limbs), or `None` when `a` is not
/// invertible (only that outcome is revealed). Constant time: Möller's binary algorithm (as in
/// GMP's `mpn_sec_invert` and Nettle), a fixed `64 * len` iterations of masked operations, on
/// 64-bit words (native in wasm32 for additions and shifts).
pub(crate) fn inv_odd(a: &[u32], m: &[u32]) -> Option<Limbs> {
    let l = m.len();
    debug_assert!(m[0] & 1 == 1);
    let words = |x: &[u32]| -> Zeroizing<Vec<u64>> {
        let mut out = Zeroizing::new(vec![0u64; l.div_ceil(2)]);
        for (i, &w) in x.iter().enumerate().take(l) {
            out[i / 2] |= u64::from(w) << (32 * (i % 2));
        }
        out
    };
    let mod64 = words(m);
    // Invariants: a = u * a0 (mod m), b = v * a0 (mod m), b odd.
    let mut a = words(a);
    let mut b = mod64.clone();
    let mut u = words(&[1]);
    let mut v = words(&[]);
    // (m + 1) / 2, to halve odd values of u modulo m.
    let mut half = mod64.clone();
    shr1_64(&mut half);
    add_masked_64(&mut half, &words(&[1]), u64::MAX);
    for _ in 0..64 * l {
        let odd = mask64(a[0]);
        // a -= b if a is odd; if that went negative: b = old a, a = old b - old a.
        let swap = mask64(sub_masked_64(&mut a, &b, odd));
        let (mut carry_b, mut carry_a) = (0u64, swap & 1);
        for (x, y) in a.iter_mut().zip(b.iter_mut()) {
            let (s, c1) = y.overflowing_add(*x & swap);
            let (s, c2) = s.overflowing_add(carry_b);
            *y = s;
            carry_b = u64::from(c1 | c2);
            let (n, c) = (*x ^ swap).overflowing_add(carry_a);
            *x = n;
            carry_a = u64::from(c);
        }
        // (u, v) = (v, u) on a swap; u -= v if a was odd, + m if that went negative.
        let mut borrow = 0u64;
        for (x, y) in u.iter_mut().zip(v.iter_mut()) {
            let t = (*x ^ *y) & swap;
            *x ^= t;
            *y ^= t;
            let (d, b1) = x.overflowing_sub(*y & odd);
            let (d, b2) = d.overflowing_sub(borrow);
            *x = d;
            borrow = u64::from(b1 | b2);
        }
        add_masked_64(&mut u, &mod64, mask64(borrow));
        // a /= 2 (a is even now); u /= 2 mod m.
        shr1_64(&mut a);
        let low = mask64(shr1_64(&mut u));
        add_masked_64(&mut u, &half, low);
    }
    // a = 0 and b = gcd(a0, m) now.
    let mut one = vec![0u64; b.len()];
    one[0] = 1;
    if bool::from(b.ct_eq(&one)) {
        let mut out = zeroed(l);
        for (i, o) in out.iter_mut().enumerate() {
            *o = (v[i / 2] >> (32 * (i % 2))) as u32;
        }
        Some(out)
    } else {
        None
    }
}

/// All ones when the low bit of `bit` is 1, zero otherwise, through an optimisation barrier.
fn mask64(bit: u64) -> u64 {
    u64::from(mask_of((bit & 1) as u32) & 1).wrapping_neg()
}

/// `a -= b & mask`, returning the borrow (0 or 1).
fn sub_masked_64(a: &mut [u64], b: &[u64], mask: u64) -> u64 {
    let mut borrow = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d, b1) = x.overflowing_sub(y & mask);
        let (d, b2) = d.overflowing_sub(borrow);
        *x = d;
        borrow = u64::from(b1 | b2);
    }
    borrow
}

/// `a += b & mask`, returning the carry (0 or 1).
fn add_masked_64(a: &mut [u64], b: &[u64], mask: u64) -> u64 {
    let mut carry = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let (s, c1) = x.overflowing_add(y & mask);
        let (s, c2) = s.overflowing_add(carry);
        *x = s;
        carry = u64::from(c1 | c2);
    }
    carry
}

/// `a >>= 1`, returning the bit shifted out.
fn shr1_64(a: &mut [u64]) -> u64 {
    let mut high = 0u64;
    for x in a.iter_mut().rev() {
        let low = *x & 1;
        *x = (*x >> 1) | (high << 63);
        high = low;
    }
    high
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint_dig::{BigUint, ModInverse, RandBigInt};
    use rand::{rngs::StdRng, SeedableRng};

    use crate::test_support::{digits, limbs};

    fn big(a: &[u32]) -> BigUint {
        BigUint::from_slice(a)
    }

    /// Moduli whose limbs stress the carries: all ones, a lone top bit, random.
    fn moduli(rng: &mut StdRng) -> Vec<BigUint> {
        let mut out = vec![BigUint::from(3u32), BigUint::from(u32::MAX)];
        for l in [1usize, 2, 3, 7, 48] {
            out.push((BigUint::from(1u32) << (32 * l)) - 1u32);
            out.push((BigUint::from(1u32) << (32 * l - 1)) + 1u32);
            for _ in 0..3 {
                out.push(rng.gen_biguint(32 * l - 5) | BigUint::from(1u32));
            }
        }
        out
    }

    #[test]
    fn reduce_matches_biguint() {
        let mut rng = StdRng::seed_from_u64(1);
        for m in moduli(&mut rng) {
            for m in [m.clone(), m.clone() - 1u32] {
                let l = digits(&m).len();
                for x_len in [1usize, l, 2 * l + 1] {
                    let x = rng.gen_biguint(32 * x_len);
                    let r = reduce(&limbs(&x, x_len), &limbs(&m, l));
                    assert_eq!(big(&r), &x % &m, "{x} mod {m}");
                }
            }
        }
    }

    #[test]
    fn inverse_matches_biguint() {
        let mut rng = StdRng::seed_from_u64(2);
        for m in moduli(&mut rng) {
            let l = digits(&m).len();
            for _ in 0..10 {
                let a = rng.gen_biguint_below(&m);
                let expected = (&a).mod_inverse(&m).and_then(|x| x.to_biguint());
                let got = inv_odd(&limbs(&a, l), &limbs(&m, l)).map(|v| big(&v));
                assert_eq!(got, expected, "{a}^-1 mod {m}");
            }
            assert!(inv_odd(&vec![0; l], &limbs(&m, l)).is_none());
        }
        // 15 = 3 * 5: 6 and 10 are not invertible.
        assert!(inv_odd(&[6], &[15]).is_none());
        assert!(inv_odd(&[10], &[15]).is_none());
        assert_eq!(inv_odd(&[7], &[15]).map(|v| v[0]), Some(13));
    }

    #[test]
    fn bytes_round_trip() {
        assert_eq!(
            from_be_bytes(&[0, 0, 1, 2, 3, 4, 5], 2).unwrap().to_vec(),
            vec![0x0203_0405, 1]
        );
        assert!(from_be_bytes(&[1, 0, 0, 0, 0], 1).is_none());
        let mut out = [0u8; 6];
        to_be_bytes(&[0x0203_0405, 1], &mut out);
        assert_eq!(out, [0, 1, 2, 3, 4, 5]);
    }
}

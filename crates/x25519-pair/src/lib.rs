//! Two X25519 functions (RFC 7748) with one secret scalar, computed together.
//!
//! Decrypting a batch of OpenPGP messages to one Curve25519 key does one X25519 per
//! message, always with the same secret scalar. With the same scalar, two Montgomery ladders
//! take the same steps and swap at the same bits, so they can run in the two lanes of one
//! SIMD vector with no shuffle at all. In wasm, where a 64x64-bit product is a library call,
//! the field arithmetic is done in double precision ([`field`]), as in Bernstein's original
//! Curve25519 software: a pair costs about 1.3x one `x25519-dalek` call instead of 2x.
//!
//! Outside wasm the same arithmetic runs on `[f64; 2]` with bit-identical results (this is
//! what the native tests check against `x25519-dalek`); it is not faster than `x25519-dalek`
//! there.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod field;
mod lanes;

use zeroize::Zeroize;

use field::{add, add_a24_times, decode, encode, invert, mul, sq, sub, zero, Fe2};
use lanes::F2;

/// The X25519 function of RFC 7748 for `scalar` and each of the two u-coordinates:
/// `[X25519(scalar, points[0]), X25519(scalar, points[1])]`.
///
/// As RFC 7748 asks, the scalar is clamped, bit 255 of a u-coordinate is ignored and a
/// u-coordinate from p to 2^255 - 1 is taken modulo p. A point of small order gives the
/// all-zero output (the caller checks for it, as RFC 7748 section 6.1 says). The time taken
/// does not depend on the scalar or the points. The caller owns (and wipes) the outputs;
/// the copies of the scalar and the ladder's state made here are wiped.
pub fn x25519_pair(scalar: &[u8; 32], points: [&[u8; 32]; 2]) -> [[u8; 32]; 2] {
    let mut k = *scalar;
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
    let out = ladder(&k, &decode(points[0]), &decode(points[1]));
    k.zeroize();
    out
}

/// The Montgomery ladder of RFC 7748 section 5 on both lanes, then x2 / z2 of each.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn ladder(k: &[u8; 32], u0: &[f64; 12], u1: &[f64; 12]) -> [[u8; 32]; 2] {
    let mut x1 = zero();
    for i in 0..12 {
        x1[i] = F2::new(u0[i], u1[i]);
    }
    let mut one = zero();
    one[0] = F2::splat(1.0);
    let (mut x2, mut z2, mut x3, mut z3) = (one, zero(), x1, one);
    let mut swap = 0u64;
    for t in (0..255).rev() {
        let bit = u64::from((k[t / 8] >> (t % 8)) & 1);
        swap ^= bit;
        cswap(&mut x2, &mut x3, swap);
        cswap(&mut z2, &mut z3, swap);
        swap = bit;
        let a = add(&x2, &z2);
        let b = sub(&x2, &z2);
        let c = add(&x3, &z3);
        let d = sub(&x3, &z3);
        let aa = sq(&a);
        let bb = sq(&b);
        let e = sub(&aa, &bb);
        let da = mul(&d, &a);
        let cb = mul(&c, &b);
        x3 = sq(&add(&da, &cb));
        z3 = mul(&x1, &sq(&sub(&da, &cb)));
        x2 = mul(&aa, &bb);
        z2 = mul(&e, &add_a24_times(&aa, &e));
    }
    cswap(&mut x2, &mut x3, swap);
    cswap(&mut z2, &mut z3, swap);
    let r = mul(&x2, &invert(&z2));
    let mut lanes = [[0.0; 12]; 2];
    for i in 0..12 {
        lanes[0][i] = r[i].lane::<0>();
        lanes[1][i] = r[i].lane::<1>();
    }
    let out = [encode(&lanes[0]), encode(&lanes[1])];
    for state in [&mut x2, &mut z2, &mut x3, &mut z3] {
        wipe(state);
    }
    lanes.zeroize();
    out
}

/// Swaps `a` and `b` if `bit` is 1 (`bit` is 0 or 1), without a branch.
#[inline(always)]
fn cswap(a: &mut Fe2, b: &mut Fe2, bit: u64) {
    for i in 0..12 {
        (a[i], b[i]) = F2::cswap(a[i], b[i], bit);
    }
}

/// Overwrites a ladder variable with zeros; `black_box` then reads it, so the stores are
/// not removed as dead.
#[inline(always)]
fn wipe(f: &mut Fe2) {
    *f = zero();
    core::hint::black_box(&*f);
}

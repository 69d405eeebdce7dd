//! Two X25519 functions (RFC 7748) with one secret scalar, computed together.
//!
//! Decrypting a batch of OpenPGP messages to one Curve25519 key does one X25519 per
//! message, always with the same secret scalar. With the same scalar, two Montgomery ladders
//! take the same steps and swap at the same bits, so they can run in the two lanes of one
//! SIMD vector with no shuffle at all. In wasm, where a 64x64-bit product is a library call,
//! the field arithmetic is done in double precision (module `field`), as in Bernstein's original
//! Curve25519 software: in Chromium a pair costs about 1.15x one `x25519-dalek` call (57-61
//! µs per X25519 against 99-105 µs) instead of 2x.
//!
//! [`x25519_pairs`] takes many pairs at once and shares the final inversion of their ladders
//! (Montgomery's trick: one inversion and three products per pair instead of one inversion
//! per pair, about 7% of a ladder).
//!
//! Outside wasm the same arithmetic runs on `[f64; 2]` with bit-identical results (this is
//! what the native tests check against `x25519-dalek`); on x86-64 a pair there takes about
//! as long as two `x25519-dalek` calls (92 against 89 µs per X25519, measured once).

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
/// does not depend on the scalar. The caller owns (and wipes) the outputs; the copies of
/// the scalar and the ladders' states made here are wiped.
pub fn x25519_pair(scalar: &[u8; 32], points: [&[u8; 32]; 2]) -> [[u8; 32]; 2] {
    let [out] = x25519_pairs(scalar, &[points])[..] else {
        return [[0; 32]; 2]; // not reached: one pair in, one pair out
    };
    out
}

/// [`x25519_pair`] for every pair of `pairs`, in order: the ladders of up to [`BLOCK`]
/// pairs share one inversion.
pub fn x25519_pairs(scalar: &[u8; 32], pairs: &[[&[u8; 32]; 2]]) -> Vec<[[u8; 32]; 2]> {
    let mut k = *scalar;
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
    let mut out = Vec::with_capacity(pairs.len());
    for block in pairs.chunks(BLOCK) {
        let mut ladders: Vec<(Fe2, Fe2)> = block
            .iter()
            .map(|points| ladder(&k, &decode(points[0]), &decode(points[1])))
            .collect();
        out.extend(divide_all(&mut ladders));
        for (x, z) in ladders.iter_mut() {
            wipe(x);
            wipe(z);
        }
    }
    k.zeroize();
    out
}

/// How many pairs share one inversion: enough to make its cost negligible, few enough to
/// keep the ladders' results small (384 bytes a pair).
pub const BLOCK: usize = 64;

/// The Montgomery ladder of RFC 7748 section 5 on both lanes: the projective (x2, z2).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn ladder(k: &[u8; 32], u0: &[f64; 12], u1: &[f64; 12]) -> (Fe2, Fe2) {
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
    wipe(&mut x3);
    wipe(&mut z3);
    (x2, z2)
}

/// x2 / z2 of every ladder, both lanes, encoded: Montgomery's simultaneous inversion, lane
/// by lane. A lane whose z2 is zero (a point of small order; the points are public) gives
/// zero, as z2^(p-2) = 0 does in a single inversion; its z2 is taken as one in the product
/// so that it does not zero the other ladders' inverses.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn divide_all(ladders: &mut [(Fe2, Fe2)]) -> Vec<[[u8; 32]; 2]> {
    let mut zero_lanes = Vec::with_capacity(ladders.len());
    for (_, z) in ladders.iter_mut() {
        let lanes = split(z);
        // Every byte is looked at (no early exit on a secret byte).
        let is_zero = lanes.map(|lane| encode(&lane).iter().fold(0, |all, byte| all | byte) == 0);
        zero_lanes.push(is_zero);
        if is_zero.contains(&true) {
            let pick = |lane: usize, k: usize| match (is_zero[lane], k) {
                (true, 0) => 1.0,
                (true, _) => 0.0,
                (false, _) => lanes[lane][k],
            };
            for (k, limb) in z.iter_mut().enumerate() {
                *limb = F2::new(pick(0, k), pick(1, k));
            }
        }
    }
    // products[i] = z_0 * ... * z_i
    let mut products: Vec<Fe2> = Vec::with_capacity(ladders.len());
    for (_, z) in ladders.iter() {
        let next = match products.last() {
            Some(before) => mul(before, z),
            None => *z,
        };
        products.push(next);
    }
    let mut out = vec![[[0u8; 32]; 2]; ladders.len()];
    let Some(last) = products.last() else {
        return out;
    };
    let mut inverse = invert(last); // 1 / (z_0 * ... * z_i), for i from the last down
    for i in (0..ladders.len()).rev() {
        let (x, z) = &ladders[i];
        let z_inverse = match i {
            0 => inverse,
            _ => mul(&inverse, &products[i - 1]),
        };
        inverse = mul(&inverse, z);
        let mut lanes = split(&mul(x, &z_inverse));
        for lane in 0..2 {
            if !zero_lanes[i][lane] {
                out[i][lane] = encode(&lanes[lane]);
            }
        }
        lanes.zeroize();
    }
    wipe(&mut inverse);
    for product in products.iter_mut() {
        wipe(product);
    }
    out
}

/// The two lanes of a pair, as plain limbs.
#[inline(always)]
fn split(f: &Fe2) -> [[f64; 12]; 2] {
    let mut lanes = [[0.0; 12]; 2];
    for k in 0..12 {
        lanes[0][k] = f[k].lane::<0>();
        lanes[1][k] = f[k].lane::<1>();
    }
    lanes
}

/// Swaps `a` and `b` if `bit` is 1 (`bit` is 0 or 1), without a branch.
#[inline(always)]
fn cswap(a: &mut Fe2, b: &mut Fe2, bit: u64) {
    for i in 0..12 {
        (a[i], b[i]) = F2::cswap(a[i], b[i], bit);
    }
}

/// Overwrites a pair with zeros; `black_box` then reads it, so the stores are not removed
/// as dead.
#[inline(always)]
fn wipe(f: &mut Fe2) {
    *f = zero();
    core::hint::black_box(&*f);
}

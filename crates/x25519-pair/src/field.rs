//! Arithmetic in GF(2^255 - 19) on pairs of elements, one per lane of [`F2`].
//!
//! An element is 12 limbs: limb k holds an *integer* multiple of 2^W[k], W[k] = ceil(21.25 k)
//! (widths 22, 21, 21, 21 repeated three times), as an `f64`. This is the representation of
//! Bernstein's original Curve25519 software for double-precision floating point. Limbs are
//! signed: a carry rounds to nearest, so a carried limb k is at most about 2^(W[k+1]-W[k]-1)
//! units of 2^W[k]. Every product and partial sum below stays an integer multiple of 2^W[k]
//! under 2^(53+W[k]) (`tests/bounds.rs` checks the worst cases of the ladder), so every `f64`
//! operation is exact and the results are the same bits on every IEEE-754 platform.
//!
//! Constant time: no branch and no memory index depends on the values; no subnormal number
//! occurs (every non-zero value is at least 2^-233).

use zeroize::Zeroize;

use crate::lanes::F2;

/// Limb k holds a multiple of 2^W[k].
pub(crate) const W: [i32; 13] = [0, 22, 43, 64, 85, 107, 128, 149, 170, 192, 213, 234, 255];

/// 2^e as an `f64` (normal range only).
const fn pow2(e: i32) -> f64 {
    f64::from_bits(((1023 + e) as u64) << 52)
}

/// 19 * 2^-255: folds a multiple of 2^255 back into the bottom limb (2^255 = 19 mod p).
const S19: f64 = 19.0 * pow2(-255);

/// `(h + ALPHA[k]) - ALPHA[k]` rounds `h` to the nearest multiple of 2^W[k+1], for
/// |h| < 2^(51 + W[k+1]).
const ALPHA: [f64; 12] = {
    let mut a = [0.0; 12];
    let mut k = 0;
    while k < 12 {
        a[k] = 3.0 * pow2(51 + W[k + 1]);
        k += 1;
    }
    a
};

/// A pair of field elements, limb by limb.
pub(crate) type Fe2 = [F2; 12];

/// The pair of zeros.
#[inline(always)]
pub(crate) fn zero() -> Fe2 {
    [F2::splat(0.0); 12]
}

/// Moves the part of limb `k` beyond its width into the next limb (limb 11 into limb 0,
/// times 19 * 2^-255).
#[inline(always)]
fn carry_at(h: &mut Fe2, k: usize) {
    let alpha = F2::splat(ALPHA[k]);
    let c = h[k].add(alpha).sub(alpha);
    h[k] = h[k].sub(c);
    if k == 11 {
        h[0] = h[0].add(c.mul(F2::splat(S19)));
    } else {
        h[k + 1] = h[k + 1].add(c);
    }
}

/// Carries every limb: two interleaved chains (0..6 and 6..12 then 0), then limbs 6 and 0
/// again. Afterwards limb k is within about 2^(W[k+1]-W[k]-1) units (limbs 1 and 7 a few
/// units more; see `tests/bounds.rs`).
#[inline(always)]
pub(crate) fn carry(h: &Fe2) -> Fe2 {
    let mut h = *h;
    for k in 0..3 {
        carry_at(&mut h, k);
        carry_at(&mut h, k + 3);
        carry_at(&mut h, k + 6);
        carry_at(&mut h, k + 9);
    }
    carry_at(&mut h, 3);
    carry_at(&mut h, 6);
    carry_at(&mut h, 9);
    carry_at(&mut h, 0);
    h
}

/// The lane-wise product, carried. Operand scanning: in round i, limb i of `f` times a
/// 12-limb window of `[S19 * g, g]`, accumulated into 12 sums. The round loop is kept
/// rolled (its trip count hidden from the optimiser) so that the sums stay in registers.
#[inline(always)]
pub(crate) fn mul(f: &Fe2, g: &Fe2) -> Fe2 {
    let s = F2::splat(S19);
    // window[12 + j] = g[j]; window[j] = S19 * g[j] (window[0] is never read).
    let mut window = [F2::splat(0.0); 24];
    for j in 0..12 {
        window[12 + j] = g[j];
        window[j] = g[j].mul(s);
    }
    let mut h = zero();
    let rounds = core::hint::black_box(12usize).min(12);
    for i in 0..rounds {
        let fi = f[i];
        // One bounds check per round, none per product.
        let Ok(row) = <&[F2; 12]>::try_from(&window[12 - i..24 - i]) else {
            break;
        };
        for k in 0..12 {
            h[k] = fi.mul_add(row[k], h[k]);
        }
    }
    carry(&h)
}

/// The lane-wise sum, not carried.
#[inline(always)]
pub(crate) fn add(f: &Fe2, g: &Fe2) -> Fe2 {
    let mut h = *f;
    for k in 0..12 {
        h[k] = f[k].add(g[k]);
    }
    h
}

/// The lane-wise difference, not carried.
#[inline(always)]
pub(crate) fn sub(f: &Fe2, g: &Fe2) -> Fe2 {
    let mut h = *f;
    for k in 0..12 {
        h[k] = f[k].sub(g[k]);
    }
    h
}

/// `f + a24 * e`, carried (a24 = 121665, the ladder constant (486662 - 2) / 4).
#[inline(always)]
pub(crate) fn add_a24_times(f: &Fe2, e: &Fe2) -> Fe2 {
    let a24 = F2::splat(121_665.0);
    let mut h = *f;
    for k in 0..12 {
        h[k] = a24.mul_add(e[k], f[k]);
    }
    carry(&h)
}

/// The lane-wise square, carried: the products of `mul` with the symmetric ones
/// doubled (78 products instead of 144). Written out: h_k sums 2 f_i f_j over i < j with
/// i + j = k (or k + 12, then times S19 through `fs_j` = S19 f_j), plus f_(k/2)^2. As two
/// nested loops the compiler did not unroll it, and the ladder ran at half the speed.
#[inline(always)]
pub(crate) fn sq(f: &Fe2) -> Fe2 {
    let [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11] = *f;
    let s = F2::splat(S19);
    let d0 = f0.add(f0);
    let d1 = f1.add(f1);
    let d2 = f2.add(f2);
    let d3 = f3.add(f3);
    let d4 = f4.add(f4);
    let d5 = f5.add(f5);
    let d6 = f6.add(f6);
    let d7 = f7.add(f7);
    let d8 = f8.add(f8);
    let d9 = f9.add(f9);
    let d10 = f10.add(f10);
    let fs6 = f6.mul(s);
    let fs7 = f7.mul(s);
    let fs8 = f8.mul(s);
    let fs9 = f9.mul(s);
    let fs10 = f10.mul(s);
    let fs11 = f11.mul(s);
    let h0 = f0.mul(f0);
    let h0 = d1.mul_add(fs11, h0);
    let h0 = d2.mul_add(fs10, h0);
    let h0 = d3.mul_add(fs9, h0);
    let h0 = d4.mul_add(fs8, h0);
    let h0 = d5.mul_add(fs7, h0);
    let h0 = f6.mul_add(fs6, h0);
    let h1 = d0.mul(f1);
    let h1 = d2.mul_add(fs11, h1);
    let h1 = d3.mul_add(fs10, h1);
    let h1 = d4.mul_add(fs9, h1);
    let h1 = d5.mul_add(fs8, h1);
    let h1 = d6.mul_add(fs7, h1);
    let h2 = d0.mul(f2);
    let h2 = f1.mul_add(f1, h2);
    let h2 = d3.mul_add(fs11, h2);
    let h2 = d4.mul_add(fs10, h2);
    let h2 = d5.mul_add(fs9, h2);
    let h2 = d6.mul_add(fs8, h2);
    let h2 = f7.mul_add(fs7, h2);
    let h3 = d0.mul(f3);
    let h3 = d1.mul_add(f2, h3);
    let h3 = d4.mul_add(fs11, h3);
    let h3 = d5.mul_add(fs10, h3);
    let h3 = d6.mul_add(fs9, h3);
    let h3 = d7.mul_add(fs8, h3);
    let h4 = d0.mul(f4);
    let h4 = d1.mul_add(f3, h4);
    let h4 = f2.mul_add(f2, h4);
    let h4 = d5.mul_add(fs11, h4);
    let h4 = d6.mul_add(fs10, h4);
    let h4 = d7.mul_add(fs9, h4);
    let h4 = f8.mul_add(fs8, h4);
    let h5 = d0.mul(f5);
    let h5 = d1.mul_add(f4, h5);
    let h5 = d2.mul_add(f3, h5);
    let h5 = d6.mul_add(fs11, h5);
    let h5 = d7.mul_add(fs10, h5);
    let h5 = d8.mul_add(fs9, h5);
    let h6 = d0.mul(f6);
    let h6 = d1.mul_add(f5, h6);
    let h6 = d2.mul_add(f4, h6);
    let h6 = f3.mul_add(f3, h6);
    let h6 = d7.mul_add(fs11, h6);
    let h6 = d8.mul_add(fs10, h6);
    let h6 = f9.mul_add(fs9, h6);
    let h7 = d0.mul(f7);
    let h7 = d1.mul_add(f6, h7);
    let h7 = d2.mul_add(f5, h7);
    let h7 = d3.mul_add(f4, h7);
    let h7 = d8.mul_add(fs11, h7);
    let h7 = d9.mul_add(fs10, h7);
    let h8 = d0.mul(f8);
    let h8 = d1.mul_add(f7, h8);
    let h8 = d2.mul_add(f6, h8);
    let h8 = d3.mul_add(f5, h8);
    let h8 = f4.mul_add(f4, h8);
    let h8 = d9.mul_add(fs11, h8);
    let h8 = f10.mul_add(fs10, h8);
    let h9 = d0.mul(f9);
    let h9 = d1.mul_add(f8, h9);
    let h9 = d2.mul_add(f7, h9);
    let h9 = d3.mul_add(f6, h9);
    let h9 = d4.mul_add(f5, h9);
    let h9 = d10.mul_add(fs11, h9);
    let h10 = d0.mul(f10);
    let h10 = d1.mul_add(f9, h10);
    let h10 = d2.mul_add(f8, h10);
    let h10 = d3.mul_add(f7, h10);
    let h10 = d4.mul_add(f6, h10);
    let h10 = f5.mul_add(f5, h10);
    let h10 = f11.mul_add(fs11, h10);
    let h11 = d0.mul(f11);
    let h11 = d1.mul_add(f10, h11);
    let h11 = d2.mul_add(f9, h11);
    let h11 = d3.mul_add(f8, h11);
    let h11 = d4.mul_add(f7, h11);
    let h11 = d5.mul_add(f6, h11);
    carry(&[h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11])
}

/// z^(p-2) = 1/z in both lanes (the addition chain of ref10).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
pub(crate) fn invert(z: &Fe2) -> Fe2 {
    #[inline(always)]
    fn sqn(f: &Fe2, n: usize) -> Fe2 {
        let mut t = sq(f);
        for _ in 1..n {
            t = sq(&t);
        }
        t
    }
    let z2 = sq(z);
    let t = sqn(&z2, 2);
    let z9 = mul(&t, z);
    let z11 = mul(&z9, &z2);
    let t = sq(&z11);
    let z_5_0 = mul(&t, &z9);
    let t = sqn(&z_5_0, 5);
    let z_10_0 = mul(&t, &z_5_0);
    let t = sqn(&z_10_0, 10);
    let z_20_0 = mul(&t, &z_10_0);
    let t = sqn(&z_20_0, 20);
    let t = mul(&t, &z_20_0);
    let t = sqn(&t, 10);
    let z_50_0 = mul(&t, &z_10_0);
    let t = sqn(&z_50_0, 50);
    let z_100_0 = mul(&t, &z_50_0);
    let t = sqn(&z_100_0, 100);
    let t = mul(&t, &z_100_0);
    let t = sqn(&t, 50);
    let t = mul(&t, &z_50_0);
    let t = sqn(&t, 5);
    mul(&t, &z11)
}

/// The limbs of an RFC 7748 u-coordinate, carried: bit 255 is ignored, values from p to
/// 2^255 - 1 are taken modulo p (as RFC 7748 asks).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
pub(crate) fn decode(u: &[u8; 32]) -> [f64; 12] {
    let mut w = [0u64; 4];
    for i in 0..4 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&u[8 * i..8 * i + 8]);
        w[i] = u64::from_le_bytes(b);
    }
    w[3] &= (1u64 << 63) - 1;
    let mut out = [0.0; 12];
    for k in 0..12 {
        let start = W[k] as usize;
        let width = (W[k + 1] - W[k]) as usize;
        let lo = w[start / 64] >> (start % 64);
        let hi = if start % 64 + width > 64 {
            w[start / 64 + 1] << (64 - start % 64)
        } else {
            0
        };
        let limb = (lo | hi) & ((1u64 << width) - 1);
        out[k] = (limb as f64) * pow2(W[k]);
    }
    // Signed, centred limbs (the rounding carry).
    let mut h = zero();
    for k in 0..12 {
        h[k] = F2::splat(out[k]);
    }
    let h = carry(&h);
    for k in 0..12 {
        out[k] = h[k].lane::<0>();
    }
    out
}

/// The exact `i64` of an integer-valued `f64` below 2^51 in magnitude, without a
/// float-to-int instruction (no branch, no trap).
#[inline(always)]
fn f64_to_i64(x: f64) -> i64 {
    const MAGIC: f64 = 6755399441055744.0; // 1.5 * 2^52
    ((x + MAGIC).to_bits() as i64) - (MAGIC.to_bits() as i64)
}

/// The canonical little-endian 32 bytes (value below p) of one lane of a carried element.
/// Its intermediate limbs are wiped.
pub(crate) fn encode(f: &[f64; 12]) -> [u8; 32] {
    let mut m = [0i64; 12];
    for k in 0..12 {
        m[k] = f64_to_i64(f[k] * pow2(-W[k]));
    }
    // Three signed carry passes: afterwards every limb is in [0, 2^width) and
    // the value (congruent mod p) is in [0, 2^255).
    for _ in 0..3 {
        for k in 0..12 {
            let width = W[k + 1] - W[k];
            let c = m[k] >> width;
            m[k] -= c << width;
            if k == 11 {
                m[0] += 19 * c;
            } else {
                m[k + 1] += c;
            }
        }
    }
    // Subtract p if value >= p: q = (value + 19) >> 255.
    let mut q = (m[0] + 19) >> (W[1] - W[0]);
    for k in 1..12 {
        q = (m[k] + q) >> (W[k + 1] - W[k]);
    }
    m[0] += 19 * q;
    for k in 0..12 {
        let width = W[k + 1] - W[k];
        let c = m[k] >> width;
        m[k] -= c << width;
        if k < 11 {
            m[k + 1] += c;
        }
    }
    // Pack.
    let mut w = [0u64; 4];
    for k in 0..12 {
        let start = W[k] as usize;
        let v = m[k] as u64;
        w[start / 64] |= v << (start % 64);
        let width = (W[k + 1] - W[k]) as usize;
        if start % 64 + width > 64 {
            w[start / 64 + 1] |= v >> (64 - start % 64);
        }
    }
    let mut out = [0u8; 32];
    for i in 0..4 {
        out[8 * i..8 * i + 8].copy_from_slice(&w[i].to_le_bytes());
    }
    m.zeroize();
    w.zeroize();
    q.zeroize();
    out
}

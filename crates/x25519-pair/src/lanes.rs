//! `F2`: two `f64` lanes. On wasm32 one SIMD `f64x2` (`core::arch::wasm32`); elsewhere a
//! `[f64; 2]` with bit-identical results (every operation used is exact IEEE-754).
//!
//! On wasm32 the methods carry `#[target_feature(enable = "simd128")]`: only the functions
//! that use SIMD are compiled with it, so the rest of a module built from this crate keeps
//! its scalar code. A wasm engine without SIMD refuses the whole module at load time, so
//! calling these functions is safe (Rust allows it without `unsafe` on wasm).

#[cfg(target_arch = "wasm32")]
mod imp {
    use core::arch::wasm32::*;

    /// Two `f64` lanes in one `v128`.
    #[derive(Clone, Copy)]
    pub struct F2(v128);

    impl F2 {
        /// `[a, b]`.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn new(a: f64, b: f64) -> F2 {
            F2(f64x2(a, b))
        }

        /// `[a, a]`.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn splat(a: f64) -> F2 {
            F2(f64x2_splat(a))
        }

        /// Lane-wise sum.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn add(self, o: F2) -> F2 {
            F2(f64x2_add(self.0, o.0))
        }

        /// Lane-wise difference.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn sub(self, o: F2) -> F2 {
            F2(f64x2_sub(self.0, o.0))
        }

        /// Lane-wise product.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn mul(self, o: F2) -> F2 {
            F2(f64x2_mul(self.0, o.0))
        }

        /// `self * b + c`, lane-wise (two roundings; every use here is exact).
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn mul_add(self, b: F2, c: F2) -> F2 {
            F2(f64x2_add(f64x2_mul(self.0, b.0), c.0))
        }

        /// Lane `LANE`.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn lane<const LANE: usize>(self) -> f64 {
            f64x2_extract_lane::<LANE>(self.0)
        }

        /// `(a, b)` if `bit` is 0, `(b, a)` if it is 1 (`bit` must be 0 or 1), without a
        /// branch.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn cswap(a: F2, b: F2, bit: u64) -> (F2, F2) {
            let mask = u64x2_splat(0u64.wrapping_sub(bit));
            let t = v128_and(v128_xor(a.0, b.0), mask);
            (F2(v128_xor(a.0, t)), F2(v128_xor(b.0, t)))
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    /// Two `f64` lanes.
    #[derive(Clone, Copy)]
    pub struct F2([f64; 2]);

    impl F2 {
        /// `[a, b]`.
        #[inline(always)]
        pub fn new(a: f64, b: f64) -> F2 {
            F2([a, b])
        }

        /// `[a, a]`.
        #[inline(always)]
        pub fn splat(a: f64) -> F2 {
            F2([a, a])
        }

        /// Lane-wise sum.
        #[inline(always)]
        pub fn add(self, o: F2) -> F2 {
            F2([self.0[0] + o.0[0], self.0[1] + o.0[1]])
        }

        /// Lane-wise difference.
        #[inline(always)]
        pub fn sub(self, o: F2) -> F2 {
            F2([self.0[0] - o.0[0], self.0[1] - o.0[1]])
        }

        /// Lane-wise product.
        #[inline(always)]
        pub fn mul(self, o: F2) -> F2 {
            F2([self.0[0] * o.0[0], self.0[1] * o.0[1]])
        }

        /// `self * b + c`, lane-wise (two roundings; every use here is exact).
        #[inline(always)]
        pub fn mul_add(self, b: F2, c: F2) -> F2 {
            self.mul(b).add(c)
        }

        /// Lane `LANE`.
        #[inline(always)]
        pub fn lane<const LANE: usize>(self) -> f64 {
            self.0[LANE]
        }

        /// `(a, b)` if `bit` is 0, `(b, a)` if it is 1 (`bit` must be 0 or 1), without a
        /// branch.
        #[inline(always)]
        pub fn cswap(a: F2, b: F2, bit: u64) -> (F2, F2) {
            let mask = 0u64.wrapping_sub(bit);
            let mut x = a;
            let mut y = b;
            for lane in 0..2 {
                let t = (a.0[lane].to_bits() ^ b.0[lane].to_bits()) & mask;
                x.0[lane] = f64::from_bits(a.0[lane].to_bits() ^ t);
                y.0[lane] = f64::from_bits(b.0[lane].to_bits() ^ t);
            }
            (x, y)
        }
    }
}

pub(crate) use imp::F2;

//! `V128`: 16 bytes. On wasm32 one SIMD `v128` (`core::arch::wasm32`); elsewhere a
//! `[u8; 16]` with the same results, operation by operation (the native tests run that).
//!
//! On wasm32 the methods carry `#[target_feature(enable = "simd128")]`: only the functions
//! that use SIMD are compiled with it, so the rest of a module built from this crate keeps
//! its scalar code. A wasm engine without SIMD refuses the whole module at load time, so
//! calling these functions is safe (Rust allows it without `unsafe` on wasm).
//!
//! No operation branches on or indexes memory with the bytes' values: the portable
//! [`V128::lookup`] reads all 16 table bytes for every output byte.

#[cfg(target_arch = "wasm32")]
mod imp {
    use core::arch::wasm32::*;

    /// 16 bytes in one `v128`.
    #[derive(Clone, Copy)]
    pub struct V128(v128);

    impl V128 {
        /// The 16 bytes, in order, at compile time (a `v128.const`, or 16 bytes of a
        /// `static`).
        pub const fn from_array(b: [u8; 16]) -> V128 {
            let [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15] = b;
            V128(u8x16(
                b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15,
            ))
        }

        /// The 16 bytes, in order.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn load(b: &[u8; 16]) -> V128 {
            let [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15] = *b;
            V128(u8x16(
                b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15,
            ))
        }

        /// Writes the 16 bytes to `out`, in order.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn store(self, out: &mut [u8; 16]) {
            let lo = u64x2_extract_lane::<0>(self.0).to_le_bytes();
            let hi = u64x2_extract_lane::<1>(self.0).to_le_bytes();
            let (first, second) = out.split_at_mut(8);
            first.copy_from_slice(&lo);
            second.copy_from_slice(&hi);
        }

        /// Bytes 0..8 are `lo`, bytes 8..16 `hi`, each little-endian.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn from_u64s(lo: u64, hi: u64) -> V128 {
            V128(u64x2(lo, hi))
        }

        /// Bytes `8 * N .. 8 * N + 8` as a little-endian number.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn u64_lane<const N: usize>(self) -> u64 {
            u64x2_extract_lane::<N>(self.0)
        }

        /// `a` in every byte.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn splat(a: u8) -> V128 {
            V128(u8x16_splat(a))
        }

        /// Bitwise exclusive or.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn xor(self, o: V128) -> V128 {
            V128(v128_xor(self.0, o.0))
        }

        /// Bitwise and.
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn and(self, o: V128) -> V128 {
            V128(v128_and(self.0, o.0))
        }

        /// Every byte's high nibble, `x >> 4` (a 16-bit shift, then a mask).
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn high_nibbles(self) -> V128 {
            V128(v128_and(u16x8_shr(self.0, 4), u8x16_splat(0x0f)))
        }

        /// Byte n is `self[index[n]]`, or 0 if `index[n] >= 16` (`i8x16.swizzle`).
        #[inline]
        #[target_feature(enable = "simd128")]
        pub fn lookup(self, index: V128) -> V128 {
            V128(i8x16_swizzle(self.0, index.0))
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    /// 16 bytes.
    #[derive(Clone, Copy)]
    pub struct V128([u8; 16]);

    impl V128 {
        /// The 16 bytes, in order, at compile time.
        pub const fn from_array(b: [u8; 16]) -> V128 {
            V128(b)
        }

        /// The 16 bytes, in order.
        #[inline(always)]
        pub fn load(b: &[u8; 16]) -> V128 {
            V128(*b)
        }

        /// Writes the 16 bytes to `out`, in order.
        #[inline(always)]
        pub fn store(self, out: &mut [u8; 16]) {
            *out = self.0;
        }

        /// Bytes 0..8 are `lo`, bytes 8..16 `hi`, each little-endian.
        #[inline(always)]
        pub fn from_u64s(lo: u64, hi: u64) -> V128 {
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&lo.to_le_bytes());
            b[8..].copy_from_slice(&hi.to_le_bytes());
            V128(b)
        }

        /// Bytes `8 * N .. 8 * N + 8` as a little-endian number.
        #[inline(always)]
        pub fn u64_lane<const N: usize>(self) -> u64 {
            let mut b = [0u8; 8];
            b.copy_from_slice(&self.0[8 * N..8 * N + 8]);
            u64::from_le_bytes(b)
        }

        /// `a` in every byte.
        #[inline(always)]
        pub fn splat(a: u8) -> V128 {
            V128([a; 16])
        }

        /// Bitwise exclusive or.
        #[inline(always)]
        pub fn xor(self, o: V128) -> V128 {
            V128(core::array::from_fn(|n| self.0[n] ^ o.0[n]))
        }

        /// Bitwise and.
        #[inline(always)]
        pub fn and(self, o: V128) -> V128 {
            V128(core::array::from_fn(|n| self.0[n] & o.0[n]))
        }

        /// Every byte's high nibble, `x >> 4`.
        #[inline(always)]
        pub fn high_nibbles(self) -> V128 {
            V128(self.0.map(|x| x >> 4))
        }

        /// Byte n is `self[index[n]]`, or 0 if `index[n] >= 16` (`i8x16.swizzle`), reading
        /// every byte of `self` for every output byte.
        #[inline(always)]
        pub fn lookup(self, index: V128) -> V128 {
            V128(index.0.map(|i| {
                let mut out = 0u8;
                for (m, &t) in self.0.iter().enumerate() {
                    // 0xff if i == m, else 0, without a branch: i ^ m - 1 borrows only at 0.
                    let differ = u32::from(i ^ m as u8);
                    let equal = (differ.wrapping_sub(1) >> 31) as u8;
                    out |= t & 0u8.wrapping_sub(equal);
                }
                out
            }))
        }
    }
}

pub(crate) use imp::V128;

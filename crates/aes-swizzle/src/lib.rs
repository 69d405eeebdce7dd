//! Constant-time AES (FIPS-197) and AES Key Wrap (RFC 3394) for wasm SIMD, one block per
//! `v128`.
//!
//! Decrypting a Curve25519 OpenPGP message ends with an AES Key Wrap unwrap of the session
//! key: 6n sequential AES decryptions under a fresh key, each a full two-block bitsliced
//! call in the `aes` crate's software backend. Here one block is one `v128`, and the S-box
//! is computed with `i8x16.swizzle` as 16-entry table lookups: an inversion in GF(2^8)
//! through GF(16) (Hamburg, "Accelerating AES with vector permute instructions", CHES 2009)
//! costs 5 swizzles, and every GF(2)-linear map after it 2 more per output (the affine map,
//! MixColumns' or InvMixColumns' products and the change to the next round's
//! representation, merged). The tables are computed at compile time from the field
//! definitions (modules `gf` and `tables`); ShiftRows and the column rotations are swizzles
//! with constant indices, in a state layout that turns with ShiftRows. The key expansion
//! runs the same S-box. Nothing branches on or indexes memory with key or data.
//!
//! Measured on x86-64 (2.6 GHz AMD EPYC), release build, against the `aes` crate 0.8 on the
//! same module: AES-128 decryption of one block 80 ns in Node 20 and 82-94 ns in Chromium
//! 156 (`aes`: 303 and 314-337 ns); [`kw_unwrap`] of a 40-byte key with a 16-byte KEK, key
//! expansion included, 2.12 µs and 2.19-2.27 µs (`aes`: 7.7-8.0 and 7.9-8.2 µs), 3.5 to 3.8
//! times faster.
//!
//! On wasm32 the SIMD functions carry `#[target_feature(enable = "simd128")]` (no global
//! `+simd128` needed); elsewhere the same operations run on `[u8; 16]` with the same results
//! (`i8x16.swizzle`'s zero for an index of 16 or more included), constant time too but slow,
//! for the native tests.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod cfb;
mod cipher;
mod gf;
mod keywrap;
mod schedule;
mod tables;
mod v128;

use core::fmt;

use zeroize::{ZeroizeOnDrop, Zeroizing};

use schedule::RoundKeys;

/// An AES key (AES-128, AES-192 or AES-256) expanded for encryption and decryption.
///
/// The round keys are wiped when it is dropped; its `Debug` shows only the key size.
#[derive(Clone)]
pub struct Aes {
    encryption: RoundKeys,
    decryption: RoundKeys,
}

impl Aes {
    /// Expands a 16-, 24- or 32-byte key (AES-128, AES-192, AES-256); `None` for any other
    /// length.
    pub fn new(key: &[u8]) -> Option<Aes> {
        let keys = RoundKeys::expand(key)?;
        Some(Aes {
            encryption: keys.clone().into_encryption(),
            decryption: keys.into_decryption(),
        })
    }

    /// Encrypts one block in place.
    pub fn encrypt_block(&self, block: &mut [u8; 16]) {
        cipher::encrypt_block(&self.encryption, block);
    }

    /// Decrypts one block in place.
    pub fn decrypt_block(&self, block: &mut [u8; 16]) {
        cipher::decrypt_block(&self.decryption, block);
    }
}

impl ZeroizeOnDrop for Aes {}

impl fmt::Debug for Aes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bits = 32 * (self.encryption.rounds() - 6);
        f.debug_struct("Aes")
            .field("key_bits", &bits)
            .finish_non_exhaustive()
    }
}

/// AES Key Wrap (RFC 3394, default IV A6A6A6A6A6A6A6A6) of `plain` under `kek`.
///
/// `None` if `plain` is not a multiple of 8 bytes or shorter than 16, or if `kek` is not
/// 16, 24 or 32 bytes. The output is 8 bytes longer than `plain`.
pub fn kw_wrap(kek: &[u8], plain: &[u8]) -> Option<Vec<u8>> {
    keywrap::wrap(kek, plain)
}

/// AES Key Unwrap (RFC 3394, default IV A6A6A6A6A6A6A6A6) of `wrapped` under `kek`.
///
/// `None` if `wrapped` is not a multiple of 8 bytes or shorter than 24, if `kek` is not 16,
/// 24 or 32 bytes, or if the integrity check fails (all 8 bytes are compared, without an
/// early exit). The output, 8 bytes shorter than `wrapped`, is wiped when dropped. Never
/// panics.
pub fn kw_unwrap(kek: &[u8], wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    keywrap::unwrap(kek, wrapped)
}

/// CFB-128 decryption in place (NIST SP 800-38A section 6.3, the mode of OpenPGP's SEIPDv1
/// packets, whose IV is zero): block i of the plaintext is block i of `data` xor the
/// encryption of ciphertext block i - 1 (the IV for the first); the last block may be
/// short. `None` if `key` is not 16, 24 or 32 bytes (then `data` is untouched).
pub fn cfb_decrypt(key: &[u8], iv: &[u8; 16], data: &mut [u8]) -> Option<()> {
    cfb::decrypt(key, iv, data)
}

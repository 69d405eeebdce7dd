//! CFB-128 decryption (NIST SP 800-38A section 6.3), as OpenPGP's SEIPDv1 packets use it:
//! `P_i = C_i xor E(C_(i-1))`, `C_0` the IV, the last block possibly short.

use zeroize::Zeroize;

use crate::cipher::encrypt;
use crate::schedule::RoundKeys;
use crate::tables::tables;
use crate::v128::V128;

/// See [`crate::cfb_decrypt`].
pub(crate) fn decrypt(key: &[u8], iv: &[u8; 16], data: &mut [u8]) -> Option<()> {
    let keys = RoundKeys::expand(key)?.into_encryption();
    decrypt_blocks(&keys, iv, data);
    Some(())
}

#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn decrypt_blocks(keys: &RoundKeys, iv: &[u8; 16], data: &mut [u8]) {
    let tb = tables();
    let mut feedback = V128::load(iv);
    let mut pad = [0u8; 16];
    for block in data.chunks_mut(16) {
        encrypt(tb, keys, feedback).store(&mut pad);
        if let Ok(full) = <&mut [u8; 16]>::try_from(&mut *block) {
            feedback = V128::load(full);
            V128::load(&pad).xor(feedback).store(full);
        } else {
            for (byte, key_byte) in block.iter_mut().zip(pad) {
                *byte ^= key_byte;
            }
        }
    }
    pad.zeroize();
}

//! CFB-128 decryption against NIST SP 800-38A's vectors and the `cfb-mode` crate.

mod common;

use aes::{Aes128, Aes192, Aes256};
use aes_swizzle::cfb_decrypt;
use cfb_mode::cipher::{AsyncStreamCipher, KeyIvInit};
use common::{hex, hex16, Inputs};

/// `cfb-mode`'s decryption with the `aes` crate.
fn reference(key: &[u8], iv: &[u8; 16], data: &mut [u8]) {
    match key.len() {
        16 => cfb_mode::Decryptor::<Aes128>::new_from_slices(key, iv)
            .unwrap()
            .decrypt(data),
        24 => cfb_mode::Decryptor::<Aes192>::new_from_slices(key, iv)
            .unwrap()
            .decrypt(data),
        _ => cfb_mode::Decryptor::<Aes256>::new_from_slices(key, iv)
            .unwrap()
            .decrypt(data),
    }
}

#[test]
fn sp800_38a_f3_cfb128_vectors() {
    // F.3.14 (CFB128-AES128.Decrypt) and F.3.18 (CFB128-AES256.Decrypt).
    let iv = hex16("000102030405060708090a0b0c0d0e0f");
    let plain = hex(
        "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
         30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710",
    );
    for (key, cipher) in [
        (
            "2b7e151628aed2a6abf7158809cf4f3c",
            "3b3fd92eb72dad20333449f8e83cfb4a c8a64537a0b3a93fcde3cdad9f1ce58b
             26751f67a3cbb140b1808cf187a4f4df c04b05357c5d1c0eeac4c66f9ff7f2e6",
        ),
        (
            "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            "dc7e84bfda79164b7ecd8486985d3860 39ffed143b28b1c832113c6331e5407b
             df10132415e54b92a13ed0a8267ae2f9 75a385741ab9cef82031623d55b1e471",
        ),
    ] {
        let mut data = hex(cipher);
        cfb_decrypt(&hex(key), &iv, &mut data).unwrap();
        assert_eq!(data, plain, "key {key}");
    }
}

#[test]
fn random_keys_ivs_and_lengths_as_cfb_mode() {
    let mut inputs = Inputs(7);
    for round in 0..900 {
        let key = inputs.bytes([16, 24, 32][round % 3]);
        let iv = inputs.block();
        // Short, whole-block and ragged lengths, empty included.
        let len = inputs.below(100) as usize;
        let cipher = inputs.bytes(len);
        let (mut ours, mut theirs) = (cipher.clone(), cipher);
        cfb_decrypt(&key, &iv, &mut ours).unwrap();
        reference(&key, &iv, &mut theirs);
        assert_eq!(ours, theirs, "round {round}, {len} bytes");
    }
}

#[test]
fn a_bad_key_length_leaves_the_data_alone() {
    for len in (0..64).filter(|n| ![16, 24, 32].contains(n)) {
        let mut data = vec![7u8; 40];
        assert_eq!(cfb_decrypt(&vec![1u8; len], &[0; 16], &mut data), None);
        assert_eq!(data, vec![7u8; 40]);
    }
}

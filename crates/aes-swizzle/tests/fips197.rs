//! The examples of FIPS-197: appendix B and the three ciphers of appendix C, both ways.

mod common;

use aes_swizzle::Aes;
use common::{hex, hex16};

fn check(key: &str, plain: &str, cipher: &str) {
    let aes = Aes::new(&hex(key)).unwrap();
    let (plain, cipher) = (hex16(plain), hex16(cipher));
    let mut block = plain;
    aes.encrypt_block(&mut block);
    assert_eq!(block, cipher, "encryption under {key}");
    aes.decrypt_block(&mut block);
    assert_eq!(block, plain, "decryption under {key}");
}

#[test]
fn appendix_b_cipher_example() {
    check(
        "2b7e151628aed2a6abf7158809cf4f3c",
        "3243f6a8885a308d313198a2e0370734",
        "3925841d02dc09fbdc118597196a0b32",
    );
}

#[test]
fn appendix_c1_aes128() {
    check(
        "000102030405060708090a0b0c0d0e0f",
        "00112233445566778899aabbccddeeff",
        "69c4e0d86a7b0430d8cdb78070b4c55a",
    );
}

#[test]
fn appendix_c2_aes192() {
    check(
        "000102030405060708090a0b0c0d0e0f1011121314151617",
        "00112233445566778899aabbccddeeff",
        "dda97ca4864cdfe06eaf70a0ec0d7191",
    );
}

#[test]
fn appendix_c3_aes256() {
    check(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "00112233445566778899aabbccddeeff",
        "8ea2b7ca516745bfeafc49904b496089",
    );
}

#[test]
fn other_key_lengths_refused() {
    for len in (0..=64).filter(|len| ![16, 24, 32].contains(len)) {
        assert!(Aes::new(&vec![7; len]).is_none(), "{len}-byte key");
    }
}

#[test]
fn debug_shows_no_key() {
    let key = [0x5au8; 32];
    let text = format!("{:?}", Aes::new(&key).unwrap());
    assert_eq!(text, "Aes { key_bits: 256, .. }");
    let text = format!("{:?}", Aes::new(&key[..16]).unwrap());
    assert_eq!(text, "Aes { key_bits: 128, .. }");
    let text = format!("{:?}", Aes::new(&key[..24]).unwrap());
    assert_eq!(text, "Aes { key_bits: 192, .. }");
}

//! Shared by the test files: reproducible inputs, hex, and the `aes` crate as the reference.

#![allow(dead_code)]

use aes::cipher::generic_array::GenericArray;
use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};

/// splitmix64: reproducible inputs without a random-number dependency.
pub struct Inputs(pub u64);

impl Inputs {
    pub fn word(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.word() % n
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.word() as u8).collect()
    }

    pub fn block(&mut self) -> [u8; 16] {
        core::array::from_fn(|_| self.word() as u8)
    }
}

pub fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

pub fn hex16(s: &str) -> [u8; 16] {
    hex(s).try_into().unwrap()
}

/// The `aes` crate's cipher for a 16-, 24- or 32-byte key.
pub enum Reference {
    A128(aes::Aes128),
    A192(aes::Aes192),
    A256(aes::Aes256),
}

impl Reference {
    pub fn new(key: &[u8]) -> Reference {
        match key.len() {
            16 => Reference::A128(aes::Aes128::new_from_slice(key).unwrap()),
            24 => Reference::A192(aes::Aes192::new_from_slice(key).unwrap()),
            32 => Reference::A256(aes::Aes256::new_from_slice(key).unwrap()),
            n => panic!("no AES key of {n} bytes"),
        }
    }

    pub fn encrypt(&self, block: &mut [u8; 16]) {
        let b = GenericArray::from_mut_slice(block);
        match self {
            Reference::A128(c) => c.encrypt_block(b),
            Reference::A192(c) => c.encrypt_block(b),
            Reference::A256(c) => c.encrypt_block(b),
        }
    }

    pub fn decrypt(&self, block: &mut [u8; 16]) {
        let b = GenericArray::from_mut_slice(block);
        match self {
            Reference::A128(c) => c.decrypt_block(b),
            Reference::A192(c) => c.decrypt_block(b),
            Reference::A256(c) => c.decrypt_block(b),
        }
    }
}

/// RFC 3394 section 2.2.1 (index-based wrapping) on the `aes` crate.
pub fn reference_wrap(kek: &[u8], plain: &[u8]) -> Vec<u8> {
    assert!(plain.len().is_multiple_of(8) && plain.len() >= 16);
    let cipher = Reference::new(kek);
    let n = plain.len() / 8;
    let mut a = [0xa6u8; 8];
    let mut r: Vec<[u8; 8]> = plain.chunks(8).map(|c| c.try_into().unwrap()).collect();
    for j in 0..6 {
        for i in 1..=n {
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&a);
            b[8..].copy_from_slice(&r[i - 1]);
            cipher.encrypt(&mut b);
            let t = (n * j + i) as u64;
            a = (u64::from_be_bytes(b[..8].try_into().unwrap()) ^ t).to_be_bytes();
            r[i - 1].copy_from_slice(&b[8..]);
        }
    }
    let mut out = a.to_vec();
    for block in r {
        out.extend_from_slice(&block);
    }
    out
}

/// RFC 3394 section 2.2.2 (index-based unwrapping) on the `aes` crate; `None` if the
/// integrity check fails.
pub fn reference_unwrap(kek: &[u8], wrapped: &[u8]) -> Option<Vec<u8>> {
    assert!(wrapped.len().is_multiple_of(8) && wrapped.len() >= 24);
    let cipher = Reference::new(kek);
    let n = wrapped.len() / 8 - 1;
    let mut a: [u8; 8] = wrapped[..8].try_into().unwrap();
    let mut r: Vec<[u8; 8]> = wrapped[8..]
        .chunks(8)
        .map(|c| c.try_into().unwrap())
        .collect();
    for j in (0..6).rev() {
        for i in (1..=n).rev() {
            let t = (n * j + i) as u64;
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&(u64::from_be_bytes(a) ^ t).to_be_bytes());
            b[8..].copy_from_slice(&r[i - 1]);
            cipher.decrypt(&mut b);
            a.copy_from_slice(&b[..8]);
            r[i - 1].copy_from_slice(&b[8..]);
        }
    }
    (a == [0xa6; 8]).then(|| r.concat())
}

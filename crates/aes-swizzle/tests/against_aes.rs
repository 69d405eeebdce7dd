//! Random keys and blocks, every key size, both directions, against the `aes` crate.

mod common;

use aes_swizzle::Aes;
use common::{Inputs, Reference};

fn compare(key: &[u8], blocks: &[[u8; 16]]) {
    let ours = Aes::new(key).unwrap();
    let reference = Reference::new(key);
    for &block in blocks {
        let (mut a, mut b) = (block, block);
        ours.encrypt_block(&mut a);
        reference.encrypt(&mut b);
        assert_eq!(a, b, "encryption of {block:02x?} under {key:02x?}");
        let (mut a, mut b) = (block, block);
        ours.decrypt_block(&mut a);
        reference.decrypt(&mut b);
        assert_eq!(a, b, "decryption of {block:02x?} under {key:02x?}");
    }
}

#[test]
fn random_keys_and_blocks() {
    let mut inputs = Inputs(1);
    for len in [16, 24, 32] {
        for _ in 0..1500 {
            let key = inputs.bytes(len);
            let blocks: Vec<[u8; 16]> = (0..4).map(|_| inputs.block()).collect();
            compare(&key, &blocks);
        }
    }
}

#[test]
fn extreme_keys_and_blocks() {
    let mut inputs = Inputs(2);
    for len in [16, 24, 32] {
        for fill in [0x00, 0xff, 0x80, 0x01, 0x63, 0x52] {
            let mut blocks = vec![[0x00; 16], [0xff; 16], [fill; 16], inputs.block()];
            blocks.push(core::array::from_fn(|n| n as u8));
            compare(&vec![fill; len], &blocks);
        }
    }
}

#[test]
fn chained_blocks() {
    // Each output is the next input: 10,000 dependent blocks per direction and key size.
    let mut inputs = Inputs(3);
    for len in [16, 24, 32] {
        let key = inputs.bytes(len);
        let ours = Aes::new(&key).unwrap();
        let reference = Reference::new(&key);
        let (mut a, mut b) = ([0u8; 16], [0u8; 16]);
        for _ in 0..10_000 {
            ours.encrypt_block(&mut a);
            reference.encrypt(&mut b);
        }
        assert_eq!(a, b);
        for _ in 0..10_000 {
            ours.decrypt_block(&mut a);
            reference.decrypt(&mut b);
        }
        assert_eq!(a, b);
        assert_eq!(a, [0u8; 16]);
    }
}

//! AES Key Wrap: RFC 3394's vectors, random inputs against a reference built on the `aes`
//! crate, tampering and every bad length.

mod common;

use aes_swizzle::{kw_unwrap, kw_wrap};
use common::{hex, reference_unwrap, reference_wrap, Inputs};

const KEK: &str = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
const DATA: &str = "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F";

/// RFC 3394 section 4: (KEK bytes, key data bytes, ciphertext).
const VECTORS: [(usize, usize, &str); 6] = [
    (16, 16, "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5"),
    (24, 16, "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D"),
    (32, 16, "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7"),
    (
        24,
        24,
        "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2",
    ),
    (
        32,
        24,
        "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1",
    ),
    (
        32,
        32,
        "28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21",
    ),
];

#[test]
fn rfc3394_section_4() {
    for (kek_len, data_len, wrapped) in VECTORS {
        let (kek, data, wrapped) = (&hex(KEK)[..kek_len], &hex(DATA)[..data_len], hex(wrapped));
        assert_eq!(
            kw_wrap(kek, data).unwrap(),
            wrapped,
            "4.x wrap, KEK {kek_len}"
        );
        assert_eq!(
            &kw_unwrap(kek, &wrapped).unwrap()[..],
            data,
            "4.x unwrap, KEK {kek_len}"
        );
        assert_eq!(reference_unwrap(kek, &wrapped).unwrap(), data);
    }
}

#[test]
fn random_round_trips_against_the_reference() {
    let mut inputs = Inputs(4);
    for round in 0..1200 {
        let kek = inputs.bytes([16, 24, 32][round % 3]);
        let blocks = 2 + inputs.below(7) as usize;
        let data = inputs.bytes(8 * blocks);
        let wrapped = kw_wrap(&kek, &data).unwrap();
        assert_eq!(wrapped, reference_wrap(&kek, &data));
        assert_eq!(&kw_unwrap(&kek, &wrapped).unwrap()[..], &data[..]);
    }
}

#[test]
fn unwrap_of_random_data_matches_the_reference() {
    // Random "wrapped" keys almost never pass the check; make half of them pass by wrapping
    // with the reference.
    let mut inputs = Inputs(5);
    let mut passed = 0;
    for round in 0..1200 {
        let kek = inputs.bytes([16, 24, 32][round % 3]);
        let len = 8 * (3 + inputs.below(6) as usize);
        let wrapped = match round % 2 {
            0 => reference_wrap(&kek, &inputs.bytes(len - 8)),
            _ => inputs.bytes(len),
        };
        let ours = kw_unwrap(&kek, &wrapped).map(|p| p.to_vec());
        assert_eq!(ours, reference_unwrap(&kek, &wrapped));
        passed += usize::from(ours.is_some());
    }
    assert_eq!(passed, 600);
}

#[test]
fn tampering_refused() {
    let mut inputs = Inputs(6);
    for kek_len in [16, 24, 32] {
        let kek = inputs.bytes(kek_len);
        let data = inputs.bytes(32);
        let wrapped = kw_wrap(&kek, &data).unwrap();
        assert!(kw_unwrap(&kek, &wrapped).is_some());
        for byte in 0..wrapped.len() {
            for bit in 0..8 {
                let mut bad = wrapped.clone();
                bad[byte] ^= 1 << bit;
                assert!(kw_unwrap(&kek, &bad).is_none(), "byte {byte} bit {bit}");
            }
        }
        // Another KEK of the same size, and blocks swapped.
        let mut other = kek.clone();
        other[kek_len - 1] ^= 1;
        assert!(kw_unwrap(&other, &wrapped).is_none());
        let mut swapped = wrapped.clone();
        swapped[8..16].copy_from_slice(&wrapped[16..24]);
        swapped[16..24].copy_from_slice(&wrapped[8..16]);
        assert!(kw_unwrap(&kek, &swapped).is_none());
        // Truncated or extended by a block.
        assert!(kw_unwrap(&kek, &wrapped[..wrapped.len() - 8]).is_none());
        let mut longer = wrapped.clone();
        longer.extend_from_slice(&[0; 8]);
        assert!(kw_unwrap(&kek, &longer).is_none());
    }
}

#[test]
fn bad_lengths_refused() {
    let mut inputs = Inputs(7);
    for kek_len in [16, 24, 32] {
        let kek = inputs.bytes(kek_len);
        for len in 0..=80 {
            let input = inputs.bytes(len);
            let unwrap_ok = len.is_multiple_of(8) && len >= 24;
            if !unwrap_ok {
                assert!(kw_unwrap(&kek, &input).is_none(), "unwrap of {len} bytes");
            }
            let wrap = kw_wrap(&kek, &input);
            assert_eq!(
                wrap.is_some(),
                len.is_multiple_of(8) && len >= 16,
                "wrap of {len} bytes"
            );
            if let Some(wrapped) = wrap {
                assert_eq!(wrapped.len(), len + 8);
                assert_eq!(&kw_unwrap(&kek, &wrapped).unwrap()[..], &input[..]);
            }
        }
    }
    for kek_len in (0..=64).filter(|len| ![16, 24, 32].contains(len)) {
        let kek = inputs.bytes(kek_len);
        for len in [0, 8, 16, 24, 32, 40] {
            let input = inputs.bytes(len);
            assert!(kw_wrap(&kek, &input).is_none(), "KEK of {kek_len} bytes");
            assert!(kw_unwrap(&kek, &input).is_none(), "KEK of {kek_len} bytes");
        }
    }
}

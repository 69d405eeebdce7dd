//! UUIDs as the protocol uses them: random v4 nonces made here, any-version UUIDs read.

use rand::{CryptoRng, RngCore};

/// A random UUIDv4 in lower-case hex, from the caller's (cryptographic) random source.
pub(crate) fn new_v4<R: RngCore + CryptoRng>(rng: &mut R) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// True for the 8-4-4-4-12 hexadecimal form, either case (the extension's `isUUID`; iOS sends
/// upper-case verify tokens, so case is not checked).
pub(crate) fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[test]
    fn new_v4_has_version_and_variant_bits() {
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..100 {
            let id = new_v4(&mut rng);
            assert!(is_uuid(&id), "{id}");
            assert_eq!(&id[14..15], "4", "{id}");
            assert!("89ab".contains(&id[19..20]), "{id}");
            assert_eq!(id, id.to_lowercase());
        }
    }

    #[test]
    fn new_v4_is_deterministic_for_a_seeded_source() {
        let a = new_v4(&mut StdRng::seed_from_u64(7));
        let b = new_v4(&mut StdRng::seed_from_u64(7));
        assert_eq!(a, b);
        assert_ne!(a, new_v4(&mut StdRng::seed_from_u64(8)));
    }

    #[test]
    fn is_uuid_accepts_both_cases_and_refuses_other_shapes() {
        assert!(is_uuid("20bea022-d302-4e08-999a-c8258d68c1c0"));
        assert!(is_uuid("20BEA022-D302-4E08-999A-C8258D68C1C0"));
        for bad in [
            "",
            "20bea022d3024e08999ac8258d68c1c0",
            "20bea022-d302-4e08-999a-c8258d68c1c",
            "20bea022-d302-4e08-999a-c8258d68c1c0a",
            "20bea022-d302-4e08-999a_c8258d68c1c0",
            "g0bea022-d302-4e08-999a-c8258d68c1c0",
            "{0bea022-d302-4e08-999a-c8258d68c1c}",
            "20bea022-d302-4e08-999a-c8258d68c1é",
        ] {
            assert!(!is_uuid(bad), "{bad}");
        }
    }
}

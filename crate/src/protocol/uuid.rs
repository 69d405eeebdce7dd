//! UUIDs as the protocol uses them: random v4 nonces and verify tokens, the server's
//! deterministic v5 ids, and the check of the 8-4-4-4-12 form.

use rand::{CryptoRng, RngCore};
use sha1::{Digest, Sha1};

/// A random UUIDv4 in lower-case hex, from the caller's (cryptographic) random source.
pub(crate) fn new_v4<R: RngCore + CryptoRng>(rng: &mut R) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    hyphenated(&bytes)
}

/// True for a UUID in its 8-4-4-4-12 hexadecimal form, either case: the extension's `isUUID`
/// and the server's `Validation::uuid` (iOS sends upper-case verify tokens, so case is not
/// checked).
pub fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// The UUIDv5 (RFC 4122, SHA-1) of `name` in `namespace`, lower-case hyphenated: how the
/// server derives its ids (`API src/Utility/UuidFactory.php`).
pub fn uuid_v5(namespace: &[u8; 16], name: &str) -> String {
    let mut hasher = Sha1::new();
    hasher.update(namespace);
    hasher.update(name.as_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    hyphenated(&bytes)
}

/// The 8-4-4-4-12 lower-case form of 16 bytes.
fn hyphenated(bytes: &[u8; 16]) -> String {
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

    #[test]
    fn uuids_are_recognised() {
        assert!(is_uuid("8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31"));
        assert!(is_uuid("DD1F723D-0D1E-513F-8218-4055DC0530D0"));
        for bad in [
            "",
            "8b8b4e2a6a0c4b399d1e0f5c6f1d2a31",
            "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a3g",
        ] {
            assert!(!is_uuid(bad), "{bad}");
        }
    }

    #[test]
    fn rfc4122_dns_example_is_reproduced() {
        // uuid5(NAMESPACE_DNS, "python.org") from Python's uuid documentation.
        let dns = [
            0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4,
            0x30, 0xc8,
        ];
        assert_eq!(
            uuid_v5(&dns, "python.org"),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d"
        );
    }
}

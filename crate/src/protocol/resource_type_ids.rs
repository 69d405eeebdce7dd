//! Resource type ids, derived the way the server derives them: UUIDv5 (RFC 4122, SHA-1) of
//! `"resource-types.id.<slug>"` in Passbolt's namespace (`API src/Utility/UuidFactory.php`).

use sha1::{Digest, Sha1};

/// Passbolt's UUIDv5 namespace, `d5447ca1-950f-459d-8b20-86ddfdd0f922`.
pub const PASSBOLT_UUID_NAMESPACE: [u8; 16] = [
    0xd5, 0x44, 0x7c, 0xa1, 0x95, 0x0f, 0x45, 0x9d, 0x8b, 0x20, 0x86, 0xdd, 0xfd, 0xd0, 0xf9, 0x22,
];

/// The UUIDv5 of `name` in `namespace`, lower-case hyphenated.
pub fn uuid_v5(namespace: &[u8; 16], name: &str) -> String {
    let mut hasher = Sha1::new();
    hasher.update(namespace);
    hasher.update(name.as_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
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

/// The id the server gives the resource type `slug`: `uuid_v5(PASSBOLT, "resource-types.id.<slug>")`.
pub fn resource_type_id(slug: &str) -> String {
    uuid_v5(
        &PASSBOLT_UUID_NAMESPACE,
        &format!("resource-types.id.{slug}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_string_id_is_the_servers() {
        assert_eq!(
            resource_type_id("password-string"),
            "669f8c64-242a-59fb-92fc-81f660975fd3"
        );
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

//! Resource type ids, derived the way the server derives them: UUIDv5 (RFC 4122, SHA-1) of
//! `"resource-types.id.<slug>"` in Passbolt's namespace (`API src/Utility/UuidFactory.php`).

/// Passbolt's UUIDv5 namespace, `d5447ca1-950f-459d-8b20-86ddfdd0f922`.
pub const PASSBOLT_UUID_NAMESPACE: [u8; 16] = [
    0xd5, 0x44, 0x7c, 0xa1, 0x95, 0x0f, 0x45, 0x9d, 0x8b, 0x20, 0x86, 0xdd, 0xfd, 0xd0, 0xf9, 0x22,
];

pub use super::uuid::uuid_v5;

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
}

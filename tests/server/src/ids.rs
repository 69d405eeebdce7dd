//! Identifiers: Passbolt's deterministic UUIDv5 ids, random UUIDv4 ids, and the UUID check.

use rand::RngCore;
use sha1::{Digest, Sha1};

/// The namespace of `UuidFactory::uuid()` in the real server (`API src/Utility/UuidFactory.php`).
pub const PASSBOLT_NAMESPACE: &str = "d5447ca1-950f-459d-8b20-86ddfdd0f922";

/// UUIDv5 of `name` in the Passbolt namespace, e.g. `uuid5("resource-types.id.v5-default")`.
pub fn uuid5(name: &str) -> String {
    let namespace = parse(PASSBOLT_NAMESPACE).unwrap_or([0; 16]);
    let mut hasher = Sha1::new();
    hasher.update(namespace);
    hasher.update(name.as_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    format_uuid(&bytes)
}

/// A random UUIDv4.
pub fn uuid4() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    format_uuid(&bytes)
}

/// `n` random bytes as lower-case hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `s` is a UUID in the 8-4-4-4-12 hex form (any case, like CakePHP's `Validation::uuid`).
pub fn is_uuid(s: &str) -> bool {
    parse(s).is_some()
}

fn parse(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
        return None;
    }
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

fn format_uuid(b: &[u8; 16]) -> String {
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_type_ids_match_the_real_server() {
        assert_eq!(
            uuid5("resource-types.id.v5-default"),
            "dd1f723d-0d1e-513f-8218-4055dc0530d0"
        );
        assert_eq!(
            uuid5("resource-types.id.password-string"),
            "669f8c64-242a-59fb-92fc-81f660975fd3"
        );
    }

    #[test]
    fn uuid_check() {
        assert!(is_uuid(&uuid4()));
        assert!(is_uuid("DD1F723D-0D1E-513F-8218-4055DC0530D0"));
        assert!(!is_uuid("dd1f723d0d1e513f82184055dc0530d0"));
        assert!(!is_uuid("zz1f723d-0d1e-513f-8218-4055dc0530d0"));
    }
}

//! RFC 6238 TOTP (SHA-1, 6 digits, 30 s), the MFA provider of the seeded user.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Decodes RFC 4648 base32 (no padding needed, case-insensitive).
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut bits: u64 = 0;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.trim_end_matches('=').chars() {
        let v = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u64 - 'A' as u64,
            c @ '2'..='7' => c as u64 - '2' as u64 + 26,
            _ => return None,
        };
        bits = (bits << 5) | v;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    Some(out)
}

/// The code for `secret` (base32) at Unix time `t`.
pub fn code(secret: &str, t: i64) -> Option<String> {
    let key = base32_decode(secret)?;
    let counter = (t / 30) as u64;
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).ok()?;
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([
        h[offset] & 0x7f,
        h[offset + 1],
        h[offset + 2],
        h[offset + 3],
    ]);
    Some(format!("{:06}", bin % 1_000_000))
}

/// Whether `otp` is valid at `t`, one step of drift allowed either way.
pub fn verify(secret: &str, otp: &str, t: i64) -> bool {
    [-30, 0, 30]
        .iter()
        .any(|d| code(secret, t + d).as_deref() == Some(otp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_vector() {
        // RFC 6238 appendix B, SHA-1 secret "12345678901234567890", T = 59 -> 94287082 (8 digits).
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(code(secret, 59).as_deref(), Some("287082"));
        assert!(verify(secret, "287082", 59));
        assert!(!verify(secret, "287083", 59));
    }
}

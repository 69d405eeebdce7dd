//! The Passbolt server's strict rules for a user's public key (setup, recovery, account
//! recovery), so a client can refuse a key before the server does, with the same rule names.
//!
//! Mirrors `PublicKeyValidationService::getStrictRules()` of the server and its OpenPGP
//! backend (`../shared/protocol.md` §6.2), including its quirks: the armor must carry a
//! `PUBLIC KEY BLOCK` marker, a blank line after the header and a CRC line; keys that
//! openpgp-php cannot parse (v6 keys, RFC 9580 algorithms) are unparsable.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::key_info::{describe, KeyInfo, ServerKeyType};
use super::key_read::read_keys;

/// One rule of the server's key validation, named as the server names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyRule {
    /// The block is an armored public key the server can parse. When this fails, no other
    /// rule is checked (as on the server).
    IsParsableArmoredKeyRule,
    /// The algorithm is one the server knows.
    IsValidAlgorithmRule,
    /// The fingerprint is 40 upper-case hex digits.
    IsValidFingerprintRule,
    /// The key id is 8 or 16 upper-case hex digits.
    IsValidKeyIdRule,
    /// RSA keys are 2048, 3072 or 4096 bits.
    IsValidKeySizeRule,
    /// The creation date is not in the future.
    IsNotCreatedInTheFutureRule,
    /// The key has not expired.
    IsNotExpiredRule,
    /// The key is not revoked.
    IsNotRevokedRule,
    /// The key has no expiry date at all.
    HasNoExpiryDateRule,
    /// No empty line stands before the END line.
    HasNoExtraBreakLineRule,
    /// The input holds one key only.
    HasMultipleMainPacketsRule,
    /// RSA keys are 3072 or 4096 bits.
    IsValidKeySizeStrictRule,
    /// The algorithm is neither DSA nor ElGamal.
    IsValidAlgorithmStrictRule,
}

impl KeyRule {
    /// The rule's name in the server's error tree (`armored_key.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            KeyRule::IsParsableArmoredKeyRule => "isParsableArmoredKeyRule",
            KeyRule::IsValidAlgorithmRule => "isValidAlgorithmRule",
            KeyRule::IsValidFingerprintRule => "isValidFingerprintRule",
            KeyRule::IsValidKeyIdRule => "isValidKeyIdRule",
            KeyRule::IsValidKeySizeRule => "isValidKeySizeRule",
            KeyRule::IsNotCreatedInTheFutureRule => "isNotCreatedInTheFutureRule",
            KeyRule::IsNotExpiredRule => "isNotExpiredRule",
            KeyRule::IsNotRevokedRule => "isNotRevokedRule",
            KeyRule::HasNoExpiryDateRule => "hasNoExpiryDateRule",
            KeyRule::HasNoExtraBreakLineRule => "hasNoExtraBreakLineRule",
            KeyRule::HasMultipleMainPacketsRule => "hasMultipleMainPacketsRule",
            KeyRule::IsValidKeySizeStrictRule => "isValidKeySizeStrictRule",
            KeyRule::IsValidAlgorithmStrictRule => "isValidAlgorithmStrictRule",
        }
    }

    /// The server's message for a failure of this rule.
    pub fn message(self) -> &'static str {
        match self {
            KeyRule::IsParsableArmoredKeyRule => "The public key could not be parsed.",
            KeyRule::IsValidAlgorithmRule | KeyRule::IsValidAlgorithmStrictRule => {
                "The algorithm is invalid."
            }
            KeyRule::IsValidFingerprintRule => "The fingerprint id is invalid.",
            KeyRule::IsValidKeyIdRule => "The public key id is invalid.",
            KeyRule::IsValidKeySizeRule => "The key size is not valid.",
            KeyRule::IsValidKeySizeStrictRule => {
                "The key size must match security recommendations."
            }
            KeyRule::IsNotCreatedInTheFutureRule => {
                "The key creation date must not be in the future."
            }
            KeyRule::IsNotExpiredRule => "The key must not be expired.",
            KeyRule::IsNotRevokedRule => "The key must not be revoked.",
            KeyRule::HasNoExpiryDateRule => "The key must not include an expiry date.",
            KeyRule::HasNoExtraBreakLineRule => {
                "The armored key must not contain an extra line before the end block."
            }
            KeyRule::HasMultipleMainPacketsRule => {
                "The armored key must not contain multiple keys."
            }
        }
    }
}

/// A failed rule, with the server's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyRuleViolation {
    /// The rule.
    pub rule: KeyRule,
    /// The server's message for it.
    pub message: &'static str,
}

impl From<KeyRule> for KeyRuleViolation {
    fn from(rule: KeyRule) -> Self {
        KeyRuleViolation {
            rule,
            message: rule.message(),
        }
    }
}

/// Checks a user's armored public key against the server's strict rules, as of now.
/// Returns every failed rule, in the server's order; an empty list means the server
/// accepts the key. Never fails: an unreadable key is the `isParsableArmoredKeyRule`.
pub fn validate_user_key(armored: &str) -> Vec<KeyRuleViolation> {
    validate_user_key_at(armored, Utc::now())
}

/// As [`validate_user_key`], judging dates at `now`.
pub fn validate_user_key_at(armored: &str, now: DateTime<Utc>) -> Vec<KeyRuleViolation> {
    let Some((info, key_count)) = parse_as_server_does(armored, now) else {
        return vec![KeyRule::IsParsableArmoredKeyRule.into()];
    };
    let created = DateTime::parse_from_rfc3339(&info.key_created).map(|d| d.to_utc());
    let expires = info
        .expires
        .as_deref()
        .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
        .map(|d| d.to_utc());
    let legacy = matches!(info.key_type, ServerKeyType::Dsa | ServerKeyType::Elgamal);
    let rsa_bits =
        |sizes: &[u32]| info.key_type != ServerKeyType::Rsa || sizes.contains(&info.bits);
    let checks = [
        (
            KeyRule::IsValidAlgorithmRule,
            info.key_type != ServerKeyType::Unknown,
        ),
        (
            KeyRule::IsValidFingerprintRule,
            is_upper_hex(&info.fingerprint, &[40]),
        ),
        (
            KeyRule::IsValidKeyIdRule,
            is_upper_hex(&info.key_id, &[8, 16]),
        ),
        (KeyRule::IsValidKeySizeRule, rsa_bits(&[2048, 3072, 4096])),
        (
            KeyRule::IsNotCreatedInTheFutureRule,
            created.is_ok_and(|c| c <= now),
        ),
        (KeyRule::IsNotExpiredRule, expires.is_none_or(|e| e > now)),
        (KeyRule::IsNotRevokedRule, !info.is_revoked),
        (KeyRule::HasNoExpiryDateRule, info.expires.is_none()),
        (
            KeyRule::HasNoExtraBreakLineRule,
            !has_extra_break_line(armored),
        ),
        (KeyRule::HasMultipleMainPacketsRule, key_count == 1),
        (KeyRule::IsValidKeySizeStrictRule, rsa_bits(&[3072, 4096])),
        (KeyRule::IsValidAlgorithmStrictRule, !legacy),
    ];
    checks
        .into_iter()
        .filter(|(_, passed)| !passed)
        .map(|(rule, _)| rule.into())
        .collect()
}

const PUBLIC_KEY_MARKER: &str = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

/// What the server's backend can parse: a public key block with a blank line after its
/// header and a CRC line, holding a v4 (or v3) key of an algorithm openpgp-php knows.
fn parse_as_server_does(armored: &str, now: DateTime<Utc>) -> Option<(KeyInfo, usize)> {
    let text = armored.replace("\r\n", "\n").replace('\r', "\n");
    let header = text.find(PUBLIC_KEY_MARKER)? + PUBLIC_KEY_MARKER.len();
    let data = header + text[header..].find("\n\n")? + 2;
    text[data..].find("\n=")?;
    let keys = read_keys(armored).ok()?;
    if keys.first.is_private {
        return None;
    }
    let info = describe(&keys.first.public, false, now).ok()?;
    let openpgp_php_algorithm = matches!(
        info.algorithm.as_str(),
        "RSA"
            | "RSAEncrypt"
            | "RSASign"
            | "ElgamalEncrypt"
            | "DSA"
            | "ECDH"
            | "ECDSA"
            | "DiffieHellman"
            | "EdDSALegacy"
    );
    (info.version <= 4 && openpgp_php_algorithm).then_some((info, keys.count))
}

fn is_upper_hex(text: &str, lengths: &[usize]) -> bool {
    lengths.contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
}

/// The server's check, literally: trim, split on "\n", and the line before the last one
/// must not be empty (PHP's `empty()` is also true for "0").
fn has_extra_break_line(armored: &str) -> bool {
    let trimmed = armored.trim_matches([' ', '\t', '\n', '\r', '\0', '\u{0B}']);
    let lines: Vec<&str> = trimmed.split('\n').collect();
    if lines.len() < 2 {
        return true;
    }
    matches!(lines[lines.len() - 2], "" | "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_break_line_is_the_servers_literal_check() {
        assert!(!has_extra_break_line(
            "a\n=crc\n-----END PGP PUBLIC KEY BLOCK-----\n"
        ));
        assert!(has_extra_break_line(
            "a\n=crc\n\n-----END PGP PUBLIC KEY BLOCK-----"
        ));
        assert!(has_extra_break_line("a\n0\n-----END"));
        assert!(has_extra_break_line("one line only"));
        // PHP splits on "\n" only: a CRLF blank line leaves "\r", which is not empty.
        assert!(!has_extra_break_line(
            "a\r\n\r\n-----END PGP PUBLIC KEY BLOCK-----"
        ));
    }

    #[test]
    fn rule_names_serialize_as_the_server_names_them() {
        let json = serde_json::to_string(&KeyRule::HasMultipleMainPacketsRule).unwrap();
        assert_eq!(json, "\"hasMultipleMainPacketsRule\"");
        assert_eq!(KeyRule::IsValidKeyIdRule.name(), "isValidKeyIdRule");
    }
}

//! `validate_user_key` applies the server's strict key rules (protocol.md §6.2) to keys made
//! by GnuPG and OpenPGP.js, and to the armor quirks the server's backend refuses.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{DateTime, Utc};
use common::files::vector;
use passbolt_core::pgp::{validate_user_key, validate_user_key_at, KeyRule, KeyRuleViolation};

fn names(violations: &[KeyRuleViolation]) -> Vec<&'static str> {
    violations.iter().map(|v| v.rule.name()).collect()
}

fn at(iso: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(iso).unwrap().to_utc()
}

#[test]
fn test_keys_pass_or_fail_the_rules_the_server_would() {
    let table: &[(&str, &[&str])] = &[
        ("keys/gnupg/rsa3072.pub.asc", &[]),
        ("keys/gnupg/rsa4096.pub.asc", &[]),
        ("keys/gnupg/ed25519.pub.asc", &[]),
        ("keys/gnupg/nistp256.pub.asc", &[]),
        ("keys/gnupg/nistp521.pub.asc", &[]),
        ("keys/gnupg/two-uids.pub.asc", &[]),
        ("keys/gnupg/expired-subkey.pub.asc", &[]),
        ("keys/gnupg/rotated-subkeys.pub.asc", &[]),
        ("keys/gnupg/rsa2048.pub.asc", &["isValidKeySizeStrictRule"]),
        (
            "keys/gnupg/dsa-elgamal.pub.asc",
            &["isValidAlgorithmStrictRule"],
        ),
        ("keys/gnupg/nistp384.pub.asc", &["hasNoExpiryDateRule"]),
        (
            "keys/gnupg/expired.pub.asc",
            &["isNotExpiredRule", "hasNoExpiryDateRule"],
        ),
        ("keys/gnupg/revoked.pub.asc", &["isNotRevokedRule"]),
        ("keys/openpgpjs/curve25519.pub.asc", &[]),
        ("keys/openpgpjs/rsa3072.pub.asc", &[]),
        ("keys/openpgpjs/rsa4096.pub.asc", &[]),
        ("keys/openpgpjs/nistp256.pub.asc", &[]),
        (
            "keys/openpgpjs/curve25519-two-uids-expiring.pub.asc",
            &["hasNoExpiryDateRule"],
        ),
        ("fixtures/keys/ada_public.asc", &[]),
        ("fixtures/keys/betty_public.asc", &[]),
        ("fixtures/keys/metadata_public.asc", &[]),
        // A private key block is not a public key to the server's parser.
        ("keys/gnupg/rsa3072.sec.asc", &["isParsableArmoredKeyRule"]),
        (
            "fixtures/keys/ada_private.asc",
            &["isParsableArmoredKeyRule"],
        ),
    ];
    for (path, expected) in table {
        assert_eq!(
            names(&validate_user_key(&vector(path))),
            *expected,
            "{path}"
        );
    }
}

#[test]
fn each_violation_carries_the_servers_message() {
    let found = validate_user_key(&vector("keys/gnupg/rsa2048.pub.asc"));
    assert_eq!(
        found,
        vec![KeyRuleViolation {
            rule: KeyRule::IsValidKeySizeStrictRule,
            message: "The key size must match security recommendations.",
        }]
    );
}

#[test]
fn armor_the_servers_backend_cannot_read_is_unparsable() {
    let ada = vector("fixtures/keys/ada_public.asc");
    let without_crc: String = ada
        .lines()
        .filter(|line| !line.starts_with('='))
        .map(|line| format!("{line}\n"))
        .collect();
    let without_blank_line = ada.replacen("-----\n\n", "-----\n", 1);
    for (what, text) in [
        ("no CRC line", without_crc.as_str()),
        (
            "no blank line after the header",
            without_blank_line.as_str(),
        ),
        ("garbage", "hello"),
        ("empty", ""),
        ("a message", &vector("malformed/cases/pgp_message.txt")),
    ] {
        assert_eq!(
            names(&validate_user_key(text)),
            ["isParsableArmoredKeyRule"],
            "{what}"
        );
    }
}

#[test]
fn an_empty_line_before_the_end_line_breaks_the_extra_break_line_rule() {
    let ada = vector("fixtures/keys/ada_public.asc");
    let padded = ada.replace("\n-----END", "\n\n-----END");
    assert_eq!(
        names(&validate_user_key(&padded)),
        ["hasNoExtraBreakLineRule"]
    );
}

#[test]
fn two_keys_break_the_multiple_main_packets_rule() {
    let two = format!(
        "{}\n{}",
        vector("fixtures/keys/ada_public.asc"),
        vector("fixtures/keys/betty_public.asc")
    );
    assert_eq!(
        names(&validate_user_key(&two)),
        ["hasMultipleMainPacketsRule"]
    );
    let one_block = vector("malformed/cases/two_keys_one_armor.txt");
    assert_eq!(
        names(&validate_user_key(&one_block)),
        ["hasMultipleMainPacketsRule"]
    );
}

#[test]
fn dates_are_judged_at_the_given_time() {
    let ada = vector("fixtures/keys/ada_public.asc"); // created 2026-01-15T10:00:00Z
    let before = validate_user_key_at(&ada, at("2026-01-01T00:00:00Z"));
    assert_eq!(names(&before), ["isNotCreatedInTheFutureRule"]);
    let expired = vector("keys/gnupg/expired.pub.asc"); // valid 2020-01-15 .. 2021-01-14
    let in_2020 = validate_user_key_at(&expired, at("2020-06-01T00:00:00Z"));
    assert_eq!(names(&in_2020), ["hasNoExpiryDateRule"]);
}

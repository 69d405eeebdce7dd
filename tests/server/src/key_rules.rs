//! The server's strict rules for a user public key (`PublicKeyValidationService::getStrictRules`),
//! checked on what GnuPG reads from the key.

use crate::envelope::ApiError;
use crate::gpg::{Gpg, KeyInfo};
use serde_json::{Map, Value};

/// Parses `armored` and applies every strict rule; the key information, or the server's 400
/// with `{"armored_key": {"<rule>": "<message>"}}`.
pub fn validate_strict(gpg: &Gpg, armored: &str, now: i64) -> Result<KeyInfo, ApiError> {
    let parsable = armored
        .trim_start()
        .starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    let keys = if parsable {
        gpg.key_info(armored)
            .ok()
            .filter(|k| k.iter().all(|k| !k.secret && k.uid.is_some()))
    } else {
        None
    };
    let Some(keys) = keys.filter(|k| !k.is_empty()) else {
        let mut rule = Map::new();
        rule.insert(
            "isParsableArmoredKeyRule".into(),
            Value::String("The public key could not be parsed.".into()),
        );
        let tree = Value::Object(
            [("armored_key".to_string(), Value::Object(rule))]
                .into_iter()
                .collect(),
        );
        return Err(ApiError::validation(
            "A valid OpenPGP key must be provided.",
            tree,
        ));
    };
    let k = keys[0].clone();
    let mut errors = Map::new();
    let mut add = |rule: &str, message: &str| {
        errors.insert(rule.to_string(), Value::String(message.to_string()));
    };
    let known = ["RSA", "ECC", "ECDSA", "DH", "EdDSA"];
    if !known.contains(&k.key_type.as_str()) && !["ELGAMAL", "DSA"].contains(&k.key_type.as_str()) {
        add("isValidAlgorithmRule", "The algorithm is invalid.");
    }
    if k.fingerprint.len() != 40
        || !k
            .fingerprint
            .chars()
            .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))
    {
        add("isValidFingerprintRule", "The fingerprint id is invalid.");
    }
    if k.key_type == "RSA" && ![2048, 3072, 4096].contains(&k.bits) {
        add("isValidKeySizeRule", "The key size is not valid.");
    }
    if k.created > now {
        add(
            "isNotCreatedInTheFutureRule",
            "The key creation date must not be in the future.",
        );
    }
    if k.expires.is_some_and(|e| e <= now) {
        add("isNotExpiredRule", "The key must not be expired.");
    }
    if k.revoked {
        add("isNotRevokedRule", "The key must not be revoked.");
    }
    if k.expires.is_some() {
        add(
            "hasNoExpiryDateRule",
            "The key must not include an expiry date.",
        );
    }
    if has_extra_break_line(armored) {
        add(
            "hasNoExtraBreakLineRule",
            "The armored key must not contain an extra line before the end block.",
        );
    }
    if keys.len() > 1 {
        add(
            "hasMultipleMainPacketsRule",
            "The armored key must not contain multiple keys.",
        );
    }
    if k.key_type == "RSA" && ![3072, 4096].contains(&k.bits) {
        add(
            "isValidKeySizeStrictRule",
            "The key size must match security recommendations.",
        );
    }
    if !known.contains(&k.key_type.as_str()) {
        add("isValidAlgorithmStrictRule", "The algorithm is invalid.");
    }
    if errors.is_empty() {
        return Ok(k);
    }
    let tree = Value::Object(
        [("armored_key".to_string(), Value::Object(errors))]
            .into_iter()
            .collect(),
    );
    Err(ApiError::validation(
        "The public key could not be validated.",
        tree,
    ))
}

/// A blank line right before the END armor line (trouble for gopenpgp).
pub fn has_extra_break_line(armored: &str) -> bool {
    let normalized = armored.replace("\r\n", "\n");
    normalized.contains("\n\n-----END PGP PUBLIC KEY BLOCK-----")
}

//! Key information: the fields `/gpgkeys.json` returns for a key, plus what a client needs
//! to judge it (private or not, expired, revoked, every user id and subkey).

use chrono::{DateTime, SecondsFormat, Utc};
use pgp::composed::{SignedPublicKey, SignedPublicSubKey};
use pgp::types::{Fingerprint, KeyDetails};
use serde::Serialize;

use super::algorithm::Algorithm;
use super::error::PgpError;
use super::key_read::read_single_key;
use super::self_signatures::SelfSignatures;

/// Information about one OpenPGP key (primary key plus its subkeys).
///
/// The first fields are exactly those of the server's Gpgkey entity (`bits`, `uid`, `key_id`,
/// `fingerprint`, `type`, `expires`, `key_created`) in the server's vocabulary and formats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    /// Fingerprint of the primary key: 40 upper-case hex digits (v4 keys; 64 for v6).
    pub fingerprint: String,
    /// The last 8 hex digits of the fingerprint, upper case (the server's `key_id`).
    pub key_id: String,
    /// Key size: RSA/DSA/ElGamal modulus bits, or the curve size for ECC (256 for 25519).
    pub bits: u32,
    /// Algorithm of the primary key in the server's vocabulary.
    #[serde(rename = "type")]
    pub key_type: ServerKeyType,
    /// The primary user id (the one whose self-signature is marked primary, else the first).
    pub uid: String,
    /// Creation time of the primary key, ISO 8601 with `+00:00` (`2026-01-15T10:00:00+00:00`).
    pub key_created: String,
    /// Expiry time of the primary key in the same format, `None` when it never expires.
    pub expires: Option<String>,
    /// True when the block held secret key material.
    pub is_private: bool,
    /// True when the primary key has expired at the time of the call.
    pub is_expired: bool,
    /// True when the primary key carries a valid revocation signature.
    pub is_revoked: bool,
    /// Every user id of the key, in packet order.
    pub user_ids: Vec<String>,
    /// OpenPGP algorithm of the primary key by its RFC 9580 name (`RSA`, `EdDSALegacy`, ...).
    pub algorithm: String,
    /// Curve name as GnuPG prints it (`ed25519`, `cv25519`, `nistp256`, ...), for ECC keys.
    pub curve: Option<String>,
    /// What the primary key may do, from its self-signature's key flags.
    pub capabilities: Vec<Capability>,
    /// Key packet version (4 or 6).
    pub version: u8,
    /// Every subkey, in packet order.
    pub subkeys: Vec<SubkeyInfo>,
}

/// Information about one subkey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubkeyInfo {
    /// Fingerprint of the subkey, upper-case hex.
    pub fingerprint: String,
    /// The last 8 hex digits of the subkey fingerprint.
    pub key_id: String,
    /// OpenPGP algorithm by its RFC 9580 name.
    pub algorithm: String,
    /// The algorithm in the server's vocabulary.
    #[serde(rename = "type")]
    pub key_type: ServerKeyType,
    /// Key size, as for [`KeyInfo::bits`].
    pub bits: u32,
    /// Curve name as GnuPG prints it, for ECC subkeys.
    pub curve: Option<String>,
    /// What the subkey may do, from its binding signature's key flags.
    pub capabilities: Vec<Capability>,
    /// Creation time, ISO 8601 with `+00:00`.
    pub created: String,
    /// Expiry time, `None` when it never expires.
    pub expires: Option<String>,
    /// True when the subkey has expired at the time of the call.
    pub is_expired: bool,
    /// True when the subkey carries a revocation signature.
    pub is_revoked: bool,
}

/// A key's algorithm in the vocabulary of the Passbolt server's Gpgkey `type` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ServerKeyType {
    /// RSA (algorithms 1, 2, 3).
    #[serde(rename = "RSA")]
    Rsa,
    /// ElGamal (16).
    #[serde(rename = "ELGAMAL")]
    Elgamal,
    /// DSA (17).
    #[serde(rename = "DSA")]
    Dsa,
    /// ECDH (18), and X25519/X448 of RFC 9580 which the server cannot parse.
    #[serde(rename = "ECC")]
    Ecc,
    /// ECDSA (19).
    #[serde(rename = "ECDSA")]
    Ecdsa,
    /// Diffie-Hellman (21).
    #[serde(rename = "DH")]
    Dh,
    /// EdDSA legacy (22), and Ed25519/Ed448 of RFC 9580 which the server cannot parse.
    #[serde(rename = "EdDSA")]
    EdDsa,
    /// Anything else (post-quantum, private/experimental algorithms).
    #[serde(rename = "UNKNOWN")]
    Unknown,
}

/// One usage flag of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Capability {
    /// May certify other keys and user ids (GnuPG `c`).
    Certify,
    /// May sign data (GnuPG `s`).
    Sign,
    /// May encrypt communications or storage (GnuPG `e`).
    Encrypt,
    /// May authenticate (GnuPG `a`).
    Authenticate,
}

/// Reads one armored public or private key and describes it as of now.
///
/// Errors: [`PgpError::EmptyInput`], [`PgpError::InvalidArmor`], [`PgpError::ArmorChecksum`],
/// [`PgpError::NotAKey`] (a message, signature, ...), [`PgpError::MultipleKeys`],
/// [`PgpError::MalformedKey`], [`PgpError::InvalidUserId`], [`PgpError::InputTooLarge`].
pub fn key_info(armored: &str) -> Result<KeyInfo, PgpError> {
    key_info_at(armored, Utc::now())
}

/// As [`key_info`], with `is_expired` judged at `now`.
pub fn key_info_at(armored: &str, now: DateTime<Utc>) -> Result<KeyInfo, PgpError> {
    let read = read_single_key(armored)?;
    describe(&read.public, read.is_private, now)
}

/// Describes a parsed key; `now` decides `is_expired`.
pub(crate) fn describe(
    key: &SignedPublicKey,
    is_private: bool,
    now: DateTime<Utc>,
) -> Result<KeyInfo, PgpError> {
    let primary = &key.primary_key;
    let user_ids = key
        .details
        .users
        .iter()
        .map(|u| {
            u.id.as_str()
                .map(str::to_owned)
                .ok_or(PgpError::InvalidUserId)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let selfsig = SelfSignatures::of_primary(key);
    let uid = selfsig
        .primary_user
        .and_then(|i| user_ids.get(i).cloned())
        .or_else(|| user_ids.first().cloned())
        .unwrap_or_default();
    let created = timestamp(primary.created_at());
    let expires = expiry(created, selfsig.key_expiration);
    let (fingerprint, key_id) = fingerprint_and_id(&primary.fingerprint());
    let algo = Algorithm::of(primary.public_params(), primary.algorithm());
    let subkeys = key
        .public_subkeys
        .iter()
        .map(|sub| describe_subkey(primary, sub, now))
        .collect();
    Ok(KeyInfo {
        fingerprint,
        key_id,
        bits: algo.bits,
        key_type: algo.server_type,
        uid,
        key_created: iso(created),
        expires: expires.map(iso),
        is_private,
        is_expired: expires.is_some_and(|e| e <= now),
        is_revoked: selfsig.revoked,
        user_ids,
        algorithm: algo.name,
        curve: algo.curve,
        capabilities: selfsig.capabilities,
        version: u8::from(primary.version()),
        subkeys,
    })
}

fn describe_subkey(
    primary: &pgp::packet::PublicKey,
    sub: &SignedPublicSubKey,
    now: DateTime<Utc>,
) -> SubkeyInfo {
    let binding = SelfSignatures::of_subkey(primary, sub);
    let created = timestamp(sub.key.created_at());
    let expires = expiry(created, binding.key_expiration);
    let (fingerprint, key_id) = fingerprint_and_id(&sub.key.fingerprint());
    let algo = Algorithm::of(sub.key.public_params(), sub.key.algorithm());
    SubkeyInfo {
        fingerprint,
        key_id,
        algorithm: algo.name,
        key_type: algo.server_type,
        bits: algo.bits,
        curve: algo.curve,
        capabilities: binding.capabilities,
        created: iso(created),
        expires: expires.map(iso),
        is_expired: expires.is_some_and(|e| e <= now),
        is_revoked: binding.revoked,
    }
}

fn fingerprint_and_id(fp: &Fingerprint) -> (String, String) {
    let hex = format!("{fp:X}");
    let id = hex[hex.len().saturating_sub(8)..].to_owned();
    (hex, id)
}

fn timestamp(t: pgp::types::Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::from(t.as_secs()), 0).unwrap_or(DateTime::UNIX_EPOCH)
}

/// A key expiration time of zero means "never", as in RFC 9580 §5.2.3.13.
fn expiry(created: DateTime<Utc>, validity_secs: Option<u32>) -> Option<DateTime<Utc>> {
    match validity_secs? {
        0 => None,
        secs => created.checked_add_signed(chrono::Duration::seconds(i64::from(secs))),
    }
}

/// The server's date format: `2026-01-15T10:00:00+00:00`.
fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

//! Secrets (`../shared/protocol.md` §4.3): `GET /secrets/resource/{resourceId}.json`, and the
//! encryption of a secret for one user, signed by the writer — one OpenPGP message per user,
//! one recipient per message, as the extension and the server expect.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;
use zeroize::Zeroizing;

use super::api_error::{success_body, ApiError};
use super::http::{Method, Request, Response};
use super::json_read::Obj;
use super::query::path_id;
use super::resource_types::ResourceType;
use super::secret_data::SecretData;
use crate::pgp::{self, DecryptOptions, DecryptWith, PublicKey, UnlockedKey};

/// A stored secret: one user's encrypted copy of a resource's secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    /// The secret row's id.
    pub id: String,
    /// The user it is encrypted for.
    pub user_id: String,
    /// The resource it belongs to.
    pub resource_id: String,
    /// The armored OpenPGP message.
    pub data: String,
    /// Creation date (ISO 8601).
    pub created: Option<String>,
    /// Modification date (ISO 8601).
    pub modified: Option<String>,
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("id", &self.id)
            .field("user_id", &self.user_id)
            .field("resource_id", &self.resource_id)
            .field("data_len", &self.data.len())
            .finish_non_exhaustive()
    }
}

/// A secret encrypted for one user, to send (share, group update, resource update).
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct EncryptedSecret {
    /// The resource.
    pub resource_id: String,
    /// The user it is encrypted for.
    pub user_id: String,
    /// The armored OpenPGP message.
    pub data: String,
}

impl fmt::Debug for EncryptedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptedSecret")
            .field("resource_id", &self.resource_id)
            .field("user_id", &self.user_id)
            .field("data_len", &self.data.len())
            .finish()
    }
}

/// `GET /secrets/resource/{resource_id}.json`: the caller's copy of a resource's secret.
pub fn view_request(resource_id: &str) -> Request {
    Request::new(
        Method::Get,
        format!("/secrets/resource/{}.json", path_id(resource_id)),
    )
}

/// Parses the secret view of `resource_id`.
///
/// Errors: the envelope errors of [`ApiError`] (404 "The secret does not exist." when the
/// caller has no access); [`ApiError::Malformed`]; [`ApiError::UnexpectedId`] when the secret
/// is another resource's.
pub fn parse_view(response: &Response, resource_id: &str) -> Result<Secret, ApiError> {
    let (_, body) = success_body(response)?;
    let secret = parse_secret(&Obj::of(&body, "body")?)?;
    expect_id("body.resource_id", resource_id, &secret.resource_id)?;
    Ok(secret)
}

/// [`ApiError::UnexpectedId`] unless both ids are the same UUID (either case).
pub(crate) fn expect_id(path: &str, expected: &str, found: &str) -> Result<(), ApiError> {
    if expected.eq_ignore_ascii_case(found) {
        Ok(())
    } else {
        Err(ApiError::UnexpectedId {
            path: path.to_owned(),
            expected: expected.to_owned(),
            found: found.to_owned(),
        })
    }
}

/// Reads one secret object.
pub(crate) fn parse_secret(obj: &Obj<'_>) -> Result<Secret, ApiError> {
    let data = obj.string("data")?;
    if !looks_armored_message(&data) {
        return Err(ApiError::malformed(
            obj.field_path("data"),
            "an armored OpenPGP message",
        ));
    }
    Ok(Secret {
        id: obj.uuid("id")?,
        user_id: obj.uuid("user_id")?,
        resource_id: obj.uuid("resource_id")?,
        data,
        created: obj.opt_string("created")?,
        modified: obj.opt_string("modified")?,
    })
}

/// True when the text starts (after white space) with a `PGP MESSAGE` armor header.
pub(crate) fn looks_armored_message(text: &str) -> bool {
    text.trim_start().starts_with("-----BEGIN PGP MESSAGE-----")
}

/// Encrypts a plaintext for one user's key, signed by the writer (SEIPDv1, AES-256, one
/// recipient).
///
/// Errors: [`ApiError::Crypto`] ([`pgp::PgpError::UnusableRecipient`] for a revoked or
/// expired key, [`pgp::PgpError::UnusableSigner`]).
pub fn encrypt_secret(
    plaintext: &str,
    recipient: &PublicKey,
    signer: &UnlockedKey,
) -> Result<String, ApiError> {
    Ok(pgp::encrypt(
        plaintext.as_bytes(),
        &[recipient],
        Some(signer),
    )?)
}

/// Serialises `data` for `ty` (see [`SecretData::to_plaintext`]) and encrypts it for one user.
///
/// Errors: [`ApiError::InvalidInput`] when the data breaks the type's schema, then the
/// errors of [`encrypt_secret`].
pub fn encrypt_secret_data(
    data: &SecretData,
    ty: ResourceType,
    recipient: &PublicKey,
    signer: &UnlockedKey,
) -> Result<String, ApiError> {
    let plaintext = data.to_plaintext(ty)?;
    encrypt_secret(&plaintext, recipient, signer)
}

/// Encrypts the same plaintext for each `(user_id, key)`, one message each, all signed by
/// `signer`: the secrets of a share or of a resource update.
///
/// Errors: those of [`encrypt_secret`], for the first key that fails.
pub fn encrypt_for_users(
    resource_id: &str,
    plaintext: &str,
    recipients: &[(&str, &PublicKey)],
    signer: &UnlockedKey,
) -> Result<Vec<EncryptedSecret>, ApiError> {
    recipients
        .iter()
        .map(|(user_id, key)| {
            Ok(EncryptedSecret {
                resource_id: resource_id.to_owned(),
                user_id: (*user_id).to_owned(),
                data: encrypt_secret(plaintext, key, signer)?,
            })
        })
        .collect()
}

/// Decrypts a secret to its text. When `signers` is not empty, a valid signature by one of
/// them is required.
///
/// Errors: [`ApiError::Crypto`] (not for this key, tampered, [`pgp::PgpError::SignatureRequired`]);
/// [`ApiError::MalformedSecret`] when the plaintext is not UTF-8.
pub fn decrypt_secret_text(
    armored: &str,
    key: &UnlockedKey,
    signers: &[&PublicKey],
) -> Result<Zeroizing<String>, ApiError> {
    let options = DecryptOptions {
        verification_keys: signers,
        require_signature: !signers.is_empty(),
    };
    let decrypted = pgp::decrypt(armored, DecryptWith::Key(key), &options)?;
    let text = std::str::from_utf8(&decrypted.data).map_err(|_| ApiError::MalformedSecret {
        path: "secret".into(),
        expected: "UTF-8 text",
    })?;
    Ok(Zeroizing::new(text.to_owned()))
}

/// Decrypts a secret and reads it as `ty`'s secret (see [`SecretData::from_plaintext`]).
///
/// Errors: those of [`decrypt_secret_text`] and [`SecretData::from_plaintext`].
pub fn decrypt_secret(
    armored: &str,
    key: &UnlockedKey,
    ty: ResourceType,
    signers: &[&PublicKey],
) -> Result<SecretData, ApiError> {
    let text = decrypt_secret_text(armored, key, signers)?;
    SecretData::from_plaintext(ty, &text)
}

/// [`ApiError::SecretsMismatch`] unless `given` names each of `expected` exactly once.
/// Keys are compared case-insensitively (UUIDs).
pub(crate) fn check_coverage(
    expected: impl IntoIterator<Item = String>,
    given: impl IntoIterator<Item = String>,
) -> Result<(), ApiError> {
    let expected: BTreeSet<String> = expected.into_iter().map(|k| k.to_lowercase()).collect();
    let mut seen = BTreeSet::new();
    let mut unexpected = Vec::new();
    for key in given {
        let key = key.to_lowercase();
        if !expected.contains(&key) || !seen.insert(key.clone()) {
            unexpected.push(key);
        }
    }
    let missing: Vec<String> = expected.difference(&seen).cloned().collect();
    if missing.is_empty() && unexpected.is_empty() {
        Ok(())
    } else {
        Err(ApiError::SecretsMismatch {
            missing,
            unexpected,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_names_missing_and_unexpected_and_duplicates() {
        let err = check_coverage(
            ["A".to_owned(), "b".to_owned()],
            ["a".to_owned(), "c".to_owned(), "a".to_owned()],
        )
        .unwrap_err();
        assert_eq!(
            err,
            ApiError::SecretsMismatch {
                missing: vec!["b".into()],
                unexpected: vec!["c".into(), "a".into()]
            }
        );
        assert!(check_coverage(["x".to_owned()], ["X".to_owned()]).is_ok());
    }

    #[test]
    fn view_request_path() {
        assert_eq!(
            view_request("8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31").path_and_query(),
            "/secrets/resource/8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31.json?api-version=v2"
        );
    }
}

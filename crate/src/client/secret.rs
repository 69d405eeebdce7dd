//! Reading one secret (§4.3): decrypt the caller's copy with the user's key, read it as its
//! resource type's secret, and report who signed it, checked against the synced keyring and
//! the user's own key. An unknown or bad signer is reported, not hidden and not an error.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::pgp::{self, DecryptOptions, DecryptWith, PublicKey, SignatureCheck};
use crate::protocol::api_error::ApiError;
use crate::protocol::resources::{self, Resource};
use crate::protocol::secret_data::{SecretCustomField, SecretData, Totp};
use crate::protocol::secrets;

use super::api::Client;
use super::error::ClientError;
use super::transport::Transport;

/// Who signed a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignerView {
    /// The signing key's fingerprint (or the issuer key id the signature names, when no key
    /// of the keyring made it).
    pub fingerprint: Option<String>,
    /// The user whose key made the signature, when known.
    pub user_id: Option<String>,
    /// True when the signature verified against that user's key.
    pub verified: bool,
}

/// A decrypted secret. `Debug` shows the resource and the signers, never the secret.
#[derive(Clone, PartialEq)]
pub struct SecretView {
    /// The resource.
    pub resource_id: String,
    /// Its type's id.
    pub resource_type_id: String,
    /// Its type's slug.
    pub resource_type: String,
    /// The secret, read as the type's secret.
    pub data: SecretData,
    /// Every signature of the message (empty when it is not signed).
    pub signers: Vec<SignerView>,
}

impl SecretView {
    /// True when at least one signature verified against a known key.
    pub fn verified(&self) -> bool {
        self.signers.iter().any(|s| s.verified)
    }
}

impl fmt::Debug for SecretView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretView")
            .field("resource_id", &self.resource_id)
            .field("resource_type", &self.resource_type)
            .field("signers", &self.signers)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct DataWire<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    totp: Option<&'a Totp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pin_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_fields: Option<&'a [SecretCustomField]>,
}

#[derive(Serialize)]
struct ViewWire<'a> {
    resource_id: &'a str,
    resource_type_id: &'a str,
    resource_type: &'a str,
    data: DataWire<'a>,
    signers: &'a [SignerView],
    verified: bool,
}

impl Serialize for SecretView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ViewWire {
            resource_id: &self.resource_id,
            resource_type_id: &self.resource_type_id,
            resource_type: &self.resource_type,
            data: DataWire {
                password: self.data.password.as_deref(),
                description: self.data.description.as_deref(),
                totp: self.data.totp.as_ref(),
                pin_code: self.data.pin_code.as_deref(),
                custom_fields: self.data.custom_fields.as_deref(),
            },
            signers: &self.signers,
            verified: self.verified(),
        }
        .serialize(serializer)
    }
}

impl<T: Transport> Client<T> {
    /// Reads a resource (without contains).
    pub(crate) async fn resource(&self, resource_id: &str) -> Result<Resource, ClientError> {
        Self::check_id("resource_id", resource_id)?;
        let response = self
            .conn
            .call(resources::view_request(resource_id, &[]))
            .await?;
        Ok(resources::parse_view(&response, resource_id)?)
    }

    /// Decrypts the caller's secret of a resource, reads it as the resource type's secret and
    /// reports its signers: verified against the keyring (synced when it was never synced, or
    /// when it lacks the signer's key) and the user's own key.
    ///
    /// Errors: the session errors, `NOT_FOUND` (no such resource, or no access),
    /// `UNEXPECTED_ID` (a secret of another resource), `MALFORMED_RESPONSE` (an unknown
    /// resource type), [`ClientError::Pgp`] (not for the user's key, tampered),
    /// `MALFORMED_SECRET` (not of the type's form).
    pub async fn secret(&self, resource_id: &str) -> Result<SecretView, ClientError> {
        let account = self.account()?;
        let resource = self.resource(resource_id).await?;
        let ty = resource
            .resource_type
            .ok_or_else(|| ApiError::malformed("body.resource_type_id", "a known resource type"))?;
        let response = self.conn.call(secrets::view_request(resource_id)).await?;
        let secret = secrets::parse_view(&response, resource_id)?;
        self.ensure_keyring().await?;
        let own = account.key.public_key();
        let first = pgp::decrypt(
            &secret.data,
            DecryptWith::Key(&account.key),
            &DecryptOptions {
                verification_keys: &[own],
                require_signature: false,
            },
        )?;
        let mut signatures = first.signatures.clone();
        if signatures.iter().any(|s| !s.verified) {
            let mut candidates = self.signer_candidates(&signatures);
            if candidates.is_empty() {
                // A key the keyring does not have yet: sync once more.
                self.sync_keys().await?;
                candidates = self.signer_candidates(&signatures);
            }
            if !candidates.is_empty() {
                let mut keys: Vec<&PublicKey> = candidates.iter().collect();
                keys.push(own);
                // The session key is known now: no second private-key operation.
                let again = pgp::decrypt(
                    &secret.data,
                    DecryptWith::SessionKey(&first.session_key),
                    &DecryptOptions {
                        verification_keys: &keys,
                        require_signature: false,
                    },
                )?;
                signatures = again.signatures;
            }
        }
        let text = std::str::from_utf8(&first.data).map_err(|_| ApiError::MalformedSecret {
            path: "secret".into(),
            expected: "UTF-8 text",
        })?;
        let data = SecretData::from_plaintext(ty, text)?;
        let signers = signatures
            .iter()
            .map(|s| self.signer_view(s, &account.user_id, &own.fingerprint()))
            .collect();
        Ok(SecretView {
            resource_id: resource.id,
            resource_type_id: resource.resource_type_id,
            resource_type: ty.slug().to_owned(),
            data,
            signers,
        })
    }

    /// The keyring's keys that may have made the unverified signatures (by issuer
    /// fingerprint, or by key id for a key that signs with its primary key).
    fn signer_candidates(&self, signatures: &[SignatureCheck]) -> Vec<PublicKey> {
        let keyring = self.keyring.borrow();
        let mut out = Vec::new();
        for signature in signatures.iter().filter(|s| !s.verified) {
            for gpgkey in keyring.keys() {
                let fingerprint = gpgkey.fingerprint.to_ascii_uppercase();
                let matches = signature
                    .issuer_fingerprint
                    .as_deref()
                    .is_some_and(|f| f.eq_ignore_ascii_case(&fingerprint))
                    || signature
                        .issuer_key_id
                        .as_deref()
                        .is_some_and(|id| fingerprint.ends_with(&id.to_ascii_uppercase()));
                if matches {
                    if let Ok(key) = gpgkey.public_key() {
                        out.push(key);
                    }
                }
            }
        }
        out
    }

    fn signer_view(&self, s: &SignatureCheck, own_id: &str, own_fp: &str) -> SignerView {
        let fingerprint = s
            .signer_fingerprint
            .clone()
            .or_else(|| s.issuer_fingerprint.clone())
            .or_else(|| s.issuer_key_id.clone());
        let user_id = if s.verified {
            match s.signer_fingerprint.as_deref() {
                Some(fp) if fp.eq_ignore_ascii_case(own_fp) => Some(own_id.to_owned()),
                Some(fp) => self
                    .keyring
                    .borrow()
                    .keys()
                    .find(|k| k.fingerprint.eq_ignore_ascii_case(fp))
                    .map(|k| k.user_id.clone()),
                None => None,
            }
        } else {
            None
        };
        SignerView {
            fingerprint,
            user_id,
            verified: s.verified,
        }
    }
}

/// The JSON of a secret as the caller gives it: the text of a string-typed secret, or the
/// object's JSON.
pub(crate) fn secret_plaintext(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

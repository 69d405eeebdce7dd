//! The server's JWT signing key: `GET /auth/jwt/rsa.json` (PEM in an envelope) and
//! `GET /auth/jwt/jwks.json` (a raw JWK set, no envelope) (protocol.md §3).

use std::fmt;

use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPublicKey};
use serde_json::Value;
use sha2::Sha256;

use crate::envelope::EnvelopeError;
use crate::protocol::http::{Method, Request, Response};

use super::error::AuthError;
use super::response::{api_request, envelope, server_error, string_field, success};

const RSA_PATH: &str = "/auth/jwt/rsa.json";
const JWKS_PATH: &str = "/auth/jwt/jwks.json";
/// The server's JWT key is RSA 4096; anything under 2048 bits is refused.
const MIN_RSA_BITS: usize = 2048;

/// base64url, with or without padding (JWS omits it; be liberal).
pub(crate) const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// One RSA public key that signs access tokens (RS256). `Debug` shows its size and key id.
#[derive(Clone, PartialEq, Eq)]
pub struct JwtKey {
    key_id: Option<String>,
    key: RsaPublicKey,
}

impl JwtKey {
    /// Reads a PEM public key: SPKI (`BEGIN PUBLIC KEY`, what `rsa.json` sends) or PKCS#1
    /// (`BEGIN RSA PUBLIC KEY`).
    ///
    /// Errors: [`AuthError::InvalidJwtKey`].
    pub fn from_pem(pem: &str) -> Result<Self, AuthError> {
        let key = RsaPublicKey::from_public_key_pem(pem.trim())
            .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem.trim()))
            .map_err(|_| AuthError::InvalidJwtKey {
                reason: "it is not a PEM RSA public key",
            })?;
        Self::checked(key, None)
    }

    /// Reads a JWK's modulus `n` and exponent `e` (base64url big-endian integers).
    ///
    /// Errors: [`AuthError::InvalidJwtKey`].
    pub fn from_jwk(n: &str, e: &str, key_id: Option<&str>) -> Result<Self, AuthError> {
        let number = |text: &str| {
            BASE64URL
                .decode(text)
                .ok()
                .filter(|bytes| !bytes.is_empty())
                .map(|bytes| BigUint::from_bytes_be(&bytes))
                .ok_or(AuthError::InvalidJwtKey {
                    reason: "its n or e is not base64url",
                })
        };
        let key =
            RsaPublicKey::new(number(n)?, number(e)?).map_err(|_| AuthError::InvalidJwtKey {
                reason: "its n and e do not make an RSA key",
            })?;
        Self::checked(key, key_id.map(str::to_owned))
    }

    fn checked(key: RsaPublicKey, key_id: Option<String>) -> Result<Self, AuthError> {
        if key.size() * 8 < MIN_RSA_BITS {
            return Err(AuthError::InvalidJwtKey {
                reason: "it is shorter than 2048 bits",
            });
        }
        Ok(JwtKey { key_id, key })
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.size() * 8
    }

    /// The JWK `kid`, when the set names one.
    pub fn key_id(&self) -> Option<&str> {
        self.key_id.as_deref()
    }

    fn verifies(&self, signing_input: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = Signature::try_from(signature) else {
            return false;
        };
        VerifyingKey::<Sha256>::new(self.key.clone())
            .verify(signing_input, &signature)
            .is_ok()
    }
}

impl fmt::Debug for JwtKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtKey")
            .field("bits", &self.bits())
            .field("key_id", &self.key_id)
            .finish()
    }
}

/// The server's JWT signing keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtKeySet {
    keys: Vec<JwtKey>,
}

impl JwtKeySet {
    /// A set of the given keys.
    pub fn new(keys: Vec<JwtKey>) -> Self {
        JwtKeySet { keys }
    }

    /// The keys.
    pub fn keys(&self) -> &[JwtKey] {
        &self.keys
    }

    /// Checks an RS256 signature over `signing_input` with any key of the set.
    ///
    /// Errors: [`AuthError::JwtSignature`].
    pub(crate) fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), AuthError> {
        if self
            .keys
            .iter()
            .any(|key| key.verifies(signing_input, signature))
        {
            Ok(())
        } else {
            Err(AuthError::JwtSignature)
        }
    }
}

/// `GET /auth/jwt/rsa.json`: the JWT key as PEM.
pub fn rsa_key_request() -> Request {
    api_request(Method::Get, RSA_PATH)
}

/// Reads the answer to [`rsa_key_request`]: `{"keydata": "<PEM>"}` in an envelope.
///
/// Errors: [`AuthError::Envelope`], [`AuthError::Server`], [`AuthError::UnexpectedBody`],
/// [`AuthError::InvalidJwtKey`].
pub fn parse_rsa_key(response: &Response) -> Result<JwtKeySet, AuthError> {
    let envelope = success(response)?;
    let pem = string_field(
        &envelope.body,
        "keydata",
        RSA_PATH,
        "the body has no \"keydata\" string",
    )?;
    Ok(JwtKeySet::new(vec![JwtKey::from_pem(pem)?]))
}

/// `GET /auth/jwt/jwks.json`: the JWT key as a JWK set.
pub fn jwks_request() -> Request {
    api_request(Method::Get, JWKS_PATH)
}

/// Reads the answer to [`jwks_request`]: a raw `{"keys": [...]}` (an enveloped one is read
/// too). RSA keys for signing with RS256 (or no `alg`/`use`) are kept, others skipped.
///
/// Errors: [`AuthError::Envelope`] for HTML, empty or non-JSON bodies, [`AuthError::Server`]
/// for an error status, [`AuthError::UnexpectedBody`] without a `keys` list,
/// [`AuthError::InvalidJwtKey`] when no usable key remains.
pub fn parse_jwks(response: &Response) -> Result<JwtKeySet, AuthError> {
    let status = response.status;
    if !(200..300).contains(&status) {
        return Err(server_error(&envelope(response)?));
    }
    let text = response.body.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(EnvelopeError::EmptyBody {
            http_status: status,
        }
        .into());
    }
    if text.starts_with('<') {
        return Err(EnvelopeError::Html {
            http_status: status,
        }
        .into());
    }
    let mut json: Value = serde_json::from_str(text).map_err(|e| EnvelopeError::InvalidJson {
        http_status: status,
        line: e.line(),
        column: e.column(),
    })?;
    if json.get("header").is_some() {
        json = json.get_mut("body").map(Value::take).unwrap_or_default();
    }
    let entries = json
        .get("keys")
        .and_then(Value::as_array)
        .ok_or(AuthError::UnexpectedBody {
            endpoint: JWKS_PATH,
            reason: "the body has no \"keys\" list",
        })?;
    let mut first_error = None;
    let mut keys = Vec::new();
    for entry in entries.iter().filter(|entry| is_rs256_signing_key(entry)) {
        let n = entry.get("n").and_then(Value::as_str).unwrap_or_default();
        let e = entry.get("e").and_then(Value::as_str).unwrap_or_default();
        let kid = entry.get("kid").and_then(Value::as_str);
        match JwtKey::from_jwk(n, e, kid) {
            Ok(key) => keys.push(key),
            Err(err) => {
                first_error.get_or_insert(err);
            }
        }
    }
    if keys.is_empty() {
        return Err(first_error.unwrap_or(AuthError::InvalidJwtKey {
            reason: "the set holds no RSA signing key",
        }));
    }
    Ok(JwtKeySet::new(keys))
}

fn is_rs256_signing_key(entry: &Value) -> bool {
    let field = |name| entry.get(name).and_then(Value::as_str);
    field("kty") == Some("RSA")
        && field("alg").is_none_or(|alg| alg == "RS256")
        && field("use").is_none_or(|usage| usage == "sig")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    #[test]
    fn non_rsa_or_non_signing_entries_are_skipped() {
        let body = r#"{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"},{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"}]}"#;
        assert_eq!(
            parse_jwks(&raw(200, body)).unwrap_err(),
            AuthError::InvalidJwtKey {
                reason: "the set holds no RSA signing key"
            }
        );
    }

    #[test]
    fn short_or_garbled_keys_are_refused() {
        // 512-bit modulus.
        let n = BASE64URL.encode([0xC5u8; 64]);
        assert_eq!(
            JwtKey::from_jwk(&n, "AQAB", None).unwrap_err(),
            AuthError::InvalidJwtKey {
                reason: "it is shorter than 2048 bits"
            }
        );
        assert_eq!(
            JwtKey::from_jwk("!!", "AQAB", None).unwrap_err(),
            AuthError::InvalidJwtKey {
                reason: "its n or e is not base64url"
            }
        );
        assert_eq!(
            JwtKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
                .unwrap_err(),
            AuthError::InvalidJwtKey {
                reason: "it is not a PEM RSA public key"
            }
        );
    }

    #[test]
    fn jwks_bodies_that_are_not_json_are_envelope_errors() {
        assert_eq!(
            parse_jwks(&raw(200, "<html></html>")).unwrap_err().code(),
            "HTML_BODY"
        );
        assert_eq!(parse_jwks(&raw(200, "")).unwrap_err().code(), "EMPTY_BODY");
        assert_eq!(
            parse_jwks(&raw(200, "{\"keys\":")).unwrap_err().code(),
            "INVALID_JSON"
        );
        assert_eq!(
            parse_jwks(&raw(200, "{}")).unwrap_err(),
            AuthError::UnexpectedBody {
                endpoint: JWKS_PATH,
                reason: "the body has no \"keys\" list"
            }
        );
        assert_eq!(
            parse_jwks(&raw(502, "<html>Bad gateway</html>"))
                .unwrap_err()
                .code(),
            "HTML_BODY"
        );
    }
}

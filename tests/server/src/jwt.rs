//! RS256 access tokens: signing, checking, and the public key in PEM and JWKS forms.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::Sha256;

/// The server's JWT signing key.
pub struct JwtKey {
    key: RsaPrivateKey,
}

impl std::fmt::Debug for JwtKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKey(..)")
    }
}

impl JwtKey {
    /// Reads a PKCS#8 PEM private key.
    pub fn from_pem(pem: &str) -> Result<JwtKey, String> {
        let key = RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| format!("JWT key: {e}"))?;
        Ok(JwtKey { key })
    }

    /// A signed token with `iss`, `sub`, `exp`.
    pub fn sign(&self, issuer: &str, subject: &str, expires: i64) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"RS256"}"#);
        let claims = URL_SAFE_NO_PAD
            .encode(json!({"iss": issuer, "sub": subject, "exp": expires}).to_string());
        let input = format!("{header}.{claims}");
        let signature: Signature =
            SigningKey::<Sha256>::new(self.key.clone()).sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    /// The subject of a token signed by this key and not expired at `now`.
    pub fn verify(&self, token: &str, now: i64) -> Option<String> {
        let mut parts = token.split('.');
        let (h, c, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).ok()?).ok()?;
        if header.get("alg")?.as_str()? != "RS256" {
            return None;
        }
        let signature = Signature::try_from(URL_SAFE_NO_PAD.decode(s).ok()?.as_slice()).ok()?;
        VerifyingKey::<Sha256>::new(self.key.to_public_key())
            .verify(format!("{h}.{c}").as_bytes(), &signature)
            .ok()?;
        let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(c).ok()?).ok()?;
        if claims.get("exp")?.as_i64()? <= now {
            return None;
        }
        Some(claims.get("sub")?.as_str()?.to_string())
    }

    /// `-----BEGIN PUBLIC KEY-----` PEM (`/auth/jwt/rsa.json`).
    pub fn public_pem(&self) -> String {
        self.key
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap_or_default()
    }

    /// The JWKS document (`/auth/jwt/jwks.json`).
    pub fn jwks(&self) -> Value {
        let public = self.key.to_public_key();
        json!({"keys": [{
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
            "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
        }]})
    }
}

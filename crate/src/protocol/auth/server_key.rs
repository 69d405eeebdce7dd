//! The server's OpenPGP key (`GET /auth/verify.json`) and its pinning.
//!
//! The first verified key yields a [`ServerKeyPin`] for the user to confirm and the account to
//! store; from then on another key is [`AuthError::ServerKeyChanged`].

use std::fmt;

use crate::pgp::PublicKey;
use crate::protocol::http::{Method, Request, Response};

use super::error::AuthError;
use super::response::{api_request, string_field, success};

const VERIFY_ENDPOINT: &str = "/auth/verify.json";

/// `GET /auth/verify.json`: the server's public key and fingerprint.
pub fn server_key_request() -> Request {
    api_request(Method::Get, VERIFY_ENDPOINT)
}

/// A stored server fingerprint: 40 upper-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServerKeyPin(String);

impl ServerKeyPin {
    /// Reads a stored fingerprint (either case, spaces allowed between groups).
    ///
    /// Errors: [`AuthError::InvalidFingerprint`].
    pub fn new(fingerprint: &str) -> Result<Self, AuthError> {
        Ok(ServerKeyPin(normalize_fingerprint(fingerprint)?))
    }

    /// The fingerprint, upper-case hex.
    pub fn fingerprint(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ServerKeyPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a verified server key stands against the stored pin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerTrust {
    /// No pin was stored: show this fingerprint to the user and store it once confirmed.
    FirstUse(ServerKeyPin),
    /// The key is the pinned one.
    Pinned(ServerKeyPin),
}

impl ServerTrust {
    /// The fingerprint, in either case.
    pub fn pin(&self) -> &ServerKeyPin {
        match self {
            ServerTrust::FirstUse(pin) | ServerTrust::Pinned(pin) => pin,
        }
    }
}

/// The server's public key as `/auth/verify.json` sends it, read and checked against its
/// declared fingerprint.
#[derive(Debug, Clone)]
pub struct ServerKey {
    key: PublicKey,
    armored: String,
    pin: ServerKeyPin,
}

impl ServerKey {
    /// Reads the answer to [`server_key_request`]: `{fingerprint, keydata}`.
    ///
    /// Errors: [`AuthError::Envelope`] (HTML, not JSON), [`AuthError::Server`],
    /// [`AuthError::UnexpectedBody`], [`AuthError::Crypto`] (unreadable key),
    /// [`AuthError::ServerKeyMismatch`] when the key is not the declared one.
    pub fn from_response(response: &Response) -> Result<Self, AuthError> {
        let envelope = success(response)?;
        let declared = string_field(
            &envelope.body,
            "fingerprint",
            VERIFY_ENDPOINT,
            "the body has no \"fingerprint\" string",
        )?;
        let keydata = string_field(
            &envelope.body,
            "keydata",
            VERIFY_ENDPOINT,
            "the body has no \"keydata\" string",
        )?;
        let key = Self::from_armored(keydata)?;
        let declared = normalize_fingerprint(declared).map_err(|_| AuthError::UnexpectedBody {
            endpoint: VERIFY_ENDPOINT,
            reason: "its \"fingerprint\" is not 40 hexadecimal digits",
        })?;
        if declared != key.pin.0 {
            return Err(AuthError::ServerKeyMismatch {
                declared,
                actual: key.pin.0,
            });
        }
        Ok(key)
    }

    /// Reads an armored public key (a stored copy, or a test server's key).
    ///
    /// Errors: [`AuthError::Crypto`] when the key cannot be read.
    pub fn from_armored(armored: &str) -> Result<Self, AuthError> {
        let key =
            PublicKey::read(armored).map_err(AuthError::crypto("read the server's public key"))?;
        let pin = ServerKeyPin(key.fingerprint());
        Ok(ServerKey {
            key,
            armored: armored.to_owned(),
            pin,
        })
    }

    /// The primary key fingerprint, upper-case hex.
    pub fn fingerprint(&self) -> &str {
        &self.pin.0
    }

    /// The parsed key (to encrypt to, to verify signatures with).
    pub fn public_key(&self) -> &PublicKey {
        &self.key
    }

    /// The armored key as the server sent it.
    pub fn armored(&self) -> &str {
        &self.armored
    }

    /// Compares with the stored pin: none gives [`ServerTrust::FirstUse`], the same
    /// fingerprint [`ServerTrust::Pinned`].
    ///
    /// Errors: [`AuthError::ServerKeyChanged`] for another fingerprint.
    pub fn check_pin(&self, pinned: Option<&ServerKeyPin>) -> Result<ServerTrust, AuthError> {
        match pinned {
            None => Ok(ServerTrust::FirstUse(self.pin.clone())),
            Some(pin) if *pin == self.pin => Ok(ServerTrust::Pinned(pin.clone())),
            Some(pin) => Err(AuthError::ServerKeyChanged {
                pinned: pin.0.clone(),
                presented: self.pin.0.clone(),
            }),
        }
    }
}

/// 40 hex digits, upper-cased; white space between groups is dropped.
pub(crate) fn normalize_fingerprint(text: &str) -> Result<String, AuthError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() != 40 || !compact.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AuthError::InvalidFingerprint);
    }
    Ok(compact.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_normalizes_case_and_spaces() {
        let pin = ServerKeyPin::new("63f6 b14f 4d64 01f4 ec13  697d 7511 3c6f c52e 8151").unwrap();
        assert_eq!(
            pin.fingerprint(),
            "63F6B14F4D6401F4EC13697D75113C6FC52E8151"
        );
        for bad in [
            "",
            "63F6B14F",
            "63F6B14F4D6401F4EC13697D75113C6FC52E815G",
            "63F6B14F4D6401F4EC13697D75113C6FC52E81511",
        ] {
            assert_eq!(
                ServerKeyPin::new(bad).unwrap_err(),
                AuthError::InvalidFingerprint
            );
        }
    }

    #[test]
    fn request_is_a_get_of_verify_json() {
        let r = server_key_request();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.path_and_query(), "/auth/verify.json?api-version=v2");
        assert!(r.body.is_none());
    }
}

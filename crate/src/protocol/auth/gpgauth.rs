//! GPGAuth 1.3.0 login, one type per stage (protocol.md §2.4).
//!
//! ```text
//! Stage0::start ─ POST /auth/verify.json ─▶ Stage0::finish → ServerTrust (pin the key)
//! Stage1::start ─ POST /auth/login.json  ─▶ Stage1::finish → (Stage2, request)
//!                 POST /auth/login.json  ─▶ Stage2::finish → LoggedIn
//! ```
//! Each `finish` checks the `X-GPGAuth-*` headers the way the extension's `GpgAuthHeader`
//! does (required values, headers that belong to other stages) before anything else.

use std::fmt;

use rand::{CryptoRng, RngCore};
use serde_json::{json, Value};

use crate::envelope::Envelope;
use crate::pgp::{decrypt, encrypt, DecryptOptions, DecryptWith, PgpError, UnlockedKey};
use crate::protocol::http::{Method, Request, Response};

use super::error::{AuthError, GpgAuthStage};
use super::header_encoding::decode_user_auth_token;
use super::response::{api_request, envelope, quote, server_error, single_header};
use super::server_key::{normalize_fingerprint, ServerKey, ServerKeyPin, ServerTrust};
use super::token::GpgAuthToken;

/// `X-GPGAuth-Version`
pub const HEADER_VERSION: &str = "X-GPGAuth-Version";
/// `X-GPGAuth-Authenticated`
pub const HEADER_AUTHENTICATED: &str = "X-GPGAuth-Authenticated";
/// `X-GPGAuth-Progress`
pub const HEADER_PROGRESS: &str = "X-GPGAuth-Progress";
/// `X-GPGAuth-Verify-Response`
pub const HEADER_VERIFY_RESPONSE: &str = "X-GPGAuth-Verify-Response";
/// `X-GPGAuth-User-Auth-Token`
pub const HEADER_USER_AUTH_TOKEN: &str = "X-GPGAuth-User-Auth-Token";
/// `X-GPGAuth-Refer`
pub const HEADER_REFER: &str = "X-GPGAuth-Refer";
/// `X-GPGAuth-Error`
pub const HEADER_ERROR: &str = "X-GPGAuth-Error";
/// `X-GPGAuth-Debug`
pub const HEADER_DEBUG: &str = "X-GPGAuth-Debug";

const VERIFY_PATH: &str = "/auth/verify.json";
const LOGIN_PATH: &str = "/auth/login.json";

/// What a stage's answer must carry.
struct Expected {
    stage: GpgAuthStage,
    authenticated: &'static str,
    progress: &'static str,
    /// The header that carries the stage's result.
    carries: &'static str,
    /// Headers of the other stages.
    forbidden: [&'static str; 2],
}

const STAGE0: Expected = Expected {
    stage: GpgAuthStage::Stage0,
    authenticated: "false",
    progress: "stage0",
    carries: HEADER_VERIFY_RESPONSE,
    forbidden: [HEADER_USER_AUTH_TOKEN, HEADER_REFER],
};
const STAGE1: Expected = Expected {
    stage: GpgAuthStage::Stage1,
    authenticated: "false",
    progress: "stage1",
    carries: HEADER_USER_AUTH_TOKEN,
    forbidden: [HEADER_VERIFY_RESPONSE, HEADER_REFER],
};
const COMPLETE: Expected = Expected {
    stage: GpgAuthStage::Complete,
    authenticated: "true",
    progress: "complete",
    carries: HEADER_REFER,
    forbidden: [HEADER_USER_AUTH_TOKEN, HEADER_VERIFY_RESPONSE],
};

/// Stage 0 in flight: holds the verify token until the server echoes it.
pub struct Stage0 {
    token: GpgAuthToken,
    trust: ServerTrust,
}

impl Stage0 {
    /// Checks the server key against the stored pin, makes a fresh token, encrypts it (unsigned)
    /// for the server key and builds `POST /auth/verify.json`
    /// `{"gpg_auth": {"keyid", "server_verify_token"}}`.
    ///
    /// Errors: [`AuthError::InvalidFingerprint`] (user fingerprint),
    /// [`AuthError::ServerKeyChanged`] before anything is sent, [`AuthError::Crypto`] when the
    /// server key cannot be encrypted to (expired, revoked, no encryption subkey).
    pub fn start<R: RngCore + CryptoRng>(
        user_fingerprint: &str,
        server_key: &ServerKey,
        pinned: Option<&ServerKeyPin>,
        rng: &mut R,
    ) -> Result<(Stage0, Request), AuthError> {
        let keyid = normalize_fingerprint(user_fingerprint)?;
        let trust = server_key.check_pin(pinned)?;
        let token = GpgAuthToken::generate(rng);
        let encrypted = encrypt(token.as_str().as_bytes(), &[server_key.public_key()], None)
            .map_err(AuthError::crypto(
                "encrypt the verify token for the server key",
            ))?;
        let body = json!({"gpg_auth": {"keyid": keyid, "server_verify_token": encrypted}});
        let request = api_request(Method::Post, VERIFY_PATH).body(body.to_string());
        Ok((Stage0 { token, trust }, request))
    }

    /// Checks the answer: stage-0 headers, and `X-GPGAuth-Verify-Response` equal to our token.
    /// Returns where the key stands against the pin ([`ServerTrust::FirstUse`]: ask the user
    /// to confirm the fingerprint, then store it).
    ///
    /// Errors: those of the header checks (see [`Stage1::finish`]),
    /// [`AuthError::VerifyTokenMismatch`].
    pub fn finish(self, response: &Response) -> Result<ServerTrust, AuthError> {
        let (_, echoed) = check_stage(response, &STAGE0)?;
        if echoed != self.token.as_str() {
            return Err(AuthError::VerifyTokenMismatch);
        }
        Ok(self.trust)
    }
}

impl fmt::Debug for Stage0 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stage0")
            .field("trust", &self.trust)
            .finish_non_exhaustive()
    }
}

/// Stage 1 in flight: the login token request.
#[derive(Debug)]
pub struct Stage1 {
    keyid: String,
}

impl Stage1 {
    /// Builds `POST /auth/login.json` `{"gpg_auth": {"keyid"}}`.
    ///
    /// Errors: [`AuthError::InvalidFingerprint`].
    pub fn start(user_fingerprint: &str) -> Result<(Stage1, Request), AuthError> {
        let keyid = normalize_fingerprint(user_fingerprint)?;
        let body = json!({"gpg_auth": {"keyid": keyid}});
        let request = api_request(Method::Post, LOGIN_PATH).body(body.to_string());
        Ok((Stage1 { keyid }, request))
    }

    /// Checks the answer, decodes `X-GPGAuth-User-Auth-Token`, decrypts it with the user's key,
    /// requires a valid signature of `server_key` (the key stage 0 verified and the account
    /// pinned; the official extension does not check this signature), validates the token and
    /// builds the stage-2 request that answers it.
    ///
    /// Errors: [`AuthError::GpgAuthRefused`] (`X-GPGAuth-Error`), [`AuthError::Envelope`],
    /// [`AuthError::Server`], [`AuthError::AlreadyLoggedIn`], [`AuthError::MissingHeader`],
    /// [`AuthError::WrongHeader`], [`AuthError::UnexpectedHeader`],
    /// [`AuthError::ConflictingHeader`], [`AuthError::HeaderEncoding`],
    /// [`AuthError::TokenNotSignedByServer`], [`AuthError::Crypto`] (not for this key, damaged),
    /// [`AuthError::InvalidToken`].
    pub fn finish(
        self,
        response: &Response,
        user_key: &UnlockedKey,
        server_key: &ServerKey,
    ) -> Result<(Stage2, Request), AuthError> {
        let (_, encoded) = check_stage(response, &STAGE1)?;
        let armored = decode_user_auth_token(encoded)?;
        let options = DecryptOptions {
            verification_keys: &[server_key.public_key()],
            require_signature: true,
        };
        let decrypted =
            decrypt(&armored, DecryptWith::Key(user_key), &options).map_err(|e| match e {
                PgpError::SignatureRequired => AuthError::TokenNotSignedByServer,
                source => AuthError::Crypto {
                    operation: "decrypt the login token",
                    source,
                },
            })?;
        let token = GpgAuthToken::parse_bytes(&decrypted.data)?;
        let body = json!({"gpg_auth": {"keyid": self.keyid, "user_token_result": token.as_str()}});
        let request = api_request(Method::Post, LOGIN_PATH).body(body.to_string());
        Ok((Stage2 { _private: () }, request))
    }
}

/// Stage 2 in flight: the decrypted token was sent back.
#[derive(Debug)]
pub struct Stage2 {
    _private: (),
}

/// A completed GPGAuth login.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedIn {
    /// The logged-in user, as the server returns it (index shape: id, username, role, ...).
    pub user: Value,
    /// `X-GPGAuth-Refer`: where the server sends the user next (usually `/`).
    pub refer: String,
}

impl Stage2 {
    /// Checks the answer: progress `complete`, `Authenticated: true`, a success envelope.
    ///
    /// Errors: as [`Stage1::finish`] for the headers, [`AuthError::Server`] for an error
    /// envelope.
    pub fn finish(self, response: &Response) -> Result<LoggedIn, AuthError> {
        let (envelope, refer) = check_stage(response, &COMPLETE)?;
        if !envelope.ok {
            return Err(server_error(&envelope));
        }
        Ok(LoggedIn {
            refer: quote(refer),
            user: envelope.body,
        })
    }
}

/// The checks every stage shares, in the extension's order; returns the envelope and the
/// value of the header that carries the stage's result.
fn check_stage<'r>(
    response: &'r Response,
    expected: &Expected,
) -> Result<(Envelope, &'r str), AuthError> {
    let stage = expected.stage;
    if single_header(response, HEADER_ERROR)?.is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        let debug = single_header(response, HEADER_DEBUG)?
            .filter(|d| !d.is_empty())
            .map(quote);
        return Err(AuthError::GpgAuthRefused { stage, debug });
    }
    let envelope = envelope(response)?;
    if response.status == 409 {
        return Err(AuthError::AlreadyLoggedIn);
    }
    if !(200..300).contains(&response.status) {
        return Err(server_error(&envelope));
    }
    let required = |header| {
        single_header(response, header)?
            .filter(|value| !value.is_empty())
            .ok_or(AuthError::MissingHeader { stage, header })
    };
    let expect = |header, expected: &'static str| {
        if required(header)?.eq_ignore_ascii_case(expected) {
            Ok(())
        } else {
            Err(AuthError::WrongHeader {
                stage,
                header,
                expected,
            })
        }
    };
    expect(HEADER_VERSION, "1.3.0")?;
    if stage == GpgAuthStage::Stage1 && required(HEADER_AUTHENTICATED)?.eq_ignore_ascii_case("true")
    {
        return Err(AuthError::AlreadyLoggedIn);
    }
    expect(HEADER_AUTHENTICATED, expected.authenticated)?;
    expect(HEADER_PROGRESS, expected.progress)?;
    for header in expected.forbidden {
        if single_header(response, header)?.is_some() {
            return Err(AuthError::UnexpectedHeader { stage, header });
        }
    }
    let carried = required(expected.carries)?;
    Ok((envelope, carried))
}

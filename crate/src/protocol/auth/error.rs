//! Errors of authentication: GPGAuth, the session, CSRF and JWT.

use std::fmt;

use crate::envelope::EnvelopeError;
use crate::pgp::PgpError;

use super::token::TokenDefect;

/// The GPGAuth step whose response is being checked (names the step in errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GpgAuthStage {
    /// Stage 0: the server proves it can decrypt with the key it advertises.
    Stage0,
    /// Stage 1: the server sends the user an encrypted login token.
    Stage1,
    /// Stage 2: the user answers with the decrypted token (progress `complete`).
    Complete,
}

impl GpgAuthStage {
    /// A short description for messages.
    pub fn describe(self) -> &'static str {
        match self {
            GpgAuthStage::Stage0 => "stage 0 (server key verification)",
            GpgAuthStage::Stage1 => "stage 1 (login token request)",
            GpgAuthStage::Complete => "stage 2 (login token answer)",
        }
    }
}

/// An authentication error. Never carries a secret: no token, passphrase, session key, JWT,
/// refresh token or cookie value appears in a variant, its `Display` or its `Debug`; texts
/// that come from the server (messages, debug notes) are shortened and stripped of control
/// characters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// The body is not a Passbolt response (an HTML proxy page, empty, invalid JSON).
    Envelope(EnvelopeError),
    /// The server answered with an error (an error envelope or an unexpected HTTP status).
    Server {
        /// HTTP status of the response.
        http_status: u16,
        /// The envelope's `header.message`, shortened (empty when there was no envelope).
        message: String,
    },
    /// The server refused the GPGAuth step (`X-GPGAuth-Error: true`).
    GpgAuthRefused {
        /// The step that was refused.
        stage: GpgAuthStage,
        /// The server's `X-GPGAuth-Debug` note, shortened, when it sent one.
        debug: Option<String>,
    },
    /// A header this step requires is missing.
    MissingHeader {
        /// The step whose response was checked.
        stage: GpgAuthStage,
        /// The header's name.
        header: &'static str,
    },
    /// A header this step must not carry is present (the server mixes up stages).
    UnexpectedHeader {
        /// The step whose response was checked.
        stage: GpgAuthStage,
        /// The header's name.
        header: &'static str,
    },
    /// A header has another value than this step requires.
    WrongHeader {
        /// The step whose response was checked.
        stage: GpgAuthStage,
        /// The header's name.
        header: &'static str,
        /// The value this step requires.
        expected: &'static str,
    },
    /// A header appears more than once with different values.
    ConflictingHeader {
        /// The header's name.
        header: &'static str,
    },
    /// The session is already authenticated (stage 1 says so, or HTTP 409).
    AlreadyLoggedIn,
    /// Stage 0: the server echoed another token than ours, so it did not prove that it holds
    /// the private key it advertises.
    VerifyTokenMismatch,
    /// A GPGAuth token is not `gpgauthv1.3.0|36|<uuid>|gpgauthv1.3.0`.
    InvalidToken {
        /// What is wrong with it.
        defect: TokenDefect,
    },
    /// `X-GPGAuth-User-Auth-Token` cannot be decoded (its escapes do not form UTF-8).
    HeaderEncoding,
    /// Stage 1: the login token carries no valid signature of the server's pinned key.
    TokenNotSignedByServer,
    /// An OpenPGP operation failed.
    Crypto {
        /// What was being done.
        operation: &'static str,
        /// The OpenPGP layer's error.
        source: PgpError,
    },
    /// `/auth/verify.json` declares a fingerprint that is not the one of the key it sends.
    ServerKeyMismatch {
        /// The fingerprint the server declared.
        declared: String,
        /// The fingerprint of the key it sent.
        actual: String,
    },
    /// The server presents another key than the pinned one.
    ServerKeyChanged {
        /// The pinned fingerprint.
        pinned: String,
        /// The fingerprint the server presents now.
        presented: String,
    },
    /// A fingerprint is not 40 hexadecimal digits.
    InvalidFingerprint,
    /// A user id is not a UUID.
    InvalidUserId,
    /// The response body does not have the shape this endpoint answers with.
    UnexpectedBody {
        /// The endpoint, such as `/auth/verify.json`.
        endpoint: &'static str,
        /// What is missing or wrong, in our words.
        reason: &'static str,
    },
    /// A CSRF token is empty, too long or holds characters a header cannot carry.
    InvalidCsrfToken,
    /// A TOTP code is not 6 to 8 digits.
    InvalidTotpCode,
    /// A base URL is not an `http(s)://` URL.
    InvalidDomain,
    /// A JWT challenge lifetime is not between 1 second and 1 hour.
    ChallengeLifetime {
        /// The lifetime asked for, in seconds.
        seconds: i64,
    },
    /// The JWT login reply is not a challenge (not JSON, a field missing or mistyped).
    InvalidChallenge {
        /// What is wrong, in our words.
        reason: &'static str,
    },
    /// The JWT login reply carries no valid signature of the server's key.
    ChallengeNotSignedByServer,
    /// The JWT login reply echoes another verify token than ours.
    ChallengeVerifyTokenMismatch,
    /// The JWT login reply names another domain than ours.
    ChallengeDomainMismatch {
        /// Our base URL.
        expected: String,
        /// The domain in the reply, shortened.
        found: String,
    },
    /// The JWT login reply has another challenge version than `1.0.0`.
    ChallengeVersion {
        /// The version in the reply, shortened.
        found: String,
    },
    /// A JWT cannot be read.
    InvalidJwt {
        /// What is wrong, in our words.
        reason: &'static str,
    },
    /// The access token has expired.
    JwtExpired {
        /// Its `exp` claim (Unix time).
        expired_at: i64,
    },
    /// The access token was issued for another user.
    JwtSubjectMismatch,
    /// The access token's RS256 signature does not verify with any of the server's JWT keys.
    JwtSignature,
    /// The JWT public key (`rsa.json` or `jwks.json`) cannot be used.
    InvalidJwtKey {
        /// What is wrong, in our words.
        reason: &'static str,
    },
    /// A refresh token is not a UUID.
    InvalidRefreshToken,
    /// The refresh response sets no `refresh_token` cookie (the only place the rotated token
    /// is delivered).
    MissingRefreshToken,
}

impl AuthError {
    /// A stable machine-readable code, the `code` property of the JS error. An
    /// [`AuthError::Envelope`] keeps the envelope error's own code.
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::Envelope(e) => e.code(),
            AuthError::Server { .. } => "SERVER_ERROR",
            AuthError::GpgAuthRefused { .. } => "GPGAUTH_REFUSED",
            AuthError::MissingHeader { .. } => "MISSING_HEADER",
            AuthError::UnexpectedHeader { .. } => "UNEXPECTED_HEADER",
            AuthError::WrongHeader { .. } => "WRONG_HEADER",
            AuthError::ConflictingHeader { .. } => "CONFLICTING_HEADER",
            AuthError::AlreadyLoggedIn => "ALREADY_LOGGED_IN",
            AuthError::VerifyTokenMismatch => "VERIFY_TOKEN_MISMATCH",
            AuthError::InvalidToken { .. } => "INVALID_TOKEN",
            AuthError::HeaderEncoding => "HEADER_ENCODING",
            AuthError::TokenNotSignedByServer => "TOKEN_NOT_SIGNED_BY_SERVER",
            AuthError::Crypto { .. } => "AUTH_CRYPTO",
            AuthError::ServerKeyMismatch { .. } => "SERVER_KEY_MISMATCH",
            AuthError::ServerKeyChanged { .. } => "SERVER_KEY_CHANGED",
            AuthError::InvalidFingerprint => "INVALID_FINGERPRINT",
            AuthError::InvalidUserId => "INVALID_USER_ID",
            AuthError::UnexpectedBody { .. } => "UNEXPECTED_BODY",
            AuthError::InvalidCsrfToken => "INVALID_CSRF_TOKEN",
            AuthError::InvalidTotpCode => "INVALID_TOTP_CODE",
            AuthError::InvalidDomain => "INVALID_DOMAIN",
            AuthError::ChallengeLifetime { .. } => "CHALLENGE_LIFETIME",
            AuthError::InvalidChallenge { .. } => "INVALID_CHALLENGE",
            AuthError::ChallengeNotSignedByServer => "CHALLENGE_NOT_SIGNED_BY_SERVER",
            AuthError::ChallengeVerifyTokenMismatch => "CHALLENGE_VERIFY_TOKEN_MISMATCH",
            AuthError::ChallengeDomainMismatch { .. } => "CHALLENGE_DOMAIN_MISMATCH",
            AuthError::ChallengeVersion { .. } => "CHALLENGE_VERSION",
            AuthError::InvalidJwt { .. } => "INVALID_JWT",
            AuthError::JwtExpired { .. } => "JWT_EXPIRED",
            AuthError::JwtSubjectMismatch => "JWT_SUBJECT_MISMATCH",
            AuthError::JwtSignature => "JWT_SIGNATURE",
            AuthError::InvalidJwtKey { .. } => "INVALID_JWT_KEY",
            AuthError::InvalidRefreshToken => "INVALID_REFRESH_TOKEN",
            AuthError::MissingRefreshToken => "MISSING_REFRESH_TOKEN",
        }
    }

    pub(crate) fn crypto(operation: &'static str) -> impl Fn(PgpError) -> AuthError {
        move |source| AuthError::Crypto { operation, source }
    }
}

impl From<EnvelopeError> for AuthError {
    fn from(e: EnvelopeError) -> Self {
        AuthError::Envelope(e)
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::Envelope(e) => e.fmt(f),
            AuthError::Server {
                http_status,
                message,
            } if message.is_empty() => write!(f, "The server answered HTTP {http_status}."),
            AuthError::Server {
                http_status,
                message,
            } => write!(f, "The server answered HTTP {http_status}: {message}"),
            AuthError::GpgAuthRefused { stage, debug } => {
                write!(f, "The server refused GPGAuth {}", stage.describe())?;
                match debug {
                    Some(debug) => write!(f, ": {debug}"),
                    None => f.write_str(" (it gave no reason; its debug mode shows one)."),
                }
            }
            AuthError::MissingHeader { stage, header } => write!(
                f,
                "The server's answer to GPGAuth {} lacks the {header} header: it does not speak GPGAuth 1.3.0 (a proxy in between?).",
                stage.describe()
            ),
            AuthError::UnexpectedHeader { stage, header } => write!(
                f,
                "The server's answer to GPGAuth {} carries the {header} header, which belongs to another stage.",
                stage.describe()
            ),
            AuthError::WrongHeader {
                stage,
                header,
                expected,
            } => write!(
                f,
                "The server's answer to GPGAuth {} has {header} other than \"{expected}\".",
                stage.describe()
            ),
            AuthError::ConflictingHeader { header } => write!(
                f,
                "The server sent the {header} header twice with different values."
            ),
            AuthError::AlreadyLoggedIn => f.write_str("This session is already logged in."),
            AuthError::VerifyTokenMismatch => f.write_str(
                "The server was unable to prove it can use the advertised OpenPGP key: it echoed another verification token.",
            ),
            AuthError::InvalidToken { defect } => write!(
                f,
                "The GPGAuth token is not of the form gpgauthv1.3.0|36|<uuid>|gpgauthv1.3.0: {}.",
                defect.describe()
            ),
            AuthError::HeaderEncoding => f.write_str(
                "The X-GPGAuth-User-Auth-Token header cannot be decoded: its escapes do not form UTF-8 text.",
            ),
            AuthError::TokenNotSignedByServer => f.write_str(
                "The login token is not signed by the server's verified key: refusing to log in.",
            ),
            AuthError::Crypto { operation, source } => {
                write!(f, "Could not {operation}: {source}")
            }
            AuthError::ServerKeyMismatch { declared, actual } => write!(
                f,
                "The server declares the key fingerprint {declared} but sends the key {actual}."
            ),
            AuthError::ServerKeyChanged { pinned, presented } => write!(
                f,
                "The server's key has changed: it presents {presented}, but {pinned} was verified before. Do not log in unless your administrator confirms the new key."
            ),
            AuthError::InvalidFingerprint => {
                f.write_str("A key fingerprint must be 40 hexadecimal digits.")
            }
            AuthError::InvalidUserId => f.write_str("A user id must be a UUID."),
            AuthError::UnexpectedBody { endpoint, reason } => write!(
                f,
                "The server's answer to {endpoint} is not what that endpoint returns: {reason}."
            ),
            AuthError::InvalidCsrfToken => f.write_str(
                "The CSRF token is empty, too long, or holds characters an HTTP header cannot carry.",
            ),
            AuthError::InvalidTotpCode => f.write_str("A TOTP code is 6 to 8 digits."),
            AuthError::InvalidDomain => f.write_str(
                "The server address must be an http:// or https:// URL, such as https://passbolt.example.com.",
            ),
            AuthError::ChallengeLifetime { seconds } => write!(
                f,
                "A JWT login challenge must expire within 1 to 3600 seconds, not {seconds}."
            ),
            AuthError::InvalidChallenge { reason } => {
                write!(f, "The server's JWT login challenge is not valid: {reason}.")
            }
            AuthError::ChallengeNotSignedByServer => f.write_str(
                "The server's JWT login challenge is not signed by the server's verified key: refusing to log in.",
            ),
            AuthError::ChallengeVerifyTokenMismatch => f.write_str(
                "The server's JWT login challenge does not echo our verify token: refusing to log in.",
            ),
            AuthError::ChallengeDomainMismatch { expected, found } => write!(
                f,
                "The server's JWT login challenge is for {found}, not for {expected}: refusing to log in."
            ),
            AuthError::ChallengeVersion { found } => write!(
                f,
                "The server's JWT login challenge has version \"{found}\"; only 1.0.0 is supported."
            ),
            AuthError::InvalidJwt { reason } => {
                write!(f, "The access token is not a valid JWT: {reason}.")
            }
            AuthError::JwtExpired { expired_at } => {
                write!(f, "The access token expired at Unix time {expired_at}.")
            }
            AuthError::JwtSubjectMismatch => {
                f.write_str("The access token was issued for another user.")
            }
            AuthError::JwtSignature => f.write_str(
                "The access token's signature does not verify with the server's JWT key.",
            ),
            AuthError::InvalidJwtKey { reason } => {
                write!(f, "The server's JWT public key cannot be used: {reason}.")
            }
            AuthError::InvalidRefreshToken => f.write_str("A refresh token must be a UUID."),
            AuthError::MissingRefreshToken => f.write_str(
                "The refresh response sets no refresh_token cookie, so the next refresh would fail: log in again.",
            ),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AuthError::Envelope(e) => Some(e),
            AuthError::Crypto { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Shortens text that comes from the server before it goes into an error: at most `max`
/// characters, control characters replaced, so a hostile server cannot flood or forge lines.
pub(crate) fn server_text(text: &str, max: usize) -> String {
    let mut out: String = text
        .trim()
        .chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.trim().chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_variant() -> Vec<AuthError> {
        let stage = GpgAuthStage::Stage1;
        vec![
            AuthError::Envelope(EnvelopeError::Html { http_status: 502 }),
            AuthError::Server {
                http_status: 500,
                message: "Internal error".into(),
            },
            AuthError::GpgAuthRefused { stage, debug: None },
            AuthError::MissingHeader {
                stage,
                header: "X-GPGAuth-Progress",
            },
            AuthError::UnexpectedHeader {
                stage,
                header: "X-GPGAuth-Refer",
            },
            AuthError::WrongHeader {
                stage,
                header: "X-GPGAuth-Progress",
                expected: "stage1",
            },
            AuthError::ConflictingHeader {
                header: "X-GPGAuth-Progress",
            },
            AuthError::AlreadyLoggedIn,
            AuthError::VerifyTokenMismatch,
            AuthError::InvalidToken {
                defect: TokenDefect::Uuid,
            },
            AuthError::HeaderEncoding,
            AuthError::TokenNotSignedByServer,
            AuthError::Crypto {
                operation: "decrypt the login token",
                source: PgpError::NoMatchingKey,
            },
            AuthError::ServerKeyMismatch {
                declared: "A".repeat(40),
                actual: "B".repeat(40),
            },
            AuthError::ServerKeyChanged {
                pinned: "A".repeat(40),
                presented: "B".repeat(40),
            },
            AuthError::InvalidFingerprint,
            AuthError::InvalidUserId,
            AuthError::UnexpectedBody {
                endpoint: "/auth/verify.json",
                reason: "no keydata",
            },
            AuthError::InvalidCsrfToken,
            AuthError::InvalidTotpCode,
            AuthError::InvalidDomain,
            AuthError::ChallengeLifetime { seconds: 7200 },
            AuthError::InvalidChallenge { reason: "not JSON" },
            AuthError::ChallengeNotSignedByServer,
            AuthError::ChallengeVerifyTokenMismatch,
            AuthError::ChallengeDomainMismatch {
                expected: "https://a.test".into(),
                found: "https://b.test".into(),
            },
            AuthError::ChallengeVersion {
                found: "2.0.0".into(),
            },
            AuthError::InvalidJwt { reason: "garbled" },
            AuthError::JwtExpired { expired_at: 1 },
            AuthError::JwtSubjectMismatch,
            AuthError::JwtSignature,
            AuthError::InvalidJwtKey { reason: "short" },
            AuthError::InvalidRefreshToken,
            AuthError::MissingRefreshToken,
        ]
    }

    #[test]
    fn every_variant_has_its_own_code_and_a_sentence() {
        let errors = every_variant();
        let mut codes: Vec<&str> = errors.iter().map(AuthError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len(), "duplicate codes");
        for err in &errors {
            let shown = err.to_string();
            assert!(shown.len() > 20 && shown.trim() == shown, "{shown}");
        }
    }

    #[test]
    fn sources_are_chained() {
        use std::error::Error;
        let err = AuthError::Crypto {
            operation: "decrypt the login token",
            source: PgpError::NoMatchingKey,
        };
        assert_eq!(
            err.source().unwrap().to_string(),
            PgpError::NoMatchingKey.to_string()
        );
        assert!(AuthError::JwtSignature.source().is_none());
    }

    #[test]
    fn server_text_is_shortened_and_has_no_control_characters() {
        assert_eq!(server_text("  a\r\nb\u{7}  ", 10), "a  b ");
        assert_eq!(server_text("abcdef", 3), "abc…");
    }
}

//! The client's error: transport failures of its own, and the typed errors of the layers below,
//! kept whole so that their codes and details reach the caller.

use std::fmt;

use crate::envelope::EnvelopeError;
use crate::pgp::PgpError;
use crate::protocol::api_error::ApiError;
use crate::protocol::auth::{AuthError, MfaProvider};
use crate::protocol::metadata::MetadataError;

/// An error of a client call. Nothing in it is secret: server texts are shortened and
/// quoted by the layers below, and no token, key or plaintext is ever copied in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientError {
    /// The server URL given to the client is not an `http(s)://host[:port][/path]` URL.
    InvalidUrl {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An option given to the client is out of range.
    InvalidOption {
        /// The option's name.
        name: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The request did not reach the server or no response came back (offline, DNS, refused,
    /// CORS). The text is the runtime's, which names no secret.
    Network(String),
    /// No complete response came back within the client's timeout.
    Timeout {
        /// The timeout, in milliseconds.
        after_ms: u32,
    },
    /// A response came back but it is not a Passbolt envelope (HTML, empty, truncated JSON).
    Envelope(EnvelopeError),
    /// The call needs a logged-in session and there is none (never logged in, logged out, or
    /// the server ended the session).
    NotLoggedIn,
    /// The server wants a second factor before it answers; verify one of `providers` first.
    MfaRequired {
        /// The providers the server offers (empty when it did not list them).
        providers: Vec<MfaProvider>,
    },
    /// The server refused a request for a missing or wrong CSRF token.
    Csrf {
        /// The server's message, shortened.
        message: String,
    },
    /// The call needs the server's key verified first, and the server has none or
    /// presented none.
    ServerNotVerified,
    /// Login, logout, session or server-key failure (includes `SERVER_KEY_CHANGED`).
    Auth(AuthError),
    /// An API call failed (validation errors, not found, malformed answers).
    Api(ApiError),
    /// v5 metadata or session keys failed.
    Metadata(MetadataError),
    /// An OpenPGP operation failed.
    Pgp(PgpError),
    /// A user who must receive a secret has no public key on the server.
    MissingKey {
        /// The user's id.
        user_id: String,
    },
}

impl ClientError {
    /// A stable machine-readable code, the `code` property of the JS error. Errors of the
    /// layers below keep their own codes.
    pub fn code(&self) -> &'static str {
        match self {
            ClientError::InvalidUrl { .. } => "INVALID_URL",
            ClientError::InvalidOption { .. } => "INVALID_OPTION",
            ClientError::Network(_) => "NETWORK",
            ClientError::Timeout { .. } => "TIMEOUT",
            ClientError::Envelope(e) => e.code(),
            ClientError::NotLoggedIn => "NOT_LOGGED_IN",
            ClientError::MfaRequired { .. } => "MFA_REQUIRED",
            ClientError::Csrf { .. } => "CSRF_FAILED",
            ClientError::ServerNotVerified => "SERVER_NOT_VERIFIED",
            ClientError::Auth(e) => e.code(),
            ClientError::Api(e) => e.code(),
            ClientError::Metadata(e) => e.code(),
            ClientError::Pgp(e) => e.code(),
            ClientError::MissingKey { .. } => "MISSING_KEY",
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::InvalidUrl { reason } => {
                write!(f, "The server URL is not usable: {reason}.")
            }
            ClientError::InvalidOption { name, reason } => {
                write!(f, "The client option `{name}` is not usable: {reason}.")
            }
            ClientError::Network(cause) => write!(f, "The server could not be reached: {cause}"),
            ClientError::Timeout { after_ms } => {
                write!(f, "The server did not answer within {after_ms} ms.")
            }
            ClientError::Envelope(e) => e.fmt(f),
            ClientError::NotLoggedIn => f.write_str("Not logged in: log in first."),
            ClientError::MfaRequired { providers } if providers.is_empty() => {
                f.write_str("The server requires multi-factor authentication first.")
            }
            ClientError::MfaRequired { providers } => {
                let names: Vec<String> = providers.iter().map(provider_name).collect();
                write!(
                    f,
                    "The server requires multi-factor authentication first ({}).",
                    names.join(", ")
                )
            }
            ClientError::Csrf { message } => {
                write!(f, "The server refused the request's CSRF token: {message}")
            }
            ClientError::ServerNotVerified => {
                f.write_str("The server's key has not been verified: call verifyServer first.")
            }
            ClientError::Auth(e) => e.fmt(f),
            ClientError::Api(e) => e.fmt(f),
            ClientError::Metadata(e) => e.fmt(f),
            ClientError::Pgp(e) => e.fmt(f),
            ClientError::MissingKey { user_id } => {
                write!(f, "The user {user_id} has no public key on the server.")
            }
        }
    }
}

/// The provider's name as the server spells it.
pub fn provider_name(provider: &MfaProvider) -> String {
    match provider {
        MfaProvider::Totp => "totp".into(),
        MfaProvider::Yubikey => "yubikey".into(),
        MfaProvider::Duo => "duo".into(),
        MfaProvider::Other(name) => name.clone(),
    }
}

impl std::error::Error for ClientError {}

impl From<EnvelopeError> for ClientError {
    fn from(e: EnvelopeError) -> Self {
        ClientError::Envelope(e)
    }
}

impl From<AuthError> for ClientError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Envelope(e) => ClientError::Envelope(e),
            other => ClientError::Auth(other),
        }
    }
}

impl From<ApiError> for ClientError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Envelope(e) => ClientError::Envelope(e),
            other => ClientError::Api(other),
        }
    }
}

impl From<MetadataError> for ClientError {
    fn from(e: MetadataError) -> Self {
        match e {
            MetadataError::Envelope(e) => ClientError::Envelope(e),
            other => ClientError::Metadata(other),
        }
    }
}

impl From<PgpError> for ClientError {
    fn from(e: PgpError) -> Self {
        ClientError::Pgp(e)
    }
}

//! The error of the resource, secret, share, user, group and key endpoints, and the one
//! function that turns a [`Response`] into the body of a successful envelope.
//!
//! Messages are built from our own words and from identifiers (UUIDs, field paths, the
//! server's header message); never from a secret, a password or decrypted data.

use std::fmt;

use serde_json::Value;

use super::field_rules::FieldViolation;
use super::http::Response;
use crate::envelope::{Envelope, EnvelopeError, Header, ValidationError};
use crate::pgp::PgpError;

/// What went wrong talking to one of these endpoints, or preparing a request for it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiError {
    /// The response is not a Passbolt envelope (HTML proxy page, empty body, bad JSON).
    Envelope(EnvelopeError),
    /// The server answered 404 (`"The resource does not exist."`, `"The secret does not exist."`).
    NotFound {
        /// The server's `header.message`.
        message: String,
    },
    /// The server refused the data (HTTP 400) with its validation tree, flattened.
    Validation {
        /// The server's `header.message` (`"Could not validate resource data."`).
        message: String,
        /// Every failed rule: `secrets.0.data` / `isValidOpenPGPMessage` / message.
        errors: Vec<ValidationError>,
    },
    /// Any other error envelope: 401/403 (not logged in, CSRF, MFA), 409, 5xx, or an HTTP 2xx
    /// whose `header.status` is `"error"`.
    Rejected {
        /// The HTTP status.
        http_status: u16,
        /// The server's `header.message`.
        message: String,
    },
    /// A success envelope whose body lacks a field or has one of the wrong type or form.
    Malformed {
        /// Dotted path of the field in the envelope: `body.0.metadata_key_type`.
        path: String,
        /// What was expected there, in our words.
        expected: &'static str,
    },
    /// The server answered about another object than the one asked for (a secret of another
    /// resource, a key whose fingerprint differs from its armored key, a known resource type
    /// slug under another id).
    UnexpectedId {
        /// Dotted path of the field.
        path: String,
        /// The identifier that was expected.
        expected: String,
        /// The identifier found.
        found: String,
    },
    /// Data given to a request builder breaks a rule of the server's schema; nothing was sent.
    InvalidInput {
        /// Every rule broken, in field order.
        violations: Vec<FieldViolation>,
    },
    /// The secrets given do not cover exactly the users (or resource/user pairs) the server
    /// requires: one per user with access on update, one per added user when sharing, one per
    /// `SecretsNeeded` item on a group update.
    SecretsMismatch {
        /// Who needs a secret and has none (`user_id`, or `resource_id/user_id`).
        missing: Vec<String>,
        /// Secrets for someone who needs none, or given twice.
        unexpected: Vec<String>,
    },
    /// A decrypted secret is not of its resource type's form.
    MalformedSecret {
        /// Dotted path inside the secret (`secret.totp.digits`).
        path: String,
        /// What was expected there, in our words.
        expected: &'static str,
    },
    /// The resource type named (by id or slug) is none of the 11 this crate knows.
    UnknownResourceType,
    /// Encryption or decryption of a secret failed.
    Crypto(PgpError),
}

impl ApiError {
    /// A stable machine-readable code, the `code` property of the JS error. Envelope and
    /// OpenPGP errors keep their own codes.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Envelope(e) => e.code(),
            ApiError::NotFound { .. } => "NOT_FOUND",
            ApiError::Validation { .. } => "VALIDATION_FAILED",
            ApiError::Rejected { .. } => "REQUEST_REJECTED",
            ApiError::Malformed { .. } => "MALFORMED_RESPONSE",
            ApiError::UnexpectedId { .. } => "UNEXPECTED_ID",
            ApiError::InvalidInput { .. } => "INVALID_INPUT",
            ApiError::SecretsMismatch { .. } => "SECRETS_MISMATCH",
            ApiError::MalformedSecret { .. } => "MALFORMED_SECRET",
            ApiError::UnknownResourceType => "UNKNOWN_RESOURCE_TYPE",
            ApiError::Crypto(e) => e.code(),
        }
    }

    /// Shorthand for [`ApiError::Malformed`].
    pub(crate) fn malformed(path: impl Into<String>, expected: &'static str) -> Self {
        ApiError::Malformed {
            path: path.into(),
            expected,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Envelope(e) => e.fmt(f),
            ApiError::NotFound { message } => {
                write!(f, "The server answered 404 Not Found: {message}")
            }
            ApiError::Validation { message, errors } => {
                write!(f, "The server refused the data: {message}")?;
                for (i, e) in errors.iter().enumerate() {
                    let sep = if i == 0 { " (" } else { "; " };
                    write!(f, "{sep}{}: {}", e.path, e.message)?;
                }
                if !errors.is_empty() {
                    f.write_str(")")?;
                }
                Ok(())
            }
            ApiError::Rejected {
                http_status,
                message,
            } => write!(f, "The server answered HTTP {http_status}: {message}"),
            ApiError::Malformed { path, expected } => write!(
                f,
                "The server's response is not as expected: {path} should be {expected}."
            ),
            ApiError::UnexpectedId {
                path,
                expected,
                found,
            } => write!(
                f,
                "The server's response is about another object: {path} is {found}, expected {expected}."
            ),
            ApiError::InvalidInput { violations } => {
                f.write_str("The data breaks the server's rules")?;
                for (i, v) in violations.iter().enumerate() {
                    let sep = if i == 0 { ": " } else { "; " };
                    write!(f, "{sep}{}", v.message)?;
                }
                f.write_str(".")
            }
            ApiError::SecretsMismatch {
                missing,
                unexpected,
            } => {
                f.write_str("The secrets do not match who needs one")?;
                if !missing.is_empty() {
                    write!(f, "; missing for {}", missing.join(", "))?;
                }
                if !unexpected.is_empty() {
                    write!(f, "; not expected for {}", unexpected.join(", "))?;
                }
                f.write_str(".")
            }
            ApiError::MalformedSecret { path, expected } => write!(
                f,
                "The decrypted secret is not of its resource type's form: {path} should be {expected}."
            ),
            ApiError::UnknownResourceType => f.write_str(
                "The resource type is not one of the 11 known types (give its id or its slug).",
            ),
            ApiError::Crypto(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ApiError::Envelope(e) => Some(e),
            ApiError::Crypto(e) => Some(e),
            _ => None,
        }
    }
}

impl From<EnvelopeError> for ApiError {
    fn from(e: EnvelopeError) -> Self {
        ApiError::Envelope(e)
    }
}

impl From<PgpError> for ApiError {
    fn from(e: PgpError) -> Self {
        ApiError::Crypto(e)
    }
}

/// The header and body of a success envelope; an error envelope becomes [`ApiError::NotFound`],
/// [`ApiError::Validation`] or [`ApiError::Rejected`].
pub(crate) fn success_body(response: &Response) -> Result<(Header, Value), ApiError> {
    let envelope = response.envelope()?;
    if envelope.ok {
        return Ok((envelope.header, envelope.body));
    }
    Err(error_of(envelope))
}

fn error_of(envelope: Envelope) -> ApiError {
    let Envelope {
        http_status,
        header,
        validation_errors,
        ..
    } = envelope;
    match http_status {
        404 => ApiError::NotFound {
            message: header.message,
        },
        400 => ApiError::Validation {
            message: header.message,
            errors: validation_errors,
        },
        _ => ApiError::Rejected {
            http_status,
            message: header.message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    fn envelope(status: &str, code: u16, message: &str, body: &str) -> String {
        format!(
            r#"{{"header":{{"id":"","status":"{status}","servertime":1,"action":"","message":"{message}","url":"/x.json","code":{code}}},"body":{body}}}"#
        )
    }

    #[test]
    fn a_200_error_envelope_is_rejected_not_success() {
        let body = envelope("error", 200, "The authentication failed.", "null");
        let err = success_body(&response(200, &body)).unwrap_err();
        assert_eq!(
            err,
            ApiError::Rejected {
                http_status: 200,
                message: "The authentication failed.".into()
            }
        );
        assert_eq!(err.code(), "REQUEST_REJECTED");
    }

    #[test]
    fn a_400_carries_its_flattened_rules() {
        let body = envelope(
            "error",
            400,
            "Could not validate resource data.",
            r#"{"name":{"_empty":"The name should not be empty."}}"#,
        );
        let err = success_body(&response(400, &body)).unwrap_err();
        assert_eq!(err.code(), "VALIDATION_FAILED");
        assert_eq!(
            err.to_string(),
            "The server refused the data: Could not validate resource data. (name: The name should not be empty.)"
        );
    }

    #[test]
    fn html_keeps_the_envelope_code() {
        let err = success_body(&response(502, "<html>Bad Gateway</html>")).unwrap_err();
        assert_eq!(
            err,
            ApiError::Envelope(EnvelopeError::Html { http_status: 502 })
        );
        assert_eq!(err.code(), "HTML_BODY");
    }
}

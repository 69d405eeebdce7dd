//! Errors of envelope parsing.

use std::fmt;

/// The response body is not a Passbolt envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The body is empty (a proxy or a crashed server).
    EmptyBody {
        /// HTTP status of the response.
        http_status: u16,
    },
    /// The body is an HTML page (a proxy error page such as a 502 or 504, a login portal).
    Html {
        /// HTTP status of the response.
        http_status: u16,
    },
    /// The body is not valid JSON (truncated, or another format).
    InvalidJson {
        /// HTTP status of the response.
        http_status: u16,
        /// Line of the first syntax error (1-based).
        line: usize,
        /// Column of the first syntax error (1-based).
        column: usize,
    },
    /// The body is JSON but not a `{header, body}` envelope.
    NotAnEnvelope {
        /// HTTP status of the response.
        http_status: u16,
        /// What is missing or wrong.
        reason: String,
    },
}

impl EnvelopeError {
    /// A stable machine-readable code, the `code` property of the JS error.
    pub fn code(&self) -> &'static str {
        match self {
            EnvelopeError::EmptyBody { .. } => "EMPTY_BODY",
            EnvelopeError::Html { .. } => "HTML_BODY",
            EnvelopeError::InvalidJson { .. } => "INVALID_JSON",
            EnvelopeError::NotAnEnvelope { .. } => "NOT_AN_ENVELOPE",
        }
    }

    /// The HTTP status of the response that could not be read.
    pub fn http_status(&self) -> u16 {
        match self {
            EnvelopeError::EmptyBody { http_status }
            | EnvelopeError::Html { http_status }
            | EnvelopeError::InvalidJson { http_status, .. }
            | EnvelopeError::NotAnEnvelope { http_status, .. } => *http_status,
        }
    }
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnvelopeError::EmptyBody { http_status } => write!(
                f,
                "The server answered HTTP {http_status} with an empty body instead of a Passbolt response."
            ),
            EnvelopeError::Html { http_status } => write!(
                f,
                "The server answered HTTP {http_status} with an HTML page instead of a Passbolt response (a proxy or server error page?)."
            ),
            EnvelopeError::InvalidJson { http_status, line, column } => write!(
                f,
                "The server answered HTTP {http_status} with invalid JSON (error at line {line}, column {column}; truncated?)."
            ),
            EnvelopeError::NotAnEnvelope { http_status, reason } => write!(
                f,
                "The server answered HTTP {http_status} with JSON that is not a Passbolt response: {reason}."
            ),
        }
    }
}

impl std::error::Error for EnvelopeError {}

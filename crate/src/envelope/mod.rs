//! The Passbolt API response envelope: `{"header": {...}, "body": ...}`.
//!
//! Every JSON response of the server has this shape, on success and on error
//! (`../shared/protocol.md` §1.2-1.3). [`parse_envelope`] takes the HTTP status and the body
//! text and returns an [`Envelope`] or an [`EnvelopeError`] when the body is not an envelope
//! at all (an HTML proxy page, an empty body, invalid JSON).

mod error;
mod header;
mod validation;

pub use error::EnvelopeError;
pub use header::{Header, HeaderStatus, Pagination};
pub use validation::{flatten_validation_errors, ValidationError};

use serde::Serialize;
use serde_json::Value;

/// A parsed response envelope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Envelope {
    /// The HTTP status of the response.
    pub http_status: u16,
    /// True only when the HTTP status is 2xx AND `header.status` is `"success"`: GPGAuth
    /// stages 0 and 1 answer HTTP 200 with `status: "error"`, which is an error.
    pub ok: bool,
    /// The envelope header.
    pub header: Header,
    /// The body, as the server sent it (`null`, `""`, an object or a list).
    pub body: Value,
    /// For a 400 error envelope (a validation tree), every failed rule; empty otherwise.
    pub validation_errors: Vec<ValidationError>,
}

impl Envelope {
    /// True when this is an error envelope (see [`Envelope::ok`]).
    pub fn is_error(&self) -> bool {
        !self.ok
    }
}

/// Parses a response body as an envelope.
///
/// Errors: [`EnvelopeError::EmptyBody`], [`EnvelopeError::Html`], [`EnvelopeError::InvalidJson`]
/// and [`EnvelopeError::NotAnEnvelope`] (JSON without a valid `header` object).
pub fn parse_envelope(http_status: u16, body: &str) -> Result<Envelope, EnvelopeError> {
    let text = body.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(EnvelopeError::EmptyBody { http_status });
    }
    if text.starts_with('<') {
        return Err(EnvelopeError::Html { http_status });
    }
    let value: Value = serde_json::from_str(text).map_err(|e| EnvelopeError::InvalidJson {
        http_status,
        line: e.line(),
        column: e.column(),
    })?;
    let Value::Object(mut object) = value else {
        return Err(EnvelopeError::NotAnEnvelope {
            http_status,
            reason: "the JSON is not an object".into(),
        });
    };
    let header = object
        .remove("header")
        .ok_or_else(|| EnvelopeError::NotAnEnvelope {
            http_status,
            reason: "it has no \"header\"".into(),
        })?;
    let header = Header::from_json(header).map_err(|reason| EnvelopeError::NotAnEnvelope {
        http_status,
        reason,
    })?;
    let body = object.remove("body").unwrap_or(Value::Null);
    let ok = (200..300).contains(&http_status) && header.status == HeaderStatus::Success;
    // Only validation exceptions (HTTP 400) carry a rule tree; other error bodies, such as
    // the MFA 403's list of providers, are data and stay in `body`.
    let validation_errors = if !ok && (http_status == 400 || header.code == 400) {
        flatten_validation_errors(&body)
    } else {
        Vec::new()
    };
    Ok(Envelope {
        http_status,
        ok,
        header,
        body,
        validation_errors,
    })
}

//! Reading responses: envelopes, server errors and body fields, shared by every endpoint here.

use serde_json::Value;

use crate::envelope::Envelope;
use crate::protocol::http::{Method, Request, Response};

use super::error::{server_text, AuthError};

/// Longest server text quoted in an error.
const MAX_SERVER_TEXT: usize = 200;

/// A request to `path` with the `api-version=v2` query the extension always sends.
pub(crate) fn api_request(method: Method, path: &str) -> Request {
    Request::new(method, path).query("api-version", "v2")
}

/// The envelope of a response, whatever its status.
pub(crate) fn envelope(response: &Response) -> Result<Envelope, AuthError> {
    Ok(response.envelope()?)
}

/// The envelope of a successful response; an error envelope becomes [`AuthError::Server`].
pub(crate) fn success(response: &Response) -> Result<Envelope, AuthError> {
    let envelope = envelope(response)?;
    if !envelope.ok {
        return Err(server_error(&envelope));
    }
    Ok(envelope)
}

/// [`AuthError::Server`] from an error envelope.
pub(crate) fn server_error(envelope: &Envelope) -> AuthError {
    AuthError::Server {
        http_status: envelope.http_status,
        message: server_text(&envelope.header.message, MAX_SERVER_TEXT),
    }
}

/// A short, printable copy of server text for an error.
pub(crate) fn quote(text: &str) -> String {
    server_text(text, MAX_SERVER_TEXT)
}

/// A string field of an object body.
pub(crate) fn string_field<'a>(
    body: &'a Value,
    field: &str,
    endpoint: &'static str,
    reason: &'static str,
) -> Result<&'a str, AuthError> {
    body.get(field)
        .and_then(Value::as_str)
        .ok_or(AuthError::UnexpectedBody { endpoint, reason })
}

/// Every value of a header (case-insensitive name); more than one distinct value is
/// [`AuthError::ConflictingHeader`].
pub(crate) fn single_header<'a>(
    response: &'a Response,
    name: &'static str,
) -> Result<Option<&'a str>, AuthError> {
    let mut values = response
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim());
    let first = values.next();
    if let Some(first) = first {
        if values.any(|v| v != first) {
            return Err(AuthError::ConflictingHeader { header: name });
        }
    }
    Ok(first)
}

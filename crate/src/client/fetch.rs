//! Fetching a Passbolt API response and reading its envelope.

use std::fmt;

use gloo_net::http::Request;

use crate::envelope::{Envelope, EnvelopeError};
use crate::protocol::http::Response;

/// An error of the client layer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientError {
    /// The request did not reach the server or no response came back (offline, DNS, refused,
    /// CORS). The text is the runtime's, which names no secret.
    Network(String),
    /// A response came back but it is not a Passbolt envelope.
    Envelope(EnvelopeError),
}

impl ClientError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ClientError::Network(_) => "NETWORK",
            ClientError::Envelope(e) => e.code(),
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Network(cause) => write!(f, "The server could not be reached: {cause}"),
            ClientError::Envelope(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ClientError {}

/// GETs `url` and returns the raw response.
pub async fn get(url: &str) -> Result<Response, ClientError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    let status = response.status();
    let headers = response.headers().entries().collect();
    let body = response
        .text()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// GETs `url` and parses the response's envelope.
pub async fn get_envelope(url: &str) -> Result<Envelope, ClientError> {
    get(url).await?.envelope().map_err(ClientError::Envelope)
}

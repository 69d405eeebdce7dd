//! What the client needs from a runtime: send one request and return the whole response.
//! The wasm32 runtime is [`super::fetch::FetchTransport`]; tests drive the same flows natively
//! with a blocking HTTP client.

use std::future::Future;

use crate::protocol::http::{Request, Response};

use super::error::ClientError;

/// One HTTP exchange. A transport sets `Accept: application/json`, and
/// `Content-Type: application/json` when the request has a body.
pub trait Transport {
    /// Sends `request` to `url` (the base URL joined with the request's path and query) and
    /// returns the response with its body read.
    ///
    /// Errors: [`ClientError::Network`], [`ClientError::Timeout`].
    fn send(
        &self,
        url: &str,
        request: &Request,
    ) -> impl Future<Output = Result<Response, ClientError>>;

    /// True when the runtime keeps the cookies itself (a browser's `fetch` with credentials):
    /// the client then neither reads `Set-Cookie` nor writes `Cookie`, and reads the CSRF token
    /// from `/users/csrf-token.json`.
    fn runtime_cookies(&self) -> bool;

    /// The current Unix time in seconds.
    fn now(&self) -> i64;
}

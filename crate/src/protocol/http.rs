//! Plain HTTP values exchanged between the protocol and whatever runtime drives it.

use crate::envelope::{parse_envelope, Envelope, EnvelopeError};

/// The HTTP methods the Passbolt API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// An HTTP response as received: status, headers (names lower-cased) and body text.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Header names (lower case) and values, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Response {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Parses the body as a Passbolt envelope (see [`parse_envelope`]).
    pub fn envelope(&self) -> Result<Envelope, EnvelopeError> {
        parse_envelope(self.status, &self.body)
    }
}

/// Bodies and header values can carry tokens and secrets, so `Debug` shows only their sizes.
impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("X-GPGAuth-Authenticated".into(), "false".into())],
            body: body.into(),
        }
    }

    #[test]
    fn header_lookup_ignores_case() {
        let r = response(200, "");
        assert_eq!(r.header("x-gpgauth-authenticated"), Some("false"));
        assert_eq!(r.header("set-cookie"), None);
    }

    #[test]
    fn debug_shows_no_body_or_header_values() {
        let r = response(200, "secret-token-value");
        let shown = format!("{r:?}");
        assert!(!shown.contains("secret-token-value"), "{shown}");
        assert!(!shown.contains("false"), "{shown}");
        assert!(shown.contains("body_len: 18"), "{shown}");
    }

    #[test]
    fn envelope_of_a_proxy_page_is_an_html_error() {
        let err = response(502, "<html><body>Bad Gateway</body></html>")
            .envelope()
            .unwrap_err();
        assert_eq!(err, EnvelopeError::Html { http_status: 502 });
    }
}

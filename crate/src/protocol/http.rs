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

/// An HTTP request the protocol wants sent: the runtime adds the base URL, cookies and transport.
///
/// `path` is relative to the server's base URL and starts with `/` (for example
/// `/resources.json`); `query` holds decoded pairs in order, encoded by [`Request::path_and_query`].
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, starting with `/`.
    pub path: String,
    /// Query pairs, not yet percent-encoded, in the order they are sent.
    pub query: Vec<(String, String)>,
    /// Extra headers (name, value) beyond `Accept`/`Content-Type`, which the runtime sets.
    pub headers: Vec<(String, String)>,
    /// JSON (or form) body text, if any.
    pub body: Option<String>,
}

impl Request {
    /// A request with no query, headers or body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Adds a query pair (builder style).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header (builder style).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body (builder style).
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// The path with its query string, percent-encoded (`[`, `]` included, as browsers send
    /// PHP-array style keys such as `contain%5Bpermission%5D=1`). Every request carries
    /// `api-version=v2`, as the extension always sends it (protocol.md §1.1): it is added
    /// last unless the query already names an `api-version`.
    pub fn path_and_query(&self) -> String {
        let mut pairs: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect();
        if !self.query.iter().any(|(k, _)| k == "api-version") {
            pairs.push("api-version=v2".to_string());
        }
        format!("{}?{}", self.path, pairs.join("&"))
    }
}

/// Header values (CSRF token, Authorization) and bodies can carry secrets: `Debug` shows the
/// method, path, query names and sizes only.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let query: Vec<&str> = self.query.iter().map(|(n, _)| n.as_str()).collect();
        let headers: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &query)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(String::len))
            .finish()
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
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
    fn query_is_percent_encoded_php_array_style() {
        let r = Request::new(Method::Get, "/resources.json")
            .query("contain[permission]", "1")
            .query("filter[has-id][]", "a b&c");
        assert_eq!(
            r.path_and_query(),
            "/resources.json?contain%5Bpermission%5D=1&filter%5Bhas-id%5D%5B%5D=a%20b%26c&api-version=v2"
        );
        assert_eq!(
            Request::new(Method::Get, "/x.json").path_and_query(),
            "/x.json?api-version=v2"
        );
    }

    #[test]
    fn request_debug_hides_header_values_and_body() {
        let r = Request::new(Method::Post, "/auth/login.json")
            .header("X-CSRF-Token", "csrf-secret")
            .body("{\"token\":\"body-secret\"}");
        let shown = format!("{r:?}");
        assert!(
            !shown.contains("csrf-secret") && !shown.contains("body-secret"),
            "{shown}"
        );
        assert!(shown.contains("X-CSRF-Token"), "{shown}");
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

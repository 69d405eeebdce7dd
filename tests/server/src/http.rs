//! Plain HTTP values: the request a route sees and the response it returns, independent of the
//! socket library; and the body decoders (JSON, urlencoded and multipart forms).

use crate::query;
use serde_json::Value;

/// An HTTP request, read fully.
#[derive(Debug, Clone)]
pub struct Request {
    /// Upper-case method.
    pub method: String,
    /// The request target as received (path and query), used as `header.url`.
    pub url: String,
    /// The path without the query.
    pub path: String,
    /// Query parameters as a PHP-array tree.
    pub query: Value,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Request {
    /// Builds a request from its parts.
    pub fn new(method: &str, url: &str, headers: Vec<(String, String)>, body: Vec<u8>) -> Request {
        let (path, q) = url.split_once('?').unwrap_or((url, ""));
        Request {
            method: method.to_ascii_uppercase(),
            url: url.to_string(),
            path: path.to_string(),
            query: query::parse(q),
            headers: headers
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
            body,
        }
    }

    /// The first header of that (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A cookie value.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "cookie")
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    /// The body as data: JSON, an urlencoded form or a multipart form (PHP-array names).
    /// `None` when it is none of those or is empty.
    pub fn data(&self) -> Option<Value> {
        let ctype = self
            .header("content-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        if ctype.starts_with("multipart/form-data") {
            let boundary = ctype
                .split("boundary=")
                .nth(1)?
                .trim_matches('"')
                .to_string();
            // The boundary's case matters: take it from the original header.
            let original = self.header("content-type")?;
            let start = original.to_ascii_lowercase().find("boundary=")? + "boundary=".len();
            let boundary = original.get(start..start + boundary.len())?.to_string();
            return multipart(&self.body, &boundary);
        }
        if ctype.starts_with("application/x-www-form-urlencoded") {
            return Some(query::parse(&String::from_utf8_lossy(&self.body)));
        }
        serde_json::from_slice(&self.body).ok()
    }
}

/// An HTTP response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers (a name may repeat, e.g. Set-Cookie).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Response {
    /// A JSON response.
    pub fn json(status: u16, body: &Value) -> Response {
        Response {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=UTF-8".into(),
            )],
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The first header of that name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes the text fields of a multipart/form-data body.
fn multipart(body: &[u8], boundary: &str) -> Option<Value> {
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut root = Value::Object(Default::default());
    for part in text.split(&delimiter).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let (head, value) = part.split_once("\r\n\r\n")?;
        let name = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("name="))
            .next()?
            .trim_matches('"')
            .to_string();
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        query::insert(&mut root, &name, Value::String(value.to_string()));
    }
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn multipart_login_form() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"data[gpg_auth][keyid]\"\r\n\r\nABCD\r\n--XyZ\r\nContent-Disposition: form-data; name=\"data[gpg_auth][user_token_result]\"\r\n\r\ngpgauthv1.3.0|36|x|gpgauthv1.3.0\r\n--XyZ--\r\n";
        let req = Request::new(
            "POST",
            "/auth/login.json",
            vec![(
                "Content-Type".into(),
                "multipart/form-data; boundary=XyZ".into(),
            )],
            body.as_bytes().to_vec(),
        );
        assert_eq!(
            req.data(),
            Some(
                json!({"data": {"gpg_auth": {"keyid": "ABCD", "user_token_result": "gpgauthv1.3.0|36|x|gpgauthv1.3.0"}}})
            )
        );
    }

    #[test]
    fn cookies() {
        let req = Request::new(
            "GET",
            "/",
            vec![("Cookie".into(), "a=1; passbolt_session=xyz".into())],
            vec![],
        );
        assert_eq!(req.cookie("passbolt_session").as_deref(), Some("xyz"));
        assert_eq!(req.cookie("b"), None);
    }
}

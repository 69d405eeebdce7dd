//! Cookies and CSRF (protocol.md §2.6): the cookie-jar essentials a runtime without a browser
//! needs, and the `X-CSRF-Token` header every mutating session request carries.
//!
//! In a browser, `fetch` keeps the cookies and hides `Set-Cookie`; the token then comes from
//! `GET /users/csrf-token.json` ([`csrf_token_request`], [`parse_csrf_token`]).

use std::fmt;

use chrono::NaiveDateTime;
use zeroize::Zeroizing;

use crate::protocol::http::{Method, Request, Response};

use super::error::AuthError;
use super::response::{api_request, success};

/// The CSRF cookie's name.
pub const CSRF_COOKIE: &str = "csrfToken";
/// The header that must repeat the CSRF cookie on POST, PUT and DELETE.
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// The session cookie's name (older servers: `CAKEPHP`, `PHPSESSID`).
pub const SESSION_COOKIE: &str = "passbolt_session";
/// The cookie that delivers a rotated JWT refresh token.
pub const REFRESH_COOKIE: &str = "refresh_token";
/// The cookie set once MFA is verified.
pub const MFA_COOKIE: &str = "passbolt_mfa";

const SESSION_COOKIES: [&str; 3] = [SESSION_COOKIE, "CAKEPHP", "PHPSESSID"];
const CSRF_ENDPOINT: &str = "/users/csrf-token.json";
const MAX_COOKIES: usize = 64;
const MAX_VALUE_BYTES: usize = 4096;

/// A CSRF token. `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct CsrfToken(Zeroizing<String>);

impl CsrfToken {
    /// Checks that the token can travel in a header: 1 to 1024 visible ASCII characters,
    /// no `;` or `,`.
    ///
    /// Errors: [`AuthError::InvalidCsrfToken`].
    pub fn new(token: &str) -> Result<Self, AuthError> {
        let fits = (1..=1024).contains(&token.len())
            && token
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b';' && b != b',');
        if !fits {
            return Err(AuthError::InvalidCsrfToken);
        }
        Ok(CsrfToken(Zeroizing::new(token.to_owned())))
    }

    /// The token.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Adds `X-CSRF-Token` to a POST, PUT or DELETE request (replacing any earlier one);
    /// GET requests are returned unchanged.
    pub fn protect(&self, mut request: Request) -> Request {
        if request.method == Method::Get {
            return request;
        }
        request
            .headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case(CSRF_HEADER));
        request.header(CSRF_HEADER, self.as_str())
    }
}

impl fmt::Debug for CsrfToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfToken(<redacted>)")
    }
}

/// `GET /users/csrf-token.json` (allowed without a session).
pub fn csrf_token_request() -> Request {
    api_request(Method::Get, CSRF_ENDPOINT)
}

/// Reads the answer to [`csrf_token_request`]: the token is the body string.
///
/// Errors: [`AuthError::Envelope`], [`AuthError::Server`], [`AuthError::UnexpectedBody`],
/// [`AuthError::InvalidCsrfToken`].
pub fn parse_csrf_token(response: &Response) -> Result<CsrfToken, AuthError> {
    let envelope = success(response)?;
    let token = envelope.body.as_str().ok_or(AuthError::UnexpectedBody {
        endpoint: CSRF_ENDPOINT,
        reason: "the body is not a string",
    })?;
    CsrfToken::new(token)
}

/// What one `Set-Cookie` header asks for. `Debug` shows the name only.
#[derive(Clone, PartialEq, Eq)]
pub struct SetCookie {
    /// The cookie's name.
    pub name: String,
    /// The value, or `None` when the header deletes the cookie (empty value, `Max-Age` ≤ 0,
    /// or `Expires` not after `now`).
    pub value: Option<Zeroizing<String>>,
}

impl fmt::Debug for SetCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetCookie")
            .field("name", &self.name)
            .field("deletes", &self.value.is_none())
            .finish()
    }
}

/// Parses one `Set-Cookie` value (`name=value; Attr; Attr=value`) at Unix time `now`; `None`
/// when it has no `name=`. Attributes other than `Max-Age` and `Expires` are ignored.
pub fn parse_set_cookie(header: &str, now: i64) -> Option<SetCookie> {
    let mut parts = header.split(';');
    let (name, value) = parts.next()?.split_once('=')?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return None;
    }
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    let mut max_age = None;
    let mut expires = None;
    for attribute in parts {
        let (key, val) = attribute.split_once('=').unwrap_or((attribute, ""));
        let key = key.trim();
        if key.eq_ignore_ascii_case("max-age") {
            max_age = val.trim().parse::<i64>().ok();
        } else if key.eq_ignore_ascii_case("expires") {
            expires = parse_cookie_date(val.trim());
        }
    }
    // Max-Age wins over Expires (RFC 6265 §5.3).
    let deleted = match (max_age, expires) {
        (Some(age), _) => age <= 0,
        (None, Some(at)) => at <= now,
        (None, None) => false,
    };
    let value = (!deleted && !value.is_empty()).then(|| Zeroizing::new(value.to_owned()));
    Some(SetCookie {
        name: name.to_owned(),
        value,
    })
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b)
}

/// The cookie date forms servers send: RFC 1123 (`Thu, 01 Jan 1970 00:00:00 GMT`), the
/// Netscape form PHP writes (`Thu, 01-Jan-1970 00:00:01 GMT`) and RFC 850.
fn parse_cookie_date(text: &str) -> Option<i64> {
    let text = text
        .trim()
        .trim_end_matches("GMT")
        .trim_end_matches("UTC")
        .trim();
    [
        "%a, %d %b %Y %H:%M:%S",
        "%a, %d-%b-%Y %H:%M:%S",
        "%A, %d-%b-%y %H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .map(|t| t.and_utc().timestamp())
}

/// Splits a header value into cookies when a runtime folded several `Set-Cookie` headers into
/// one with commas (as `Headers.get` does); commas inside `Expires` dates stay.
fn split_folded(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (index, _) in value.match_indices(',') {
        let rest = &value[index + 1..];
        let head = rest.split(';').next().unwrap_or_default();
        let starts_cookie = head.split_once('=').is_some_and(|(name, _)| {
            let name = name.trim();
            !name.is_empty() && name.bytes().all(is_token_byte)
        });
        if starts_cookie {
            out.push(&value[start..index]);
            start = index + 1;
        }
    }
    out.push(&value[start..]);
    out
}

/// The cookies a runtime without a browser must keep between requests. `Debug` shows names
/// only.
#[derive(Clone, Default)]
pub struct CookieJar {
    cookies: Vec<(String, Zeroizing<String>)>,
}

impl CookieJar {
    /// An empty jar.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes every `Set-Cookie` of a response (several headers, or one folded with commas) at
    /// Unix time `now`: sets, replaces and deletes. At most 64 cookies of 4 KiB each are kept.
    pub fn store(&mut self, response: &Response, now: i64) {
        let headers = response
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"));
        for (_, value) in headers {
            for one in split_folded(value) {
                if let Some(cookie) = parse_set_cookie(one, now) {
                    self.apply(cookie);
                }
            }
        }
    }

    fn apply(&mut self, cookie: SetCookie) {
        self.cookies.retain(|(name, _)| *name != cookie.name);
        if let Some(value) = cookie.value {
            if value.len() <= MAX_VALUE_BYTES && self.cookies.len() < MAX_COOKIES {
                self.cookies.push((cookie.name, value));
            }
        }
    }

    /// A cookie's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `csrfToken` cookie, when it is set and valid.
    pub fn csrf_token(&self) -> Option<CsrfToken> {
        self.get(CSRF_COOKIE).and_then(|v| CsrfToken::new(v).ok())
    }

    /// True when a session cookie (`passbolt_session`, or legacy `CAKEPHP`/`PHPSESSID`) is set.
    pub fn has_session(&self) -> bool {
        SESSION_COOKIES.iter().any(|name| self.get(name).is_some())
    }

    /// The names of the cookies held, in the order they were set.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.cookies.iter().map(|(n, _)| n.as_str())
    }

    /// Removes one cookie.
    pub fn remove(&mut self, name: &str) {
        self.cookies.retain(|(n, _)| n != name);
    }

    /// Forgets every cookie (logout).
    pub fn clear(&mut self) {
        self.cookies.clear();
    }

    /// The `Cookie` request header value (`a=1; b=2`), if any cookie is held.
    pub fn cookie_header(&self) -> Option<String> {
        if self.cookies.is_empty() {
            return None;
        }
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .map(|(n, v)| format!("{n}={}", v.as_str()))
            .collect();
        Some(pairs.join("; "))
    }

    /// Adds the `Cookie` header and, on POST/PUT/DELETE, `X-CSRF-Token` from the `csrfToken`
    /// cookie: what a runtime without a browser does before sending a session request.
    pub fn prepare(&self, request: Request) -> Request {
        let request = match self.cookie_header() {
            Some(cookies) => request.header("Cookie", cookies),
            None => request,
        };
        match self.csrf_token() {
            Some(token) => token.protect(request),
            None => request,
        }
    }
}

impl fmt::Debug for CookieJar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CookieJar")
            .field("names", &self.names().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_342_586;
    const CSRF: &str = "3f5c0a1e9b7d4c2a8e6f1b3d5c7a9e0f2b4d6c8a0e2f4b6d8c0a2e4f6b8d0c2a4e6f8b0d2c4a6e8f0b2d4c6a8e0f2b4d6c8a0e2f4b6d8c0a2e4f6b8d0c2a4e6f";

    fn response(set_cookies: &[&str]) -> Response {
        Response {
            status: 200,
            headers: set_cookies
                .iter()
                .map(|v| ("set-cookie".to_string(), v.to_string()))
                .collect(),
            body: String::new(),
        }
    }

    #[test]
    fn jar_keeps_session_csrf_and_refresh_cookies() {
        let mut jar = CookieJar::new();
        jar.store(
            &response(&[
                "passbolt_session=s3ss10n; path=/; secure; HttpOnly; SameSite=Lax",
                &format!("csrfToken={CSRF}; path=/; secure"),
                "refresh_token=39c8d6bc-fc15-46d3-8344-d0afcf98fb82; expires=Sat, 20-Nov-2027 10:00:00 GMT; Max-Age=2592000; path=/; secure; HttpOnly",
            ]),
            NOW,
        );
        assert!(jar.has_session());
        assert_eq!(jar.csrf_token().unwrap().as_str(), CSRF);
        assert_eq!(
            jar.get(REFRESH_COOKIE),
            Some("39c8d6bc-fc15-46d3-8344-d0afcf98fb82")
        );
        assert_eq!(
            jar.names().collect::<Vec<_>>(),
            [SESSION_COOKIE, CSRF_COOKIE, REFRESH_COOKIE]
        );
        assert_eq!(
            jar.cookie_header().unwrap(),
            format!("passbolt_session=s3ss10n; csrfToken={CSRF}; refresh_token=39c8d6bc-fc15-46d3-8344-d0afcf98fb82")
        );
    }

    #[test]
    fn expired_or_emptied_cookies_are_deleted() {
        let mut jar = CookieJar::new();
        jar.store(
            &response(&[
                "csrfToken=abc",
                "passbolt_session=x",
                "CAKEPHP=y",
                "passbolt_mfa=z",
            ]),
            NOW,
        );
        jar.store(
            &response(&[
                "csrfToken=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0; path=/",
                "passbolt_session=; path=/",
                "CAKEPHP=gone; expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "passbolt_mfa=kept; expires=Thu, 01 Jan 2099 00:00:00 GMT",
            ]),
            NOW,
        );
        assert_eq!(jar.names().collect::<Vec<_>>(), ["passbolt_mfa"]);
        assert!(!jar.has_session() && jar.csrf_token().is_none());
    }

    #[test]
    fn folded_set_cookie_headers_are_split_outside_dates() {
        let mut jar = CookieJar::new();
        jar.store(
            &response(&["a=1; expires=Thu, 01 Jan 2099 00:00:00 GMT; path=/, b=2, c=3; Max-Age=0"]),
            NOW,
        );
        assert_eq!(jar.get("a"), Some("1"));
        assert_eq!(jar.get("b"), Some("2"));
        assert_eq!(jar.get("c"), None);
    }

    #[test]
    fn malformed_set_cookie_values_are_ignored() {
        for bad in ["", "novalue", "=x", "bad name=x", "a;b=c"] {
            assert_eq!(parse_set_cookie(bad, NOW), None, "{bad}");
        }
        let quoted = parse_set_cookie("q=\"v\"; Max-Age=junk", NOW).unwrap();
        assert_eq!(quoted.value.as_deref().map(String::as_str), Some("v"));
    }

    #[test]
    fn csrf_header_goes_on_mutating_requests_only() {
        let token = CsrfToken::new(CSRF).unwrap();
        let get = token.protect(Request::new(Method::Get, "/users/me.json"));
        assert!(get.headers.is_empty());
        for method in [Method::Post, Method::Put, Method::Delete] {
            let r = token.protect(Request::new(method, "/x.json").header("x-csrf-token", "old"));
            assert_eq!(r.headers, vec![(CSRF_HEADER.to_string(), CSRF.to_string())]);
        }
    }

    #[test]
    fn jar_prepares_cookie_and_csrf_headers() {
        let mut jar = CookieJar::new();
        assert!(jar
            .prepare(Request::new(Method::Post, "/x.json"))
            .headers
            .is_empty());
        jar.store(&response(&["passbolt_session=s", "csrfToken=tok"]), NOW);
        let r = jar.prepare(Request::new(Method::Post, "/x.json"));
        assert_eq!(
            r.headers,
            vec![
                (
                    "Cookie".to_string(),
                    "passbolt_session=s; csrfToken=tok".to_string()
                ),
                (CSRF_HEADER.to_string(), "tok".to_string()),
            ]
        );
        let r = jar.prepare(Request::new(Method::Get, "/x.json"));
        assert_eq!(r.headers.len(), 1);
    }

    #[test]
    fn csrf_tokens_that_cannot_be_a_header_are_refused() {
        for bad in ["", "a b", "a\r\nX-Evil: 1", "a;b", "a,b", "é"] {
            assert_eq!(
                CsrfToken::new(bad).unwrap_err(),
                AuthError::InvalidCsrfToken,
                "{bad:?}"
            );
        }
        assert!(CsrfToken::new(&"a".repeat(1025)).is_err());
    }

    #[test]
    fn debug_shows_no_cookie_or_token_value() {
        let mut jar = CookieJar::new();
        jar.store(
            &response(&["passbolt_session=session-secret", "csrfToken=csrf-secret"]),
            NOW,
        );
        let shown = format!(
            "{jar:?} {:?} {:?}",
            jar.csrf_token().unwrap(),
            parse_set_cookie("x=cookie-secret", NOW).unwrap()
        );
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("passbolt_session"), "{shown}");
    }
}

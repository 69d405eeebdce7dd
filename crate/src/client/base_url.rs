//! The server's base URL: `http(s)://host[:port][/path]`, kept without a trailing slash so that
//! API paths (`/auth/verify.json`) append to it.

use std::fmt;

use super::error::ClientError;

const MAX_URL_BYTES: usize = 2048;

/// A checked server base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks a server URL as a user typed it: scheme `http` or `https`, a host, an optional
    /// port and path; no query, fragment, user info, spaces or control characters. Trailing
    /// slashes are dropped.
    ///
    /// Errors: [`ClientError::InvalidUrl`].
    pub fn parse(text: &str) -> Result<Self, ClientError> {
        let invalid = |reason| ClientError::InvalidUrl { reason };
        let text = text.trim();
        if text.is_empty() {
            return Err(invalid("it is empty"));
        }
        if text.len() > MAX_URL_BYTES {
            return Err(invalid("it is longer than 2048 bytes"));
        }
        let rest = strip_scheme(text).ok_or(invalid("it must start with http:// or https://"))?;
        if text
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || !c.is_ascii())
        {
            return Err(invalid(
                "it holds spaces, control or non-ASCII characters (use the punycode host name)",
            ));
        }
        if text.contains(['?', '#']) {
            return Err(invalid("it must not have a query (?) or a fragment (#)"));
        }
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.contains('@') {
            return Err(invalid("it must not hold a user name or password"));
        }
        let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
            let (host, after) = inner
                .split_once(']')
                .ok_or(invalid("its IPv6 host has no ]"))?;
            match after {
                "" => (host, None),
                _ => (
                    host,
                    Some(
                        after
                            .strip_prefix(':')
                            .ok_or(invalid("junk after the host"))?,
                    ),
                ),
            }
        } else {
            match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if let Some(port) = port {
            if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid("its port is not a number"));
            }
            if port.parse::<u32>().map_or(true, |p| p == 0 || p > 65535) {
                return Err(invalid("its port is not between 1 and 65535"));
            }
        }
        if host.is_empty() {
            return Err(invalid("it has no host"));
        }
        Ok(BaseUrl(text.trim_end_matches('/').to_owned()))
    }

    /// The URL without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The full URL of an API path and query (`/auth/verify.json?api-version=v2`).
    pub fn join(&self, path_and_query: &str) -> String {
        format!("{}{}", self.0, path_and_query)
    }

    /// The domain as the JWT challenge names it: the base URL with a trailing slash.
    pub fn domain(&self) -> String {
        format!("{}/", self.0)
    }
}

fn strip_scheme(text: &str) -> Option<&str> {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    if lower.starts_with("https://") {
        text.get(8..)
    } else if lower.starts_with("http://") {
        text.get(7..)
    } else {
        None
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_server_urls_and_drops_trailing_slashes() {
        for (given, kept) in [
            (
                "https://passbolt.example.com",
                "https://passbolt.example.com",
            ),
            (
                "https://passbolt.example.com/",
                "https://passbolt.example.com",
            ),
            ("http://127.0.0.1:8080//", "http://127.0.0.1:8080"),
            (
                "HTTPS://example.com/passbolt/",
                "HTTPS://example.com/passbolt",
            ),
            (" https://[::1]:443/pb ", "https://[::1]:443/pb"),
        ] {
            assert_eq!(BaseUrl::parse(given).unwrap().as_str(), kept, "{given}");
        }
        let url = BaseUrl::parse("https://example.com/pb/").unwrap();
        assert_eq!(
            url.join("/auth/verify.json"),
            "https://example.com/pb/auth/verify.json"
        );
        assert_eq!(url.domain(), "https://example.com/pb/");
    }

    #[test]
    fn refuses_what_is_not_a_server_url() {
        for bad in [
            "",
            "example.com",
            "ftp://example.com",
            "https://",
            "https:///path",
            "https://user:pw@example.com",
            "https://example.com?x=1",
            "https://example.com/#top",
            "https://exa mple.com",
            "https://example.com:0",
            "https://example.com:99999",
            "https://example.com:port",
            "https://exämple.com",
            "javascript:alert(1)",
        ] {
            assert!(
                matches!(BaseUrl::parse(bad), Err(ClientError::InvalidUrl { .. })),
                "{bad:?} was accepted"
            );
        }
        assert!(BaseUrl::parse(&format!("https://{}", "a".repeat(3000))).is_err());
    }
}

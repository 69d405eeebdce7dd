//! The GPGAuth session: is-authenticated, MFA, logout (protocol.md §1.3, §2.1, §2.6).

use serde_json::{json, Value};

use crate::protocol::http::{Method, Request, Response};

use super::csrf::CsrfToken;
use super::error::AuthError;
use super::response::{api_request, envelope, quote, server_error, success};

const IS_AUTHENTICATED_PATH: &str = "/auth/is-authenticated.json";
const LOGOUT_PATH: &str = "/auth/logout.json";
const TOTP_VERIFY_PATH: &str = "/mfa/verify/totp.json";
/// Where the server redirects any JSON request while MFA is pending.
const MFA_ERROR_SUFFIX: &str = "mfa/verify/error.json";

/// An MFA provider the server asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MfaProvider {
    /// `totp`: a time-based one-time code.
    Totp,
    /// `yubikey`: a YubiKey OTP.
    Yubikey,
    /// `duo`: Duo push or code.
    Duo,
    /// Another provider, by its name (shortened).
    Other(String),
}

impl MfaProvider {
    fn from_name(name: &str) -> Self {
        match name {
            "totp" => MfaProvider::Totp,
            "yubikey" => MfaProvider::Yubikey,
            "duo" => MfaProvider::Duo,
            other => MfaProvider::Other(quote(other)),
        }
    }
}

/// What `/auth/is-authenticated.json` says about the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStatus {
    /// HTTP 200: logged in.
    LoggedIn,
    /// HTTP 401/403: no session (or it expired).
    LoggedOut,
    /// Logged in with GPGAuth, but MFA must be verified first.
    MfaRequired {
        /// The providers the user has set up, in the server's order (empty when the runtime
        /// did not follow the redirect to `/mfa/verify/error.json`).
        providers: Vec<MfaProvider>,
    },
}

/// `GET /auth/is-authenticated.json` (does not extend the session).
pub fn is_authenticated_request() -> Request {
    api_request(Method::Get, IS_AUTHENTICATED_PATH)
}

/// Reads the answer to [`is_authenticated_request`]: 200 is logged in; an answer from
/// `/mfa/verify/error.json` (the redirect target while MFA is pending, or an unfollowed
/// redirect to it) is MFA required; 401 and 403 are logged out.
///
/// Errors: [`AuthError::Envelope`] (HTML, not JSON), [`AuthError::Server`] for any other
/// status (404, 5xx: the extension treats those as logged out; we do not guess).
pub fn parse_is_authenticated(response: &Response) -> Result<SessionStatus, AuthError> {
    if (300..400).contains(&response.status)
        && response
            .header("location")
            .is_some_and(|to| to.trim_end_matches('/').ends_with(MFA_ERROR_SUFFIX))
    {
        return Ok(SessionStatus::MfaRequired {
            providers: Vec::new(),
        });
    }
    let envelope = envelope(response)?;
    if envelope.ok {
        return Ok(SessionStatus::LoggedIn);
    }
    let url_path = envelope.header.url.split('?').next().unwrap_or_default();
    if url_path.ends_with(MFA_ERROR_SUFFIX) {
        return Ok(SessionStatus::MfaRequired {
            providers: mfa_providers(&envelope.body),
        });
    }
    match envelope.http_status {
        401 | 403 => Ok(SessionStatus::LoggedOut),
        _ => Err(server_error(&envelope)),
    }
}

fn mfa_providers(body: &Value) -> Vec<MfaProvider> {
    body.get("mfa_providers")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(MfaProvider::from_name)
                .collect()
        })
        .unwrap_or_default()
}

/// `POST /auth/logout.json` with the CSRF header (GET logout is disabled on servers by
/// default).
pub fn logout_request(csrf: &CsrfToken) -> Request {
    csrf.protect(api_request(Method::Post, LOGOUT_PATH))
}

/// Reads the answer to [`logout_request`]: any 2xx or 3xx (the server may redirect to `/`).
///
/// Errors: [`AuthError::Envelope`], [`AuthError::Server`].
pub fn parse_logout(response: &Response) -> Result<(), AuthError> {
    if (200..400).contains(&response.status) {
        return Ok(());
    }
    Err(server_error(&envelope(response)?))
}

/// `POST /mfa/verify/totp.json` `{"totp": code, "remember": remember}`. Add the session's CSRF
/// header ([`CsrfToken::protect`]) or, after a JWT login, the access token
/// ([`super::jwt::AccessToken::authorize`]).
///
/// Errors: [`AuthError::InvalidTotpCode`] unless the code is 6 to 8 ASCII digits.
pub fn totp_verify_request(code: &str, remember: bool) -> Result<Request, AuthError> {
    if !(6..=8).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AuthError::InvalidTotpCode);
    }
    let body = json!({"totp": code, "remember": remember});
    Ok(api_request(Method::Post, TOTP_VERIFY_PATH).body(body.to_string()))
}

/// Reads the answer to an MFA verification: success sets the `passbolt_mfa` cookie.
///
/// Errors: [`AuthError::Envelope`], [`AuthError::Server`] (400 for a wrong code).
pub fn parse_mfa_verify(response: &Response) -> Result<(), AuthError> {
    success(response).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    fn envelope_text(status: &str, code: u16, url: &str, body: &str) -> String {
        format!(
            r#"{{"header":{{"id":"x","status":"{status}","servertime":1,"action":"a","message":"m","url":"{url}","code":{code}}},"body":{body}}}"#
        )
    }

    #[test]
    fn unfollowed_redirect_to_mfa_error_is_mfa_required() {
        let mut r = response(302, "");
        r.headers.push((
            "location".into(),
            "https://p.test/mfa/verify/error.json".into(),
        ));
        assert_eq!(
            parse_is_authenticated(&r).unwrap(),
            SessionStatus::MfaRequired { providers: vec![] }
        );
    }

    #[test]
    fn unknown_mfa_provider_names_are_kept_shortened() {
        let body = envelope_text(
            "error",
            403,
            "/mfa/verify/error.json?api-version=v2",
            r#"{"mfa_providers":["totp","duo","yubikey","webauthn",7]}"#,
        );
        assert_eq!(
            parse_is_authenticated(&response(403, &body)).unwrap(),
            SessionStatus::MfaRequired {
                providers: vec![
                    MfaProvider::Totp,
                    MfaProvider::Duo,
                    MfaProvider::Yubikey,
                    MfaProvider::Other("webauthn".into())
                ]
            }
        );
    }

    #[test]
    fn not_found_and_server_errors_are_not_logged_out() {
        for status in [404, 500] {
            let body = envelope_text("error", status, "/auth/is-authenticated.json", "null");
            assert_eq!(
                parse_is_authenticated(&response(status, &body)).unwrap_err(),
                AuthError::Server {
                    http_status: status,
                    message: "m".into()
                }
            );
        }
        let body = envelope_text("error", 401, "/auth/is-authenticated.json", "null");
        assert_eq!(
            parse_is_authenticated(&response(401, &body)).unwrap(),
            SessionStatus::LoggedOut
        );
    }

    #[test]
    fn totp_codes_are_six_to_eight_digits() {
        let r = totp_verify_request("123456", true).unwrap();
        assert_eq!(r.path_and_query(), "/mfa/verify/totp.json?api-version=v2");
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"remember":true,"totp":"123456"}"#)
        );
        assert!(totp_verify_request("12345678", false).is_ok());
        for bad in [
            "",
            "12345",
            "123456789",
            "12345a",
            " 123456",
            "１２３４５６",
        ] {
            assert_eq!(
                totp_verify_request(bad, false).unwrap_err(),
                AuthError::InvalidTotpCode,
                "{bad}"
            );
        }
    }

    #[test]
    fn logout_is_a_csrf_protected_post() {
        let csrf = CsrfToken::new("tok").unwrap();
        let r = logout_request(&csrf);
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.path_and_query(), "/auth/logout.json?api-version=v2");
        assert_eq!(
            r.headers,
            vec![("X-CSRF-Token".to_string(), "tok".to_string())]
        );
        assert_eq!(parse_logout(&response(302, "")), Ok(()));
        assert_eq!(parse_logout(&response(200, "")), Ok(()));
        assert_eq!(
            parse_logout(&response(502, "<html>Bad gateway</html>"))
                .unwrap_err()
                .code(),
            "HTML_BODY"
        );
    }
}

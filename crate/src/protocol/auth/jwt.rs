//! JWT login, refresh and logout (protocol.md §3).
//!
//! ```text
//! LoginChallenge::new ─ JwtLogin::start ─ POST /auth/jwt/login.json ─▶ JwtLogin::finish → JwtTokens
//! refresh_request ─ POST /auth/jwt/refresh.json ─▶ parse_refresh → JwtTokens (new refresh token from the cookie)
//! logout_request  ─ POST /auth/jwt/logout.json  ─▶ parse_logout
//! ```

use std::fmt;

use base64::Engine;
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::pgp::{decrypt, encrypt, DecryptOptions, DecryptWith, PgpError, UnlockedKey};
use crate::protocol::http::{Method, Request, Response};

use super::csrf::{CookieJar, REFRESH_COOKIE};
use super::error::{server_text, AuthError};
use super::jwks::{JwtKeySet, BASE64URL};
use super::response::{api_request, string_field, success};
use super::server_key::ServerKey;
use crate::protocol::uuid::{is_uuid, new_v4};

/// The only challenge version servers speak.
pub const CHALLENGE_VERSION: &str = "1.0.0";
/// The challenge lifetime [`LoginChallenge::new`] is usually given: 5 minutes.
pub const DEFAULT_CHALLENGE_LIFETIME: i64 = 300;
/// The server refuses a verify token that expires more than an hour ahead.
pub const MAX_CHALLENGE_LIFETIME: i64 = 3600;
/// Longest access token read.
const MAX_JWT_BYTES: usize = 16 * 1024;

const LOGIN_PATH: &str = "/auth/jwt/login.json";
const REFRESH_PATH: &str = "/auth/jwt/refresh.json";
const LOGOUT_PATH: &str = "/auth/jwt/logout.json";

/// The login challenge the client encrypts for the server and signs. `Debug` hides the
/// verify token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginChallenge {
    /// Always [`CHALLENGE_VERSION`].
    pub version: String,
    /// The server's full base URL, as the server knows it.
    pub domain: String,
    /// A fresh UUIDv4 that the server must echo, and never accepts twice.
    pub verify_token: String,
    /// Unix time after which the server refuses the challenge.
    pub verify_token_expiry: i64,
}

impl LoginChallenge {
    /// A challenge for `domain` with a fresh verify token from `rng`, expiring `lifetime`
    /// seconds after `now` (Unix time).
    ///
    /// Errors: [`AuthError::InvalidDomain`], [`AuthError::ChallengeLifetime`] unless
    /// `1 <= lifetime <= 3600`.
    pub fn new<R: RngCore + CryptoRng>(
        domain: &str,
        now: i64,
        lifetime: i64,
        rng: &mut R,
    ) -> Result<Self, AuthError> {
        check_domain(domain)?;
        if !(1..=MAX_CHALLENGE_LIFETIME).contains(&lifetime) {
            return Err(AuthError::ChallengeLifetime { seconds: lifetime });
        }
        Ok(LoginChallenge {
            version: CHALLENGE_VERSION.to_owned(),
            domain: domain.to_owned(),
            verify_token: new_v4(rng),
            verify_token_expiry: now.saturating_add(lifetime),
        })
    }
}

impl fmt::Debug for LoginChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginChallenge")
            .field("version", &self.version)
            .field("domain", &self.domain)
            .field("verify_token_expiry", &self.verify_token_expiry)
            .finish_non_exhaustive()
    }
}

fn check_domain(domain: &str) -> Result<(), AuthError> {
    let host = domain
        .strip_prefix("https://")
        .or_else(|| domain.strip_prefix("http://"))
        .ok_or(AuthError::InvalidDomain)?;
    let fits =
        !host.is_empty() && !host.starts_with('/') && domain.bytes().all(|b| b.is_ascii_graphic());
    if fits {
        Ok(())
    } else {
        Err(AuthError::InvalidDomain)
    }
}

fn same_domain(ours: &str, theirs: &str) -> bool {
    ours.trim_end_matches('/') == theirs.trim_end_matches('/')
}

/// A JWT login in flight.
pub struct JwtLogin {
    user_id: String,
    challenge: LoginChallenge,
}

impl fmt::Debug for JwtLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtLogin")
            .field("user_id", &self.user_id)
            .field("challenge", &self.challenge)
            .finish()
    }
}

/// What a JWT login or refresh yields. `Debug` shows no token.
#[derive(Debug, Clone)]
pub struct JwtTokens {
    /// The access token, for `Authorization: Bearer`.
    pub access_token: AccessToken,
    /// The single-use refresh token.
    pub refresh_token: RefreshToken,
}

impl JwtLogin {
    /// Encrypts the challenge for the server key, signed by the user's key, and builds
    /// `POST /auth/jwt/login.json` `{"user_id", "challenge"}`.
    ///
    /// Errors: [`AuthError::InvalidUserId`], [`AuthError::InvalidDomain`],
    /// [`AuthError::Crypto`] (server key unusable, user key cannot sign).
    pub fn start(
        user_id: &str,
        challenge: LoginChallenge,
        user_key: &UnlockedKey,
        server_key: &ServerKey,
    ) -> Result<(JwtLogin, Request), AuthError> {
        if !is_uuid(user_id) {
            return Err(AuthError::InvalidUserId);
        }
        check_domain(&challenge.domain)?;
        let clear = Zeroizing::new(serde_json::to_string(&challenge).map_err(|_| {
            AuthError::InvalidChallenge {
                reason: "it cannot be written as JSON",
            }
        })?);
        let armored = encrypt(clear.as_bytes(), &[server_key.public_key()], Some(user_key))
            .map_err(AuthError::crypto(
                "encrypt the login challenge for the server key",
            ))?;
        let body = json!({"user_id": user_id, "challenge": armored});
        let request = api_request(Method::Post, LOGIN_PATH).body(body.to_string());
        let login = JwtLogin {
            user_id: user_id.to_owned(),
            challenge,
        };
        Ok((login, request))
    }

    /// Reads the server's reply challenge: decrypts it, requires the server key's signature,
    /// checks version, verify token (echoed) and domain, reads the access token (not expired
    /// at `now`, issued for this user) and the refresh token.
    ///
    /// Errors: [`AuthError::Envelope`], [`AuthError::Server`], [`AuthError::UnexpectedBody`],
    /// [`AuthError::ChallengeNotSignedByServer`], [`AuthError::Crypto`],
    /// [`AuthError::InvalidChallenge`], [`AuthError::ChallengeVersion`],
    /// [`AuthError::ChallengeVerifyTokenMismatch`], [`AuthError::ChallengeDomainMismatch`],
    /// [`AuthError::InvalidJwt`], [`AuthError::JwtExpired`], [`AuthError::JwtSubjectMismatch`],
    /// [`AuthError::InvalidRefreshToken`].
    pub fn finish(
        self,
        response: &Response,
        user_key: &UnlockedKey,
        server_key: &ServerKey,
        now: i64,
    ) -> Result<JwtTokens, AuthError> {
        let envelope = success(response)?;
        let armored = string_field(
            &envelope.body,
            "challenge",
            LOGIN_PATH,
            "the body has no \"challenge\" string",
        )?;
        let options = DecryptOptions {
            verification_keys: &[server_key.public_key()],
            require_signature: true,
        };
        let decrypted =
            decrypt(armored, DecryptWith::Key(user_key), &options).map_err(|e| match e {
                PgpError::SignatureRequired => AuthError::ChallengeNotSignedByServer,
                source => AuthError::Crypto {
                    operation: "decrypt the server's login challenge",
                    source,
                },
            })?;
        let reply: Value =
            serde_json::from_slice(&decrypted.data).map_err(|_| AuthError::InvalidChallenge {
                reason: "it is not JSON",
            })?;
        let field = |name| {
            reply
                .get(name)
                .and_then(Value::as_str)
                .ok_or(AuthError::InvalidChallenge {
                    reason: "a field is missing or not a string",
                })
        };
        let version = field("version")?;
        if version != CHALLENGE_VERSION {
            return Err(AuthError::ChallengeVersion {
                found: server_text(version, 16),
            });
        }
        if !field("verify_token")?.eq_ignore_ascii_case(&self.challenge.verify_token) {
            return Err(AuthError::ChallengeVerifyTokenMismatch);
        }
        let domain = field("domain")?;
        if !same_domain(&self.challenge.domain, domain) {
            return Err(AuthError::ChallengeDomainMismatch {
                expected: self.challenge.domain.clone(),
                found: server_text(domain, 200),
            });
        }
        let access_token = AccessToken::parse(field("access_token")?)?;
        access_token.check_fresh(now)?;
        if access_token
            .claims()
            .subject
            .as_deref()
            .is_some_and(|sub| !sub.eq_ignore_ascii_case(&self.user_id))
        {
            return Err(AuthError::JwtSubjectMismatch);
        }
        let refresh_token = RefreshToken::new(field("refresh_token")?)?;
        Ok(JwtTokens {
            access_token,
            refresh_token,
        })
    }
}

/// The claims read from an access token (public facts: no secret here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtClaims {
    /// `sub`: the user id.
    pub subject: Option<String>,
    /// `iss`: the server's base URL.
    pub issuer: Option<String>,
    /// `exp`: Unix time after which the server refuses the token.
    pub expires_at: i64,
}

/// An RS256 access token. Zeroized on drop; `Debug` shows its claims only.
#[derive(Clone)]
pub struct AccessToken {
    jwt: Zeroizing<String>,
    claims: JwtClaims,
}

impl AccessToken {
    /// Reads a JWT's header (`alg` must be `RS256`) and claims (`exp` required) without
    /// checking the signature (see [`AccessToken::verify_signature`]).
    ///
    /// Errors: [`AuthError::InvalidJwt`].
    pub fn parse(jwt: &str) -> Result<Self, AuthError> {
        let invalid = |reason| AuthError::InvalidJwt { reason };
        if jwt.len() > MAX_JWT_BYTES {
            return Err(invalid("it is longer than 16 KiB"));
        }
        let parts: Vec<&str> = jwt.split('.').collect();
        let [header, claims, signature] = parts[..] else {
            return Err(invalid("it does not have three dot-separated parts"));
        };
        let header = json_part(header).ok_or(invalid("its header is not base64url JSON"))?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return Err(invalid("its algorithm is not RS256"));
        }
        let claims = json_part(claims).ok_or(invalid("its claims are not base64url JSON"))?;
        let expires_at = claims
            .get("exp")
            .and_then(|exp| exp.as_i64().or_else(|| exp.as_f64().map(|f| f as i64)))
            .ok_or(invalid("it has no numeric exp claim"))?;
        let text = |name| {
            claims
                .get(name)
                .and_then(Value::as_str)
                .map(|s| server_text(s, 200))
        };
        match BASE64URL.decode(signature) {
            Ok(bytes) if !bytes.is_empty() => {}
            _ => return Err(invalid("its signature is not base64url")),
        }
        Ok(AccessToken {
            jwt: Zeroizing::new(jwt.to_owned()),
            claims: JwtClaims {
                subject: text("sub"),
                issuer: text("iss"),
                expires_at,
            },
        })
    }

    /// The claims.
    pub fn claims(&self) -> &JwtClaims {
        &self.claims
    }

    /// `exp`, Unix time.
    pub fn expires_at(&self) -> i64 {
        self.claims.expires_at
    }

    /// True when the token has expired at `now` (Unix time); refresh it before.
    pub fn is_expired(&self, now: i64) -> bool {
        self.claims.expires_at <= now
    }

    fn check_fresh(&self, now: i64) -> Result<(), AuthError> {
        if self.is_expired(now) {
            return Err(AuthError::JwtExpired {
                expired_at: self.claims.expires_at,
            });
        }
        Ok(())
    }

    /// The token as the server sent it (to store it, or for another runtime's headers).
    pub fn as_str(&self) -> &str {
        &self.jwt
    }

    /// Adds `Authorization: Bearer <token>` to a request (replacing any earlier one).
    pub fn authorize(&self, mut request: Request) -> Request {
        request
            .headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
        request.header("Authorization", format!("Bearer {}", self.as_str()))
    }

    /// Checks the RS256 signature with the server's JWT keys (`rsa.json` or `jwks.json`).
    ///
    /// Errors: [`AuthError::JwtSignature`].
    pub fn verify_signature(&self, keys: &JwtKeySet) -> Result<(), AuthError> {
        let (signing_input, signature) =
            self.jwt.rsplit_once('.').ok_or(AuthError::JwtSignature)?;
        let signature = BASE64URL
            .decode(signature)
            .map_err(|_| AuthError::JwtSignature)?;
        keys.verify(signing_input.as_bytes(), &signature)
    }
}

fn json_part(part: &str) -> Option<Value> {
    let bytes = BASE64URL.decode(part).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    value.is_object().then_some(value)
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("claims", &self.claims)
            .finish_non_exhaustive()
    }
}

/// A single-use refresh token (a UUID). Zeroized on drop; `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken(Zeroizing<String>);

impl RefreshToken {
    /// Checks that the token is a UUID.
    ///
    /// Errors: [`AuthError::InvalidRefreshToken`].
    pub fn new(token: &str) -> Result<Self, AuthError> {
        if !is_uuid(token) {
            return Err(AuthError::InvalidRefreshToken);
        }
        Ok(RefreshToken(Zeroizing::new(token.to_owned())))
    }

    /// The token.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RefreshToken(<redacted>)")
    }
}

/// `POST /auth/jwt/refresh.json` `{"user_id", "refresh_token"}` (the old token is consumed).
///
/// Errors: [`AuthError::InvalidUserId`].
pub fn refresh_request(user_id: &str, refresh_token: &RefreshToken) -> Result<Request, AuthError> {
    if !is_uuid(user_id) {
        return Err(AuthError::InvalidUserId);
    }
    let body = json!({"user_id": user_id, "refresh_token": refresh_token.as_str()});
    Ok(api_request(Method::Post, REFRESH_PATH).body(body.to_string()))
}

/// Reads the answer to [`refresh_request`]: the access token from the body (not expired at
/// `now`), the rotated refresh token from the `refresh_token` cookie, the only place the
/// server delivers it.
///
/// Errors: [`AuthError::Envelope`], [`AuthError::Server`], [`AuthError::UnexpectedBody`],
/// [`AuthError::InvalidJwt`], [`AuthError::JwtExpired`], [`AuthError::MissingRefreshToken`],
/// [`AuthError::InvalidRefreshToken`].
pub fn parse_refresh(response: &Response, now: i64) -> Result<JwtTokens, AuthError> {
    let access_token = parse_refreshed_access_token(response, now)?;
    let mut cookies = CookieJar::new();
    cookies.store(response, now);
    let cookie = cookies
        .get(REFRESH_COOKIE)
        .ok_or(AuthError::MissingRefreshToken)?;
    Ok(JwtTokens {
        access_token,
        refresh_token: RefreshToken::new(cookie)?,
    })
}

/// `POST /auth/jwt/refresh.json` `{"user_id"}`: the refresh token is the `refresh_token`
/// cookie, which a browser's `fetch` sends (with credentials) but never shows.
///
/// Errors: [`AuthError::InvalidUserId`].
pub fn refresh_with_cookie_request(user_id: &str) -> Result<Request, AuthError> {
    if !is_uuid(user_id) {
        return Err(AuthError::InvalidUserId);
    }
    let body = json!({ "user_id": user_id });
    Ok(api_request(Method::Post, REFRESH_PATH).body(body.to_string()))
}

/// Reads the access token of a refresh answer (not expired at `now`); where the runtime keeps
/// the cookies, the rotated refresh token stays in its cookie.
///
/// Errors: [`AuthError::Envelope`], [`AuthError::Server`], [`AuthError::UnexpectedBody`],
/// [`AuthError::InvalidJwt`], [`AuthError::JwtExpired`].
pub fn parse_refreshed_access_token(
    response: &Response,
    now: i64,
) -> Result<AccessToken, AuthError> {
    let envelope = success(response)?;
    let jwt = string_field(
        &envelope.body,
        "access_token",
        REFRESH_PATH,
        "the body has no \"access_token\" string",
    )?;
    let access_token = AccessToken::parse(jwt)?;
    access_token.check_fresh(now)?;
    Ok(access_token)
}

/// `POST /auth/jwt/logout.json` with the access token; with a refresh token only that one is
/// revoked, without it every refresh token of the user.
pub fn logout_request(access_token: &AccessToken, refresh_token: Option<&RefreshToken>) -> Request {
    let request = api_request(Method::Post, LOGOUT_PATH);
    let request = match refresh_token {
        Some(token) => request.body(json!({"refresh_token": token.as_str()}).to_string()),
        None => request,
    };
    access_token.authorize(request)
}

/// Reads the answer to [`logout_request`].
///
/// Errors: [`AuthError::Envelope`], [`AuthError::Server`].
pub fn parse_logout(response: &Response) -> Result<(), AuthError> {
    success(response).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    const NOW: i64 = 1_795_342_586;

    fn jwt(header: &str, claims: &str) -> String {
        format!(
            "{}.{}.{}",
            BASE64URL.encode(header),
            BASE64URL.encode(claims),
            BASE64URL.encode([1u8; 32])
        )
    }

    fn invalid(text: &str) -> &'static str {
        match AccessToken::parse(text) {
            Err(AuthError::InvalidJwt { reason }) => reason,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn challenge_has_version_token_and_bounded_expiry() {
        let mut rng = StdRng::seed_from_u64(9);
        let c = LoginChallenge::new("https://passbolt.fixture.test", NOW, 300, &mut rng).unwrap();
        assert_eq!(c.version, "1.0.0");
        assert_eq!(c.verify_token_expiry, NOW + 300);
        assert!(is_uuid(&c.verify_token));
        assert!(LoginChallenge::new("https://p.test", NOW, 3600, &mut rng).is_ok());
        for seconds in [0, -5, 3601] {
            assert_eq!(
                LoginChallenge::new("https://p.test", NOW, seconds, &mut rng).unwrap_err(),
                AuthError::ChallengeLifetime { seconds }
            );
        }
        for domain in [
            "",
            "passbolt.test",
            "ftp://p.test",
            "https://",
            "https:///x",
            "https://p .test",
        ] {
            assert_eq!(
                LoginChallenge::new(domain, NOW, 300, &mut rng).unwrap_err(),
                AuthError::InvalidDomain,
                "{domain}"
            );
        }
        let shown = format!("{c:?}");
        assert!(!shown.contains(&c.verify_token), "{shown}");
    }

    #[test]
    fn challenge_json_has_the_server_field_names() {
        let c =
            LoginChallenge::new("https://p.test", NOW, 60, &mut StdRng::seed_from_u64(1)).unwrap();
        let json: Value = serde_json::to_value(&c).unwrap();
        assert_eq!(json["version"], "1.0.0");
        assert_eq!(json["domain"], "https://p.test");
        assert_eq!(json["verify_token"], c.verify_token.as_str());
        assert_eq!(json["verify_token_expiry"], NOW + 60);
    }

    #[test]
    fn garbled_jwts_name_their_defect() {
        let rs = r#"{"alg":"RS256","typ":"JWT"}"#;
        assert_eq!(invalid(""), "it does not have three dot-separated parts");
        assert_eq!(invalid("a.b"), "it does not have three dot-separated parts");
        assert_eq!(
            invalid("a.b.c.d"),
            "it does not have three dot-separated parts"
        );
        assert_eq!(invalid("!!.e30.AA"), "its header is not base64url JSON");
        assert_eq!(
            invalid(&jwt(r#"{"alg":"none"}"#, r#"{"exp":1}"#)),
            "its algorithm is not RS256"
        );
        assert_eq!(
            invalid(&jwt(r#"{"alg":"HS256"}"#, r#"{"exp":1}"#)),
            "its algorithm is not RS256"
        );
        assert_eq!(
            invalid(&jwt(rs, "[1]")),
            "its claims are not base64url JSON"
        );
        assert_eq!(
            invalid(&jwt(rs, r#"{"exp":"soon"}"#)),
            "it has no numeric exp claim"
        );
        assert_eq!(
            invalid(&jwt(rs, r#"{"sub":"x"}"#)),
            "it has no numeric exp claim"
        );
        let unsigned = format!("{}.", jwt(rs, r#"{"exp":1}"#).rsplit_once('.').unwrap().0);
        assert_eq!(invalid(&unsigned), "its signature is not base64url");
        assert_eq!(
            invalid(&"a".repeat(MAX_JWT_BYTES + 1)),
            "it is longer than 16 KiB"
        );
    }

    #[test]
    fn expiry_is_read_from_the_claims() {
        let token = AccessToken::parse(&jwt(
            r#"{"alg":"RS256"}"#,
            r#"{"exp":1795342886,"sub":"u","iss":"https://p.test/"}"#,
        ))
        .unwrap();
        assert_eq!(token.expires_at(), 1_795_342_886);
        assert!(!token.is_expired(NOW));
        assert!(token.is_expired(1_795_342_886));
        assert_eq!(token.claims().subject.as_deref(), Some("u"));
        assert_eq!(token.claims().issuer.as_deref(), Some("https://p.test/"));
    }

    #[test]
    fn bearer_header_replaces_an_earlier_one() {
        let token = AccessToken::parse(&jwt(r#"{"alg":"RS256"}"#, r#"{"exp":1}"#)).unwrap();
        let r =
            token.authorize(Request::new(Method::Get, "/x.json").header("authorization", "old"));
        assert_eq!(
            r.headers,
            vec![(
                "Authorization".to_string(),
                format!("Bearer {}", token.as_str())
            )]
        );
    }

    #[test]
    fn refresh_tokens_are_uuids() {
        assert!(RefreshToken::new("39c8d6bc-fc15-46d3-8344-d0afcf98fb82").is_ok());
        assert_eq!(
            RefreshToken::new("nope").unwrap_err(),
            AuthError::InvalidRefreshToken
        );
        let request = refresh_request(
            "not-a-uuid",
            &RefreshToken::new("39c8d6bc-fc15-46d3-8344-d0afcf98fb82").unwrap(),
        );
        assert_eq!(request.unwrap_err(), AuthError::InvalidUserId);
    }
}

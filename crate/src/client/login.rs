//! Server verification, GPGAuth and JWT login, MFA, the session check and logout.

use std::rc::Rc;

use rand::rngs::OsRng;
use serde_json::Value;

use crate::pgp::UnlockedKey;
use crate::protocol::auth::jwks::{jwks_request, parse_jwks};
use crate::protocol::auth::jwt::{self, DEFAULT_CHALLENGE_LIFETIME};
use crate::protocol::auth::server_key::server_key_request;
use crate::protocol::auth::session::{
    self, is_authenticated_request, parse_is_authenticated, parse_mfa_verify, totp_verify_request,
};
use crate::protocol::auth::{
    JwtLogin, LoginChallenge, ServerKey, ServerTrust, SessionStatus, Stage0, Stage1,
};

use super::api::{Account, Client};
use super::connection::JwtSession;
use super::error::ClientError;
use super::transport::Transport;

/// The outcome of a server verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVerification {
    /// The server key's fingerprint (40 upper-case hex digits).
    pub fingerprint: String,
    /// True when no fingerprint was pinned before: show it to the user to confirm, and store
    /// it with the account.
    pub first_use: bool,
}

/// A completed login.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginInfo {
    /// The user's id.
    pub user_id: String,
    /// The user as the server returned it (GPGAuth) or `null` (JWT).
    pub user: Value,
    /// The pinned server fingerprint.
    pub server_fingerprint: String,
}

impl<T: Transport> Client<T> {
    /// Fetches the server key, checks it against the pin and makes the server prove it holds
    /// the private key (GPGAuth stage 0, with the user's fingerprint as the server requires).
    /// Without a pin the key is pinned now (trust on first use) and `first_use` says so.
    ///
    /// Errors: `SERVER_KEY_CHANGED` (nothing is sent to the server then), `SERVER_KEY_MISMATCH`,
    /// `VERIFY_TOKEN_MISMATCH`, the GPGAuth header errors, network and envelope errors.
    pub async fn verify_server(
        &self,
        user_fingerprint: &str,
    ) -> Result<ServerVerification, ClientError> {
        let response = self.conn.exchange(server_key_request()).await?;
        let key = ServerKey::from_response(&response)?;
        let pin = self.pin();
        let (stage0, request) = Stage0::start(user_fingerprint, &key, pin.as_ref(), &mut OsRng)?;
        let response = self.conn.exchange(request).await?;
        let trust = stage0.finish(&response)?;
        self.keep_server_key(key)?;
        Ok(ServerVerification {
            fingerprint: trust.pin().fingerprint().to_owned(),
            first_use: matches!(trust, ServerTrust::FirstUse(_)),
        })
    }

    /// Logs in by GPGAuth (the browser extension's login): verifies the server, decrypts the
    /// login token with `key` after checking the server signed it, and answers it. The session
    /// is the cookie the server sets. When the server then requires a second factor, the
    /// session is kept and [`ClientError::MfaRequired`] lists the providers: verify one with
    /// [`Client::verify_totp`].
    ///
    /// Errors: those of [`Client::verify_server`], `TOKEN_NOT_SIGNED_BY_SERVER`,
    /// `INVALID_TOKEN`, `HEADER_ENCODING`, `GPGAUTH_REFUSED` (unknown key), `MFA_REQUIRED`.
    pub async fn login(&self, key: &UnlockedKey) -> Result<LoginInfo, ClientError> {
        self.conn.forget_session();
        *self.account.borrow_mut() = None;
        self.forget_user_data();
        let fingerprint = key.fingerprint();
        let verification = self.verify_server(&fingerprint).await?;
        let server_key = self.server_key()?;
        let (stage1, request) = Stage1::start(&fingerprint)?;
        let response = self.conn.exchange(request).await?;
        let (stage2, request) = stage1.finish(&response, key, &server_key)?;
        let response = self.conn.exchange(request).await?;
        let logged_in = stage2.finish(&response)?;
        let user_id = logged_in
            .user
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| crate::protocol::uuid::is_uuid(id))
            .ok_or(ClientError::Api(
                crate::protocol::api_error::ApiError::Malformed {
                    path: "body.id".into(),
                    expected: "the logged-in user's id (a UUID)",
                },
            ))?
            .to_owned();
        self.start_session(&user_id, key);
        self.require_full_session().await?;
        Ok(LoginInfo {
            user_id,
            user: logged_in.user,
            server_fingerprint: verification.fingerprint,
        })
    }

    /// Logs in by JWT (the mobile apps' and CLI's login) as `user_id`: verifies the server,
    /// sends a challenge signed by `key` and encrypted for the server, checks the server's
    /// signed reply (verify token, domain) and the access token's RS256 signature with the
    /// server's JWKS. Later calls refresh the access token before it expires.
    ///
    /// Errors: those of [`Client::verify_server`], `CHALLENGE_NOT_SIGNED_BY_SERVER`,
    /// `CHALLENGE_VERIFY_TOKEN_MISMATCH`, `CHALLENGE_DOMAIN_MISMATCH`, `JWT_SIGNATURE`,
    /// `JWT_EXPIRED`, `MFA_REQUIRED`.
    pub async fn login_jwt(
        &self,
        key: &UnlockedKey,
        user_id: &str,
    ) -> Result<LoginInfo, ClientError> {
        self.conn.forget_session();
        *self.account.borrow_mut() = None;
        self.forget_user_data();
        let verification = self.verify_server(&key.fingerprint()).await?;
        let server_key = self.server_key()?;
        let now = self.conn.now();
        let challenge = LoginChallenge::new(
            &self.conn.base().domain(),
            now,
            DEFAULT_CHALLENGE_LIFETIME,
            &mut OsRng,
        )?;
        let (login, request) = JwtLogin::start(user_id, challenge, key, &server_key)?;
        let response = self.conn.exchange(request).await?;
        let tokens = login.finish(&response, key, &server_key, self.conn.now())?;
        let jwks = parse_jwks(&self.conn.exchange(jwks_request()).await?)?;
        tokens.access_token.verify_signature(&jwks)?;
        self.conn.set_jwt(JwtSession {
            user_id: user_id.to_ascii_lowercase(),
            access: tokens.access_token,
            refresh: Some(tokens.refresh_token),
        });
        self.start_session(&user_id.to_ascii_lowercase(), key);
        self.require_full_session().await?;
        Ok(LoginInfo {
            user_id: user_id.to_ascii_lowercase(),
            user: Value::Null,
            server_fingerprint: verification.fingerprint,
        })
    }

    fn start_session(&self, user_id: &str, key: &UnlockedKey) {
        *self.account.borrow_mut() = Some(Rc::new(Account {
            user_id: user_id.to_owned(),
            key: key.clone(),
        }));
    }

    async fn require_full_session(&self) -> Result<(), ClientError> {
        match self.session_status().await? {
            SessionStatus::LoggedIn => Ok(()),
            SessionStatus::MfaRequired { providers } => Err(ClientError::MfaRequired { providers }),
            SessionStatus::LoggedOut => Err(ClientError::NotLoggedIn),
        }
    }

    /// Refreshes the JWT access token now (a call refreshes it by itself when it is about to
    /// expire). In a browser the rotated refresh token stays in the browser's cookie.
    ///
    /// Errors: [`ClientError::NotLoggedIn`] (no JWT session, or the refresh token was refused).
    pub async fn refresh_session(&self) -> Result<(), ClientError> {
        self.conn.refresh().await
    }

    /// Asks the server where the session stands: logged in, logged out, or waiting for a
    /// second factor (with the providers).
    pub async fn session_status(&self) -> Result<SessionStatus, ClientError> {
        let request = self.conn.authorize(is_authenticated_request()).await?;
        let response = self.conn.exchange(request).await?;
        match parse_is_authenticated(&response)? {
            // A redirect names no provider; the page it points to lists them.
            SessionStatus::MfaRequired { providers } if providers.is_empty() => {
                Ok(SessionStatus::MfaRequired {
                    providers: self.conn.mfa_providers().await?,
                })
            }
            status => Ok(status),
        }
    }

    /// Sends a TOTP code for a session waiting for a second factor.
    ///
    /// Errors: `INVALID_TOTP_CODE` (not 6-8 digits, nothing sent), `SERVER_ERROR` (refused).
    pub async fn verify_totp(&self, code: &str, remember: bool) -> Result<(), ClientError> {
        let request = totp_verify_request(code, remember)?;
        let response = self.conn.call(request).await?;
        parse_mfa_verify(&response)?;
        Ok(())
    }

    /// Ends the session on the server and forgets it here (cookies, CSRF and JWT tokens, the
    /// user's key). The local state is forgotten even when the server cannot be reached.
    pub async fn logout(&self) -> Result<(), ClientError> {
        let result = self.logout_on_server().await;
        self.conn.forget_session();
        *self.account.borrow_mut() = None;
        self.forget_user_data();
        result
    }

    async fn logout_on_server(&self) -> Result<(), ClientError> {
        if let Some((access, refresh)) = self.conn.jwt_tokens() {
            let response = self
                .conn
                .exchange(jwt::logout_request(&access, refresh.as_ref()))
                .await?;
            return Ok(jwt::parse_logout(&response)?);
        }
        if self.account.borrow().is_none() {
            return Ok(());
        }
        let csrf = self.conn.csrf_token().await?;
        let response = self.conn.exchange(session::logout_request(&csrf)).await?;
        Ok(session::parse_logout(&response)?)
    }
}

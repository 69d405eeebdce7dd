//! One connection to one server: the cookie jar (when the runtime keeps none), the CSRF token,
//! the JWT tokens and their refresh, and the reading of the answers every API call can get
//! (not logged in, MFA required, CSRF refused).

use std::cell::RefCell;

use crate::envelope::Envelope;
use crate::protocol::auth::csrf::{csrf_token_request, parse_csrf_token};
use crate::protocol::auth::jwt::{
    parse_refresh, parse_refreshed_access_token, refresh_request, refresh_with_cookie_request,
};
use crate::protocol::auth::session::parse_is_authenticated;
use crate::protocol::auth::{
    AccessToken, CookieJar, CsrfToken, MfaProvider, RefreshToken, SessionStatus,
};
use crate::protocol::http::{Method, Request, Response};

use super::base_url::BaseUrl;
use super::error::ClientError;
use super::transport::Transport;

/// Refresh the access token when it expires within this many seconds.
const REFRESH_MARGIN_SECONDS: i64 = 30;
const MFA_ERROR_PATH: &str = "/mfa/verify/error.json";

/// The JWT tokens of a session.
pub(crate) struct JwtSession {
    pub(crate) user_id: String,
    pub(crate) access: AccessToken,
    /// `None` once the runtime holds the rotated token in its cookie (a browser).
    pub(crate) refresh: Option<RefreshToken>,
}

#[derive(Default)]
struct State {
    jar: CookieJar,
    /// The CSRF token read from `/users/csrf-token.json` (runtimes that keep their cookies).
    csrf: Option<CsrfToken>,
    jwt: Option<JwtSession>,
}

/// A connection: the transport, the base URL and the session's cookies and tokens.
pub struct Connection<T> {
    base: BaseUrl,
    transport: T,
    state: RefCell<State>,
}

impl<T: Transport> Connection<T> {
    /// A connection without a session.
    pub fn new(base: BaseUrl, transport: T) -> Self {
        Connection {
            base,
            transport,
            state: RefCell::new(State::default()),
        }
    }

    /// The server's base URL.
    pub fn base(&self) -> &BaseUrl {
        &self.base
    }

    /// The runtime's clock (Unix seconds).
    pub fn now(&self) -> i64 {
        self.transport.now()
    }

    /// Sends a request as it is, with the jar's cookies when the client keeps them, and keeps
    /// the cookies of the answer. No session logic: the login flows use this.
    pub async fn exchange(&self, request: Request) -> Result<Response, ClientError> {
        let keep_cookies = !self.transport.runtime_cookies();
        let request = match self.state.borrow().jar.cookie_header() {
            Some(cookies) if keep_cookies => request.header("Cookie", cookies),
            _ => request,
        };
        let url = self.base.join(&request.path_and_query());
        let response = self.transport.send(&url, &request).await?;
        if keep_cookies {
            let now = self.now();
            self.state.borrow_mut().jar.store(&response, now);
        }
        Ok(response)
    }

    /// Sends an API request of a logged-in user: refreshes the JWT access token when it is
    /// about to expire, adds `Authorization` or the CSRF token, and turns the answers that
    /// mean "log in first" into [`ClientError::NotLoggedIn`] / [`ClientError::MfaRequired`] /
    /// [`ClientError::Csrf`]. Other answers are returned for the endpoint's parser.
    pub async fn call(&self, request: Request) -> Result<Response, ClientError> {
        let request = self.authorize(request).await?;
        let response = self.exchange(request).await?;
        self.check_session(&response).await?;
        Ok(response)
    }

    /// Adds what a request of the session needs: the JWT access token (refreshed when due), or
    /// the CSRF token on a mutating request. A GET of a cookie session is left as it is.
    pub(crate) async fn authorize(&self, request: Request) -> Result<Request, ClientError> {
        if self.state.borrow().jwt.is_some() {
            self.refresh_if_due().await?;
            let state = self.state.borrow();
            return Ok(match &state.jwt {
                Some(jwt) => jwt.access.authorize(request),
                None => request,
            });
        }
        if request.method == Method::Get {
            return Ok(request);
        }
        let token = self.csrf_token().await?;
        Ok(token.protect(request))
    }

    /// The CSRF token for a mutating session request.
    pub async fn csrf_token(&self) -> Result<CsrfToken, ClientError> {
        if !self.transport.runtime_cookies() {
            // The jar holds the `csrfToken` cookie the server set.
            if let Some(token) = self.state.borrow().jar.csrf_token() {
                return Ok(token);
            }
        } else if let Some(token) = self.state.borrow().csrf.clone() {
            return Ok(token);
        }
        let response = self.exchange(csrf_token_request()).await?;
        self.check_session(&response).await?;
        let token = parse_csrf_token(&response)?;
        self.state.borrow_mut().csrf = Some(token.clone());
        Ok(token)
    }

    async fn check_session(&self, response: &Response) -> Result<(), ClientError> {
        let redirected_to_mfa = (300..400).contains(&response.status)
            && response
                .header("location")
                .is_some_and(|to| to.split('?').next().unwrap_or(to).ends_with(MFA_ERROR_PATH));
        if redirected_to_mfa {
            return Err(ClientError::MfaRequired {
                providers: self.mfa_providers().await?,
            });
        }
        if !matches!(response.status, 401 | 403) {
            return Ok(());
        }
        // A body that is not an envelope is left to the endpoint's parser, which reports it.
        let Ok(envelope) = response.envelope() else {
            return Ok(());
        };
        if let Ok(SessionStatus::MfaRequired { providers }) = parse_is_authenticated(response) {
            return Err(ClientError::MfaRequired { providers });
        }
        if response.status == 401 || says_login_needed(&envelope) {
            self.forget_session();
            return Err(ClientError::NotLoggedIn);
        }
        if envelope.header.message.contains("CSRF") {
            // The token may have been rotated: fetch it again next time.
            self.state.borrow_mut().csrf = None;
            return Err(ClientError::Csrf {
                message: crate::protocol::auth::server_text(&envelope.header.message, 200),
            });
        }
        Ok(())
    }

    /// The providers of a pending second factor, from the page the server's MFA redirect
    /// points to (empty when it lists none).
    pub(crate) async fn mfa_providers(&self) -> Result<Vec<MfaProvider>, ClientError> {
        let request = Request::new(Method::Get, MFA_ERROR_PATH).query("api-version", "v2");
        let request = match &self.state.borrow().jwt {
            Some(jwt) => jwt.access.authorize(request),
            None => request,
        };
        let page = self.exchange(request).await?;
        Ok(match parse_is_authenticated(&page) {
            Ok(SessionStatus::MfaRequired { providers }) => providers,
            _ => Vec::new(),
        })
    }

    pub(crate) async fn refresh_if_due(&self) -> Result<(), ClientError> {
        let now = self.now();
        let request = {
            let state = self.state.borrow();
            match &state.jwt {
                Some(jwt) if jwt.access.expires_at() - REFRESH_MARGIN_SECONDS <= now => {
                    Self::refresh_request_of(jwt)?
                }
                _ => return Ok(()),
            }
        };
        self.refresh_with(request).await
    }

    /// Refreshes the JWT access token now (the refresh token is single use).
    pub async fn refresh(&self) -> Result<(), ClientError> {
        let request = {
            let state = self.state.borrow();
            let jwt = state.jwt.as_ref().ok_or(ClientError::NotLoggedIn)?;
            Self::refresh_request_of(jwt)?
        };
        self.refresh_with(request).await
    }

    fn refresh_request_of(jwt: &JwtSession) -> Result<Request, ClientError> {
        Ok(match &jwt.refresh {
            Some(token) => refresh_request(&jwt.user_id, token)?,
            None => refresh_with_cookie_request(&jwt.user_id)?,
        })
    }

    async fn refresh_with(&self, request: Request) -> Result<(), ClientError> {
        let response = self.exchange(request).await?;
        let now = self.now();
        let tokens = if self.transport.runtime_cookies() {
            // The rotated refresh token is in a cookie the runtime keeps and never shows.
            parse_refreshed_access_token(&response, now).map(|access| (access, None))
        } else {
            parse_refresh(&response, now).map(|t| (t.access_token, Some(t.refresh_token)))
        };
        let (access, refresh) = tokens.map_err(|e| {
            if matches!(response.status, 400 | 401 | 403) {
                // The refresh token was refused: the session is over.
                self.forget_session();
                ClientError::NotLoggedIn
            } else {
                e.into()
            }
        })?;
        if let Some(jwt) = self.state.borrow_mut().jwt.as_mut() {
            jwt.access = access;
            jwt.refresh = refresh;
        }
        Ok(())
    }

    /// Starts a JWT session with the tokens of a login.
    pub(crate) fn set_jwt(&self, session: JwtSession) {
        let mut state = self.state.borrow_mut();
        // A JWT session carries no cookie session; the refresh cookie is kept in `session`.
        state.jar.clear();
        state.csrf = None;
        state.jwt = Some(session);
    }

    /// The JWT tokens, for a logout request (access token, refresh token).
    pub(crate) fn jwt_tokens(&self) -> Option<(AccessToken, Option<RefreshToken>)> {
        let state = self.state.borrow();
        state
            .jwt
            .as_ref()
            .map(|jwt| (jwt.access.clone(), jwt.refresh.clone()))
    }

    /// True for a JWT session.
    pub fn is_jwt(&self) -> bool {
        self.state.borrow().jwt.is_some()
    }

    /// Forgets cookies, CSRF and JWT tokens (logout, or the server ended the session).
    pub fn forget_session(&self) {
        let mut state = self.state.borrow_mut();
        state.jar.clear();
        state.csrf = None;
        state.jwt = None;
    }
}

/// The server's "You need to login to access this location." (403, session mode).
fn says_login_needed(envelope: &Envelope) -> bool {
    let message = envelope.header.message.to_ascii_lowercase();
    message.contains("need to login") || message.contains("authentication is required")
}

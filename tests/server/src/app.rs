//! One server instance: its state, its GnuPG home, its keys, and the request pipeline every
//! route goes through (CORS, API version, authentication, CSRF, MFA, GPGAuth headers, cookies).

use crate::clock::Clock;
use crate::envelope::{self, ApiError, Meta, Pagination, SUCCESS};
use crate::gpg::Gpg;
use crate::http::{Request, Response};
use crate::jwt::JwtKey;
use crate::model::Seed;
use crate::router;
use crate::state::State;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::sync::{Mutex, MutexGuard};

/// Settings of one instance.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The full base URL (default `http://127.0.0.1:<port>`), used for JWT domains and links.
    pub base_url: String,
    /// An origin allowed to call with credentials (CORS), for browser tests.
    pub cors_origin: Option<String>,
}

/// A running instance's shared parts.
pub struct App {
    /// The database.
    pub state: Mutex<State>,
    /// The server's GnuPG home (its private key, every user's public key).
    pub gpg: Gpg,
    /// The clock (tests may move it).
    pub clock: Clock,
    /// Options.
    pub options: Options,
    /// Server key fingerprint.
    pub server_fingerprint: String,
    /// Server public key, armored.
    pub server_public: String,
    /// The RS256 key of access tokens.
    pub jwt: JwtKey,
    /// The cleartext of the server's copy of the metadata private key (user-friendly mode).
    pub metadata_private_payload: Option<String>,
    csrf_secret: Vec<u8>,
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// No session, no token.
    Anonymous,
    /// A browser session.
    Session {
        /// Cookie value.
        id: String,
        /// User.
        user_id: String,
        /// TOTP still to verify.
        mfa_pending: bool,
    },
    /// A valid JWT access token.
    Jwt {
        /// User.
        user_id: String,
    },
}

/// What a route answers.
pub type Reply = Result<Response, ApiError>;

/// One request being handled.
pub struct Ctx<'a> {
    /// The instance.
    pub app: &'a App,
    /// The request.
    pub req: &'a Request,
    /// The caller.
    pub auth: Auth,
    /// Controller action name (its UUIDv5 is `header.action`).
    pub action: &'static str,
    /// Extra response headers.
    pub headers: Vec<(String, String)>,
    /// `Set-Cookie` values.
    pub cookies: Vec<String>,
}

impl App {
    /// Loads `seed` into a new instance: imports the server key and every user key into a fresh
    /// GnuPG home and decrypts the server's copy of the metadata private key.
    pub fn new(mut seed: Seed, options: Options, clock: Clock) -> Result<App, String> {
        let gpg = Gpg::temporary("srv").map_err(|e| e.to_string())?;
        gpg.import(&seed.server_key.armored_private)
            .map_err(|e| format!("server key: {e}"))?;
        for key in &seed.gpgkeys {
            gpg.import(&key.armored_key)
                .map_err(|e| format!("key of {}: {e}", key.user_id))?;
        }
        let mut metadata_private_payload = None;
        if let Some(copy) = seed
            .metadata_private_keys
            .iter()
            .find(|k| k.user_id.is_none())
        {
            let clear = gpg
                .decrypt(&copy.data, None)
                .map_err(|e| format!("server metadata key copy: {e}"))?;
            metadata_private_payload = Some(String::from_utf8_lossy(&clear.plaintext).to_string());
        }
        if let Some(payload) = &metadata_private_payload {
            rewrite_metadata_copies(&gpg, &mut seed, payload, &options.base_url)?;
        }
        let jwt = JwtKey::from_pem(&seed.jwt_private_key_pem)?;
        Ok(App {
            server_fingerprint: seed.server_key.fingerprint.clone(),
            server_public: seed.server_key.armored_public.clone(),
            state: Mutex::new(State::new(seed)),
            gpg,
            clock,
            options,
            jwt,
            metadata_private_payload,
            csrf_secret: crate::ids::random_hex(32).into_bytes(),
        })
    }

    /// Locks the state (a poisoned lock is still usable: the data is plain records).
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Handles one request from start to end.
    pub fn handle(&self, req: &Request) -> Response {
        let origin_ok = self.cors_allowed(req);
        if req.method == "OPTIONS" {
            let mut r = Response {
                status: 204,
                headers: Vec::new(),
                body: Vec::new(),
            };
            if origin_ok {
                self.add_cors(req, &mut r);
                let asked = req
                    .header("access-control-request-headers")
                    .unwrap_or("content-type, x-csrf-token, authorization");
                r.headers.push((
                    "Access-Control-Allow-Methods".into(),
                    "GET, POST, PUT, DELETE, OPTIONS".into(),
                ));
                r.headers
                    .push(("Access-Control-Allow-Headers".into(), asked.to_string()));
                r.headers
                    .push(("Access-Control-Max-Age".into(), "600".into()));
            }
            return r;
        }
        let mut ctx = Ctx {
            app: self,
            req,
            auth: Auth::Anonymous,
            action: "Error.error",
            headers: Vec::new(),
            cookies: Vec::new(),
        };
        let result = self.pipeline(&mut ctx);
        let mut response = match result {
            Ok(r) => r,
            Err(e) => ctx.error(&e),
        };
        let is_jwt = ctx.is_jwt_request();
        let csrf_cookie = req.cookie("csrfToken").filter(|c| self.csrf_valid(c));
        if !is_jwt {
            for (k, v) in gpgauth_headers() {
                response.headers.push((k.to_string(), v.to_string()));
            }
            let route_set_it = ctx.cookies.iter().any(|c| c.starts_with("csrfToken="));
            if csrf_cookie.is_none()
                && !route_set_it
                && !matches!(req.method.as_str(), "POST" | "PUT" | "DELETE" | "PATCH")
            {
                response.headers.push((
                    "Set-Cookie".into(),
                    format!("csrfToken={}; Path=/; SameSite=Lax", self.new_csrf_token()),
                ));
            }
        }
        response.headers.append(&mut ctx.headers);
        for c in ctx.cookies {
            response.headers.push(("Set-Cookie".into(), c));
        }
        if origin_ok {
            self.add_cors(req, &mut response);
        }
        response
    }

    fn pipeline(&self, ctx: &mut Ctx) -> Reply {
        let version = ctx
            .req
            .query
            .get("api-version")
            .and_then(Value::as_str)
            .unwrap_or("v2");
        if version == "v1" || version == "1" {
            return Err(ApiError::bad_request("API v1 support is deprecated."));
        }
        ctx.auth = self.authenticate(ctx.req)?;
        self.check_csrf(ctx)?;
        if let Auth::Session {
            mfa_pending: true, ..
        } = ctx.auth
        {
            if !mfa_exempt(&ctx.req.path) {
                let target = format!("{}/mfa/verify/error.json", self.options.base_url);
                return Ok(Response {
                    status: 302,
                    headers: vec![("Location".into(), target)],
                    body: Vec::new(),
                });
            }
        }
        router::route(ctx)
    }

    fn authenticate(&self, req: &Request) -> Result<Auth, ApiError> {
        if let Some(bearer) = req
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
        {
            let user_id = self
                .jwt
                .verify(bearer.trim(), self.clock.now())
                .filter(|u| self.state().is_usable(u))
                .ok_or_else(|| ApiError::new(401, "Authentication is required to continue"))?;
            return Ok(Auth::Jwt { user_id });
        }
        if let Some(id) = req.cookie("passbolt_session") {
            let state = self.state();
            if let Some(s) = state.sessions.get(&id) {
                if state.is_usable(&s.user_id) {
                    return Ok(Auth::Session {
                        id,
                        user_id: s.user_id.clone(),
                        mfa_pending: !s.mfa_verified,
                    });
                }
            }
        }
        Ok(Auth::Anonymous)
    }

    fn check_csrf(&self, ctx: &Ctx) -> Result<(), ApiError> {
        let req = ctx.req;
        if !matches!(req.method.as_str(), "POST" | "PUT" | "DELETE" | "PATCH")
            || ctx.is_jwt_request()
            || csrf_exempt(req)
        {
            return Ok(());
        }
        let cookie = req
            .cookie("csrfToken")
            .ok_or_else(|| ApiError::forbidden("Missing or incorrect CSRF cookie type."))?;
        if !self.csrf_valid(&cookie) {
            return Err(ApiError::forbidden("Missing or invalid CSRF cookie."));
        }
        if req.header("x-csrf-token") != Some(cookie.as_str()) {
            return Err(ApiError::forbidden("CSRF token from either the request body or request headers did not match or is missing."));
        }
        Ok(())
    }

    /// A new CSRF token: 64 random hex and their HMAC (128 hex in all), checkable without storage.
    pub fn new_csrf_token(&self) -> String {
        let nonce = crate::ids::random_hex(32);
        format!("{nonce}{}", self.csrf_mac(&nonce))
    }

    fn csrf_mac(&self, nonce: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.csrf_secret).expect("any key size");
        mac.update(nonce.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn csrf_valid(&self, token: &str) -> bool {
        token.len() == 128
            && token.is_char_boundary(64)
            && self.csrf_mac(&token[..64]) == token[64..]
    }

    fn cors_allowed(&self, req: &Request) -> bool {
        matches!((&self.options.cors_origin, req.header("origin")), (Some(a), Some(o)) if a == o)
    }

    fn add_cors(&self, req: &Request, r: &mut Response) {
        let origin = req.header("origin").unwrap_or("").to_string();
        r.headers
            .push(("Access-Control-Allow-Origin".into(), origin));
        r.headers
            .push(("Access-Control-Allow-Credentials".into(), "true".into()));
        r.headers.push(("Vary".into(), "Origin".into()));
        if !r
            .headers
            .iter()
            .any(|(k, _)| k == "Access-Control-Expose-Headers")
        {
            r.headers
                .push(("Access-Control-Expose-Headers".into(), EXPOSED.into()));
        }
    }
}

const EXPOSED: &str = "X-GPGAuth-Verify-Response, X-GPGAuth-Progress, X-GPGAuth-User-Auth-Token, X-GPGAuth-Authenticated, X-GPGAuth-Refer, X-GPGAuth-Debug, X-GPGAuth-Error, X-GPGAuth-Pubkey, X-GPGAuth-Logout-Url, X-GPGAuth-Version";

fn gpgauth_headers() -> [(&'static str, &'static str); 6] {
    [
        ("X-GPGAuth-Version", "1.3.0"),
        ("X-GPGAuth-Login-URL", "/auth/login"),
        ("X-GPGAuth-Logout-URL", "/auth/logout"),
        ("X-GPGAuth-Verify-URL", "/auth/verify"),
        ("X-GPGAuth-Pubkey-URL", "/auth/verify.json"),
        ("Access-Control-Expose-Headers", EXPOSED),
    ]
}

/// Routes a session with a pending MFA check may still use.
fn mfa_exempt(path: &str) -> bool {
    path.starts_with("/mfa/")
        || [
            "/auth/logout",
            "/auth/verify",
            "/auth/login",
            "/users/csrf-token",
        ]
        .iter()
        .any(|p| path.starts_with(p))
}

/// CSRF-unlocked actions (`passbolt.security.csrfProtection.unlockedActions`).
fn csrf_exempt(req: &Request) -> bool {
    let p = req.path.as_str();
    p.starts_with("/auth/login")
        || p.starts_with("/auth/verify")
        || p.starts_with("/setup/complete/")
        || p.starts_with("/setup/recover/complete/")
        || p.starts_with("/auth/jwt/login")
        // Refresh with the token in the body is a JWT request; with the cookie alone it is not.
        || (p.starts_with("/auth/jwt/refresh") && req.data().is_some_and(|d| d.get("refresh_token").is_some()))
}

impl Ctx<'_> {
    /// The envelope's self-description.
    pub fn meta(&self) -> Meta<'_> {
        Meta {
            url: &self.req.url,
            action: self.action,
            servertime: self.app.clock.now(),
        }
    }

    /// A success envelope with the default message.
    pub fn ok(&self, body: Value) -> Reply {
        Ok(envelope::envelope(
            &self.meta(),
            200,
            true,
            SUCCESS,
            body,
            None,
        ))
    }

    /// A success envelope with a message.
    pub fn ok_msg(&self, message: &str, body: Value) -> Reply {
        Ok(envelope::envelope(
            &self.meta(),
            200,
            true,
            message,
            body,
            None,
        ))
    }

    /// A paginated list (one page holding everything).
    pub fn ok_list(&self, items: Vec<Value>) -> Reply {
        let pagination = Pagination {
            count: items.len(),
            page: 1,
            limit: None,
        };
        Ok(envelope::envelope(
            &self.meta(),
            200,
            true,
            SUCCESS,
            Value::Array(items),
            Some(pagination),
        ))
    }

    /// The error envelope of `e`.
    pub fn error(&self, e: &ApiError) -> Response {
        envelope::envelope(
            &self.meta(),
            e.code,
            false,
            &e.message,
            e.body.clone(),
            None,
        )
    }

    /// The logged-in user's id, or 403 "You need to login".
    pub fn user_id(&self) -> Result<String, ApiError> {
        match &self.auth {
            Auth::Session {
                user_id,
                mfa_pending: false,
                ..
            }
            | Auth::Jwt { user_id } => Ok(user_id.clone()),
            _ => Err(ApiError::not_logged_in()),
        }
    }

    /// Whether this is a JWT request (bearer token, or a JWT route), which skips CSRF, cookies
    /// and the GPGAuth headers.
    pub fn is_jwt_request(&self) -> bool {
        matches!(self.auth, Auth::Jwt { .. })
            || self.req.header("authorization").is_some()
            || self.req.path.starts_with("/auth/jwt/")
    }

    /// The request body as data, or 400.
    pub fn data(&self) -> Result<Value, ApiError> {
        self.req
            .data()
            .filter(Value::is_object)
            .ok_or_else(|| ApiError::bad_request("The request data is invalid or missing."))
    }

    /// A `contain[name]` option set to a true value.
    pub fn contain(&self, name: &str) -> bool {
        self.req
            .query
            .get("contain")
            .and_then(|c| c.get(name))
            .is_some_and(truthy)
    }

    /// A boolean `filter[name]`: None when absent, 400 when not a boolean.
    pub fn bool_filter(&self, name: &str) -> Result<Option<bool>, ApiError> {
        let Some(v) = self.filter(name) else {
            return Ok(None);
        };
        match v.as_str() {
            Some("1") | Some("true") => Ok(Some(true)),
            Some("0") | Some("false") => Ok(Some(false)),
            _ => Err(ApiError::bad_request(format!(
                "Invalid filter. \"{}\" is not a valid value for filter {name}.",
                v.as_str().unwrap_or("")
            ))),
        }
    }

    /// A `filter[name]` value.
    pub fn filter(&self, name: &str) -> Option<&Value> {
        self.req.query.get("filter").and_then(|f| f.get(name))
    }

    /// A list `filter[name][]` (a single value counts as a list of one).
    pub fn list_filter(&self, name: &str) -> Option<Vec<String>> {
        match self.filter(name)? {
            Value::Array(a) => Some(
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            ),
            Value::String(s) => Some(vec![s.clone()]),
            _ => Some(Vec::new()),
        }
    }
}

fn truthy(v: &Value) -> bool {
    matches!(v.as_str(), Some("1") | Some("true"))
        || v.as_bool() == Some(true)
        || v.as_i64() == Some(1)
}

/// The users' copies of the metadata private key name the seed's domain, which a client checks
/// against the URL it talks to. A server run at another base URL (a free port on 127.0.0.1)
/// re-encrypts each user's copy with its own URL as the domain, as an administrator setting
/// up that server would have made them (unsigned: the server cannot sign as the user).
fn rewrite_metadata_copies(
    gpg: &Gpg,
    seed: &mut Seed,
    payload: &str,
    base_url: &str,
) -> Result<(), String> {
    let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
    if same(&seed.domain, base_url) {
        return Ok(());
    }
    let mut value: Value =
        serde_json::from_str(payload).map_err(|e| format!("server metadata payload: {e}"))?;
    value["domain"] = Value::String(base_url.trim_end_matches('/').to_string());
    let clear = value.to_string();
    for copy in &mut seed.metadata_private_keys {
        let Some(user_id) = &copy.user_id else {
            continue;
        };
        let Some(key) = seed.gpgkeys.iter().find(|k| &k.user_id == user_id) else {
            continue;
        };
        copy.data = gpg
            .encrypt(clear.as_bytes(), &key.fingerprint, &[], None, true)
            .map_err(|e| format!("metadata key copy of {user_id}: {e}"))?;
    }
    seed.domain = base_url.trim_end_matches('/').to_string();
    Ok(())
}

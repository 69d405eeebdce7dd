//! Authentication, sans-IO: GPGAuth (the browser extension's session login), the session and
//! its CSRF token, and JWT (protocol.md §2-§3).
//!
//! Every function here builds [`Request`](crate::protocol::http::Request) values or reads
//! [`Response`](crate::protocol::http::Response) values; time (`now`, Unix seconds) and
//! randomness (a [`rand::CryptoRng`]) come from the caller, so every step is deterministic
//! under test. The server's key is verified (stage 0) and pinned ([`ServerKeyPin`]), and its
//! signature is required on the login token and on the JWT reply.
//!
//! - [`server_key`]: `GET /auth/verify.json`, fingerprint pinning.
//! - [`gpgauth`]: stages 0, 1 and 2, with the `X-GPGAuth-*` header checks.
//! - [`token`], [`header_encoding`]: the GPGAuth token and its header encoding.
//! - [`session`]: is-authenticated (logged in, out, MFA required), logout, TOTP.
//! - [`csrf`]: cookies and the `X-CSRF-Token` header.
//! - [`jwt`], [`jwks`]: JWT login, refresh, logout; the JWT signing key.

mod error;
pub(crate) use error::server_text;
mod response;

pub mod csrf;
pub mod gpgauth;
pub mod header_encoding;
pub mod jwks;
pub mod jwt;
pub mod server_key;
pub mod session;
pub mod token;

pub use csrf::{CookieJar, CsrfToken};
pub use error::{AuthError, GpgAuthStage};
pub use gpgauth::{LoggedIn, Stage0, Stage1, Stage2};
pub use jwks::{JwtKey, JwtKeySet};
pub use jwt::{AccessToken, JwtClaims, JwtLogin, JwtTokens, LoginChallenge, RefreshToken};
pub use server_key::{ServerKey, ServerKeyPin, ServerTrust};
pub use session::{MfaProvider, SessionStatus};
pub use token::{GpgAuthToken, TokenDefect};

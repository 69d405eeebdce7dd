//! The plain objects `PassboltClient` resolves with (their TypeScript shapes are in
//! `typescript.rs`).

use serde::Serialize;
use serde_json::Value;

use crate::client::{provider_name, LoginInfo, ServerVerification};
use crate::protocol::auth::SessionStatus;

/// `ServerVerification`.
#[derive(Serialize)]
pub(crate) struct VerificationJs {
    fingerprint: String,
    first_use: bool,
}

pub(crate) fn verification(v: &ServerVerification) -> VerificationJs {
    VerificationJs {
        fingerprint: v.fingerprint.clone(),
        first_use: v.first_use,
    }
}

/// `LoginInfo`.
#[derive(Serialize)]
pub(crate) struct LoginInfoJs {
    user_id: String,
    user: Value,
    server_fingerprint: String,
}

pub(crate) fn login_info(info: &LoginInfo) -> LoginInfoJs {
    LoginInfoJs {
        user_id: info.user_id.clone(),
        user: info.user.clone(),
        server_fingerprint: info.server_fingerprint.clone(),
    }
}

/// `SessionState`.
#[derive(Serialize)]
pub(crate) struct SessionStateJs {
    status: &'static str,
    providers: Vec<String>,
}

pub(crate) fn session_status(status: &SessionStatus) -> SessionStateJs {
    match status {
        SessionStatus::LoggedIn => SessionStateJs {
            status: "logged-in",
            providers: Vec::new(),
        },
        SessionStatus::LoggedOut => SessionStateJs {
            status: "logged-out",
            providers: Vec::new(),
        },
        SessionStatus::MfaRequired { providers } => SessionStateJs {
            status: "mfa-required",
            providers: providers.iter().map(provider_name).collect(),
        },
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const CLIENT_TYPES: &'static str = r#"
/** Options of `new PassboltClient(url, options)`. */
export interface PassboltClientOptions {
  /** Timeout of each request in milliseconds, 1 to 600000 (default 30000). */
  timeoutMs?: number;
  /** The server key fingerprint the account pinned; another key is refused. */
  serverFingerprint?: string;
  /** Called with `(done, total)` while a long list is decrypted. */
  onProgress?: (done: number, total: number) => void;
  /** Who keeps the cookies: the browser (`"runtime"`) or the client (`"jar"`, Node's default). */
  cookies?: "runtime" | "jar";
}

/** The outcome of `verifyServer`. */
export interface ServerVerification {
  /** 40 upper-case hex digits. */
  fingerprint: string;
  /** True when nothing was pinned: show the fingerprint to the user and store it. */
  first_use: boolean;
}

/** The outcome of `login` and `loginJwt`. */
export interface LoginInfo {
  user_id: string;
  /** The user as the server returned it (GPGAuth), `null` for JWT. */
  user: unknown;
  server_fingerprint: string;
}

/** Where the session stands. */
export interface SessionState {
  status: "logged-in" | "logged-out" | "mfa-required";
  /** The MFA providers the server offers (`totp`, `yubikey`, `duo`), when MFA is required. */
  providers: string[];
}

/** The errors `PassboltClient` rejects with: an `Error` with the stable `code`. */
export interface PassboltClientError extends Error {
  name: "ClientError" | "AuthError" | "ApiError" | "MetadataError" | "PgpError" | "EnvelopeError";
  /** `NETWORK`, `TIMEOUT`, `NOT_LOGGED_IN`, `MFA_REQUIRED`, `CSRF_FAILED`, `SERVER_KEY_CHANGED`,
   * `VALIDATION_FAILED`, `INVALID_JSON`, `HTML_BODY`, ... */
  code: string;
  /** `MFA_REQUIRED`: the providers. */
  providers?: string[];
  /** `SERVER_KEY_CHANGED`: the pinned and the presented fingerprints. */
  pinned?: string;
  presented?: string;
  /** `VALIDATION_FAILED`: every rule the server reported. */
  errors?: ValidationError[];
  http_status?: number;
}
"#;

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
/** A user of the organisation (`/users.json`). */
export interface PassboltUser {
  id: string;
  role_id: string | null;
  username: string;
  active: boolean;
  deleted: boolean;
  created: string | null;
  modified: string | null;
  last_logged_in: string | null;
  is_mfa_enabled: boolean | null;
  profile: { id: string | null; first_name: string; last_name: string;
    avatar: { medium: string | null; small: string | null } | null } | null;
  role: { id: string; name: string } | null;
  gpgkey: PassboltGpgkey | null;
  groups_users: PassboltGroupUser[] | null;
}

/** A user's public key as the server lists it. */
export interface PassboltGpgkey {
  id: string;
  user_id: string;
  armored_key: string;
  bits: number | null;
  uid: string | null;
  key_id: string | null;
  fingerprint: string;
  type: string | null;
  expires: string | null;
  key_created: string | null;
  deleted: boolean;
  created: string | null;
  modified: string | null;
}

/** A membership of a group. */
export interface PassboltGroupUser {
  id: string;
  group_id: string;
  user_id: string;
  is_admin: boolean;
  created: string | null;
  user: PassboltUser | null;
}

/** A group with its members. */
export interface PassboltGroup {
  id: string;
  name: string;
  deleted: boolean;
  created: string | null;
  modified: string | null;
  created_by: string | null;
  modified_by: string | null;
  groups_users: PassboltGroupUser[] | null;
  my_group_user: PassboltGroupUser | null;
}

/** What a key sync changed: user ids. */
export interface KeySyncChanges {
  updated: string[];
  removed: string[];
}

/** The error of one item of a list (the others are not affected). */
export interface ItemError {
  code: string;
  message: string;
}

/** One resource, its metadata decrypted (v5) or read (v4) into the same shape. */
export interface ResourceView {
  id: string;
  resource_type_id: string;
  /** The type's slug (`v5-default`, `password-and-description`, ...). */
  resource_type: string | null;
  /** `name`, `username`, `uris`, `description`, ... ; `null` when the item failed. */
  metadata: { name: string; username?: string | null; uris?: string[]; description?: string | null;
    [field: string]: unknown } | null;
  metadata_key_type: "user_key" | "shared_key" | null;
  folder_parent_id: string | null;
  personal: boolean | null;
  modified: string | null;
  /** 1 read, 7 update, 15 owner. */
  permission: number | null;
  decrypted_via: "cleartext" | "unchanged" | "session_key" | "metadata_key" | "user_key" | "none";
  error: ItemError | null;
}

/** The outcome of `resources()`. */
export interface ResourceList {
  resources: ResourceView[];
  /** How many metadata messages this call decrypted (0 when nothing changed). */
  decrypted: number;
  session_keys: { status: "up_to_date" | "saved" | "failed"; conflicts: number; error: ItemError | null };
}

/** Who signed a secret. */
export interface SignerView {
  fingerprint: string | null;
  user_id: string | null;
  verified: boolean;
}

/** A decrypted secret and its signers. */
export interface SecretResult {
  resource_id: string;
  resource_type_id: string;
  resource_type: string;
  data: { password?: string; description?: string;
    totp?: { secret_key: string; period?: number; digits: number; algorithm: string };
    pin_code?: string; custom_fields?: unknown[] };
  signers: SignerView[];
  /** True when at least one signature verified against a known key. */
  verified: boolean;
}

/** A resource to create, or the new content of one to update. */
export interface ResourceInput {
  /** A type slug; default on create: the server's default version. */
  resource_type?: string;
  metadata: { name: string; username?: string; uris?: string[]; uri?: string; description?: string;
    [field: string]: unknown };
  /** The secret fields (`password`, `description`, `totp`, ...) or a string for string types. */
  secret?: Record<string, unknown> | string;
  folder_parent_id?: string;
  /** v5: metadata encrypted for the user only. */
  personal?: boolean;
  expired?: string;
}

/** One change of a share: `type` 1 read, 7 update, 15 owner; `null` revokes. */
export interface ShareChange {
  aro: "User" | "Group";
  aro_foreign_key: string;
  type: 1 | 7 | 15 | null;
}

/** What a share did. */
export interface ShareOutcome {
  added: string[];
  removed: string[];
  metadata_moved_to_shared_key: boolean;
}

/** A folder. */
export interface FolderView {
  id: string;
  name: string;
  folder_parent_id: string | null;
  personal: boolean | null;
  modified: string | null;
  permission: number | null;
}
"#;

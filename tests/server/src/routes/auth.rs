//! GPGAuth (`/auth/verify`, `/auth/login` stages 0-2), session check, logout, CSRF token.

use crate::app::{Auth, Ctx, Reply};
use crate::envelope::{envelope, ApiError};
use crate::ids::{is_uuid, uuid4};
use crate::render::{self, UserParts};
use crate::state::{LoginToken, Session};
use serde_json::{json, Value};

/// Login tokens expire after 5 minutes (`PASSBOLT_AUTH_LOGIN_TOKEN_EXPIRY`).
pub const LOGIN_TOKEN_EXPIRY: i64 = 300;
const VERSION: &str = "gpgauthv1.3.0";

/// `GET /auth/verify.json`: the server key.
pub fn verify_get(ctx: &mut Ctx) -> Reply {
    ctx.ok(json!({"fingerprint": ctx.app.server_fingerprint, "keydata": ctx.app.server_public}))
}

/// The UUID inside a well-formed `gpgauthv1.3.0|36|<uuid>|gpgauthv1.3.0` token.
pub fn token_uuid(token: &str) -> Option<&str> {
    let parts: Vec<&str> = token.split('|').collect();
    match parts.as_slice() {
        [v1, "36", uuid, v2] if *v1 == VERSION && *v2 == VERSION && is_uuid(uuid) => Some(uuid),
        _ => None,
    }
}

/// PHP `quotemeta(urlencode($armored))`, the encoding of `X-GPGAuth-User-Auth-Token`.
pub fn encode_auth_token(armored: &str) -> String {
    let mut out = String::new();
    for b in armored.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => out.push(b as char),
            b'.' => out.push_str("\\."),
            b' ' => out.push_str("\\+"),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `POST /auth/verify.json` and `/auth/login.json`: stages 0, 1 and 2.
pub fn login_post(ctx: &mut Ctx) -> Reply {
    if matches!(ctx.auth, Auth::Jwt { .. }) || ctx.req.header("authorization").is_some() {
        return Err(ApiError::forbidden(
            "This route is not available with JWT authentication.",
        ));
    }
    set(ctx, "X-GPGAuth-Authenticated", "false");
    set(ctx, "X-GPGAuth-Progress", "stage0");
    let data = ctx.req.data().unwrap_or(Value::Null);
    let auth = data
        .get("gpg_auth")
        .or_else(|| data.get("data").and_then(|d| d.get("gpg_auth")))
        .cloned();
    let Some(auth) = auth.filter(Value::is_object) else {
        return in_progress(ctx);
    };
    let keyid = auth
        .get("keyid")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_uppercase();
    if keyid.len() != 40 || !keyid.chars().all(|c| c.is_ascii_hexdigit()) {
        return failure(ctx, "No valid key id was provided.");
    }
    let user = ctx.app.state().user_by_fingerprint(&keyid).cloned();
    let Some(user) = user else {
        return failure(ctx, "There is no user associated with this key.");
    };
    if let Some(encrypted) = auth.get("server_verify_token").and_then(Value::as_str) {
        return stage0(ctx, encrypted);
    }
    if let Some(result) = auth.get("user_token_result").and_then(Value::as_str) {
        return stage2(ctx, &user.id, result);
    }
    stage1(ctx, &user.id, &keyid)
}

/// Stage 0: the server proves it can decrypt with its key.
fn stage0(ctx: &mut Ctx, encrypted: &str) -> Reply {
    let Ok(clear) = ctx.app.gpg.decrypt(encrypted, None) else {
        return failure(ctx, "Decryption failed.");
    };
    let token = String::from_utf8_lossy(&clear.plaintext).to_string();
    if token_uuid(&token).is_none() {
        return failure(ctx, "The server verify token format is invalid.");
    }
    set(ctx, "X-GPGAuth-Verify-Response", &token);
    in_progress(ctx)
}

/// Stage 1: a login token encrypted for the user and signed by the server.
fn stage1(ctx: &mut Ctx, user_id: &str, fingerprint: &str) -> Reply {
    let uuid = uuid4();
    let token = format!("{VERSION}|36|{uuid}|{VERSION}");
    let armored = ctx.app.gpg.encrypt(
        token.as_bytes(),
        fingerprint,
        &[&ctx.app.server_fingerprint],
        None,
        false,
    )?;
    let now = ctx.app.clock.now();
    ctx.app.state().login_tokens.insert(
        uuid,
        LoginToken {
            user_id: user_id.to_string(),
            created: now,
            active: true,
        },
    );
    set(ctx, "X-GPGAuth-Progress", "stage1");
    set(
        ctx,
        "X-GPGAuth-User-Auth-Token",
        &encode_auth_token(&armored),
    );
    in_progress(ctx)
}

/// Stage 2: the user proves it decrypted the token; a session opens.
fn stage2(ctx: &mut Ctx, user_id: &str, result: &str) -> Reply {
    let Some(uuid) = token_uuid(result).map(str::to_ascii_lowercase) else {
        return failure(ctx, "The user token result format is invalid.");
    };
    let now = ctx.app.clock.now();
    let mut state = ctx.app.state();
    let valid = match state.login_tokens.get_mut(&uuid) {
        Some(t) if t.active && t.user_id == user_id && now - t.created <= LOGIN_TOKEN_EXPIRY => {
            t.active = false;
            true
        }
        _ => false,
    };
    if !valid {
        drop(state);
        return failure(
            ctx,
            "The user token result could not be found, has expired or was already used.",
        );
    }
    let session_id = crate::ids::random_hex(32);
    let mfa = state
        .user(user_id)
        .is_some_and(|u| u.mfa_totp_secret.is_some());
    state.sessions.insert(
        session_id.clone(),
        Session {
            user_id: user_id.to_string(),
            mfa_verified: !mfa,
        },
    );
    let now_iso = ctx.app.clock.now_iso();
    if let Some(u) = state.db.users.iter_mut().find(|u| u.id == user_id) {
        u.last_logged_in = Some(now_iso);
    }
    let body = state
        .user(user_id)
        .map(|u| render::user(&state, u, UserParts::default()))
        .unwrap_or(Value::Null);
    drop(state);
    set(ctx, "X-GPGAuth-Progress", "complete");
    set(ctx, "X-GPGAuth-Authenticated", "true");
    set(ctx, "X-GPGAuth-Refer", "/");
    ctx.cookies.push(format!(
        "passbolt_session={session_id}; Path=/; HttpOnly; SameSite=Lax"
    ));
    ctx.ok_msg("You are successfully logged in.", body)
}

/// Stages 0 and 1 answer 200 with an error envelope (`FAILURE_CREDENTIALS_MISSING`).
fn in_progress(ctx: &Ctx) -> Reply {
    Ok(envelope(
        &ctx.meta(),
        200,
        false,
        "The authentication failed.",
        Value::Null,
        None,
    ))
}

/// A failed step: `X-GPGAuth-Error` with the reason in `X-GPGAuth-Debug`.
fn failure(ctx: &mut Ctx, debug: &str) -> Reply {
    set(ctx, "X-GPGAuth-Error", "true");
    set(ctx, "X-GPGAuth-Debug", debug);
    Err(ApiError {
        code: 403,
        message: "The authentication failed.".into(),
        body: Value::Null,
    })
}

fn set(ctx: &mut Ctx, name: &str, value: &str) {
    ctx.headers.retain(|(k, _)| k != name);
    ctx.headers.push((name.to_string(), value.to_string()));
}

/// `GET /auth/is-authenticated.json`: 200 when logged in, 403 otherwise (body null).
pub fn is_authenticated(ctx: &mut Ctx) -> Reply {
    match ctx.user_id() {
        Ok(_) => ctx.ok(Value::Null),
        Err(e) => Err(ApiError {
            body: Value::Null,
            ..e
        }),
    }
}

/// `POST /auth/logout.json`: ends the session.
pub fn logout(ctx: &mut Ctx) -> Reply {
    if ctx.req.header("authorization").is_some() {
        return Err(ApiError::forbidden(
            "This route is not available with JWT authentication.",
        ));
    }
    if let Auth::Session { id, .. } = &ctx.auth {
        ctx.app.state().sessions.remove(id);
    }
    ctx.cookies.push(
        "passbolt_session=deleted; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; HttpOnly".into(),
    );
    ctx.ok_msg("You are successfully logged out.", Value::Null)
}

/// `GET /users/csrf-token.json`: the CSRF token (also set as the `csrfToken` cookie).
pub fn csrf_token(ctx: &mut Ctx) -> Reply {
    let token = match ctx.req.cookie("csrfToken") {
        Some(t) if t.len() == 128 => t,
        _ => {
            let t = ctx.app.new_csrf_token();
            ctx.cookies
                .push(format!("csrfToken={t}; Path=/; SameSite=Lax"));
            t
        }
    };
    ctx.ok(Value::String(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_format() {
        assert!(
            token_uuid("gpgauthv1.3.0|36|7bfe4f1a-2cd2-41bc-b8af-4ca78f0af8d3|gpgauthv1.3.0")
                .is_some()
        );
        assert!(
            token_uuid("gpgauthv1.3.0|37|7bfe4f1a-2cd2-41bc-b8af-4ca78f0af8d3|gpgauthv1.3.0")
                .is_none()
        );
        assert!(token_uuid("gpgauthv1.3.0|36|not-a-uuid|gpgauthv1.3.0").is_none());
        assert!(
            token_uuid("gpgauthv1.2.0|36|7bfe4f1a-2cd2-41bc-b8af-4ca78f0af8d3|gpgauthv1.3.0")
                .is_none()
        );
    }

    #[test]
    fn header_encoding_matches_php() {
        assert_eq!(
            encode_auth_token("-----BEGIN PGP MESSAGE-----\n\nhF4D+/=\n"),
            "-----BEGIN\\+PGP\\+MESSAGE-----%0A%0AhF4D%2B%2F%3D%0A"
        );
    }
}

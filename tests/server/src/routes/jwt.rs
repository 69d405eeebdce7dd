//! JWT authentication: challenge login, single-use refresh tokens, logout, the public key.

use crate::app::{Auth, Ctx, Reply};
use crate::envelope::ApiError;
use crate::http::Response;
use crate::ids::{is_uuid, uuid4};
use crate::state::RefreshToken;
use serde_json::{json, Value};

/// Access tokens live 5 minutes.
pub const ACCESS_TOKEN_EXPIRY: i64 = 300;
/// Refresh tokens live a month.
pub const REFRESH_TOKEN_EXPIRY: i64 = 30 * 24 * 3600;
/// A verify token may expire at most an hour ahead.
pub const VERIFY_TOKEN_EXPIRY: i64 = 3600;

/// `POST /auth/jwt/login.json {user_id, challenge}`.
pub fn login(ctx: &mut Ctx) -> Reply {
    let data = ctx.data()?;
    let user_id = data.get("user_id").and_then(Value::as_str).unwrap_or("");
    let challenge = data.get("challenge").and_then(Value::as_str).unwrap_or("");
    if !is_uuid(user_id) {
        return Err(ApiError::bad_request("The user identifier is required."));
    }
    if challenge.is_empty() {
        return Err(ApiError::bad_request("The challenge is required."));
    }
    let user_id = user_id.to_ascii_lowercase();
    let fingerprint = {
        let state = ctx.app.state();
        if !state.is_usable(&user_id) {
            return Err(ApiError::not_found(
                "The user does not exist or has been deleted.",
            ));
        }
        state
            .gpgkey_of(&user_id)
            .map(|k| k.fingerprint.clone())
            .ok_or_else(|| ApiError::not_found("The user key does not exist."))?
    };
    let clear = ctx
        .app
        .gpg
        .decrypt(challenge, None)
        .map_err(|_| ApiError::bad_request("The challenge cannot be decrypted."))?;
    if !clear.signers.contains(&fingerprint) {
        return Err(ApiError::bad_request(
            "The challenge signature is not valid for this user.",
        ));
    }
    let payload: Value = serde_json::from_slice(&clear.plaintext)
        .map_err(|_| ApiError::bad_request("The challenge is not valid JSON."))?;
    let verify_token = check_challenge(ctx, &payload)?;
    {
        let mut state = ctx.app.state();
        if !state
            .used_verify_tokens
            .insert((user_id.clone(), verify_token.to_ascii_lowercase()))
        {
            return Err(ApiError::bad_request(
                "The verify token has been already used in the past.",
            ));
        }
    }
    let now = ctx.app.clock.now();
    let refresh = new_refresh_token(ctx, &user_id, now);
    let reply = json!({
        "version": "1.0.0",
        "domain": format!("{}/", ctx.app.options.base_url.trim_end_matches('/')),
        "access_token": ctx.app.jwt.sign(&ctx.app.options.base_url, &user_id, now + ACCESS_TOKEN_EXPIRY),
        "refresh_token": refresh,
        "verify_token": verify_token,
    });
    let armored = ctx.app.gpg.encrypt(
        reply.to_string().as_bytes(),
        &fingerprint,
        &[&ctx.app.server_fingerprint],
        None,
        false,
    )?;
    ctx.ok_msg(
        "The authentication was a success.",
        json!({"challenge": armored}),
    )
}

/// The checks of `GpgJwtAuthenticator::verifyChallenge`; returns the verify token.
fn check_challenge(ctx: &Ctx, p: &Value) -> Result<String, ApiError> {
    if p.get("version").and_then(Value::as_str) != Some("1.0.0") {
        return Err(ApiError::bad_request(
            "The challenge version is not supported.",
        ));
    }
    let domain = p.get("domain").and_then(Value::as_str).unwrap_or("");
    if domain.trim_end_matches('/') != ctx.app.options.base_url.trim_end_matches('/') {
        return Err(ApiError::bad_request(
            "The domain does not match the server domain.",
        ));
    }
    let token = p.get("verify_token").and_then(Value::as_str).unwrap_or("");
    if !is_uuid(token) {
        return Err(ApiError::bad_request(
            "The verify token should be a valid UUID.",
        ));
    }
    let now = ctx.app.clock.now();
    let expiry = p
        .get("verify_token_expiry")
        .and_then(Value::as_i64)
        .ok_or_else(|| ApiError::bad_request("The verify token expiry is invalid."))?;
    if expiry < now {
        return Err(ApiError::bad_request("The verify token has expired."));
    }
    if expiry > now + VERIFY_TOKEN_EXPIRY {
        return Err(ApiError::bad_request(
            "The verify token expiry is too far in the future.",
        ));
    }
    Ok(token.to_string())
}

fn new_refresh_token(ctx: &Ctx, user_id: &str, now: i64) -> String {
    let token = uuid4();
    let entry = RefreshToken {
        user_id: user_id.to_string(),
        expires: now + REFRESH_TOKEN_EXPIRY,
        active: true,
    };
    ctx.app.state().refresh_tokens.insert(token.clone(), entry);
    token
}

fn refresh_cookie(ctx: &Ctx, token: &str, max_age: i64) -> String {
    let secure = if ctx.app.options.base_url.starts_with("https:") {
        "; Secure"
    } else {
        ""
    };
    format!("refresh_token={token}; Path=/; Max-Age={max_age}; HttpOnly{secure}")
}

/// `POST /auth/jwt/refresh.json {user_id, refresh_token}` (or the `refresh_token` cookie).
pub fn refresh(ctx: &mut Ctx) -> Reply {
    let data = ctx.req.data().unwrap_or(Value::Null);
    let token = data
        .get("refresh_token")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| ctx.req.cookie("refresh_token"));
    let Some(token) = token.filter(|t| is_uuid(t)) else {
        return Err(ApiError::bad_request("The refresh token is invalid."));
    };
    let claimed_user = data
        .get("user_id")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    let now = ctx.app.clock.now();
    let user_id = {
        let mut state = ctx.app.state();
        let entry = state
            .refresh_tokens
            .get_mut(&token.to_ascii_lowercase())
            .ok_or_else(|| ApiError::bad_request("The refresh token does not exist."))?;
        if !entry.active {
            return Err(ApiError::bad_request(
                "The refresh token provided was already used.",
            ));
        }
        if entry.expires <= now {
            return Err(ApiError::bad_request(
                "The refresh token provided has expired.",
            ));
        }
        if claimed_user.as_ref().is_some_and(|u| *u != entry.user_id) {
            return Err(ApiError::bad_request(
                "The refresh token does not belong to this user.",
            ));
        }
        entry.active = false;
        entry.user_id.clone()
    };
    let next = new_refresh_token(ctx, &user_id, now);
    ctx.cookies
        .push(refresh_cookie(ctx, &next, REFRESH_TOKEN_EXPIRY));
    let access = ctx.app.jwt.sign(
        &ctx.app.options.base_url,
        &user_id,
        now + ACCESS_TOKEN_EXPIRY,
    );
    ctx.ok(json!({"access_token": access}))
}

/// `POST /auth/jwt/logout.json [{refresh_token}]`: revokes one or all refresh tokens.
pub fn logout(ctx: &mut Ctx) -> Reply {
    let Auth::Jwt { user_id } = ctx.auth.clone() else {
        return Err(ApiError::new(401, "Authentication is required to continue"));
    };
    let data = ctx.req.data().unwrap_or(Value::Null);
    let only = data
        .get("refresh_token")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    {
        let mut state = ctx.app.state();
        for (id, t) in state.refresh_tokens.iter_mut() {
            if t.user_id == user_id && only.as_ref().is_none_or(|o| o == id) {
                t.active = false;
            }
        }
    }
    ctx.cookies.push(refresh_cookie(ctx, "deleted", 0));
    ctx.ok_msg("The refresh token was deactivated.", Value::Null)
}

/// `GET /auth/jwt/rsa.json`.
pub fn rsa(ctx: &mut Ctx) -> Reply {
    ctx.ok(json!({"keydata": ctx.app.jwt.public_pem()}))
}

/// `GET /auth/jwt/jwks.json`: raw JWKS, no envelope.
pub fn jwks(ctx: &mut Ctx) -> Reply {
    Ok(Response::json(200, &ctx.app.jwt.jwks()))
}

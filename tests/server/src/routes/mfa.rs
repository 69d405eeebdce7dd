//! TOTP multi-factor authentication for sessions.

use crate::app::{Auth, Ctx, Reply};
use crate::envelope::{envelope, ApiError};
use serde_json::{json, Value};

fn pending(ctx: &Ctx) -> Option<(String, String)> {
    match &ctx.auth {
        Auth::Session {
            id,
            user_id,
            mfa_pending: true,
        } => Some((id.clone(), user_id.clone())),
        _ => None,
    }
}

/// `GET /mfa/verify/error.json`: 403 listing the providers while a check is pending.
pub fn verify_error(ctx: &mut Ctx) -> Reply {
    if pending(ctx).is_none() {
        return Err(ApiError::bad_request(
            "No multi-factor authentication is required.",
        ));
    }
    let url = format!("{}/mfa/verify/totp.json", ctx.app.options.base_url);
    let body = json!({"mfa_providers": ["totp"], "providers": {"totp": url}});
    Ok(envelope(
        &ctx.meta(),
        403,
        false,
        "MFA authentication is required.",
        body,
        None,
    ))
}

/// `GET /mfa/verify/totp.json`: whether a TOTP check is expected.
pub fn totp_get(ctx: &mut Ctx) -> Reply {
    if pending(ctx).is_none() {
        return Err(ApiError::bad_request(
            "No multi-factor authentication is required.",
        ));
    }
    ctx.ok(Value::Null)
}

/// `POST /mfa/verify/totp.json {"totp": "123456", "remember": bool}`.
pub fn totp_post(ctx: &mut Ctx) -> Reply {
    let Some((session_id, user_id)) = pending(ctx) else {
        return Err(ApiError::bad_request(
            "No multi-factor authentication is required.",
        ));
    };
    let data = ctx.data()?;
    let otp = data.get("totp").and_then(Value::as_str).unwrap_or("");
    let secret = ctx
        .app
        .state()
        .user(&user_id)
        .and_then(|u| u.mfa_totp_secret.clone())
        .unwrap_or_default();
    if otp.len() != 6 || !crate::totp::verify(&secret, otp, ctx.app.clock.now()) {
        let tree = json!({"totp": {"isValidOtp": "This OTP is not valid."}});
        return Err(ApiError::validation("The OTP is not valid.", tree));
    }
    if let Some(s) = ctx.app.state().sessions.get_mut(&session_id) {
        s.mfa_verified = true;
    }
    let remember = data
        .get("remember")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let max_age = if remember { "; Max-Age=2592000" } else { "" };
    ctx.cookies.push(format!(
        "passbolt_mfa={}; Path=/; HttpOnly; SameSite=Lax{max_age}",
        crate::ids::random_hex(32)
    ));
    ctx.ok_msg(
        "The multi-factor authentication was a success.",
        Value::Null,
    )
}

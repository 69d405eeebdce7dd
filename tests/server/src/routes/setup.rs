//! Account setup: `GET /setup/start/{userId}/{token}.json`, `POST /setup/complete/{userId}.json`.
//! Completing a setup validates the user key by the strict rules and, in user-friendly mode,
//! gives the new user a copy of the metadata private key (decrypted by the server and
//! re-encrypted for the user, signed by the server key).

use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::{is_uuid, uuid4, uuid5};
use crate::model::{Gpgkey, MetadataPrivateKey};
use crate::render::{self, UserParts};
use serde_json::{json, Value};

fn invited(ctx: &Ctx, user_id: &str, token: &str) -> Result<(), ApiError> {
    if !is_uuid(user_id) {
        return Err(ApiError::bad_request(
            "The user identifier should be a valid UUID.",
        ));
    }
    if !is_uuid(token) {
        return Err(ApiError::bad_request(
            "The authentication token should be a valid UUID.",
        ));
    }
    let state = ctx.app.state();
    let user = state
        .user(user_id)
        .filter(|u| !u.deleted && !u.active)
        .ok_or_else(|| ApiError::bad_request("The user does not exist or is already active."))?;
    if user.setup_token.as_deref() != Some(token) {
        return Err(ApiError::bad_request(
            "The authentication token is not valid or has expired.",
        ));
    }
    Ok(())
}

/// `GET /setup/start/{userId}/{token}.json`.
pub fn start(ctx: &mut Ctx, user_id: &str, token: &str) -> Reply {
    invited(ctx, user_id, token)?;
    let state = ctx.app.state();
    let user = state
        .user(user_id)
        .map(|u| render::user(&state, u, UserParts::default()))
        .unwrap_or(Value::Null);
    drop(state);
    ctx.ok(json!({"user": user}))
}

/// `POST /setup/complete/{userId}.json {authentication_token: {token}, gpgkey: {armored_key}}`.
pub fn complete(ctx: &mut Ctx, user_id: &str) -> Reply {
    let data = ctx.data()?;
    let token = data
        .pointer("/authentication_token/token")
        .and_then(Value::as_str)
        .unwrap_or("");
    invited(ctx, user_id, token)?;
    let armored = data
        .pointer("/gpgkey/armored_key")
        .and_then(Value::as_str)
        .unwrap_or("");
    let info = crate::key_rules::validate_strict(&ctx.app.gpg, armored, ctx.app.clock.now())?;
    {
        let state = ctx.app.state();
        if info.fingerprint == ctx.app.server_fingerprint
            || state
                .db
                .gpgkeys
                .iter()
                .any(|k| !k.deleted && k.fingerprint == info.fingerprint)
        {
            let tree = json!({"fingerprint": {"uniqueFingerprint": "The key is already in use."}});
            return Err(ApiError::validation(
                "Could not validate gpgkey data.",
                tree,
            ));
        }
    }
    ctx.app.gpg.import(armored)?;
    let now = ctx.app.clock.now_iso();
    // The server test-encrypts to a new key (`PublicKeyCanEncryptCheckService`); the metadata
    // private-key copy is that test.
    let payload = ctx
        .app
        .metadata_private_payload
        .clone()
        .unwrap_or_else(|| "{}".into());
    let copy = ctx
        .app
        .gpg
        .encrypt(
            payload.as_bytes(),
            &info.fingerprint,
            &[&ctx.app.server_fingerprint],
            None,
            true,
        )
        .map_err(|_| {
            ApiError::validation(
                "The public key could not be validated.",
                json!({"armored_key": {"canEncrypt": "The key cannot be used for encryption."}}),
            )
        })?;
    let copy = ctx.app.metadata_private_payload.as_ref().map(|_| copy);
    let mut state = ctx.app.state();
    state.db.gpgkeys.push(Gpgkey {
        id: uuid4(),
        user_id: user_id.to_string(),
        armored_key: armored.to_string(),
        bits: info.bits,
        uid: info.uid.clone().unwrap_or_default(),
        key_id: info.fingerprint[32..].to_string(),
        fingerprint: info.fingerprint.clone(),
        key_type: info.key_type.clone(),
        expires: None,
        key_created: crate::clock::iso(info.created),
        deleted: false,
        created: now.clone(),
        modified: now.clone(),
        recipient_key_ids: info.recipient_key_ids.clone(),
    });
    if let Some(u) = state.db.users.iter_mut().find(|u| u.id == user_id) {
        u.active = true;
        u.setup_token = None;
        u.modified = now.clone();
    }
    if let (Some(data), Some(key)) = (
        copy,
        state
            .db
            .metadata_keys
            .iter()
            .find(|k| k.deleted.is_none())
            .map(|k| k.id.clone()),
    ) {
        state.db.metadata_private_keys.push(MetadataPrivateKey {
            id: uuid5(&format!("metadata_private_key.id.{key}.{user_id}")),
            metadata_key_id: key,
            user_id: Some(user_id.to_string()),
            data,
            created: now.clone(),
            modified: now,
            created_by: None,
            modified_by: None,
        });
    }
    drop(state);
    ctx.ok_msg("The setup was completed successfully.", Value::Null)
}

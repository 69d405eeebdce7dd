//! v5 metadata: settings, keys with the caller's private copy, session-key bundles.

use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::{is_uuid, uuid4};
use crate::message;
use crate::model::SessionKeyBundle;
use crate::render;
use crate::state::State;
use crate::validation::Errors;
use serde_json::Value;

/// `GET /metadata/types/settings.json`.
pub fn types_settings(ctx: &mut Ctx) -> Reply {
    ctx.user_id()?;
    let body = ctx.app.state().db.metadata_types_settings.clone();
    ctx.ok(body)
}

/// `GET /metadata/keys/settings.json`.
pub fn keys_settings(ctx: &mut Ctx) -> Reply {
    ctx.user_id()?;
    let body = ctx.app.state().db.metadata_keys_settings.clone();
    ctx.ok(body)
}

/// `GET /metadata/keys.json` (`contain[metadata_private_keys]`, filters `deleted`, `expired`).
pub fn keys_index(ctx: &mut Ctx) -> Reply {
    let me = ctx.user_id()?;
    let with_private = ctx.contain("metadata_private_keys");
    let deleted = ctx.bool_filter("deleted")?;
    let expired = ctx.bool_filter("expired")?;
    let state = ctx.app.state();
    let items: Vec<Value> = state
        .db
        .metadata_keys
        .iter()
        .filter(|k| deleted.is_none_or(|d| d == k.deleted.is_some()))
        .filter(|k| expired.is_none_or(|e| e == k.expired.is_some()))
        .map(|k| render::metadata_key(&state, k, &me, with_private))
        .collect();
    drop(state);
    ctx.ok(Value::Array(items))
}

/// `data` of a message the server stores for the caller: armored, asymmetric, one recipient
/// which is the caller's key (`rule` names the build rule).
fn own_message(errors: &mut Errors, state: &State, me: &str, data: &Value, rule: &str, what: &str) {
    match data.get("data") {
        None => errors.add("data", "_required", "The data is required."),
        Some(Value::String(s)) if s.is_empty() => {
            errors.add("data", "_empty", "The data should not be empty.")
        }
        Some(Value::String(s)) => match message::parse(s) {
            None => errors.add(
                "data",
                "isValidOpenPGPMessage",
                "The message should be a valid ASCII-armored OpenPGP message.",
            ),
            Some(m) => {
                let keys = state
                    .gpgkey_of(me)
                    .map(|k| k.recipient_key_ids.clone())
                    .unwrap_or_default();
                if !m.is_for_one_of(&keys) {
                    errors.add("data", rule, &format!("The {what} OpenPGP message cannot be parsed or is not for the intended recipient."));
                }
            }
        },
        Some(_) => errors.add("data", "ascii", "The data should be a valid ASCII string."),
    }
}

/// `PUT /metadata/keys/private/{id}.json {data}`: replaces the caller's own private-key copy.
pub fn private_key_update(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The metadata private key identifier should be a valid UUID.",
        ));
    }
    let data = ctx.data()?;
    let mut state = ctx.app.state();
    if !state
        .db
        .metadata_private_keys
        .iter()
        .any(|k| k.id == id && k.user_id.as_deref() == Some(&me))
    {
        return Err(ApiError::not_found(
            "The metadata private key does not exist.",
        ));
    }
    let mut errors = Errors::new();
    own_message(
        &mut errors,
        &state,
        &me,
        &data,
        "isValidEncryptedMetadataPrivateKey",
        "metadata private key",
    );
    errors.check("The metadata private key could not be updated.")?;
    let now = ctx.app.clock.now_iso();
    let copy = state
        .db
        .metadata_private_keys
        .iter_mut()
        .find(|k| k.id == id)
        .ok_or_else(|| ApiError::not_found("The metadata private key does not exist."))?;
    copy.data = data["data"].as_str().unwrap_or_default().to_string();
    copy.modified = now;
    copy.modified_by = Some(me);
    let body = serde_json::to_value(&*copy).unwrap_or(Value::Null);
    drop(state);
    ctx.ok(body)
}

/// `GET /metadata/session-keys.json`: the caller's bundles.
pub fn session_keys_index(ctx: &mut Ctx) -> Reply {
    let me = ctx.user_id()?;
    let items: Vec<Value> = ctx
        .app
        .state()
        .db
        .metadata_session_keys
        .iter()
        .filter(|b| b.user_id == me)
        .map(render::session_keys)
        .collect();
    ctx.ok(Value::Array(items))
}

/// `POST /metadata/session-keys.json {data}`.
pub fn session_keys_create(ctx: &mut Ctx) -> Reply {
    let me = ctx.user_id()?;
    let data = ctx.data()?;
    let mut state = ctx.app.state();
    let mut errors = Errors::new();
    own_message(
        &mut errors,
        &state,
        &me,
        &data,
        "isValidEncryptedMetadataSessionKey",
        "metadata session key",
    );
    errors.check("Could not validate the metadata session key data.")?;
    let now = ctx.app.clock.now_iso();
    let bundle = SessionKeyBundle {
        id: uuid4(),
        user_id: me,
        data: data["data"].as_str().unwrap_or_default().into(),
        created: now.clone(),
        modified: now,
    };
    let body = render::session_keys(&bundle);
    state.db.metadata_session_keys.push(bundle);
    drop(state);
    ctx.ok(body)
}

/// `PUT|POST /metadata/session-keys/{id}.json {data, modified}`: 409 when `modified` is stale.
pub fn session_keys_update(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The metadata session key identifier should be a valid UUID.",
        ));
    }
    let data = ctx.data()?;
    let mut state = ctx.app.state();
    let current = state
        .db
        .metadata_session_keys
        .iter()
        .find(|b| b.id == id && b.user_id == me)
        .cloned()
        .ok_or_else(|| ApiError::not_found("The metadata session key does not exist."))?;
    let mut errors = Errors::new();
    own_message(
        &mut errors,
        &state,
        &me,
        &data,
        "isValidEncryptedMetadataSessionKey",
        "metadata session key",
    );
    let modified = data.get("modified").and_then(Value::as_str);
    match modified {
        None => errors.add("modified", "_required", "The modified date is required."),
        Some(m) if crate::clock::parse_iso(m).is_none() => errors.add(
            "modified",
            "dateTime",
            "The modified date should be a valid date.",
        ),
        Some(_) => {}
    }
    errors.check("Could not validate the metadata session key data.")?;
    if crate::clock::parse_iso(modified.unwrap_or_default())
        != crate::clock::parse_iso(&current.modified)
    {
        return Err(ApiError::new(
            409,
            "The metadata session key data has changed.",
        ));
    }
    let new_data = data["data"].as_str().unwrap_or_default();
    if new_data == current.data {
        return Err(ApiError::bad_request(
            "The metadata session key data is identical.",
        ));
    }
    // A second-precision date must still move forward, or a stale writer would not be caught.
    let now = ctx.app.clock.now();
    let previous = crate::clock::parse_iso(&current.modified).unwrap_or(0);
    let stamp = crate::clock::iso(now.max(previous + 1));
    let bundle = state
        .db
        .metadata_session_keys
        .iter_mut()
        .find(|b| b.id == id)
        .ok_or_else(|| ApiError::not_found("The metadata session key does not exist."))?;
    bundle.data = new_data.to_string();
    bundle.modified = stamp;
    let body = render::session_keys(bundle);
    drop(state);
    ctx.ok(body)
}

/// `DELETE /metadata/session-keys/{id}.json`.
pub fn session_keys_delete(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The metadata session key identifier should be a valid UUID.",
        ));
    }
    let mut state = ctx.app.state();
    let before = state.db.metadata_session_keys.len();
    state
        .db
        .metadata_session_keys
        .retain(|b| !(b.id == id && b.user_id == me));
    if state.db.metadata_session_keys.len() == before {
        return Err(ApiError::not_found(
            "The metadata session key does not exist.",
        ));
    }
    drop(state);
    ctx.ok(Value::Null)
}

//! `/gpgkeys.json`: users' public keys, with the keyring-sync filters.

use crate::app::{Ctx, Reply};
use crate::clock::parse_iso;
use crate::envelope::ApiError;
use crate::ids::is_uuid;
use crate::render;
use serde_json::Value;

/// `GET /gpgkeys.json`: `filter[modified-after]` (strictly after a Unix time),
/// `filter[is-deleted]` (exactly this deleted flag; default false), `filter[has-users][]`.
/// The legacy `modified_after` parameter is an alias.
pub fn index(ctx: &mut Ctx) -> Reply {
    ctx.user_id()?;
    let after = ctx
        .filter("modified-after")
        .or_else(|| ctx.req.query.get("modified_after"))
        .cloned();
    let after = match after {
        None => None,
        Some(v) => {
            let s = v.as_str().unwrap_or("");
            match s.parse::<i64>() {
                Ok(ts) if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) => Some(ts),
                _ => {
                    return Err(ApiError::bad_request(format!(
                    "Invalid filter. \"{s}\" is not a valid timestamp for filter modified-after."
                )))
                }
            }
        }
    };
    let deleted = ctx.bool_filter("is-deleted")?.unwrap_or(false);
    let users = ctx.list_filter("has-users");
    if let Some(bad) = users.iter().flatten().find(|u| !is_uuid(u)) {
        return Err(ApiError::bad_request(format!(
            "Invalid filter. \"{bad}\" is not a valid user id for filter has-users."
        )));
    }
    let state = ctx.app.state();
    let items: Vec<Value> = state
        .db
        .gpgkeys
        .iter()
        .filter(|k| k.deleted == deleted)
        .filter(|k| after.is_none_or(|ts| parse_iso(&k.modified).is_some_and(|m| m > ts)))
        .filter(|k| users.as_ref().is_none_or(|u| u.contains(&k.user_id)))
        .map(render::gpgkey)
        .collect();
    drop(state);
    ctx.ok_list(items)
}

/// `GET /gpgkeys/{id}.json`.
pub fn view(ctx: &mut Ctx, id: &str) -> Reply {
    ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The OpenPGP key identifier should be a valid UUID.",
        ));
    }
    let key = ctx
        .app
        .state()
        .db
        .gpgkeys
        .iter()
        .find(|k| k.id == id && !k.deleted)
        .map(render::gpgkey);
    ctx.ok(key.ok_or_else(|| ApiError::not_found("The OpenPGP key does not exist."))?)
}

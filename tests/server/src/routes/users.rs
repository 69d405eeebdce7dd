//! `/users.json` and `/users/{id|me}.json`.

use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::is_uuid;
use crate::render::{self, UserParts};
use serde_json::Value;

/// `GET /users.json` with the contains `gpgkey, groups_users, is_mfa_enabled, last_logged_in,
/// missing_metadata_key_ids` and the filters `search, has-groups[], has-access[], is-admin,
/// is-active` (the last for administrators).
pub fn index(ctx: &mut Ctx) -> Reply {
    let me = ctx.user_id()?;
    let parts = UserParts {
        gpgkey: ctx.contain("gpgkey"),
        groups_users: ctx.contain("groups_users"),
        is_mfa_enabled: ctx.contain("is_mfa_enabled"),
        last_logged_in: ctx.contain("last_logged_in"),
        missing_metadata_key_ids: ctx.contain("missing_metadata_key_ids"),
    };
    let search = ctx
        .list_filter("search")
        .and_then(|s| s.first().cloned())
        .map(|s| s.to_lowercase());
    let has_groups = ctx.list_filter("has-groups");
    let has_access = ctx.list_filter("has-access");
    for id in has_groups.iter().chain(has_access.iter()).flatten() {
        if !is_uuid(id) {
            return Err(ApiError::bad_request(format!(
                "Invalid filter. \"{id}\" is not a valid identifier."
            )));
        }
    }
    let is_admin = ctx.bool_filter("is-admin")?;
    let state = ctx.app.state();
    let admin = state.is_admin(&me);
    let is_active = if admin {
        ctx.bool_filter("is-active")?
    } else {
        Some(true)
    };
    if let Some(resource) = has_access.as_ref().and_then(|a| a.first()) {
        if state.access(&me, resource).is_none() {
            return Err(ApiError::forbidden(
                "You do not have the permission to view this resource.",
            ));
        }
    }
    let access_users = has_access
        .as_ref()
        .and_then(|a| a.first())
        .map(|r| state.users_with_access(r));
    let items: Vec<Value> = state
        .db
        .users
        .iter()
        .filter(|u| !u.deleted)
        .filter(|u| is_active.is_none_or(|a| u.active == a))
        .filter(|u| is_admin.is_none_or(|a| (u.role == "admin") == a))
        .filter(|u| {
            search.as_ref().is_none_or(|s| {
                [&u.username, &u.first_name, &u.last_name]
                    .iter()
                    .any(|f| f.to_lowercase().contains(s.as_str()))
            })
        })
        .filter(|u| {
            has_groups
                .as_ref()
                .is_none_or(|g| state.groups_of(&u.id).iter().any(|x| g.contains(x)))
        })
        .filter(|u| access_users.as_ref().is_none_or(|a| a.contains(&u.id)))
        .map(|u| render::user(&state, u, parts))
        .collect();
    drop(state);
    ctx.ok_list(items)
}

/// `GET /users/{id}.json` (`me` is the caller).
pub fn view(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    let id = if id == "me" { me } else { id.to_string() };
    if !is_uuid(&id) {
        return Err(ApiError::bad_request(
            "The user identifier should be a valid UUID or me.",
        ));
    }
    let state = ctx.app.state();
    let user = state
        .user(&id)
        .filter(|u| !u.deleted)
        .map(|u| render::user(&state, u, UserParts::all()));
    drop(state);
    ctx.ok(user.ok_or_else(|| ApiError::not_found("The user does not exist."))?)
}

//! Sharing: `POST /share/simulate/resource/{id}.json` and `PUT /share/resource/{id}.json`.

use super::resource_rules as rules;
use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::{is_uuid, uuid4};
use crate::model::Permission;
use crate::state::{State, OWNER};
use crate::validation::Errors;
use serde_json::{json, Value};

/// Applies permission changes (`{id, type}`, `{id, delete: true}`, `{aro, aro_foreign_key, type}`)
/// to the permissions of `aco_id`; returns the new list or the error tree.
pub fn apply_changes(
    state: &State,
    aco: &str,
    aco_id: &str,
    changes: &Value,
    now: &str,
) -> Result<Vec<Permission>, Errors> {
    let mut errors = Errors::new();
    let mut perms: Vec<Permission> = state.permissions_on(aco_id).into_iter().cloned().collect();
    let Some(list) = changes.as_array().filter(|l| !l.is_empty()) else {
        errors.add(
            "permissions",
            "_empty",
            "The permissions should not be empty.",
        );
        return Err(errors);
    };
    for (i, c) in list.iter().enumerate() {
        let path = format!("permissions.{i}");
        let kind = c.get("type").and_then(Value::as_u64);
        let kind_ok = kind.is_some_and(|k| matches!(k, 1 | 7 | 15));
        if let Some(id) = c.get("id").and_then(Value::as_str) {
            let Some(pos) = perms.iter().position(|p| p.id == id) else {
                errors.add(
                    &format!("{path}.id"),
                    "permission_exists",
                    "The permission does not exist.",
                );
                continue;
            };
            if c.get("delete").and_then(Value::as_bool) == Some(true) {
                perms.remove(pos);
            } else if kind_ok {
                perms[pos].kind = kind.unwrap_or(1) as u8;
                perms[pos].modified = now.to_string();
            } else {
                errors.add(
                    &format!("{path}.type"),
                    "inList",
                    "The permission type should be one of the following: 1, 7, 15.",
                );
            }
            continue;
        }
        let aro = c.get("aro").and_then(Value::as_str).unwrap_or("");
        let aro_id = c
            .get("aro_foreign_key")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        if aro != "User" && aro != "Group" {
            errors.add(
                &format!("{path}.aro"),
                "inList",
                "The access request object type should be one of the following: User, Group.",
            );
        } else if !is_uuid(&aro_id) {
            errors.add(
                &format!("{path}.aro_foreign_key"),
                "uuid",
                "The access request object identifier should be a valid UUID.",
            );
        } else if (aro == "User" && !state.is_usable(&aro_id))
            || (aro == "Group" && state.group(&aro_id).is_none())
        {
            errors.add(
                &format!("{path}.aro_foreign_key"),
                "aro_exists",
                "The access request object does not exist.",
            );
        } else if perms.iter().any(|p| p.aro_foreign_key == aro_id) {
            errors.add(
                &format!("{path}.aro_foreign_key"),
                "permission_unique",
                "A permission already exists for the given access request object.",
            );
        }
        if !kind_ok {
            errors.add(
                &format!("{path}.type"),
                "inList",
                "The permission type should be one of the following: 1, 7, 15.",
            );
        }
        if !errors.has(&path) {
            perms.push(Permission {
                id: uuid4(),
                aco: aco.to_string(),
                aco_foreign_key: aco_id.to_string(),
                aro: aro.to_string(),
                aro_foreign_key: aro_id,
                kind: kind.unwrap_or(1) as u8,
                created: now.to_string(),
                modified: now.to_string(),
            });
        }
    }
    if errors.is_empty() && !perms.iter().any(|p| p.kind == OWNER) {
        errors.add(
            "permissions",
            "at_least_one_owner",
            "At least one owner permission must be provided.",
        );
    }
    if errors.is_empty() {
        Ok(perms)
    } else {
        Err(errors)
    }
}

/// Users reachable through a permission list (groups expanded, usable accounts).
fn users_of(state: &State, perms: &[Permission]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in perms {
        let users = if p.aro == "User" {
            vec![p.aro_foreign_key.clone()]
        } else {
            state.members_of(&p.aro_foreign_key)
        };
        for u in users {
            if !out.contains(&u) && state.is_usable(&u) {
                out.push(u);
            }
        }
    }
    out
}

/// Checks the caller owns the resource and it may be shared; returns (users before, new permissions).
fn plan(
    ctx: &Ctx,
    state: &State,
    id: &str,
    data: &Value,
) -> Result<(Vec<String>, Vec<Permission>), ApiError> {
    let me = ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The resource identifier should be a valid UUID.",
        ));
    }
    let r = state
        .readable_resource(&me, id)
        .ok_or_else(|| ApiError::not_found("The resource does not exist."))?;
    if state.access(&me, id).is_none_or(|p| p.kind != OWNER) {
        return Err(ApiError::forbidden(
            "You are not authorized to share this resource.",
        ));
    }
    if r.metadata_key_type.as_deref() == Some("user_key") {
        return Err(ApiError::bad_request(
            "Resource metadata key type is invalid.",
        ));
    }
    let before = state.users_with_access(id);
    let now = ctx.app.clock.now_iso();
    let perms = apply_changes(
        state,
        "Resource",
        id,
        data.get("permissions").unwrap_or(&Value::Null),
        &now,
    )
    .map_err(|e| ApiError::validation("The shared resource validation failed.", e.tree()))?;
    Ok((before, perms))
}

fn user_list(ids: &[String]) -> Value {
    ids.iter().map(|u| json!({"User": {"id": u}})).collect()
}

/// `POST /share/simulate/resource/{id}.json {permissions}`: who would gain and lose access.
pub fn simulate(ctx: &mut Ctx, id: &str) -> Reply {
    let data = ctx.data()?;
    let state = ctx.app.state();
    let (before, perms) = plan(ctx, &state, id, &data)?;
    let after = users_of(&state, &perms);
    drop(state);
    let added: Vec<String> = after
        .iter()
        .filter(|u| !before.contains(u))
        .cloned()
        .collect();
    let removed: Vec<String> = before
        .iter()
        .filter(|u| !after.contains(u))
        .cloned()
        .collect();
    ctx.ok(json!({"changes": {"added": user_list(&added), "removed": user_list(&removed)}}))
}

/// `PUT /share/resource/{id}.json {permissions, secrets}`: applies the changes; one secret per
/// user who gains access is required.
pub fn share(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    let data = ctx.data()?;
    let mut state = ctx.app.state();
    let (before, perms) = plan(ctx, &state, id, &data)?;
    let after = users_of(&state, &perms);
    let added: Vec<String> = after
        .iter()
        .filter(|u| !before.contains(u))
        .cloned()
        .collect();
    let mut errors = Errors::new();
    let secrets = data
        .get("secrets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut given = Vec::new();
    for (i, s) in secrets.iter().enumerate() {
        rules::secret_data(&mut errors, &format!("secrets.{i}"), s);
        let user = s
            .get("user_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        if !added.contains(&user) {
            errors.add(
                &format!("secrets.{i}.user_id"),
                "has_resource_access",
                "The user does not gain access to the resource.",
            );
        }
        given.push((
            user,
            s.get("data")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        ));
    }
    if errors.is_empty() && added.iter().any(|u| !given.iter().any(|(g, _)| g == u)) {
        errors.add(
            "secrets",
            "secrets_provided",
            "The secrets of all the users gaining access to the resource are required.",
        );
    }
    errors.check("The shared resource validation failed.")?;
    let now = ctx.app.clock.now_iso();
    state.db.permissions.retain(|p| p.aco_foreign_key != id);
    state.db.permissions.extend(perms);
    state
        .db
        .secrets
        .retain(|s| s.resource_id != id || after.contains(&s.user_id));
    for (user, data) in given {
        state
            .db
            .secrets
            .push(super::resources::new_secret(id, &user, &me, data, &now));
    }
    state
        .db
        .favorites
        .retain(|f| f.foreign_key != id || after.contains(&f.user_id));
    if let Some(r) = state.db.resources.iter_mut().find(|r| r.id == id) {
        r.modified = now;
        r.modified_by = me;
    }
    drop(state);
    ctx.ok(Value::Null)
}

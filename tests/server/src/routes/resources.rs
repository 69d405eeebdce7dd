//! `/resources.json`: index with contains and filters, view, create (v4/v5), update, delete.

use super::resource_rules as rules;
use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::{is_uuid, uuid4};
use crate::model::{Permission, Resource, Secret};
use crate::render::{self, ResourceParts};
use crate::state::{State, OWNER, UPDATE};
use crate::validation::Errors;
use serde_json::Value;

fn parts(ctx: &Ctx) -> ResourceParts {
    ResourceParts {
        permission: ctx.contain("permission"),
        permissions: ctx.contain("permissions")
            || ctx.contain("permissions.user.profile")
            || ctx.contain("permissions.group"),
        secret: ctx.contain("secret"),
        creator: ctx.contain("creator"),
        modifier: ctx.contain("modifier"),
        favorite: ctx.contain("favorite"),
        tag: ctx.contain("tag"),
        resource_type: ctx.contain("resource-type"),
    }
}

/// `GET /resources.json`.
pub fn index(ctx: &mut Ctx) -> Reply {
    let me = ctx.user_id()?;
    let parts = parts(ctx);
    let favorite = ctx.bool_filter("is-favorite")?;
    let owned = ctx.bool_filter("is-owned-by-me")?;
    let shared_with_me = ctx.bool_filter("is-shared-with-me")?;
    let group = ctx
        .filter("is-shared-with-group")
        .and_then(Value::as_str)
        .map(str::to_string);
    let ids = ctx.list_filter("has-id");
    let parents = ctx.list_filter("has-parent");
    let key_type = ctx
        .filter("metadata_key_type")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(g) = group.as_ref().filter(|g| !is_uuid(g)) {
        return Err(ApiError::bad_request(format!(
            "Invalid filter. \"{g}\" is not a valid group id for filter is-shared-with-group."
        )));
    }
    if let Some(bad) = ids.iter().flatten().find(|i| !is_uuid(i)) {
        return Err(ApiError::bad_request(format!(
            "Invalid filter. \"{bad}\" is not a valid resource id for filter has-id."
        )));
    }
    if let Some(bad) = parents
        .iter()
        .flatten()
        .find(|p| !is_uuid(p) && !matches!(p.as_str(), "0" | "false" | ""))
    {
        return Err(ApiError::bad_request(format!(
            "Invalid filter. \"{bad}\" is not a valid parent id for filter has-parent."
        )));
    }
    if let Some(t) = key_type
        .as_ref()
        .filter(|t| !matches!(t.as_str(), "user_key" | "shared_key"))
    {
        return Err(ApiError::bad_request(format!(
            "Invalid filter. \"{t}\" is not a valid value for filter metadata_key_type."
        )));
    }
    let state = ctx.app.state();
    let items: Vec<Value> = state
        .db
        .resources
        .iter()
        .filter(|r| !r.deleted)
        .filter(|r| {
            let Some(access) = state.access(&me, &r.id) else {
                return false;
            };
            let is_fav = state
                .db
                .favorites
                .iter()
                .any(|f| f.foreign_key == r.id && f.user_id == me);
            favorite.is_none_or(|f| f == is_fav)
                && owned.is_none_or(|o| o == (access.kind == OWNER))
                && shared_with_me.is_none_or(|s| s == (access.kind != OWNER))
                && group.as_ref().is_none_or(|g| {
                    state
                        .permissions_on(&r.id)
                        .iter()
                        .any(|p| p.aro == "Group" && &p.aro_foreign_key == g)
                })
                && ids
                    .as_ref()
                    .is_none_or(|ids| ids.iter().any(|i| i.eq_ignore_ascii_case(&r.id)))
                && parents.as_ref().is_none_or(|ps| {
                    ps.iter().any(|p| {
                        if is_uuid(p) {
                            r.folder_parent_id.as_deref() == Some(p.as_str())
                        } else {
                            r.folder_parent_id.is_none()
                        }
                    })
                })
                && key_type
                    .as_ref()
                    .is_none_or(|t| r.metadata_key_type.as_deref() == Some(t.as_str()))
        })
        .map(|r| render::resource(&state, r, &me, parts))
        .collect();
    drop(state);
    ctx.ok_list(items)
}

/// `GET /resources/{id}.json`.
pub fn view(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    check_id(id)?;
    let parts = parts(ctx);
    let state = ctx.app.state();
    let r = state
        .readable_resource(&me, id)
        .ok_or_else(|| ApiError::not_found("The resource does not exist."))?;
    let body = render::resource(&state, r, &me, parts);
    drop(state);
    ctx.ok(body)
}

fn check_id(id: &str) -> Result<(), ApiError> {
    if is_uuid(id) {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "The resource identifier should be a valid UUID.",
        ))
    }
}

/// What the server renders after a create or update.
fn saved(state: &State, r: &Resource, me: &str) -> Value {
    let parts = ResourceParts {
        permission: true,
        secret: true,
        creator: true,
        modifier: true,
        favorite: true,
        tag: true,
        ..Default::default()
    };
    render::resource(state, r, me, parts)
}

/// `POST /resources.json`: v4 `{name, username, uri, description, ...}` or v5
/// `{metadata, metadata_key_id, metadata_key_type, ...}`, with exactly the creator's secret.
pub fn create(ctx: &mut Ctx) -> Reply {
    let me = ctx.user_id()?;
    let data = ctx.data()?;
    rules::refuse_mixed(&data)?;
    let (_, v5) = rules::versions(&data);
    let mut state = ctx.app.state();
    let default_v5 = state.db.metadata_types_settings["default_resource_types"] == "v5";
    let v5 = v5 || (!rules::versions(&data).0 && default_v5);
    let type_id = match data.get("resource_type_id") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => crate::resource_types::default_id(v5),
        Some(other) => other.to_string(),
    };
    let mut errors = Errors::new();
    rules::resource_type(&mut errors, &type_id, v5);
    let mut key_id = None;
    if v5 {
        key_id = rules::v5_metadata(&mut errors, &state, &me, &data, true);
    } else {
        rules::v4_fields(&mut errors, &data, true);
    }
    rules::folder_parent(&mut errors, &state, &me, &data);
    rules::expired(&mut errors, &data);
    rules::create_secrets(&mut errors, &data);
    errors.check(rules::INVALID)?;

    let now = ctx.app.clock.now_iso();
    let text = |f: &str| data.get(f).and_then(Value::as_str).map(str::to_string);
    let resource = Resource {
        id: uuid4(),
        resource_type_id: type_id.to_ascii_lowercase(),
        name: if v5 { None } else { text("name") },
        username: if v5 { None } else { text("username") },
        uri: if v5 { None } else { text("uri") },
        description: if v5 { None } else { text("description") },
        metadata: if v5 { text("metadata") } else { None },
        metadata_key_id: key_id,
        metadata_key_type: if v5 {
            Some(text("metadata_key_type").unwrap_or_else(|| "shared_key".into()))
        } else {
            None
        },
        deleted: false,
        created: now.clone(),
        modified: now.clone(),
        created_by: me.clone(),
        modified_by: me.clone(),
        expired: text("expired"),
        folder_parent_id: text("folder_parent_id"),
    };
    state.db.permissions.push(Permission {
        id: uuid4(),
        aco: "Resource".into(),
        aco_foreign_key: resource.id.clone(),
        aro: "User".into(),
        aro_foreign_key: me.clone(),
        kind: OWNER,
        created: now.clone(),
        modified: now.clone(),
    });
    let secret_data = data["secrets"][0]["data"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    state
        .db
        .secrets
        .push(new_secret(&resource.id, &me, &me, secret_data, &now));
    let body = saved(&state, &resource, &me);
    state.db.resources.push(resource);
    drop(state);
    ctx.ok_msg("The resource has been added successfully.", body)
}

/// A new secret row.
pub fn new_secret(
    resource_id: &str,
    user_id: &str,
    writer: &str,
    data: String,
    now: &str,
) -> Secret {
    Secret {
        id: uuid4(),
        resource_id: resource_id.to_string(),
        user_id: user_id.to_string(),
        data,
        created: now.to_string(),
        modified: now.to_string(),
        created_by: writer.to_string(),
        modified_by: writer.to_string(),
    }
}

/// `PUT /resources/{id}.json`: changed fields and/or metadata; `secrets`, when sent, must be
/// one per user having access, no more, no less.
pub fn update(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    check_id(id)?;
    let data = ctx.data()?;
    let mut state = ctx.app.state();
    let current = state
        .readable_resource(&me, id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("The resource does not exist."))?;
    if state.access(&me, id).is_none_or(|p| p.kind < UPDATE) {
        return Err(ApiError::forbidden(
            "You are not allowed to update this resource.",
        ));
    }
    rules::refuse_mixed(&data)?;
    let (v4_fields, v5_fields) = rules::versions(&data);
    let v5 = v5_fields || (current.is_v5() && !v4_fields);
    let mut errors = Errors::new();
    if current.is_v5() && v4_fields {
        errors.add(
            "metadata",
            "v5_to_v4_downgrade_allowed",
            "The settings selected by your administrator prevent from downgrading v5 to v4.",
        );
    }
    if !current.is_v5()
        && v5_fields
        && state.db.metadata_types_settings["allow_v4_v5_upgrade"] != true
    {
        errors.add(
            "metadata",
            "v4_to_v5_upgrade_allowed",
            "The settings selected by your administrator prevent from upgrading v4 to v5.",
        );
    }
    let type_id = data
        .get("resource_type_id")
        .and_then(Value::as_str)
        .unwrap_or(&current.resource_type_id)
        .to_string();
    if data.get("resource_type_id").is_some() || v5 != current.is_v5() {
        rules::resource_type(&mut errors, &type_id, v5);
    }
    let mut key_id = current.metadata_key_id.clone();
    if v5_fields {
        key_id = rules::v5_metadata(&mut errors, &state, &me, &data, !current.is_v5());
        let key_type = data
            .get("metadata_key_type")
            .and_then(Value::as_str)
            .or(current.metadata_key_type.as_deref());
        if key_type == Some("user_key") && state.permissions_on(id).len() > 1 {
            errors.add(
                "metadata_key_type",
                "isPersonalResourceForUserKey",
                "A resource shared with others cannot use a personal key.",
            );
        }
    } else if !v5 {
        rules::v4_fields(&mut errors, &data, false);
    }
    rules::expired(&mut errors, &data);
    let secrets = secrets_for_all(&mut errors, &state, id, &data);
    errors.check(rules::INVALID)?;

    let now = ctx.app.clock.now_iso();
    let text = |f: &str| data.get(f).and_then(Value::as_str).map(str::to_string);
    let r = state
        .db
        .resources
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| ApiError::not_found("The resource does not exist."))?;
    r.resource_type_id = type_id;
    if v5 {
        if let Some(m) = text("metadata") {
            r.metadata = Some(m);
            r.metadata_key_type = Some(
                text("metadata_key_type")
                    .or(r.metadata_key_type.clone())
                    .unwrap_or_else(|| "shared_key".into()),
            );
            r.metadata_key_id = key_id;
            (r.name, r.username, r.uri, r.description) = (None, None, None, None);
        }
    } else {
        for f in rules::V4_FIELDS {
            if let Some(v) = data.get(f) {
                let v = v.as_str().map(str::to_string);
                match f {
                    "name" => r.name = v,
                    "username" => r.username = v,
                    "uri" => r.uri = v,
                    _ => r.description = v,
                }
            }
        }
    }
    if data.get("expired").is_some() {
        r.expired = text("expired");
    }
    r.modified = now.clone();
    r.modified_by = me.clone();
    let updated = r.clone();
    for (user_id, secret) in secrets {
        if let Some(s) = state
            .db
            .secrets
            .iter_mut()
            .find(|s| s.resource_id == id && s.user_id == user_id)
        {
            s.data = secret;
            s.modified = now.clone();
            s.modified_by = me.clone();
        }
    }
    let body = saved(&state, &updated, &me);
    drop(state);
    ctx.ok_msg("The resource has been updated successfully.", body)
}

/// Checks an update's `secrets` (if any): parsable, and exactly one per user with access.
fn secrets_for_all(
    errors: &mut Errors,
    state: &State,
    id: &str,
    data: &Value,
) -> Vec<(String, String)> {
    let Some(list) = data.get("secrets") else {
        return Vec::new();
    };
    let list = list.as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for (i, s) in list.iter().enumerate() {
        rules::secret_data(errors, &format!("secrets.{i}"), s);
        match s.get("user_id").and_then(Value::as_str) {
            Some(u) if is_uuid(u) => out.push((
                u.to_ascii_lowercase(),
                s["data"].as_str().unwrap_or_default().to_string(),
            )),
            _ => errors.add(
                &format!("secrets.{i}.user_id"),
                "uuid",
                "The user identifier should be a valid UUID.",
            ),
        }
    }
    let mut expected = state.users_with_access(id);
    let mut given: Vec<String> = out.iter().map(|(u, _)| u.clone()).collect();
    expected.sort();
    given.sort();
    if errors.is_empty() && expected != given {
        errors.add("secrets", "secrets_provided", "The secrets should contain the secrets of all the users having access to the resource.");
    }
    out
}

/// `DELETE /resources/{id}.json`: soft delete (update permission required).
pub fn delete(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    check_id(id)?;
    let mut state = ctx.app.state();
    state
        .readable_resource(&me, id)
        .ok_or_else(|| ApiError::not_found("The resource does not exist."))?;
    if state.access(&me, id).is_none_or(|p| p.kind < UPDATE) {
        return Err(ApiError::forbidden(
            "You do not have the permission to delete this resource.",
        ));
    }
    let now = ctx.app.clock.now_iso();
    if let Some(r) = state.db.resources.iter_mut().find(|r| r.id == id) {
        r.deleted = true;
        r.modified = now;
        r.modified_by = me;
    }
    state.db.permissions.retain(|p| p.aco_foreign_key != id);
    state.db.secrets.retain(|s| s.resource_id != id);
    state.db.favorites.retain(|f| f.foreign_key != id);
    drop(state);
    ctx.ok_msg("The resource has been deleted successfully.", Value::Null)
}

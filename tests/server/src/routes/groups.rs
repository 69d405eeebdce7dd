//! `/groups.json`: index, view, update (with dry-run: the secrets new members need).

use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::{is_uuid, uuid4};
use crate::model::{Group, GroupUser};
use crate::render::{self, UserParts};
use crate::state::State;
use crate::validation::Errors;
use serde_json::{json, Value};

fn render_group(ctx: &Ctx, state: &State, g: &Group, me: &str) -> Value {
    let mut v = render::group(g);
    let with_users = ctx.contain("groups_users.user")
        || ctx.contain("groups_users.user.profile")
        || ctx.contain("groups_users.user.gpgkey");
    if ctx.contain("groups_users") || with_users {
        let parts = UserParts {
            gpgkey: ctx.contain("groups_users.user.gpgkey"),
            ..Default::default()
        };
        v["groups_users"] = state
            .db
            .groups_users
            .iter()
            .filter(|m| m.group_id == g.id)
            .map(|m| {
                let mut gu = render::group_user(m);
                if with_users {
                    gu["user"] = state
                        .user(&m.user_id)
                        .map(|u| render::user(state, u, parts))
                        .unwrap_or(Value::Null);
                }
                gu
            })
            .collect();
    }
    if ctx.contain("users") {
        v["users"] = state
            .members_of(&g.id)
            .iter()
            .filter_map(|u| state.user(u))
            .map(|u| render::user(state, u, UserParts::default()))
            .collect();
    }
    if ctx.contain("my_group_user") {
        v["my_group_user"] = state
            .db
            .groups_users
            .iter()
            .find(|m| m.group_id == g.id && m.user_id == me)
            .map(render::group_user)
            .unwrap_or(Value::Null);
    }
    if ctx.contain("modifier") || ctx.contain("modifier.profile") {
        v["modifier"] = state
            .user(&g.modified_by)
            .map(|u| render::user(state, u, UserParts::default()))
            .unwrap_or(Value::Null);
    }
    v
}

/// `GET /groups.json` (filters `has-users[]`, `has-managers[]`).
pub fn index(ctx: &mut Ctx) -> Reply {
    let me = ctx.user_id()?;
    let users = ctx.list_filter("has-users");
    let managers = ctx.list_filter("has-managers");
    if let Some(bad) = users
        .iter()
        .chain(managers.iter())
        .flatten()
        .find(|u| !is_uuid(u))
    {
        return Err(ApiError::bad_request(format!(
            "Invalid filter. \"{bad}\" is not a valid user id for filter has-users."
        )));
    }
    let state = ctx.app.state();
    let has = |g: &Group, list: &Option<Vec<String>>, manager: bool| {
        list.as_ref().is_none_or(|l| {
            l.iter().all(|u| {
                state
                    .db
                    .groups_users
                    .iter()
                    .any(|m| m.group_id == g.id && &m.user_id == u && (!manager || m.is_admin))
            })
        })
    };
    let mut groups: Vec<&Group> = state
        .db
        .groups
        .iter()
        .filter(|g| !g.deleted && has(g, &users, false) && has(g, &managers, true))
        .collect();
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    let items = groups
        .into_iter()
        .map(|g| render_group(ctx, &state, g, &me))
        .collect();
    drop(state);
    ctx.ok_list(items)
}

/// `GET /groups/{id}.json`.
pub fn view(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The group identifier should be a valid UUID.",
        ));
    }
    let state = ctx.app.state();
    let g = state
        .group(id)
        .ok_or_else(|| ApiError::not_found("The group does not exist."))?;
    let body = render_group(ctx, &state, g, &me);
    drop(state);
    ctx.ok(body)
}

/// The new membership list after `groups_users` changes, or the error tree.
fn apply_members(
    state: &State,
    group_id: &str,
    changes: Option<&Value>,
    now: &str,
) -> Result<Vec<GroupUser>, Errors> {
    let mut errors = Errors::new();
    let mut members: Vec<GroupUser> = state
        .db
        .groups_users
        .iter()
        .filter(|m| m.group_id == group_id)
        .cloned()
        .collect();
    for (i, c) in changes
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let path = format!("groups_users.{i}");
        let is_admin = c.get("is_admin").and_then(Value::as_bool);
        if let Some(id) = c.get("id").and_then(Value::as_str) {
            match members.iter().position(|m| m.id == id) {
                None => errors.add(
                    &format!("{path}.id"),
                    "group_user_exists",
                    "The group user does not exist.",
                ),
                Some(pos) if c.get("delete").and_then(Value::as_bool) == Some(true) => {
                    members.remove(pos);
                }
                Some(pos) => members[pos].is_admin = is_admin.unwrap_or(members[pos].is_admin),
            }
            continue;
        }
        let user_id = c
            .get("user_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        if !is_uuid(&user_id) {
            errors.add(
                &format!("{path}.user_id"),
                "uuid",
                "The user identifier should be a valid UUID.",
            );
        } else if !state.is_usable(&user_id) {
            errors.add(
                &format!("{path}.user_id"),
                "user_exists",
                "The user does not exist.",
            );
        } else if members.iter().any(|m| m.user_id == user_id) {
            errors.add(
                &format!("{path}.user_id"),
                "group_user_unique",
                "The user is already a member of this group.",
            );
        } else {
            members.push(GroupUser {
                id: uuid4(),
                group_id: group_id.to_string(),
                user_id,
                is_admin: is_admin.unwrap_or(false),
                created: now.to_string(),
            });
        }
    }
    if errors.is_empty() && !members.iter().any(|m| m.is_admin) {
        errors.add(
            "groups_users",
            "at_least_one_group_manager",
            "A group manager is required.",
        );
    }
    if errors.is_empty() {
        Ok(members)
    } else {
        Err(errors)
    }
}

/// `PUT /groups/{id}.json` and `/groups/{id}/dry-run.json` `{name?, groups_users?, secrets?}`.
pub fn update(ctx: &mut Ctx, id: &str, dry_run: bool) -> Reply {
    let me = ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The group identifier should be a valid UUID.",
        ));
    }
    let data = ctx.data()?;
    let mut state = ctx.app.state();
    state
        .group(id)
        .ok_or_else(|| ApiError::not_found("The group does not exist."))?;
    let manager = state
        .db
        .groups_users
        .iter()
        .any(|m| m.group_id == id && m.user_id == me && m.is_admin);
    if !manager && !state.is_admin(&me) {
        return Err(ApiError::forbidden(
            "You are not authorized to access that location.",
        ));
    }
    let now = ctx.app.clock.now_iso();
    let mut errors = Errors::new();
    if let Some(name) = data.get("name") {
        match name.as_str() {
            Some("") | None => errors.add("name", "_empty", "The name should not be empty."),
            Some(n) if n.chars().count() > 255 => errors.add(
                "name",
                "maxLength",
                "The name length should be maximum 255 characters.",
            ),
            Some(_) => {}
        }
    }
    let members = match apply_members(&state, id, data.get("groups_users"), &now) {
        Ok(m) => m,
        Err(e) => {
            let mut tree = e.tree();
            if let (Some(t), Some(n)) = (tree.as_object_mut(), errors.tree().get("name")) {
                t.insert("name".into(), n.clone());
            }
            return Err(ApiError::validation("Could not validate group data.", tree));
        }
    };
    errors.check("Could not validate group data.")?;
    // Secrets new members need: one per resource shared with the group they cannot read yet.
    let resources: Vec<String> = state
        .db
        .permissions
        .iter()
        .filter(|p| p.aro == "Group" && p.aro_foreign_key == id && p.aco == "Resource")
        .map(|p| p.aco_foreign_key.clone())
        .collect();
    let old: Vec<String> = state.members_of(id);
    let added: Vec<String> = members
        .iter()
        .map(|m| m.user_id.clone())
        .filter(|u| !old.contains(u))
        .collect();
    let mut needed = Vec::new();
    for r in resources.iter().filter(|r| state.resource(r).is_some()) {
        for u in &added {
            if state.access(u, r).is_none() {
                needed.push((r.clone(), u.clone()));
            }
        }
    }
    if dry_run {
        let secrets_needed: Vec<Value> = needed
            .iter()
            .map(|(r, u)| json!({"Secret": {"resource_id": r, "user_id": u}}))
            .collect();
        let mut mine: Vec<Value> = Vec::new();
        for r in needed
            .iter()
            .map(|(r, _)| r)
            .collect::<std::collections::BTreeSet<_>>()
        {
            if let Some(s) = state
                .db
                .secrets
                .iter()
                .find(|s| &s.resource_id == r && s.user_id == me)
            {
                mine.push(json!({"Secret": [render::secret(s)]}));
            }
        }
        drop(state);
        return ctx.ok(json!({"dry-run": {"SecretsNeeded": secrets_needed, "Secrets": mine}}));
    }
    let given: Vec<(String, String, String)> = data
        .get("secrets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            (
                s["resource_id"].as_str().unwrap_or("").to_string(),
                s["user_id"].as_str().unwrap_or("").to_string(),
                s["data"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut errors = Errors::new();
    for (i, (_, _, d)) in given.iter().enumerate() {
        if crate::message::parse(d).is_none() {
            errors.add(
                &format!("secrets.{i}.data"),
                "isValidOpenPGPMessage",
                super::resource_rules::NOT_A_MESSAGE,
            );
        }
    }
    if errors.is_empty()
        && (needed.len() != given.len()
            || needed
                .iter()
                .any(|(r, u)| !given.iter().any(|(gr, gu, _)| gr == r && gu == u)))
    {
        errors.add("secrets", "secrets_provided", "The secrets of all the resources shared with the group are required for the new members.");
    }
    errors.check("Could not validate group data.")?;
    state.db.groups_users.retain(|m| m.group_id != id);
    state.db.groups_users.extend(members);
    for (r, u, d) in given {
        state
            .db
            .secrets
            .push(super::resources::new_secret(&r, &u, &me, d, &now));
    }
    // Members who left lose the secrets of resources they no longer reach.
    let left: Vec<String> = old
        .iter()
        .filter(|u| !state.members_of(id).contains(u))
        .cloned()
        .collect();
    let lost: Vec<(String, String)> = state
        .db
        .secrets
        .iter()
        .filter(|s| left.contains(&s.user_id) && state.access(&s.user_id, &s.resource_id).is_none())
        .map(|s| (s.resource_id.clone(), s.user_id.clone()))
        .collect();
    state
        .db
        .secrets
        .retain(|s| !lost.contains(&(s.resource_id.clone(), s.user_id.clone())));
    if let Some(g) = state.db.groups.iter_mut().find(|g| g.id == id) {
        if let Some(n) = data.get("name").and_then(Value::as_str) {
            g.name = n.to_string();
        }
        g.modified = now;
        g.modified_by = me.clone();
    }
    let g = state
        .group(id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("The group does not exist."))?;
    let body = render_group(ctx, &state, &g, &me);
    drop(state);
    ctx.ok_msg("The group has been updated successfully.", body)
}

//! `/folders.json` (v4 cleartext folders) and `/move/{Resource|Folder}/{id}.json`.

use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::{is_uuid, uuid4};
use crate::model::{Folder, Permission};
use crate::render::{self, ResourceParts};
use crate::state::OWNER;
use crate::validation::Errors;
use serde_json::Value;

/// `GET /folders.json`: contains `children_resources, children_folders, permissions`; filters
/// `has-id[], has-parent[], search`.
pub fn index(ctx: &mut Ctx) -> Reply {
    let me = ctx.user_id()?;
    let ids = ctx.list_filter("has-id");
    let parents = ctx.list_filter("has-parent");
    let search = ctx
        .list_filter("search")
        .and_then(|s| s.first().cloned())
        .map(|s| s.to_lowercase());
    let state = ctx.app.state();
    let items: Vec<Value> = state
        .db
        .folders
        .iter()
        .filter(|f| state.access(&me, &f.id).is_some())
        .filter(|f| ids.as_ref().is_none_or(|i| i.contains(&f.id)))
        .filter(|f| {
            parents.as_ref().is_none_or(|p| {
                p.iter().any(|p| {
                    if is_uuid(p) {
                        f.folder_parent_id.as_deref() == Some(p.as_str())
                    } else {
                        f.folder_parent_id.is_none()
                    }
                })
            })
        })
        .filter(|f| {
            search
                .as_ref()
                .is_none_or(|s| f.name.to_lowercase().contains(s.as_str()))
        })
        .map(|f| {
            let mut v = render::folder(&state, f, &me);
            if ctx.contain("children_resources") {
                v["children_resources"] = state
                    .db
                    .resources
                    .iter()
                    .filter(|r| {
                        !r.deleted
                            && r.folder_parent_id.as_deref() == Some(&f.id)
                            && state.access(&me, &r.id).is_some()
                    })
                    .map(|r| render::resource(&state, r, &me, ResourceParts::default()))
                    .collect();
            }
            if ctx.contain("children_folders") {
                v["children_folders"] = state
                    .db
                    .folders
                    .iter()
                    .filter(|c| {
                        c.folder_parent_id.as_deref() == Some(&f.id)
                            && state.access(&me, &c.id).is_some()
                    })
                    .map(|c| render::folder(&state, c, &me))
                    .collect();
            }
            if ctx.contain("permissions") {
                v["permissions"] = state
                    .permissions_on(&f.id)
                    .into_iter()
                    .map(|p| render::permission(&state, p, true))
                    .collect();
            }
            v
        })
        .collect();
    drop(state);
    ctx.ok_list(items)
}

/// `POST /folders.json {name, folder_parent_id}`.
pub fn create(ctx: &mut Ctx) -> Reply {
    let me = ctx.user_id()?;
    let data = ctx.data()?;
    let mut state = ctx.app.state();
    let mut errors = Errors::new();
    super::resource_rules::string_field(&mut errors, &data, "name", 256, true, "name");
    super::resource_rules::folder_parent(&mut errors, &state, &me, &data);
    errors.check("Could not validate folder data.")?;
    let now = ctx.app.clock.now_iso();
    let folder = Folder {
        id: uuid4(),
        name: data["name"].as_str().unwrap_or_default().to_string(),
        folder_parent_id: data
            .get("folder_parent_id")
            .and_then(Value::as_str)
            .map(str::to_string),
        created: now.clone(),
        modified: now.clone(),
        created_by: me.clone(),
        modified_by: me.clone(),
    };
    state.db.permissions.push(Permission {
        id: uuid4(),
        aco: "Folder".into(),
        aco_foreign_key: folder.id.clone(),
        aro: "User".into(),
        aro_foreign_key: me.clone(),
        kind: OWNER,
        created: now.clone(),
        modified: now,
    });
    state.db.folders.push(folder.clone());
    let body = render::folder(&state, &folder, &me);
    drop(state);
    ctx.ok_msg("The folder has been added successfully.", body)
}

/// `PUT /move/{Resource|Folder}/{id}.json {folder_parent_id}`.
pub fn move_item(ctx: &mut Ctx, model: &str, id: &str) -> Reply {
    let me = ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The identifier should be a valid UUID.",
        ));
    }
    let data = ctx.data()?;
    let mut state = ctx.app.state();
    let exists = match model {
        "Resource" | "resource" => state.readable_resource(&me, id).is_some(),
        "Folder" | "folder" => state.folder(id).is_some() && state.access(&me, id).is_some(),
        _ => return Err(ApiError::bad_request("The object type is not supported.")),
    };
    if !exists {
        return Err(ApiError::not_found("The item does not exist."));
    }
    let target = data
        .get("folder_parent_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut errors = Errors::new();
    super::resource_rules::folder_parent(&mut errors, &state, &me, &data);
    // A folder cannot move into itself or its descendants.
    let mut cursor = target.clone();
    while let Some(c) = cursor {
        if c == id {
            errors.add(
                "folder_parent_id",
                "not_in_itself",
                "A folder cannot be moved into itself or one of its children.",
            );
            break;
        }
        cursor = state.folder(&c).and_then(|f| f.folder_parent_id.clone());
    }
    errors.check("Could not validate move data.")?;
    let now = ctx.app.clock.now_iso();
    if model.eq_ignore_ascii_case("Resource") {
        if let Some(r) = state.db.resources.iter_mut().find(|r| r.id == id) {
            r.folder_parent_id = target;
            r.modified = now;
        }
    } else if let Some(f) = state.db.folders.iter_mut().find(|f| f.id == id) {
        f.folder_parent_id = target;
        f.modified = now;
    }
    drop(state);
    ctx.ok_msg("The item has been moved successfully.", Value::Null)
}

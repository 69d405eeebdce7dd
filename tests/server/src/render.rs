//! The JSON shapes the server renders for its records.

use crate::ids::uuid5;
use crate::model::*;
use crate::state::State;
use serde_json::{json, Value};

/// Optional parts of a rendered user.
#[derive(Default, Clone, Copy)]
pub struct UserParts {
    /// `gpgkey`.
    pub gpgkey: bool,
    /// `groups_users`.
    pub groups_users: bool,
    /// `is_mfa_enabled`.
    pub is_mfa_enabled: bool,
    /// `last_logged_in`.
    pub last_logged_in: bool,
    /// `missing_metadata_key_ids`.
    pub missing_metadata_key_ids: bool,
}

impl UserParts {
    /// Everything (view and `me`).
    pub fn all() -> UserParts {
        UserParts {
            gpgkey: true,
            groups_users: true,
            is_mfa_enabled: true,
            last_logged_in: true,
            missing_metadata_key_ids: true,
        }
    }
}

/// A user with profile and role.
pub fn user(state: &State, u: &User, parts: UserParts) -> Value {
    let role = state.db.roles.iter().find(|r| r.name == u.role);
    let mut v = json!({
        "id": u.id,
        "role_id": role.map(|r| r.id.clone()),
        "username": u.username,
        "active": u.active,
        "deleted": u.deleted,
        "disabled": null,
        "created": u.created,
        "modified": u.modified,
        "profile": {
            "id": uuid5(&format!("profile.id.{}", u.id)),
            "user_id": u.id,
            "first_name": u.first_name,
            "last_name": u.last_name,
            "created": u.created,
            "modified": u.modified,
            "avatar": {"url": {"medium": "img/avatar/user_medium.png", "small": "img/avatar/user.png"}},
        },
        "role": role.map(|r| json!({"id": r.id, "name": r.name, "description": r.description, "created": u.created, "modified": u.created})),
    });
    if parts.gpgkey {
        v["gpgkey"] = state.gpgkey_of(&u.id).map(gpgkey).unwrap_or(Value::Null);
    }
    if parts.groups_users {
        v["groups_users"] = state
            .db
            .groups_users
            .iter()
            .filter(|m| m.user_id == u.id)
            .map(group_user)
            .collect();
    }
    if parts.is_mfa_enabled {
        v["is_mfa_enabled"] = json!(u.mfa_totp_secret.is_some());
    }
    if parts.last_logged_in {
        v["last_logged_in"] = json!(u.last_logged_in);
    }
    if parts.missing_metadata_key_ids {
        let missing: Vec<&String> = state
            .db
            .metadata_keys
            .iter()
            .filter(|k| k.deleted.is_none())
            .filter(|k| {
                !state
                    .db
                    .metadata_private_keys
                    .iter()
                    .any(|p| p.metadata_key_id == k.id && p.user_id.as_deref() == Some(&u.id))
            })
            .map(|k| &k.id)
            .collect();
        v["missing_metadata_key_ids"] = json!(missing);
    }
    v
}

/// A public key as `/gpgkeys.json` shows it.
pub fn gpgkey(k: &Gpgkey) -> Value {
    json!({
        "id": k.id,
        "user_id": k.user_id,
        "armored_key": k.armored_key,
        "bits": k.bits,
        "uid": k.uid,
        "key_id": k.key_id,
        "fingerprint": k.fingerprint,
        "type": k.key_type,
        "expires": k.expires,
        "key_created": k.key_created,
        "deleted": k.deleted,
        "created": k.created,
        "modified": k.modified,
    })
}

/// A membership.
pub fn group_user(m: &GroupUser) -> Value {
    json!({"id": m.id, "group_id": m.group_id, "user_id": m.user_id, "is_admin": m.is_admin, "created": m.created})
}

/// A group without associations.
pub fn group(g: &Group) -> Value {
    json!({"id": g.id, "name": g.name, "deleted": g.deleted, "created": g.created, "modified": g.modified, "created_by": g.created_by, "modified_by": g.modified_by})
}

/// A permission; `with_aro` adds the `user` (with profile) or `group` it is for.
pub fn permission(state: &State, p: &Permission, with_aro: bool) -> Value {
    let mut v = json!({
        "id": p.id,
        "aco": p.aco,
        "aco_foreign_key": p.aco_foreign_key,
        "aro": p.aro,
        "aro_foreign_key": p.aro_foreign_key,
        "type": p.kind,
        "created": p.created,
        "modified": p.modified,
    });
    if with_aro {
        if p.aro == "User" {
            v["user"] = state
                .user(&p.aro_foreign_key)
                .map(|u| user(state, u, UserParts::default()))
                .unwrap_or(Value::Null);
            v["group"] = Value::Null;
        } else {
            v["group"] = state
                .group(&p.aro_foreign_key)
                .map(group)
                .unwrap_or(Value::Null);
            v["user"] = Value::Null;
        }
    }
    v
}

/// A secret.
pub fn secret(s: &Secret) -> Value {
    json!({
        "id": s.id,
        "user_id": s.user_id,
        "resource_id": s.resource_id,
        "data": s.data,
        "created": s.created,
        "modified": s.modified,
        "created_by": s.created_by,
        "modified_by": s.modified_by,
    })
}

/// Optional parts of a rendered resource.
#[derive(Default, Clone, Copy)]
pub struct ResourceParts {
    /// `permission` (the caller's).
    pub permission: bool,
    /// `permissions` (all, with user/group).
    pub permissions: bool,
    /// `secrets` (the caller's).
    pub secret: bool,
    /// `creator`.
    pub creator: bool,
    /// `modifier`.
    pub modifier: bool,
    /// `favorite`.
    pub favorite: bool,
    /// `tags` (always empty here).
    pub tag: bool,
    /// `resource_type`.
    pub resource_type: bool,
}

/// A resource in its v4 or v5 shape, for `user_id`.
pub fn resource(state: &State, r: &Resource, user_id: &str, parts: ResourceParts) -> Value {
    let mut v = json!({
        "id": r.id,
        "resource_type_id": r.resource_type_id,
        "deleted": r.deleted,
        "created": r.created,
        "modified": r.modified,
        "created_by": r.created_by,
        "modified_by": r.modified_by,
        "expired": r.expired,
        "folder_parent_id": r.folder_parent_id,
        "personal": state.permissions_on(&r.id).len() == 1,
    });
    if r.is_v5() {
        v["metadata"] = json!(r.metadata);
        v["metadata_key_id"] = json!(r.metadata_key_id);
        v["metadata_key_type"] = json!(r.metadata_key_type);
    } else {
        v["name"] = json!(r.name);
        v["username"] = json!(r.username);
        v["uri"] = json!(r.uri);
        v["description"] = json!(r.description);
    }
    if parts.permission {
        v["permission"] = state
            .access(user_id, &r.id)
            .map(|p| permission(state, p, false))
            .unwrap_or(Value::Null);
    }
    if parts.permissions {
        v["permissions"] = state
            .permissions_on(&r.id)
            .into_iter()
            .map(|p| permission(state, p, true))
            .collect();
    }
    if parts.secret {
        v["secrets"] = state
            .db
            .secrets
            .iter()
            .filter(|s| s.resource_id == r.id && s.user_id == user_id)
            .map(secret)
            .collect();
    }
    if parts.creator {
        v["creator"] = state
            .user(&r.created_by)
            .map(|u| user(state, u, UserParts::default()))
            .unwrap_or(Value::Null);
    }
    if parts.modifier {
        v["modifier"] = state
            .user(&r.modified_by)
            .map(|u| user(state, u, UserParts::default()))
            .unwrap_or(Value::Null);
    }
    if parts.favorite {
        v["favorite"] = state
            .db
            .favorites
            .iter()
            .find(|f| f.foreign_key == r.id && f.user_id == user_id)
            .map(|f| json!({"id": f.id, "user_id": f.user_id, "foreign_key": f.foreign_key, "foreign_model": f.foreign_model, "created": f.created, "modified": f.modified}))
            .unwrap_or(Value::Null);
    }
    if parts.tag {
        v["tags"] = json!([]);
    }
    if parts.resource_type {
        v["resource_type"] =
            crate::resource_types::by_id(&r.resource_type_id).unwrap_or(Value::Null);
    }
    v
}

/// A folder for `user_id`.
pub fn folder(state: &State, f: &Folder, user_id: &str) -> Value {
    json!({
        "id": f.id,
        "name": f.name,
        "created": f.created,
        "modified": f.modified,
        "created_by": f.created_by,
        "modified_by": f.modified_by,
        "folder_parent_id": f.folder_parent_id,
        "personal": state.permissions_on(&f.id).len() == 1,
        "permission": state.access(user_id, &f.id).map(|p| permission(state, p, false)),
    })
}

/// A metadata key, with the caller's private copy when asked.
pub fn metadata_key(state: &State, k: &MetadataKey, user_id: &str, with_private: bool) -> Value {
    let mut v = json!({
        "id": k.id,
        "fingerprint": k.fingerprint,
        "armored_key": k.armored_key,
        "created": k.created,
        "modified": k.modified,
        "created_by": k.created_by,
        "modified_by": k.modified_by,
        "deleted": k.deleted,
        "expired": k.expired,
    });
    if with_private {
        v["metadata_private_keys"] = state
            .db
            .metadata_private_keys
            .iter()
            .filter(|p| p.metadata_key_id == k.id && p.user_id.as_deref() == Some(user_id))
            .map(|p| {
                json!({"id": p.id, "metadata_key_id": p.metadata_key_id, "user_id": p.user_id, "data": p.data,
                       "created": p.created, "modified": p.modified, "created_by": p.created_by, "modified_by": p.modified_by})
            })
            .collect();
    }
    v
}

/// A session-key bundle.
pub fn session_keys(b: &SessionKeyBundle) -> Value {
    json!({"id": b.id, "user_id": b.user_id, "data": b.data, "created": b.created, "modified": b.modified})
}

//! The in-memory database: the seeded records plus sessions and tokens, and the access questions
//! routes ask of them.

use crate::model::*;
use std::collections::{HashMap, HashSet};

/// A logged-in browser session (`passbolt_session` cookie).
#[derive(Debug, Clone)]
pub struct Session {
    /// The user.
    pub user_id: String,
    /// False while a TOTP check is pending.
    pub mfa_verified: bool,
}

/// A GPGAuth login token (`authentication_tokens` row of type `login`).
#[derive(Debug, Clone)]
pub struct LoginToken {
    /// The user it was made for.
    pub user_id: String,
    /// Creation time.
    pub created: i64,
    /// False once used.
    pub active: bool,
}

/// A JWT refresh token.
#[derive(Debug, Clone)]
pub struct RefreshToken {
    /// Owner.
    pub user_id: String,
    /// Expiry time.
    pub expires: i64,
    /// False once used or revoked.
    pub active: bool,
}

/// Permission levels.
pub const READ: u8 = 1;
/// Update permission.
pub const UPDATE: u8 = 7;
/// Owner permission.
pub const OWNER: u8 = 15;

/// Everything the server knows.
#[derive(Debug)]
pub struct State {
    /// The records.
    pub db: Seed,
    /// Sessions by cookie value.
    pub sessions: HashMap<String, Session>,
    /// GPGAuth login tokens by UUID (lower-case).
    pub login_tokens: HashMap<String, LoginToken>,
    /// JWT refresh tokens by UUID.
    pub refresh_tokens: HashMap<String, RefreshToken>,
    /// JWT verify tokens already used, as (user id, token).
    pub used_verify_tokens: HashSet<(String, String)>,
}

impl State {
    /// A state holding `seed` and no sessions.
    pub fn new(seed: Seed) -> State {
        State {
            db: seed,
            sessions: HashMap::new(),
            login_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            used_verify_tokens: HashSet::new(),
        }
    }

    /// A user by id (deleted ones included).
    pub fn user(&self, id: &str) -> Option<&User> {
        self.db.users.iter().find(|u| u.id.eq_ignore_ascii_case(id))
    }

    /// Active, not deleted.
    pub fn is_usable(&self, id: &str) -> bool {
        self.user(id).is_some_and(|u| u.active && !u.deleted)
    }

    /// Whether the user is an administrator.
    pub fn is_admin(&self, id: &str) -> bool {
        self.user(id).is_some_and(|u| u.role == "admin")
    }

    /// The user's current (non-deleted) key.
    pub fn gpgkey_of(&self, user_id: &str) -> Option<&Gpgkey> {
        self.db
            .gpgkeys
            .iter()
            .find(|k| k.user_id == user_id && !k.deleted)
    }

    /// The active user whose current key has this fingerprint.
    pub fn user_by_fingerprint(&self, fingerprint: &str) -> Option<&User> {
        let key = self
            .db
            .gpgkeys
            .iter()
            .find(|k| !k.deleted && k.fingerprint == fingerprint)?;
        self.user(&key.user_id).filter(|u| u.active && !u.deleted)
    }

    /// Groups the user belongs to.
    pub fn groups_of(&self, user_id: &str) -> Vec<String> {
        self.db
            .groups_users
            .iter()
            .filter(|m| m.user_id == user_id)
            .map(|m| m.group_id.clone())
            .collect()
    }

    /// Members of a group.
    pub fn members_of(&self, group_id: &str) -> Vec<String> {
        self.db
            .groups_users
            .iter()
            .filter(|m| m.group_id == group_id)
            .map(|m| m.user_id.clone())
            .collect()
    }

    /// Permissions on a resource or folder.
    pub fn permissions_on(&self, aco_id: &str) -> Vec<&Permission> {
        self.db
            .permissions
            .iter()
            .filter(|p| p.aco_foreign_key == aco_id)
            .collect()
    }

    /// The user's best permission on a resource or folder, directly or through a group.
    pub fn access(&self, user_id: &str, aco_id: &str) -> Option<&Permission> {
        let groups = self.groups_of(user_id);
        self.permissions_on(aco_id)
            .into_iter()
            .filter(|p| {
                (p.aro == "User" && p.aro_foreign_key == user_id)
                    || (p.aro == "Group" && groups.contains(&p.aro_foreign_key))
            })
            .max_by_key(|p| p.kind)
    }

    /// Users who can read a resource (groups expanded), usable accounts only.
    pub fn users_with_access(&self, aco_id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in self.permissions_on(aco_id) {
            let users = if p.aro == "User" {
                vec![p.aro_foreign_key.clone()]
            } else {
                self.members_of(&p.aro_foreign_key)
            };
            for u in users {
                if !out.contains(&u) && self.is_usable(&u) {
                    out.push(u);
                }
            }
        }
        out
    }

    /// A non-deleted resource.
    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.db.resources.iter().find(|r| r.id == id && !r.deleted)
    }

    /// A non-deleted resource the user can read.
    pub fn readable_resource(&self, user_id: &str, id: &str) -> Option<&Resource> {
        self.resource(id)
            .filter(|r| self.access(user_id, &r.id).is_some())
    }

    /// The active metadata key (not deleted, not expired).
    pub fn metadata_key(&self, id: &str) -> Option<&MetadataKey> {
        self.db.metadata_keys.iter().find(|k| k.id == id)
    }

    /// A group by id (not deleted).
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.db.groups.iter().find(|g| g.id == id && !g.deleted)
    }

    /// A folder by id.
    pub fn folder(&self, id: &str) -> Option<&Folder> {
        self.db.folders.iter().find(|f| f.id == id)
    }
}

//! The organisation's records, as stored in the seed file and held in memory. Field names are
//! the server's; what a route renders is built from these in `render`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A role (`admin`, `user`, `guest`).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Role {
    /// UUIDv5 of `role.id.<name>`.
    pub id: String,
    /// `admin`, `user` or `guest`.
    pub name: String,
    /// Human description.
    pub description: String,
}

/// A user account with its profile fields.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct User {
    /// Id.
    pub id: String,
    /// Role name: `admin` or `user`.
    pub role: String,
    /// E-mail address used as the login name.
    pub username: String,
    /// Profile first name.
    pub first_name: String,
    /// Profile last name.
    pub last_name: String,
    /// False until the account setup is complete.
    pub active: bool,
    /// Soft-deleted.
    pub deleted: bool,
    /// Creation date (ISO 8601).
    pub created: String,
    /// Modification date (ISO 8601).
    pub modified: String,
    /// Last login date, if any.
    #[serde(default)]
    pub last_logged_in: Option<String>,
    /// Base32 TOTP secret when the user has TOTP MFA enabled.
    #[serde(default)]
    pub mfa_totp_secret: Option<String>,
    /// The pending registration token (invited users).
    #[serde(default)]
    pub setup_token: Option<String>,
}

/// A user's OpenPGP public key with the information the server extracts from it.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Gpgkey {
    /// Id.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// Armored public key.
    pub armored_key: String,
    /// Key size.
    pub bits: u32,
    /// First user id.
    pub uid: String,
    /// Short key id (8 hex).
    pub key_id: String,
    /// 40 upper-case hex.
    pub fingerprint: String,
    /// "RSA", "EdDSA", ...
    #[serde(rename = "type")]
    pub key_type: String,
    /// Expiry date or null.
    pub expires: Option<String>,
    /// Key creation date.
    pub key_created: String,
    /// Soft-deleted.
    pub deleted: bool,
    /// Creation date.
    pub created: String,
    /// Modification date.
    pub modified: String,
    /// Key ids a message for this key may be addressed to (subkeys, or the primary).
    #[serde(default)]
    pub recipient_key_ids: Vec<String>,
}

/// A group.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Group {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Soft-deleted.
    pub deleted: bool,
    /// Creation date.
    pub created: String,
    /// Modification date.
    pub modified: String,
    /// Creator.
    pub created_by: String,
    /// Last modifier.
    pub modified_by: String,
}

/// A membership.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct GroupUser {
    /// Id.
    pub id: String,
    /// Group.
    pub group_id: String,
    /// Member.
    pub user_id: String,
    /// Group manager.
    pub is_admin: bool,
    /// Creation date.
    pub created: String,
}

/// A (v4, cleartext) folder.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Folder {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Parent folder (the same for every user here; the real server keeps it per user).
    pub folder_parent_id: Option<String>,
    /// Creation date.
    pub created: String,
    /// Modification date.
    pub modified: String,
    /// Creator.
    pub created_by: String,
    /// Last modifier.
    pub modified_by: String,
}

/// A resource: v4 fields in clear, or v5 encrypted metadata.
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
pub struct Resource {
    /// Id.
    pub id: String,
    /// Resource type.
    pub resource_type_id: String,
    /// v4 name.
    #[serde(default)]
    pub name: Option<String>,
    /// v4 username.
    #[serde(default)]
    pub username: Option<String>,
    /// v4 uri.
    #[serde(default)]
    pub uri: Option<String>,
    /// v4 description.
    #[serde(default)]
    pub description: Option<String>,
    /// v5 armored metadata.
    #[serde(default)]
    pub metadata: Option<String>,
    /// v5 metadata key id (a metadata key id or a gpgkey id).
    #[serde(default)]
    pub metadata_key_id: Option<String>,
    /// v5 `shared_key` or `user_key`.
    #[serde(default)]
    pub metadata_key_type: Option<String>,
    /// Soft-deleted.
    pub deleted: bool,
    /// Creation date.
    pub created: String,
    /// Modification date.
    pub modified: String,
    /// Creator.
    pub created_by: String,
    /// Last modifier.
    pub modified_by: String,
    /// Password expiry date.
    #[serde(default)]
    pub expired: Option<String>,
    /// Folder.
    #[serde(default)]
    pub folder_parent_id: Option<String>,
}

impl Resource {
    /// Whether this is a v5 resource (encrypted metadata).
    pub fn is_v5(&self) -> bool {
        self.metadata.is_some()
    }
}

/// A permission of a user or group on a resource or folder.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Permission {
    /// Id.
    pub id: String,
    /// `Resource` or `Folder`.
    pub aco: String,
    /// The resource or folder id.
    pub aco_foreign_key: String,
    /// `User` or `Group`.
    pub aro: String,
    /// The user or group id.
    pub aro_foreign_key: String,
    /// 1 read, 7 update, 15 owner.
    #[serde(rename = "type")]
    pub kind: u8,
    /// Creation date.
    pub created: String,
    /// Modification date.
    pub modified: String,
}

/// One user's encrypted copy of a resource secret.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Secret {
    /// Id.
    pub id: String,
    /// Resource.
    pub resource_id: String,
    /// Recipient.
    pub user_id: String,
    /// Armored message.
    pub data: String,
    /// Creation date.
    pub created: String,
    /// Modification date.
    pub modified: String,
    /// Writer.
    pub created_by: String,
    /// Last writer.
    pub modified_by: String,
}

/// A favorite mark.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Favorite {
    /// Id.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// Resource id.
    pub foreign_key: String,
    /// `Resource`.
    pub foreign_model: String,
    /// Creation date.
    pub created: String,
    /// Modification date.
    pub modified: String,
}

/// A shared metadata key (public part).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct MetadataKey {
    /// Id.
    pub id: String,
    /// 40 upper-case hex.
    pub fingerprint: String,
    /// Armored public key.
    pub armored_key: String,
    /// Creation date.
    pub created: String,
    /// Modification date.
    pub modified: String,
    /// Creator.
    pub created_by: Option<String>,
    /// Last modifier.
    pub modified_by: Option<String>,
    /// Deletion date.
    pub deleted: Option<String>,
    /// Expiry date.
    pub expired: Option<String>,
    /// Key ids a message for this key may be addressed to.
    #[serde(default)]
    pub recipient_key_ids: Vec<String>,
}

/// A copy of a metadata private key, encrypted for one user (or for the server: `user_id` null).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct MetadataPrivateKey {
    /// Id.
    pub id: String,
    /// The metadata key.
    pub metadata_key_id: String,
    /// Recipient user, or null for the server's copy.
    pub user_id: Option<String>,
    /// Armored message of a `PASSBOLT_METADATA_PRIVATE_KEY` payload.
    pub data: String,
    /// Creation date.
    pub created: String,
    /// Modification date.
    pub modified: String,
    /// Creator.
    pub created_by: Option<String>,
    /// Last modifier.
    pub modified_by: Option<String>,
}

/// An encrypted `PASSBOLT_SESSION_KEYS` bundle of one user.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct SessionKeyBundle {
    /// Id.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// Armored message.
    pub data: String,
    /// Creation date.
    pub created: String,
    /// Modification date (the optimistic-concurrency token).
    pub modified: String,
}

/// The server's own OpenPGP key (no passphrase, as the real server's).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct ServerKey {
    /// 40 upper-case hex.
    pub fingerprint: String,
    /// Armored public key.
    pub armored_public: String,
    /// Armored private key.
    pub armored_private: String,
}

/// Everything a server instance starts from.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Seed {
    /// What this seed is.
    pub description: String,
    /// The domain written into the metadata private-key payloads.
    pub domain: String,
    /// The server's GPGAuth key.
    pub server_key: ServerKey,
    /// PKCS#8 PEM of the RS256 JWT signing key.
    pub jwt_private_key_pem: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// Users.
    pub users: Vec<User>,
    /// Public keys.
    pub gpgkeys: Vec<Gpgkey>,
    /// Groups.
    pub groups: Vec<Group>,
    /// Memberships.
    pub groups_users: Vec<GroupUser>,
    /// Folders.
    pub folders: Vec<Folder>,
    /// Resources.
    pub resources: Vec<Resource>,
    /// Permissions.
    pub permissions: Vec<Permission>,
    /// Secrets.
    pub secrets: Vec<Secret>,
    /// Favorites.
    pub favorites: Vec<Favorite>,
    /// Metadata keys.
    pub metadata_keys: Vec<MetadataKey>,
    /// Metadata private-key copies.
    pub metadata_private_keys: Vec<MetadataPrivateKey>,
    /// Session-key bundles.
    pub metadata_session_keys: Vec<SessionKeyBundle>,
    /// `/metadata/types/settings.json` body.
    pub metadata_types_settings: Value,
    /// `/metadata/keys/settings.json` body.
    pub metadata_keys_settings: Value,
}

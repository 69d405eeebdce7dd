//! Sharing a resource (§4.4): simulate, encrypt the secret for each user who gains access
//! (signed by the sharer), share. Personal-key (v5 `user_key`) metadata is first moved to the
//! shared metadata key, since the server refuses to share it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::pgp::{DecryptWith, PublicKey};
use crate::protocol::api_error::ApiError;
use crate::protocol::field_rules::FieldViolation;
use crate::protocol::metadata::{decrypt_metadata, MetadataKeyType};
use crate::protocol::resources::{ResourceContent, UpdateResource};
use crate::protocol::secrets::{self, decrypt_secret_text, encrypt_for_users};
use crate::protocol::share::{
    self, ensure_shareable, Aro, Permission, PermissionChange, PermissionType,
};

use super::api::{Account, Client};
use super::error::ClientError;
use super::transport::Transport;

/// One change of a share, as a caller gives it (JSON `{aro, aro_foreign_key, type}`).
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct ShareChange {
    /// `"User"` or `"Group"`.
    pub aro: String,
    /// The user's or group's id.
    pub aro_foreign_key: String,
    /// 1 (read), 7 (update) or 15 (owner); `None` (JSON null) revokes the permission.
    #[serde(rename = "type", default)]
    pub permission_type: Option<u8>,
}

impl fmt::Debug for ShareChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShareChange")
            .field("aro", &self.aro)
            .field("aro_foreign_key", &self.aro_foreign_key)
            .field("type", &self.permission_type)
            .finish()
    }
}

/// What a share did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShareOutcome {
    /// Users who gained access (each received a secret).
    pub added: Vec<String>,
    /// Users who lost access.
    pub removed: Vec<String>,
    /// True when personal metadata was moved to the shared metadata key first.
    pub metadata_moved_to_shared_key: bool,
}

fn invalid(index: usize, field: &str, rule: &'static str, message: &str) -> ClientError {
    ClientError::Api(ApiError::InvalidInput {
        violations: vec![FieldViolation {
            path: format!("changes.{index}.{field}"),
            rule,
            message: message.into(),
        }],
    })
}

/// The permission changes for `changes`, given the resource's current permissions.
fn permission_changes(
    resource_id: &str,
    current: &[Permission],
    changes: &[ShareChange],
) -> Result<Vec<PermissionChange>, ClientError> {
    let mut out = Vec::with_capacity(changes.len());
    for (index, change) in changes.iter().enumerate() {
        let aro = match change.aro.as_str() {
            "User" => Aro::User,
            "Group" => Aro::Group,
            _ => {
                return Err(invalid(
                    index,
                    "aro",
                    "enum",
                    "aro must be \"User\" or \"Group\"",
                ))
            }
        };
        if !crate::protocol::uuid::is_uuid(&change.aro_foreign_key) {
            return Err(invalid(
                index,
                "aro_foreign_key",
                "format",
                "aro_foreign_key must be a UUID",
            ));
        }
        let level =
            match change.permission_type {
                None => None,
                Some(code) => Some(PermissionType::from_code(code.into()).ok_or_else(|| {
                    invalid(index, "type", "enum", "type must be 1, 7, 15 or null")
                })?),
            };
        let existing = current.iter().find(|p| {
            p.aro == aro
                && p.aro_foreign_key
                    .eq_ignore_ascii_case(&change.aro_foreign_key)
        });
        match (existing, level) {
            (None, Some(level)) => out.push(PermissionChange::grant(
                resource_id,
                aro,
                &change.aro_foreign_key,
                level,
            )),
            (Some(p), Some(level)) if p.permission_type != level => {
                out.push(PermissionChange::change(p, level))
            }
            (Some(_), Some(_)) => {}
            (Some(p), None) => out.push(PermissionChange::revoke(p)),
            (None, None) => {
                return Err(invalid(
                    index,
                    "aro_foreign_key",
                    "hasPermission",
                    "there is no permission to revoke for this user or group",
                ))
            }
        }
    }
    Ok(out)
}

impl<T: Transport> Client<T> {
    /// Changes who can access a resource: grants, changes or revokes (`type: null`)
    /// permissions of users and groups. The server's simulation names the users who gain
    /// access; the secret is decrypted once and encrypted for each of them, signed by the
    /// sharer. A v5 resource with personal (`user_key`) metadata is first re-encrypted for
    /// the shared metadata key and updated.
    ///
    /// Errors: `INVALID_INPUT` (a bad change; nothing sent), the session errors, `NOT_FOUND`,
    /// `MISSING_KEY` (an added user without key), `METADATA_KEY_CHANGED`,
    /// `VALIDATION_FAILED` / `REQUEST_REJECTED` (the server refused, e.g. not an owner).
    pub async fn share_resource(
        &self,
        resource_id: &str,
        changes: &[ShareChange],
    ) -> Result<ShareOutcome, ClientError> {
        let account = self.account()?;
        Self::check_id("resource_id", resource_id)?;
        let response = self
            .conn
            .call(share::permissions_request(resource_id))
            .await?;
        let current = share::parse_permissions(&response, resource_id)?;
        let permission_changes = permission_changes(resource_id, &current, changes)?;
        if permission_changes.is_empty() {
            return Ok(ShareOutcome {
                added: Vec::new(),
                removed: Vec::new(),
                metadata_moved_to_shared_key: false,
            });
        }
        let mut resource = self.resource(resource_id).await?;
        let mut moved = false;
        if ensure_shareable(&resource).is_err() {
            resource = self.move_to_shared_key(&account, resource).await?;
            ensure_shareable(&resource)?;
            moved = true;
        }
        let response = self
            .conn
            .call(share::simulate_request(resource_id, &permission_changes)?)
            .await?;
        let simulation = share::parse_simulate(&response)?;
        let mut encrypted = Vec::new();
        if !simulation.added.is_empty() {
            let response = self.conn.call(secrets::view_request(resource_id)).await?;
            let secret = secrets::parse_view(&response, resource_id)?;
            let plaintext = decrypt_secret_text(&secret.data, &account.key, &[])?;
            let mut keys: Vec<(String, PublicKey)> = Vec::with_capacity(simulation.added.len());
            for user_id in &simulation.added {
                keys.push((user_id.clone(), self.user_public_key(user_id).await?));
            }
            let recipients: Vec<(&str, &PublicKey)> =
                keys.iter().map(|(id, key)| (id.as_str(), key)).collect();
            encrypted = encrypt_for_users(resource_id, &plaintext, &recipients, &account.key)?;
        }
        let request =
            share::share_request(resource_id, &permission_changes, &simulation, &encrypted)?;
        let response = self.conn.call(request).await?;
        share::parse_share(&response)?;
        self.forget_cached(resource_id);
        Ok(ShareOutcome {
            added: simulation.added,
            removed: simulation.removed,
            metadata_moved_to_shared_key: moved,
        })
    }

    /// Re-encrypts a resource's personal metadata for the shared metadata key and updates it.
    async fn move_to_shared_key(
        &self,
        account: &Account,
        resource: crate::protocol::resources::Resource,
    ) -> Result<crate::protocol::resources::Resource, ClientError> {
        let ResourceContent::V5 { metadata, .. } = &resource.content else {
            return Ok(resource);
        };
        let ty = resource
            .resource_type
            .ok_or_else(|| ApiError::malformed("body.resource_type_id", "a known resource type"))?;
        let decrypted = decrypt_metadata(
            metadata,
            DecryptWith::Key(&account.key),
            &resource.resource_type_id,
        )?;
        let content = self
            .encrypt_v5(account, &decrypted.metadata, MetadataKeyType::SharedKey)
            .await?;
        let request = UpdateResource {
            id: resource.id.clone(),
            resource_type: ty,
            content,
            expired: None,
            secrets: None,
        }
        .request()?;
        let response = self.conn.call(request).await?;
        self.forget_cached(&resource.id);
        Ok(crate::protocol::resources::parse_view(
            &response,
            &resource.id,
        )?)
    }
}

//! Sharing (`../shared/protocol.md` §4.4): permissions (read 1, update 7, owner 15), the share
//! simulation, the share with one secret per added user, and the group update that gives new
//! members a secret for every resource shared with the group (dry-run `SecretsNeeded` first).

use serde::Serialize;
use serde_json::Value;

use super::api_error::{success_body, ApiError};
use super::field_rules::FieldViolation;
use super::groups::GroupUpdate;
use super::http::{Method, Request, Response};
use super::json_read::{items, with_json_body, Obj};
use super::query::{path_id, QueryOptions};
use super::resources::{MetadataKeyType, Resource, ResourceContent};
use super::secrets::{check_coverage, expect_id, parse_secret, EncryptedSecret, Secret};

/// A permission level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PermissionType {
    /// 1: read.
    Read,
    /// 7: read and update.
    Update,
    /// 15: owner (may share and delete).
    Owner,
}

impl PermissionType {
    /// The number on the wire.
    pub fn code(self) -> u8 {
        match self {
            PermissionType::Read => 1,
            PermissionType::Update => 7,
            PermissionType::Owner => 15,
        }
    }

    /// The level of a wire number, if it is 1, 7 or 15.
    pub fn from_code(code: u64) -> Option<Self> {
        match code {
            1 => Some(PermissionType::Read),
            7 => Some(PermissionType::Update),
            15 => Some(PermissionType::Owner),
            _ => None,
        }
    }
}

impl Serialize for PermissionType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.code())
    }
}

/// Who holds a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Aro {
    /// A user.
    User,
    /// A group.
    Group,
}

/// What a permission is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Aco {
    /// A resource.
    Resource,
    /// A folder.
    Folder,
}

/// A permission as the server returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    /// The permission's id.
    pub id: String,
    /// What it is on.
    pub aco: Aco,
    /// The resource's or folder's id.
    pub aco_foreign_key: String,
    /// Who holds it.
    pub aro: Aro,
    /// The user's or group's id.
    pub aro_foreign_key: String,
    /// The level.
    pub permission_type: PermissionType,
    /// Creation date (ISO 8601).
    pub created: Option<String>,
    /// Modification date (ISO 8601).
    pub modified: Option<String>,
}

/// Reads one permission object.
pub(crate) fn parse_permission(obj: &Obj<'_>) -> Result<Permission, ApiError> {
    let aco = match obj.str("aco")? {
        "Resource" => Aco::Resource,
        "Folder" => Aco::Folder,
        _ => {
            return Err(ApiError::malformed(
                obj.field_path("aco"),
                "Resource or Folder",
            ))
        }
    };
    let aro = match obj.str("aro")? {
        "User" => Aro::User,
        "Group" => Aro::Group,
        _ => return Err(ApiError::malformed(obj.field_path("aro"), "User or Group")),
    };
    let permission_type = obj
        .get("type")
        .and_then(Value::as_u64)
        .and_then(PermissionType::from_code)
        .ok_or_else(|| ApiError::malformed(obj.field_path("type"), "1, 7 or 15"))?;
    Ok(Permission {
        id: obj.uuid("id")?,
        aco,
        aco_foreign_key: obj.uuid("aco_foreign_key")?,
        aro,
        aro_foreign_key: obj.uuid("aro_foreign_key")?,
        permission_type,
        created: obj.opt_string("created")?,
        modified: obj.opt_string("modified")?,
    })
}

/// One change of a share: a new permission, a changed level, or a removal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermissionChange {
    /// The existing permission's id (changes and removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who.
    pub aro: Aro,
    /// The user's or group's id.
    pub aro_foreign_key: String,
    /// On what.
    pub aco: Aco,
    /// The resource's or folder's id.
    pub aco_foreign_key: String,
    /// The level.
    #[serde(rename = "type")]
    pub permission_type: PermissionType,
    /// True for a new permission.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_new: bool,
    /// True for a removal.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub delete: bool,
}

impl PermissionChange {
    /// A new permission for a user or group on a resource.
    pub fn grant(
        resource_id: &str,
        aro: Aro,
        aro_id: &str,
        permission_type: PermissionType,
    ) -> Self {
        PermissionChange {
            id: None,
            aro,
            aro_foreign_key: aro_id.to_owned(),
            aco: Aco::Resource,
            aco_foreign_key: resource_id.to_owned(),
            permission_type,
            is_new: true,
            delete: false,
        }
    }

    /// Another level for an existing permission.
    pub fn change(permission: &Permission, permission_type: PermissionType) -> Self {
        PermissionChange {
            id: Some(permission.id.clone()),
            aro: permission.aro,
            aro_foreign_key: permission.aro_foreign_key.clone(),
            aco: permission.aco,
            aco_foreign_key: permission.aco_foreign_key.clone(),
            permission_type,
            is_new: false,
            delete: false,
        }
    }

    /// The removal of an existing permission.
    pub fn revoke(permission: &Permission) -> Self {
        PermissionChange {
            delete: true,
            ..PermissionChange::change(permission, permission.permission_type)
        }
    }
}

/// `GET /permissions/resource/{id}.json` with the users' profiles and the groups.
pub fn permissions_request(resource_id: &str) -> Request {
    QueryOptions::new()
        .contain("user.profile", true)
        .contain("group", true)
        .apply(Request::new(
            Method::Get,
            format!("/permissions/resource/{}.json", path_id(resource_id)),
        ))
}

/// Parses the permissions of `resource_id`.
///
/// Errors: the envelope errors; [`ApiError::Malformed`]; [`ApiError::UnexpectedId`] for a
/// permission on another object.
pub fn parse_permissions(
    response: &Response,
    resource_id: &str,
) -> Result<Vec<Permission>, ApiError> {
    let (_, body) = success_body(response)?;
    items(&body, "body")?
        .iter()
        .map(|item| {
            let obj = item.obj()?;
            let permission = parse_permission(&obj)?;
            expect_id(
                &obj.field_path("aco_foreign_key"),
                resource_id,
                &permission.aco_foreign_key,
            )?;
            Ok(permission)
        })
        .collect()
}

#[derive(Serialize)]
struct ShareBody<'a> {
    permissions: &'a [PermissionChange],
    #[serde(skip_serializing_if = "Option::is_none")]
    secrets: Option<&'a [EncryptedSecret]>,
}

/// `POST /share/simulate/resource/{id}.json {permissions}`.
pub fn simulate_request(
    resource_id: &str,
    changes: &[PermissionChange],
) -> Result<Request, ApiError> {
    with_json_body(
        Request::new(
            Method::Post,
            format!("/share/simulate/resource/{}.json", path_id(resource_id)),
        ),
        &ShareBody {
            permissions: changes,
            secrets: None,
        },
    )
}

/// Who gains and who loses access with a share (groups expanded to their members).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShareSimulation {
    /// Users who gain access: each needs a secret.
    pub added: Vec<String>,
    /// Users who lose access.
    pub removed: Vec<String>,
}

/// Parses the simulation: `{changes: {added: [{User: {id}}], removed: [{User: {id}}]}}`.
///
/// Errors: the envelope errors; [`ApiError::Malformed`].
pub fn parse_simulate(response: &Response) -> Result<ShareSimulation, ApiError> {
    let (_, body) = success_body(response)?;
    let changes = Obj::of(&body, "body")?.obj("changes")?;
    let users = |field: &str| -> Result<Vec<String>, ApiError> {
        match changes.opt_items(field)? {
            None => Ok(Vec::new()),
            Some(list) => list
                .iter()
                .map(|item| item.obj()?.obj("User")?.uuid("id"))
                .collect(),
        }
    };
    Ok(ShareSimulation {
        added: users("added")?,
        removed: users("removed")?,
    })
}

/// `PUT /share/resource/{id}.json {permissions, secrets}` with exactly one secret per user the
/// simulation says is added, each for this resource.
///
/// Errors: [`ApiError::SecretsMismatch`] naming the added users without a secret and the
/// secrets for anyone else (or for another resource, as `resource_id/user_id`).
pub fn share_request(
    resource_id: &str,
    changes: &[PermissionChange],
    simulation: &ShareSimulation,
    secrets: &[EncryptedSecret],
) -> Result<Request, ApiError> {
    let foreign: Vec<String> = secrets
        .iter()
        .filter(|s| !s.resource_id.eq_ignore_ascii_case(resource_id))
        .map(|s| format!("{}/{}", s.resource_id, s.user_id))
        .collect();
    if !foreign.is_empty() {
        return Err(ApiError::SecretsMismatch {
            missing: Vec::new(),
            unexpected: foreign,
        });
    }
    check_coverage(
        simulation.added.iter().cloned(),
        secrets.iter().map(|s| s.user_id.clone()),
    )?;
    with_json_body(
        Request::new(
            Method::Put,
            format!("/share/resource/{}.json", path_id(resource_id)),
        ),
        &ShareBody {
            permissions: changes,
            secrets: Some(secrets),
        },
    )
}

/// Checks that a resource can be shared as it is: the server refuses to share a v5 resource
/// whose metadata is encrypted with the owner's own key ("Resource metadata key type is
/// invalid."); its metadata must first be re-encrypted with the shared metadata key and the
/// resource updated.
///
/// Errors: [`ApiError::InvalidInput`] with rule `isSharedKeyMetadata` on `metadata_key_type`.
pub fn ensure_shareable(resource: &Resource) -> Result<(), ApiError> {
    match resource.content {
        ResourceContent::V5 {
            metadata_key_type: MetadataKeyType::UserKey,
            ..
        } => Err(ApiError::InvalidInput {
            violations: vec![FieldViolation {
                path: "metadata_key_type".into(),
                rule: "isSharedKeyMetadata",
                message: "a resource with personal (user_key) metadata must be moved to the shared metadata key before it is shared".into(),
            }],
        }),
        _ => Ok(()),
    }
}

/// Checks the answer to a share or a group update (the body is not needed).
///
/// Errors: the envelope errors ([`ApiError::Validation`] with the server's rules).
pub fn parse_share(response: &Response) -> Result<(), ApiError> {
    success_body(response).map(|_| ())
}

/// A secret the server needs for a group update: `user_id` gains access to `resource_id`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecretNeeded {
    /// The resource.
    pub resource_id: String,
    /// The new member.
    pub user_id: String,
}

/// The answer to a group update dry run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupDryRun {
    /// Every (resource, new member) pair that needs a secret.
    pub secrets_needed: Vec<SecretNeeded>,
    /// The caller's own secrets of those resources, to decrypt and re-encrypt.
    pub secrets: Vec<Secret>,
}

impl GroupDryRun {
    /// The caller's secret of a resource.
    pub fn secret_of(&self, resource_id: &str) -> Option<&Secret> {
        self.secrets
            .iter()
            .find(|s| s.resource_id.eq_ignore_ascii_case(resource_id))
    }
}

/// `PUT /groups/{id}/dry-run.json` with the membership changes.
pub fn group_dry_run_request(group_id: &str, update: &GroupUpdate) -> Result<Request, ApiError> {
    with_json_body(
        Request::new(
            Method::Put,
            format!("/groups/{}/dry-run.json", path_id(group_id)),
        ),
        &update.body(&[]),
    )
}

/// Parses `{"dry-run": {"SecretsNeeded": [{"Secret": {resource_id, user_id}}],
/// "Secrets": [{"Secret": [{id, resource_id, user_id, data, ...}]}]}}`.
///
/// Errors: the envelope errors; [`ApiError::Malformed`], also when a resource in
/// `SecretsNeeded` has none of the caller's secrets to re-encrypt, or a secret is given for a
/// resource that needs none.
pub fn parse_group_dry_run(response: &Response) -> Result<GroupDryRun, ApiError> {
    let (_, body) = success_body(response)?;
    let dry_run = Obj::of(&body, "body")?.obj("dry-run")?;
    let mut result = GroupDryRun::default();
    for item in dry_run.opt_items("SecretsNeeded")?.unwrap_or_default() {
        let secret = item.obj()?.obj("Secret")?;
        result.secrets_needed.push(SecretNeeded {
            resource_id: secret.uuid("resource_id")?,
            user_id: secret.uuid("user_id")?,
        });
    }
    for item in dry_run.opt_items("Secrets")?.unwrap_or_default() {
        let wrapper = item.obj()?;
        // `Secret` is a one-item list (v1 legacy); a bare object is read too.
        let inner = match wrapper.get("Secret") {
            Some(Value::Array(_)) => wrapper.opt_items("Secret")?.unwrap_or_default(),
            _ => Vec::new(),
        };
        if inner.is_empty() {
            result.secrets.push(parse_secret(&wrapper.obj("Secret")?)?);
        }
        for secret in inner {
            result.secrets.push(parse_secret(&secret.obj()?)?);
        }
    }
    for (i, needed) in result.secrets_needed.iter().enumerate() {
        if result.secret_of(&needed.resource_id).is_none() {
            return Err(ApiError::malformed(
                format!("body.dry-run.SecretsNeeded.{i}"),
                "a resource of which the Secrets list holds the caller's secret",
            ));
        }
    }
    for (i, secret) in result.secrets.iter().enumerate() {
        let needed = result
            .secrets_needed
            .iter()
            .any(|n| n.resource_id.eq_ignore_ascii_case(&secret.resource_id));
        if !needed {
            return Err(ApiError::malformed(
                format!("body.dry-run.Secrets.{i}"),
                "a secret of a resource listed in SecretsNeeded",
            ));
        }
    }
    Ok(result)
}

/// `PUT /groups/{id}.json` with the membership changes and exactly one secret per
/// `SecretsNeeded` item of the dry run.
///
/// Errors: [`ApiError::SecretsMismatch`] naming `resource_id/user_id` pairs.
pub fn group_update_request(
    group_id: &str,
    update: &GroupUpdate,
    dry_run: &GroupDryRun,
    secrets: &[EncryptedSecret],
) -> Result<Request, ApiError> {
    check_coverage(
        dry_run
            .secrets_needed
            .iter()
            .map(|n| format!("{}/{}", n.resource_id, n.user_id)),
        secrets
            .iter()
            .map(|s| format!("{}/{}", s.resource_id, s.user_id)),
    )?;
    with_json_body(
        Request::new(Method::Put, format!("/groups/{}.json", path_id(group_id))),
        &update.body(secrets),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESOURCE: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31";
    const BETTY: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a02";

    #[test]
    fn permission_codes() {
        for t in [
            PermissionType::Read,
            PermissionType::Update,
            PermissionType::Owner,
        ] {
            assert_eq!(PermissionType::from_code(u64::from(t.code())), Some(t));
        }
        assert_eq!(PermissionType::from_code(3), None);
    }

    #[test]
    fn a_grant_is_written_in_the_extensions_order() {
        let change = PermissionChange::grant(RESOURCE, Aro::User, BETTY, PermissionType::Read);
        assert_eq!(
            serde_json::to_string(&change).unwrap(),
            format!(
                r#"{{"aro":"User","aro_foreign_key":"{BETTY}","aco":"Resource","aco_foreign_key":"{RESOURCE}","type":1,"is_new":true}}"#
            )
        );
    }

    #[test]
    fn a_share_without_a_secret_for_an_added_user_is_refused() {
        let simulation = ShareSimulation {
            added: vec![BETTY.into()],
            removed: Vec::new(),
        };
        let change = PermissionChange::grant(RESOURCE, Aro::User, BETTY, PermissionType::Read);
        let err = share_request(RESOURCE, &[change], &simulation, &[]).unwrap_err();
        assert_eq!(
            err,
            ApiError::SecretsMismatch {
                missing: vec![BETTY.into()],
                unexpected: Vec::new()
            }
        );
    }
}

//! Resources (`../shared/protocol.md` §4.2): list and view with `contain[...]`/`filter[...]`,
//! v4 (cleartext) and v5 (encrypted metadata) resources, and the create, update and delete
//! requests. Metadata encryption is the `metadata` module's: a v5 create or update takes the
//! armored metadata with its key id and key type.

use serde::{Deserialize, Serialize};

use super::api_error::{success_body, ApiError};
use super::field_rules::{is_uuid, FieldViolation};
use super::http::{Method, Request, Response};
use super::json_read::{items, with_json_body, Obj};
use super::metadata_schema::validate_metadata;
use super::query::{chunk_ids, path_id, QueryOptions};
use super::resource_types::{ResourceType, SchemaVersion};
use super::secrets::{check_coverage, expect_id, looks_armored_message, parse_secret, Secret};
use super::share::{parse_permission, Permission};

/// Which key encrypts a v5 resource's metadata (`metadata_key_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetadataKeyType {
    /// `user_key`: the owner's own key (personal resources).
    UserKey,
    /// `shared_key`: the organisation's shared metadata key.
    SharedKey,
}

impl MetadataKeyType {
    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            MetadataKeyType::UserKey => "user_key",
            MetadataKeyType::SharedKey => "shared_key",
        }
    }

    /// The type named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "user_key" => Some(MetadataKeyType::UserKey),
            "shared_key" => Some(MetadataKeyType::SharedKey),
            _ => None,
        }
    }
}

/// A resource's descriptive part: cleartext fields (v4) or encrypted metadata (v5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceContent {
    /// v4: the server stores the fields in clear.
    V4 {
        /// Name (required, ≤ 255).
        name: String,
        /// Username (≤ 255).
        username: Option<String>,
        /// Address (≤ 1024).
        uri: Option<String>,
        /// Cleartext description (password-string only, ≤ 10,000).
        description: Option<String>,
    },
    /// v5: the metadata is an OpenPGP message.
    V5 {
        /// The armored metadata message.
        metadata: String,
        /// The metadata key's id (shared key) or the owner's gpgkey id (user key); `None` on
        /// create with a user key lets the server fill it in.
        metadata_key_id: Option<String>,
        /// Which key.
        metadata_key_type: MetadataKeyType,
    },
}

impl ResourceContent {
    /// v4 or v5.
    pub fn version(&self) -> SchemaVersion {
        match self {
            ResourceContent::V4 { .. } => SchemaVersion::V4,
            ResourceContent::V5 { .. } => SchemaVersion::V5,
        }
    }

    /// The rules a v4 or v5 content breaks for type `ty`.
    fn violations(&self, ty: ResourceType) -> Vec<FieldViolation> {
        let mut out = Vec::new();
        if self.version() != ty.version() {
            out.push(FieldViolation {
                path: "resource_type_id".into(),
                rule: "matchesType",
                message: format!(
                    "resource_type_id is {}, which does not match the {:?} fields",
                    ty.slug(),
                    self.version()
                ),
            });
            return out;
        }
        match self {
            ResourceContent::V4 {
                name,
                username,
                uri,
                description,
            } => {
                let schema = ty.schema().metadata;
                if description.is_some() && !schema.description {
                    out.push(FieldViolation {
                        path: "description".into(),
                        rule: "notInType",
                        message: format!(
                            "description is encrypted in the secret of the {} resource type",
                            ty.slug()
                        ),
                    });
                }
                let json = serde_json::json!({
                    "name": name, "username": username, "uri": uri, "description": description,
                });
                if let Err(more) = validate_metadata(ty, &json) {
                    out.extend(more);
                }
            }
            ResourceContent::V5 {
                metadata,
                metadata_key_id,
                metadata_key_type,
            } => {
                if !looks_armored_message(metadata) {
                    out.push(FieldViolation {
                        path: "metadata".into(),
                        rule: "isValidEncryptedResourceMetadata",
                        message: "metadata must be an armored OpenPGP message".into(),
                    });
                }
                match metadata_key_id {
                    Some(id) if !is_uuid(id) => out.push(FieldViolation {
                        path: "metadata_key_id".into(),
                        rule: "format",
                        message: "metadata_key_id must be a UUID".into(),
                    }),
                    None if *metadata_key_type == MetadataKeyType::SharedKey => {
                        out.push(FieldViolation {
                            path: "metadata_key_id".into(),
                            rule: "required",
                            message: "metadata_key_id is required for a shared key".into(),
                        })
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// A resource as the server returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The resource's id.
    pub id: String,
    /// Its type's id.
    pub resource_type_id: String,
    /// Its type, when one of the 11 known (a client skips the others).
    pub resource_type: Option<ResourceType>,
    /// v4 fields or v5 metadata.
    pub content: ResourceContent,
    /// True for a deleted resource.
    pub deleted: bool,
    /// Creation date (ISO 8601).
    pub created: Option<String>,
    /// Modification date (ISO 8601): with the id, the key of a metadata cache.
    pub modified: Option<String>,
    /// Creator's id.
    pub created_by: Option<String>,
    /// Last modifier's id.
    pub modified_by: Option<String>,
    /// Password expiry date, if set.
    pub expired: Option<String>,
    /// The folder, if any.
    pub folder_parent_id: Option<String>,
    /// True when only the caller has access.
    pub personal: Option<bool>,
    /// The caller's permission (`contain[permission]`).
    pub permission: Option<Permission>,
    /// Every permission (`contain[permissions]`).
    pub permissions: Option<Vec<Permission>>,
    /// The caller's favorite mark's id (`contain[favorite]`).
    pub favorite_id: Option<String>,
    /// The caller's secret (`contain[secret]`).
    pub secrets: Vec<Secret>,
}

/// Reads one resource object.
pub(crate) fn parse_resource(obj: &Obj<'_>) -> Result<Resource, ApiError> {
    let id = obj.uuid("id")?;
    let resource_type_id = obj.uuid("resource_type_id")?;
    let resource_type = ResourceType::from_id(&resource_type_id);
    let has_v5 = obj.get("metadata").is_some();
    let has_v4 = obj.get("name").is_some();
    let content = match (has_v4, has_v5) {
        (false, true) => {
            let metadata = obj.string("metadata")?;
            if !looks_armored_message(&metadata) {
                return Err(ApiError::malformed(
                    obj.field_path("metadata"),
                    "an armored OpenPGP message",
                ));
            }
            let key_type = obj.str("metadata_key_type")?;
            ResourceContent::V5 {
                metadata,
                metadata_key_id: obj.opt_uuid("metadata_key_id")?,
                metadata_key_type: MetadataKeyType::from_name(key_type).ok_or_else(|| {
                    ApiError::malformed(
                        obj.field_path("metadata_key_type"),
                        "\"user_key\" or \"shared_key\"",
                    )
                })?,
            }
        }
        (true, false) => ResourceContent::V4 {
            name: obj.string("name")?,
            username: obj.opt_string("username")?,
            uri: obj.opt_string("uri")?,
            description: obj.opt_string("description")?,
        },
        (true, true) => {
            return Err(ApiError::malformed(
                obj.path(),
                "either v4 fields (name...) or v5 metadata, not both",
            ))
        }
        (false, false) => {
            return Err(ApiError::malformed(
                obj.field_path("metadata"),
                "an armored OpenPGP message (or a v4 name)",
            ))
        }
    };
    if let Some(ty) = resource_type {
        if ty.version() != content.version() {
            return Err(ApiError::malformed(
                obj.field_path("resource_type_id"),
                match ty.version() {
                    SchemaVersion::V4 => "the id of a v5 resource type (the resource has metadata)",
                    SchemaVersion::V5 => {
                        "the id of a v4 resource type (the resource has no metadata)"
                    }
                },
            ));
        }
    }
    let permission = match obj.opt_obj("permission")? {
        None => None,
        Some(p) => {
            let permission = parse_permission(&p)?;
            expect_id(
                &p.field_path("aco_foreign_key"),
                &id,
                &permission.aco_foreign_key,
            )?;
            Some(permission)
        }
    };
    let permissions = match obj.opt_items("permissions")? {
        None => None,
        Some(list) => {
            let mut out = Vec::with_capacity(list.len());
            for item in &list {
                let p = item.obj()?;
                let permission = parse_permission(&p)?;
                expect_id(
                    &p.field_path("aco_foreign_key"),
                    &id,
                    &permission.aco_foreign_key,
                )?;
                out.push(permission);
            }
            Some(out)
        }
    };
    let mut secrets = Vec::new();
    for item in obj.opt_items("secrets")?.unwrap_or_default() {
        let s = item.obj()?;
        let secret = parse_secret(&s)?;
        expect_id(&s.field_path("resource_id"), &id, &secret.resource_id)?;
        secrets.push(secret);
    }
    let favorite_id = match obj.opt_obj("favorite")? {
        None => None,
        Some(f) => Some(f.uuid("id")?),
    };
    Ok(Resource {
        deleted: obj.opt_bool("deleted")?.unwrap_or(false),
        created: obj.opt_string("created")?,
        modified: obj.opt_string("modified")?,
        created_by: obj.opt_uuid("created_by")?,
        modified_by: obj.opt_uuid("modified_by")?,
        expired: obj.opt_string("expired")?,
        folder_parent_id: obj.opt_uuid("folder_parent_id")?,
        personal: obj.opt_bool("personal")?,
        id,
        resource_type_id,
        resource_type,
        content,
        permission,
        permissions,
        favorite_id,
        secrets,
    })
}

/// What `GET /resources.json` can include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceContain {
    /// `contain[creator]`
    Creator,
    /// `contain[favorite]`
    Favorite,
    /// `contain[modifier]`
    Modifier,
    /// `contain[secret]` (every secret returned is logged as accessed)
    Secret,
    /// `contain[resource-type]`
    ResourceType,
    /// `contain[permission]`: the caller's
    Permission,
    /// `contain[permissions]`: everyone's
    Permissions,
    /// `contain[permissions.user.profile]`
    PermissionsUserProfile,
    /// `contain[permissions.group]`
    PermissionsGroup,
    /// `contain[tag]` (tags plugin)
    Tag,
}

impl ResourceContain {
    /// What the extension's local-storage refresh asks for.
    pub const DEFAULT: [ResourceContain; 3] = [
        ResourceContain::Permission,
        ResourceContain::Favorite,
        ResourceContain::Tag,
    ];

    /// The option's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceContain::Creator => "creator",
            ResourceContain::Favorite => "favorite",
            ResourceContain::Modifier => "modifier",
            ResourceContain::Secret => "secret",
            ResourceContain::ResourceType => "resource-type",
            ResourceContain::Permission => "permission",
            ResourceContain::Permissions => "permissions",
            ResourceContain::PermissionsUserProfile => "permissions.user.profile",
            ResourceContain::PermissionsGroup => "permissions.group",
            ResourceContain::Tag => "tag",
        }
    }
}

/// Filters of `GET /resources.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceFilter {
    /// `filter[is-favorite]`.
    pub is_favorite: Option<bool>,
    /// `filter[is-shared-with-group]=<group id>`.
    pub is_shared_with_group: Option<String>,
    /// `filter[is-owned-by-me]`.
    pub is_owned_by_me: Option<bool>,
    /// `filter[is-shared-with-me]`.
    pub is_shared_with_me: Option<bool>,
    /// `filter[has-id][]`, one pair per id (see [`ListResources::requests_by_ids`]).
    pub has_id: Vec<String>,
    /// `filter[metadata_key_type]`.
    pub metadata_key_type: Option<MetadataKeyType>,
    /// `filter[has-tag]=<slug>`.
    pub has_tag: Option<String>,
    /// `filter[has-parent][]`: folder ids; `"0"` means the root.
    pub has_parent: Vec<String>,
}

/// `GET /resources.json` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListResources {
    /// What to include.
    pub contain: Vec<ResourceContain>,
    /// Filters.
    pub filter: ResourceFilter,
}

fn contains(list: &[ResourceContain]) -> QueryOptions {
    list.iter()
        .fold(QueryOptions::new(), |q, c| q.contain(c.as_str(), true))
}

impl ListResources {
    /// The request.
    pub fn request(&self) -> Request {
        let f = &self.filter;
        let mut q = contains(&self.contain);
        if let Some(v) = f.is_favorite {
            q = q.filter_bool("is-favorite", v);
        }
        if let Some(group) = &f.is_shared_with_group {
            q = q.filter("is-shared-with-group", group.clone());
        }
        if let Some(v) = f.is_owned_by_me {
            q = q.filter_bool("is-owned-by-me", v);
        }
        if let Some(v) = f.is_shared_with_me {
            q = q.filter_bool("is-shared-with-me", v);
        }
        q = q.filter_list("has-id", &f.has_id);
        if let Some(kind) = f.metadata_key_type {
            q = q.filter("metadata_key_type", kind.as_str());
        }
        if let Some(tag) = &f.has_tag {
            q = q.filter("has-tag", tag.clone());
        }
        q.filter_list("has-parent", &f.has_parent)
            .apply(Request::new(Method::Get, "/resources.json"))
    }

    /// One request per 80 ids (as the extension chunks `filter[has-id][]`), with these
    /// options; no request for an empty list.
    pub fn requests_by_ids(&self, ids: &[String]) -> Vec<Request> {
        chunk_ids(ids)
            .map(|chunk| {
                let mut options = self.clone();
                options.filter.has_id = chunk.to_vec();
                options.request()
            })
            .collect()
    }
}

/// Parses `/resources.json`.
///
/// Errors: the envelope errors; [`ApiError::Malformed`] (a missing or mistyped field, mixed
/// v4/v5 fields, a known type of the other version); [`ApiError::UnexpectedId`] for a
/// permission or secret of another resource.
pub fn parse_list(response: &Response) -> Result<Vec<Resource>, ApiError> {
    let (_, body) = success_body(response)?;
    items(&body, "body")?
        .iter()
        .map(|item| parse_resource(&item.obj()?))
        .collect()
}

/// `GET /resources/{id}.json`.
pub fn view_request(id: &str, contain: &[ResourceContain]) -> Request {
    contains(contain).apply(Request::new(
        Method::Get,
        format!("/resources/{}.json", path_id(id)),
    ))
}

/// Parses the resource `id` (also the answer to its update).
///
/// Errors: as [`parse_list`], [`ApiError::NotFound`], and [`ApiError::UnexpectedId`] for
/// another resource.
pub fn parse_view(response: &Response, id: &str) -> Result<Resource, ApiError> {
    let (_, body) = success_body(response)?;
    let resource = parse_resource(&Obj::of(&body, "body")?)?;
    expect_id("body.id", id, &resource.id)?;
    Ok(resource)
}

#[derive(Serialize)]
struct DataOnly<'a> {
    data: &'a str,
}

#[derive(Serialize)]
struct UserData<'a> {
    user_id: &'a str,
    data: &'a str,
}

#[derive(Serialize)]
struct Body<'a, S: Serialize> {
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_type_id: Option<&'a str>,
    #[serde(flatten)]
    content: ContentWire<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    folder_parent_id: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expired: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secrets: Option<Vec<S>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ContentWire<'a> {
    V4 {
        name: &'a str,
        username: Option<&'a str>,
        uri: Option<&'a str>,
        description: Option<&'a str>,
    },
    V5 {
        metadata: &'a str,
        metadata_key_id: Option<&'a str>,
        metadata_key_type: MetadataKeyType,
    },
}

impl ResourceContent {
    fn wire(&self) -> ContentWire<'_> {
        match self {
            ResourceContent::V4 {
                name,
                username,
                uri,
                description,
            } => ContentWire::V4 {
                name,
                username: username.as_deref(),
                uri: uri.as_deref(),
                description: description.as_deref(),
            },
            ResourceContent::V5 {
                metadata,
                metadata_key_id,
                metadata_key_type,
            } => ContentWire::V5 {
                metadata,
                metadata_key_id: metadata_key_id.as_deref(),
                metadata_key_type: *metadata_key_type,
            },
        }
    }
}

fn invalid(violations: Vec<FieldViolation>) -> Result<(), ApiError> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(ApiError::InvalidInput { violations })
    }
}

fn check_optional_uuid(out: &mut Vec<FieldViolation>, path: &str, value: Option<&str>) {
    if value.is_some_and(|v| !is_uuid(v)) {
        out.push(FieldViolation {
            path: path.into(),
            rule: "format",
            message: format!("{path} must be a UUID"),
        });
    }
}

fn check_secret_armor(out: &mut Vec<FieldViolation>, path: &str, data: &str) {
    if !looks_armored_message(data) {
        out.push(FieldViolation {
            path: path.into(),
            rule: "isValidOpenPGPMessage",
            message: format!("{path} must be an armored OpenPGP message"),
        });
    }
}

/// A new resource: its type, fields or encrypted metadata, and exactly one secret, encrypted
/// for the creator (the server adds the owner permission).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateResource {
    /// The type (its version must match `content`).
    pub resource_type: ResourceType,
    /// v4 fields or v5 encrypted metadata.
    pub content: ResourceContent,
    /// The folder, if any.
    pub folder_parent_id: Option<String>,
    /// A password expiry date, if any.
    pub expired: Option<String>,
    /// The armored secret for the creator.
    pub secret: String,
}

impl CreateResource {
    /// `POST /resources.json`: v4 `{resource_type_id, name, username, uri, description,
    /// folder_parent_id, expired, secrets: [{data}]}`, v5 `{resource_type_id, metadata,
    /// metadata_key_id, metadata_key_type, folder_parent_id, expired, secrets: [{data}]}`.
    ///
    /// Errors: [`ApiError::InvalidInput`] with every broken rule: a type that cannot be
    /// created (`v5-password-string`) or of the other version, v4 field limits, v5 metadata
    /// that is not an armored message or a shared key without id, a malformed folder id, a
    /// secret that is not an armored message.
    pub fn request(&self) -> Result<Request, ApiError> {
        let mut out = Vec::new();
        if !self.resource_type.can_be_created() {
            out.push(FieldViolation {
                path: "resource_type_id".into(),
                rule: "isNotV5PasswordStringType",
                message: format!(
                    "the {} resource type cannot be created",
                    self.resource_type.slug()
                ),
            });
        }
        out.extend(self.content.violations(self.resource_type));
        check_optional_uuid(
            &mut out,
            "folder_parent_id",
            self.folder_parent_id.as_deref(),
        );
        check_secret_armor(&mut out, "secrets.0.data", &self.secret);
        invalid(out)?;
        let body = Body {
            resource_type_id: Some(self.resource_type.id()),
            content: self.content.wire(),
            folder_parent_id: Some(self.folder_parent_id.as_deref()),
            expired: Some(self.expired.as_deref()),
            secrets: Some(vec![DataOnly { data: &self.secret }]),
        };
        with_json_body(Request::new(Method::Post, "/resources.json"), &body)
    }
}

/// Parses the answer to a create: the saved resource.
///
/// Errors: as [`parse_list`]; [`ApiError::Validation`] with the server's rules
/// (`secrets.hasAtMost`, `metadata.isValidEncryptedResourceMetadata`, ...).
pub fn parse_create(response: &Response) -> Result<Resource, ApiError> {
    let (_, body) = success_body(response)?;
    parse_resource(&Obj::of(&body, "body")?)
}

/// The new secrets of an update: one per user with access, each encrypted for that user.
/// Only [`UpdateSecrets::new`] makes one, after checking that coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSecrets {
    secrets: Vec<(String, String)>,
}

impl UpdateSecrets {
    /// Pairs `(user_id, armored secret)`, which must name each of `users_with_access`
    /// exactly once (the server's `isSecretsProvidedRule`).
    ///
    /// Errors: [`ApiError::SecretsMismatch`]; [`ApiError::InvalidInput`] for a secret that
    /// is not an armored message.
    pub fn new(
        secrets: Vec<(String, String)>,
        users_with_access: &[String],
    ) -> Result<Self, ApiError> {
        check_coverage(
            users_with_access.iter().cloned(),
            secrets.iter().map(|(user, _)| user.clone()),
        )?;
        let mut out = Vec::new();
        for (i, (_, data)) in secrets.iter().enumerate() {
            check_secret_armor(&mut out, &format!("secrets.{i}.data"), data);
        }
        invalid(out)?;
        Ok(UpdateSecrets { secrets })
    }
}

/// A change to a resource: new fields or metadata, and new secrets when the secret changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateResource {
    /// The resource.
    pub id: String,
    /// Its type (may change within the same version).
    pub resource_type: ResourceType,
    /// New v4 fields or v5 metadata.
    pub content: ResourceContent,
    /// A password expiry date to set, or `None` to leave it.
    pub expired: Option<String>,
    /// New secrets, for every user with access.
    pub secrets: Option<UpdateSecrets>,
}

impl UpdateResource {
    /// `PUT /resources/{id}.json`.
    ///
    /// Errors: [`ApiError::InvalidInput`] for the rules of [`CreateResource::request`] that
    /// apply to an update (v5-password-string may be updated).
    pub fn request(&self) -> Result<Request, ApiError> {
        invalid(self.content.violations(self.resource_type))?;
        let body = Body {
            resource_type_id: Some(self.resource_type.id()),
            content: self.content.wire(),
            folder_parent_id: None,
            expired: self.expired.as_deref().map(Some),
            secrets: self.secrets.as_ref().map(|s| {
                s.secrets
                    .iter()
                    .map(|(user_id, data)| UserData { user_id, data })
                    .collect()
            }),
        };
        with_json_body(
            Request::new(
                Method::Put,
                format!("/resources/{}.json", path_id(&self.id)),
            ),
            &body,
        )
    }
}

/// `DELETE /resources/{id}.json`.
pub fn delete_request(id: &str) -> Request {
    Request::new(Method::Delete, format!("/resources/{}.json", path_id(id)))
}

/// Checks the answer to a delete.
///
/// Errors: the envelope errors ([`ApiError::NotFound`] for an unknown resource).
pub fn parse_delete(response: &Response) -> Result<(), ApiError> {
    success_body(response).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARMOR: &str = "-----BEGIN PGP MESSAGE-----\n\nwV4D\n-----END PGP MESSAGE-----\n";

    #[test]
    fn list_options_follow_the_extensions_conventions() {
        let list = ListResources {
            contain: ResourceContain::DEFAULT.to_vec(),
            filter: ResourceFilter {
                is_favorite: Some(false),
                metadata_key_type: Some(MetadataKeyType::SharedKey),
                has_parent: vec!["0".into()],
                ..ResourceFilter::default()
            },
        };
        assert_eq!(
            list.request().path_and_query(),
            "/resources.json?contain%5Bpermission%5D=1&contain%5Bfavorite%5D=1&contain%5Btag%5D=1\
             &filter%5Bis-favorite%5D=0&filter%5Bmetadata_key_type%5D=shared_key&filter%5Bhas-parent%5D%5B%5D=0&api-version=v2"
        );
    }

    #[test]
    fn ids_are_requested_80_at_a_time() {
        let ids: Vec<String> = (0..170).map(|i| format!("id{i}")).collect();
        let requests = ListResources::default().requests_by_ids(&ids);
        let counts: Vec<usize> = requests.iter().map(|r| r.query.len()).collect();
        assert_eq!(counts, vec![80, 80, 10]);
        assert_eq!(
            requests[2].query[0],
            ("filter[has-id][]".into(), "id160".into())
        );
        assert!(ListResources::default().requests_by_ids(&[]).is_empty());
    }

    #[test]
    fn a_v5_password_string_cannot_be_created_and_versions_must_match() {
        let create = CreateResource {
            resource_type: ResourceType::V5PasswordString,
            content: ResourceContent::V4 {
                name: "n".into(),
                username: None,
                uri: None,
                description: None,
            },
            folder_parent_id: Some("not-a-uuid".into()),
            expired: None,
            secret: "plaintext!".into(),
        };
        let ApiError::InvalidInput { violations } = create.request().unwrap_err() else {
            panic!()
        };
        let rules: Vec<(&str, &str)> = violations
            .iter()
            .map(|v| (v.path.as_str(), v.rule))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("resource_type_id", "isNotV5PasswordStringType"),
                ("resource_type_id", "matchesType"),
                ("folder_parent_id", "format"),
                ("secrets.0.data", "isValidOpenPGPMessage"),
            ]
        );
    }

    #[test]
    fn a_personal_v5_create_sends_a_null_key_id() {
        let create = CreateResource {
            resource_type: ResourceType::V5Default,
            content: ResourceContent::V5 {
                metadata: ARMOR.into(),
                metadata_key_id: None,
                metadata_key_type: MetadataKeyType::UserKey,
            },
            folder_parent_id: None,
            expired: None,
            secret: ARMOR.into(),
        };
        let body: serde_json::Value =
            serde_json::from_str(create.request().unwrap().body.as_deref().unwrap()).unwrap();
        assert_eq!(body["metadata_key_id"], serde_json::Value::Null);
        assert_eq!(body["metadata_key_type"], "user_key");
        let shared = CreateResource {
            content: ResourceContent::V5 {
                metadata: ARMOR.into(),
                metadata_key_id: None,
                metadata_key_type: MetadataKeyType::SharedKey,
            },
            ..create
        };
        let ApiError::InvalidInput { violations } = shared.request().unwrap_err() else {
            panic!()
        };
        assert_eq!(violations[0].path, "metadata_key_id");
    }

    #[test]
    fn update_secrets_must_cover_every_user_with_access() {
        let users = vec!["u1".to_owned(), "u2".to_owned()];
        let err = UpdateSecrets::new(vec![("u1".into(), ARMOR.into())], &users).unwrap_err();
        assert_eq!(
            err,
            ApiError::SecretsMismatch {
                missing: vec!["u2".into()],
                unexpected: Vec::new()
            }
        );
        let secrets = UpdateSecrets::new(
            vec![("u1".into(), ARMOR.into()), ("u2".into(), ARMOR.into())],
            &users,
        )
        .unwrap();
        let update = UpdateResource {
            id: "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a33".into(),
            resource_type: ResourceType::PasswordAndDescription,
            content: ResourceContent::V4 {
                name: "n".into(),
                username: None,
                uri: None,
                description: None,
            },
            expired: None,
            secrets: Some(secrets),
        };
        let request = update.request().unwrap();
        assert_eq!(
            request.path,
            "/resources/8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a33.json"
        );
        let body: serde_json::Value =
            serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["secrets"][1]["user_id"], "u2");
        assert!(body.get("folder_parent_id").is_none());
    }
}

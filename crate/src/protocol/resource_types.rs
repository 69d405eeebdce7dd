//! The 11 resource types (`../shared/protocol.md` §4.1): their slugs, ids, versions and the
//! limits of their schemas (`API plugins/PassboltCe/ResourceTypes/src/Model/Definition/SlugDefinition.php`),
//! and `GET /resource-types.json`.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use super::api_error::{success_body, ApiError};
use super::http::{Method, Request, Response};
use super::json_read::{items, Obj};
use super::query::QueryOptions;
use super::resource_type_ids::resource_type_id;
use Presence::{Absent, Optional, Required};

/// The server's limits, shared by the types that have the field.
pub mod limits {
    /// `name`, every type.
    pub const NAME: usize = 255;
    /// `username`.
    pub const USERNAME: usize = 255;
    /// `uri` (v4) and each item of `uris` (v5).
    pub const URI: usize = 1024;
    /// Items of `uris` (v5).
    pub const URIS_ITEMS: usize = 32;
    /// Cleartext `description` (v4 password-string, v5 metadata).
    pub const METADATA_DESCRIPTION: usize = 10_000;
    /// Secret `password`, and the whole secret of the string types.
    pub const PASSWORD: usize = 4096;
    /// Encrypted `description` of v4 types.
    pub const V4_SECRET_DESCRIPTION: usize = 10_000;
    /// Encrypted `description` of v5 types.
    pub const V5_SECRET_DESCRIPTION: usize = 50_000;
    /// `totp.algorithm` length range.
    pub const TOTP_ALGORITHM: (usize, usize) = (4, 6);
    /// `totp.secret_key`.
    pub const TOTP_SECRET_KEY: usize = 1024;
    /// `totp.digits`: minimum 6, exclusive maximum 9.
    pub const TOTP_DIGITS: (u64, u64) = (6, 9);
    /// `pin_code` length range (digits only).
    pub const PIN_CODE: (usize, usize) = (4, 12);
    /// Items of `custom_fields`.
    pub const CUSTOM_FIELDS_ITEMS: usize = 128;
    /// `metadata_key` / `secret_key` of a custom field.
    pub const CUSTOM_FIELD_KEY: usize = 255;
    /// `metadata_value` / `secret_value` of a custom field, when a string.
    pub const CUSTOM_FIELD_VALUE: usize = 20_000;
}

/// Whether a resource is stored the v4 way (cleartext metadata) or the v5 way (encrypted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemaVersion {
    /// Cleartext `name`, `username`, `uri`, `description` on the resource.
    V4,
    /// Encrypted `metadata` with `metadata_key_id` and `metadata_key_type`.
    V5,
}

/// Whether a schema has a field, and whether it is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    /// The type has no such field.
    Absent,
    /// The field may be given.
    Optional,
    /// The field must be given.
    Required,
}

impl Presence {
    /// True unless [`Presence::Absent`].
    pub fn allowed(self) -> bool {
        self != Presence::Absent
    }
}

/// How a type stores the resource's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UriField {
    /// No address.
    None,
    /// v4 `uri`: one string or null.
    Single,
    /// v5 `uris`: a list of up to 32 strings.
    List,
}

/// The cleartext (v4) or metadata (v5) fields a type has, besides the required `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MetadataSchema {
    /// `username`.
    pub username: bool,
    /// `uri` or `uris`.
    pub uri: UriField,
    /// `description` (cleartext; v4 only on password-string).
    pub description: bool,
    /// `icon` (v5).
    pub icon: bool,
    /// `custom_fields` (v5).
    pub custom_fields: Presence,
}

/// The fields of a JSON secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SecretFields {
    /// `object_type` = `"PASSBOLT_SECRET_DATA"` (v5); the client always writes it.
    pub object_type: Presence,
    /// `password`.
    pub password: Presence,
    /// `description`.
    pub description: Presence,
    /// The limit of `description` (10,000 for v4, 50,000 for v5).
    pub description_max: usize,
    /// `totp`.
    pub totp: Presence,
    /// `pin_code`.
    pub pin_code: Presence,
    /// `custom_fields`.
    pub custom_fields: Presence,
}

/// How a type's secret plaintext is written.
/// It serialises as `{"format": "string"}` or `{"format": "object", "password": ...}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "format", rename_all = "lowercase")]
pub enum SecretSchema {
    /// The plaintext is the password itself (≤ 4096 characters), no JSON.
    #[serde(rename = "string")]
    PlainString,
    /// The plaintext is a JSON object with these fields.
    Object(SecretFields),
}

/// A resource type's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TypeSchema {
    /// The cleartext or metadata part.
    pub metadata: MetadataSchema,
    /// The secret part.
    pub secret: SecretSchema,
}

/// The 11 resource types of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceType {
    /// `password-string`: v4, the secret is the password.
    PasswordString,
    /// `password-and-description`: v4, secret `{password, description}`.
    PasswordAndDescription,
    /// `totp`: v4, secret `{totp}`.
    Totp,
    /// `password-description-totp`: v4, secret `{password, description, totp}`.
    PasswordDescriptionTotp,
    /// `v5-password-string`: v5, deprecated (the server refuses to create it).
    V5PasswordString,
    /// `v5-default`: v5, secret `{object_type, password, description, custom_fields}`.
    V5Default,
    /// `v5-totp-standalone`: v5, secret `{object_type, totp}`.
    V5TotpStandalone,
    /// `v5-default-with-totp`: v5, secret `{object_type, password, description, totp, custom_fields}`.
    V5DefaultWithTotp,
    /// `v5-custom-fields`: v5, secret `{object_type, custom_fields}`.
    V5CustomFields,
    /// `v5-note`: v5, secret `{object_type, description}`.
    V5Note,
    /// `v5-pin-code`: v5, secret `{object_type, pin_code, description}`.
    V5PinCode,
}

const fn v4_meta(username: bool, description: bool) -> MetadataSchema {
    MetadataSchema {
        username,
        uri: UriField::Single,
        description,
        icon: false,
        custom_fields: Presence::Absent,
    }
}

const fn v5_meta(username: bool, uri: UriField, custom_fields: Presence) -> MetadataSchema {
    MetadataSchema {
        username,
        uri,
        description: true,
        icon: true,
        custom_fields,
    }
}

const NO_SECRET_FIELDS: SecretFields = SecretFields {
    object_type: Presence::Absent,
    password: Presence::Absent,
    description: Presence::Absent,
    description_max: limits::V4_SECRET_DESCRIPTION,
    totp: Presence::Absent,
    pin_code: Presence::Absent,
    custom_fields: Presence::Absent,
};

const V5_SECRET_FIELDS: SecretFields = SecretFields {
    object_type: Presence::Optional,
    description_max: limits::V5_SECRET_DESCRIPTION,
    ..NO_SECRET_FIELDS
};

impl ResourceType {
    /// Every type, in the server's order.
    pub const ALL: [ResourceType; 11] = [
        ResourceType::PasswordString,
        ResourceType::PasswordAndDescription,
        ResourceType::Totp,
        ResourceType::PasswordDescriptionTotp,
        ResourceType::V5PasswordString,
        ResourceType::V5Default,
        ResourceType::V5TotpStandalone,
        ResourceType::V5DefaultWithTotp,
        ResourceType::V5CustomFields,
        ResourceType::V5Note,
        ResourceType::V5PinCode,
    ];

    /// The slug, as in `/resource-types.json`.
    pub fn slug(self) -> &'static str {
        match self {
            ResourceType::PasswordString => "password-string",
            ResourceType::PasswordAndDescription => "password-and-description",
            ResourceType::Totp => "totp",
            ResourceType::PasswordDescriptionTotp => "password-description-totp",
            ResourceType::V5PasswordString => "v5-password-string",
            ResourceType::V5Default => "v5-default",
            ResourceType::V5TotpStandalone => "v5-totp-standalone",
            ResourceType::V5DefaultWithTotp => "v5-default-with-totp",
            ResourceType::V5CustomFields => "v5-custom-fields",
            ResourceType::V5Note => "v5-note",
            ResourceType::V5PinCode => "v5-pin-code",
        }
    }

    /// The type of a slug, if it is one of the 11.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// The id, derived as the server does (see [`resource_type_id`]).
    pub fn id(self) -> &'static str {
        static IDS: OnceLock<Vec<String>> = OnceLock::new();
        let ids = IDS.get_or_init(|| {
            ResourceType::ALL
                .iter()
                .map(|t| resource_type_id(t.slug()))
                .collect()
        });
        ids.get(self as usize).map(String::as_str).unwrap_or("")
    }

    /// The type with this id (either case), if it is one of the 11.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.id().eq_ignore_ascii_case(id))
    }

    /// The type named by its id (either case) or its slug.
    ///
    /// Errors: [`ApiError::UnknownResourceType`] when it is neither of the 11.
    pub fn find(id_or_slug: &str) -> Result<Self, ApiError> {
        Self::from_id(id_or_slug)
            .or_else(|| Self::from_slug(id_or_slug))
            .ok_or(ApiError::UnknownResourceType)
    }

    /// What a client needs to know of the type, as plain data.
    pub fn info(self) -> ResourceTypeInfo {
        ResourceTypeInfo {
            id: self.id(),
            slug: self.slug(),
            version: self.version(),
            can_be_created: self.can_be_created(),
            schema: self.schema(),
        }
    }

    /// v4 (cleartext metadata) or v5 (encrypted metadata).
    pub fn version(self) -> SchemaVersion {
        if self.slug().starts_with("v5-") {
            SchemaVersion::V5
        } else {
            SchemaVersion::V4
        }
    }

    /// False for `v5-password-string`, which the server refuses to create
    /// (`isNotV5PasswordStringType`).
    pub fn can_be_created(self) -> bool {
        self != ResourceType::V5PasswordString
    }

    /// The type's schema.
    pub fn schema(self) -> TypeSchema {
        let (metadata, secret) = match self {
            ResourceType::PasswordString => (v4_meta(true, true), SecretSchema::PlainString),
            ResourceType::PasswordAndDescription => (
                v4_meta(true, false),
                SecretSchema::Object(SecretFields {
                    password: Required,
                    description: Optional,
                    ..NO_SECRET_FIELDS
                }),
            ),
            ResourceType::Totp => (
                v4_meta(false, false),
                SecretSchema::Object(SecretFields {
                    totp: Required,
                    ..NO_SECRET_FIELDS
                }),
            ),
            ResourceType::PasswordDescriptionTotp => (
                v4_meta(true, false),
                SecretSchema::Object(SecretFields {
                    password: Required,
                    description: Optional,
                    totp: Required,
                    ..NO_SECRET_FIELDS
                }),
            ),
            ResourceType::V5PasswordString => (
                v5_meta(true, UriField::List, Absent),
                SecretSchema::PlainString,
            ),
            ResourceType::V5Default => (
                v5_meta(true, UriField::List, Optional),
                SecretSchema::Object(SecretFields {
                    password: Required,
                    description: Optional,
                    custom_fields: Optional,
                    ..V5_SECRET_FIELDS
                }),
            ),
            ResourceType::V5TotpStandalone => (
                v5_meta(false, UriField::List, Absent),
                SecretSchema::Object(SecretFields {
                    totp: Required,
                    ..V5_SECRET_FIELDS
                }),
            ),
            ResourceType::V5DefaultWithTotp => (
                v5_meta(true, UriField::List, Optional),
                SecretSchema::Object(SecretFields {
                    password: Required,
                    description: Optional,
                    totp: Required,
                    custom_fields: Optional,
                    ..V5_SECRET_FIELDS
                }),
            ),
            ResourceType::V5CustomFields => (
                v5_meta(false, UriField::List, Required),
                SecretSchema::Object(SecretFields {
                    object_type: Required,
                    custom_fields: Required,
                    ..V5_SECRET_FIELDS
                }),
            ),
            ResourceType::V5Note => (
                v5_meta(false, UriField::List, Absent),
                SecretSchema::Object(SecretFields {
                    object_type: Required,
                    description: Required,
                    ..V5_SECRET_FIELDS
                }),
            ),
            ResourceType::V5PinCode => (
                v5_meta(false, UriField::None, Absent),
                SecretSchema::Object(SecretFields {
                    object_type: Required,
                    pin_code: Required,
                    description: Optional,
                    ..V5_SECRET_FIELDS
                }),
            ),
        };
        TypeSchema { metadata, secret }
    }
}

/// A resource type described as plain data (for the JS export and for callers that show
/// the types): id, slug, version, whether the server lets it be created, and the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ResourceTypeInfo {
    /// The id (UUIDv5 of the slug).
    pub id: &'static str,
    /// The slug.
    pub slug: &'static str,
    /// `v4` or `v5`.
    pub version: SchemaVersion,
    /// False for `v5-password-string`.
    pub can_be_created: bool,
    /// The metadata and secret schema.
    pub schema: TypeSchema,
}

/// One item of `/resource-types.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceTypeEntry {
    /// The id.
    pub id: String,
    /// The slug.
    pub slug: String,
    /// The display name.
    pub name: String,
    /// The server's description of the type.
    pub description: Option<String>,
    /// When the type was deleted (disabled by an administrator), or `None`.
    pub deleted: Option<String>,
    /// Creation date (ISO 8601).
    pub created: Option<String>,
    /// Modification date (ISO 8601).
    pub modified: Option<String>,
    /// The type, when it is one of the 11 this crate knows (`None` for newer types, which
    /// a client should skip as the extension does).
    pub known: Option<ResourceType>,
    /// The server's JSON-schema definition, as sent.
    pub definition: Value,
}

/// `GET /resource-types.json`; `include_deleted` adds `filter[is-deleted]=1` (deleted types
/// only) or `=0`.
pub fn index_request(is_deleted: Option<bool>) -> Request {
    let mut options = QueryOptions::new();
    if let Some(deleted) = is_deleted {
        options = options.filter_bool("is-deleted", deleted);
    }
    options.apply(Request::new(Method::Get, "/resource-types.json"))
}

/// Parses `/resource-types.json`.
///
/// Errors: the envelope errors of [`ApiError`]; [`ApiError::Malformed`] for a missing or
/// mistyped field; [`ApiError::UnexpectedId`] when a known slug comes with another id than
/// the server derives for it (a server that would make one type pass for another).
pub fn parse_index(response: &Response) -> Result<Vec<ResourceTypeEntry>, ApiError> {
    let (_, body) = success_body(response)?;
    items(&body, "body")?
        .iter()
        .map(|item| parse_entry(&item.obj()?))
        .collect()
}

fn parse_entry(obj: &Obj<'_>) -> Result<ResourceTypeEntry, ApiError> {
    let id = obj.uuid("id")?;
    let slug = obj.string("slug")?;
    let known = ResourceType::from_slug(&slug);
    if let Some(known) = known {
        if !known.id().eq_ignore_ascii_case(&id) {
            return Err(ApiError::UnexpectedId {
                path: obj.field_path("id"),
                expected: known.id().to_owned(),
                found: id,
            });
        }
    }
    let definition = obj.get("definition").cloned().unwrap_or(Value::Null);
    if !definition.is_object() && !definition.is_null() {
        return Err(ApiError::malformed(
            obj.field_path("definition"),
            "an object",
        ));
    }
    Ok(ResourceTypeEntry {
        name: obj.string("name")?,
        description: obj.opt_string("description")?,
        deleted: deleted_field(obj)?,
        created: obj.opt_string("created")?,
        modified: obj.opt_string("modified")?,
        id,
        slug,
        known,
        definition,
    })
}

/// `deleted` is a date or null on resource types (a boolean on older servers).
fn deleted_field(obj: &Obj<'_>) -> Result<Option<String>, ApiError> {
    match obj.get("deleted") {
        None | Some(Value::Bool(false)) => Ok(None),
        Some(Value::Bool(true)) => Ok(Some(String::new())),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::malformed(
            obj.field_path("deleted"),
            "a date, a boolean or null",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_its_servers_id() {
        let table = [
            ("password-string", "669f8c64-242a-59fb-92fc-81f660975fd3"),
            (
                "password-and-description",
                "a28a04cd-6f53-518a-967c-9963bf9cec51",
            ),
            ("totp", "05ba5c75-504d-5ad6-819a-83af68867d86"),
            (
                "password-description-totp",
                "8cca88d9-a3f6-56df-b860-3ef08de5c5c4",
            ),
            ("v5-password-string", "761e5863-e17e-5ded-b3c2-76ffd5d0a2dc"),
            ("v5-default", "dd1f723d-0d1e-513f-8218-4055dc0530d0"),
            ("v5-totp-standalone", "bb2280b5-c4d9-569c-9337-62b307f1139c"),
            (
                "v5-default-with-totp",
                "7438294d-f71c-5164-ba95-d9e60e295564",
            ),
            ("v5-custom-fields", "0551544e-2ccd-5ce8-95cf-86f0aab0f827"),
            ("v5-note", "0a72c76b-b8e6-53f0-8bef-0a8ca6b5c764"),
            ("v5-pin-code", "4357bbc7-ed4d-52ff-b59d-9f7f17881bb3"),
        ];
        for (slug, id) in table {
            let t = ResourceType::from_slug(slug).expect(slug);
            assert_eq!(t.id(), id, "{slug}");
            assert_eq!(ResourceType::from_id(&id.to_uppercase()), Some(t));
        }
        assert_eq!(
            ResourceType::from_id("00000000-0000-0000-0000-000000000000"),
            None
        );
    }

    #[test]
    fn types_are_found_by_id_or_slug_and_described() {
        assert_eq!(ResourceType::find("v5-note"), Ok(ResourceType::V5Note));
        assert_eq!(
            ResourceType::find("0A72C76B-B8E6-53F0-8BEF-0A8CA6B5C764"),
            Ok(ResourceType::V5Note)
        );
        assert_eq!(
            ResourceType::find("v6-note"),
            Err(ApiError::UnknownResourceType)
        );
        let info = serde_json::to_value(ResourceType::PasswordString.info()).unwrap();
        assert_eq!(info["id"], "669f8c64-242a-59fb-92fc-81f660975fd3");
        assert_eq!(info["version"], "v4");
        assert_eq!(
            info["schema"]["secret"],
            serde_json::json!({"format": "string"})
        );
        let info = serde_json::to_value(ResourceType::V5PinCode.info()).unwrap();
        assert_eq!(info["schema"]["secret"]["format"], "object");
        assert_eq!(info["schema"]["secret"]["pin_code"], "required");
        assert_eq!(info["schema"]["secret"]["password"], "absent");
        assert_eq!(info["schema"]["metadata"]["uri"], "none");
    }

    #[test]
    fn versions_and_creatability() {
        assert_eq!(ResourceType::Totp.version(), SchemaVersion::V4);
        assert_eq!(ResourceType::V5Note.version(), SchemaVersion::V5);
        assert!(!ResourceType::V5PasswordString.can_be_created());
        assert!(ResourceType::PasswordString.can_be_created());
    }

    #[test]
    fn index_request_filters_deleted_types() {
        assert_eq!(
            index_request(Some(false)).path_and_query(),
            "/resource-types.json?filter%5Bis-deleted%5D=0&api-version=v2"
        );
        assert_eq!(
            index_request(None).path_and_query(),
            "/resource-types.json?api-version=v2"
        );
    }
}

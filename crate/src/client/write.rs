//! Creating, updating and deleting resources (§4.2): v4 or v5 as the server's metadata settings
//! say, shared-key or personal metadata, the secret encrypted for the creator (create) or for
//! every user with access (update), signed by the user. Input is validated by the protocol
//! layer before anything is written.

use std::fmt;

use serde::Deserialize;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::protocol::api_error::ApiError;
use crate::protocol::field_rules::FieldViolation;
use crate::protocol::metadata::{
    encrypt_metadata, keys_settings_request, metadata_key_type_for, parse_keys_settings,
    parse_types_settings, types_settings_request, MetadataKeyType, MetadataRecipient,
    MetadataTypesSettings, VersionChoice, RESOURCE_METADATA,
};
use crate::protocol::metadata_schema::validate_metadata;
use crate::protocol::resource_types::{ResourceType, SchemaVersion};
use crate::protocol::resources::{
    self, CreateResource, Resource, ResourceContent, UpdateResource, UpdateSecrets,
};
use crate::protocol::secret_data::{SecretData, SECRET_OBJECT_TYPE};
use crate::protocol::secrets::{encrypt_for_users, encrypt_secret_data};
use crate::protocol::users::{self, ListUsers, UserContain, UserFilter};

use super::api::{Account, Client};
use super::error::ClientError;
use super::secret::secret_plaintext;
use super::transport::Transport;
use super::vault::ResourceView;

/// A resource to create or the new content of one to update, as a caller gives it (JSON).
/// `Debug` shows neither the metadata nor the secret.
#[derive(Clone, Default, Deserialize)]
pub struct ResourceInput {
    /// The resource type's slug (`v5-default`, `password-and-description`, ...); on create,
    /// `None` takes the server's default version (`v5-default` or `password-and-description`);
    /// on update, `None` keeps the resource's type.
    #[serde(default)]
    pub resource_type: Option<String>,
    /// The metadata: `name`, `username`, `uris` (or a v4 `uri`), `description`, and for v5
    /// `icon` and `custom_fields`.
    #[serde(default)]
    pub metadata: Value,
    /// The secret: an object of the type's secret fields (`password`, `description`, `totp`,
    /// `pin_code`, `custom_fields`), or a string for the string types. Required on create;
    /// on update, `None` leaves the secret as it is.
    #[serde(default)]
    pub secret: Option<Value>,
    /// The folder, if any (create only; use `move_resource` to move).
    #[serde(default)]
    pub folder_parent_id: Option<String>,
    /// v5: encrypt the metadata with the user's own key when the server allows personal keys
    /// (create only; an update keeps the resource's key type).
    #[serde(default)]
    pub personal: bool,
    /// A password expiry date, if any.
    #[serde(default)]
    pub expired: Option<String>,
}

impl fmt::Debug for ResourceInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceInput")
            .field("resource_type", &self.resource_type)
            .field("folder_parent_id", &self.folder_parent_id)
            .field("personal", &self.personal)
            .finish_non_exhaustive()
    }
}

fn invalid(path: &str, rule: &'static str, message: &str) -> ClientError {
    ClientError::Api(ApiError::InvalidInput {
        violations: vec![FieldViolation {
            path: path.into(),
            rule,
            message: message.into(),
        }],
    })
}

fn with_prefix(prefix: &str, violations: Vec<FieldViolation>) -> ClientError {
    ClientError::Api(ApiError::InvalidInput {
        violations: violations
            .into_iter()
            .map(|v| FieldViolation {
                path: format!("{prefix}.{}", v.path),
                ..v
            })
            .collect(),
    })
}

/// The type named by `slug`.
fn type_of_slug(slug: &str) -> Result<ResourceType, ClientError> {
    ResourceType::from_slug(slug)
        .ok_or_else(|| invalid("resource_type", "enum", "resource_type is not a known slug"))
}

/// The checked secret of `ty` from the caller's JSON.
fn secret_data(ty: ResourceType, value: &Value) -> Result<SecretData, ClientError> {
    let plaintext = match value {
        // A v5 secret names its object type; the caller need not.
        Value::Object(fields)
            if ty.version() == SchemaVersion::V5 && !fields.contains_key("object_type") =>
        {
            let mut fields = fields.clone();
            fields.insert("object_type".into(), SECRET_OBJECT_TYPE.into());
            Zeroizing::new(Value::Object(fields).to_string())
        }
        other => Zeroizing::new(secret_plaintext(other)),
    };
    let data = SecretData::from_plaintext(ty, &plaintext).map_err(|e| match e {
        ApiError::MalformedSecret { path, expected } => ClientError::Api(ApiError::InvalidInput {
            violations: vec![FieldViolation {
                message: format!("{path} must be {expected}"),
                path,
                rule: "type",
            }],
        }),
        other => other.into(),
    })?;
    data.validate(ty).map_err(|v| with_prefix("secret", v))?;
    Ok(data)
}

/// The v4 cleartext fields of the caller's metadata (`uris` with at most one item, or `uri`).
fn v4_content(ty: ResourceType, metadata: &Value) -> Result<ResourceContent, ClientError> {
    let object = metadata
        .as_object()
        .ok_or_else(|| invalid("metadata", "type", "metadata must be an object"))?;
    let text = |name: &str| -> Result<Option<String>, ClientError> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(
                &format!("metadata.{name}"),
                "type",
                &format!("metadata.{name} must be a string"),
            )),
        }
    };
    let uri = match (text("uri")?, object.get("uris")) {
        (Some(uri), _) => Some(uri),
        (None, None | Some(Value::Null)) => None,
        (None, Some(Value::Array(uris))) => match uris.as_slice() {
            [] => None,
            [Value::String(uri)] => Some(uri.clone()),
            [_] => {
                return Err(invalid(
                    "metadata.uris.0",
                    "type",
                    "metadata.uris.0 must be a string",
                ))
            }
            _ => {
                return Err(invalid(
                    "metadata.uris",
                    "maxItems",
                    "a v4 resource holds at most one uri",
                ))
            }
        },
        (None, Some(_)) => {
            return Err(invalid(
                "metadata.uris",
                "type",
                "metadata.uris must be an array",
            ))
        }
    };
    let name =
        text("name")?.ok_or_else(|| invalid("metadata.name", "required", "name is required"))?;
    let content = ResourceContent::V4 {
        name,
        username: text("username")?,
        uri,
        description: text("description")?,
    };
    let _ = ty;
    Ok(content)
}

/// The v5 metadata object: the caller's fields with `object_type` and `resource_type_id`,
/// checked against the type's schema.
fn v5_metadata(ty: ResourceType, metadata: &Value) -> Result<Value, ClientError> {
    let mut object: Map<String, Value> = metadata
        .as_object()
        .cloned()
        .ok_or_else(|| invalid("metadata", "type", "metadata must be an object"))?;
    object.insert("object_type".into(), RESOURCE_METADATA.into());
    object.insert("resource_type_id".into(), ty.id().into());
    let value = Value::Object(object);
    validate_metadata(ty, &value).map_err(|v| with_prefix("metadata", v))?;
    Ok(value)
}

impl<T: Transport> Client<T> {
    async fn types_settings(&self) -> Result<MetadataTypesSettings, ClientError> {
        let response = self.conn.call(types_settings_request()).await?;
        Ok(parse_types_settings(&response)?)
    }

    /// Encrypts v5 metadata for the shared metadata key or the user's own key.
    pub(crate) async fn encrypt_v5(
        &self,
        account: &Account,
        metadata: &Value,
        key_type: MetadataKeyType,
    ) -> Result<ResourceContent, ClientError> {
        let encrypted = match key_type {
            MetadataKeyType::SharedKey => {
                let key = self.shared_metadata_key(account).await?;
                encrypt_metadata(metadata, MetadataRecipient::Shared(&key), &account.key)?
            }
            MetadataKeyType::UserKey => {
                encrypt_metadata(metadata, MetadataRecipient::Personal, &account.key)?
            }
        };
        Ok(ResourceContent::V5 {
            metadata: encrypted.armored,
            metadata_key_id: encrypted.metadata_key_id,
            metadata_key_type: encrypted.metadata_key_type,
        })
    }

    /// Creates a resource: the type given or the server's default version, v4 cleartext
    /// fields or v5 metadata (shared key, or the user's key when `personal` and allowed), and
    /// the secret encrypted for the user and signed by the user. The input is only read, so
    /// a failed create can be retried with it.
    ///
    /// Errors: `INVALID_INPUT` (an unknown slug, a version the server does not allow, metadata
    /// or secret that break the type's schema; nothing is written), `METADATA_KEY_CHANGED`,
    /// the session errors, `VALIDATION_FAILED` (the server refused it).
    pub async fn create_resource(
        &self,
        input: &ResourceInput,
    ) -> Result<ResourceView, ClientError> {
        let account = self.account()?;
        let settings = self.types_settings().await?;
        let ty = match &input.resource_type {
            Some(slug) => type_of_slug(slug)?,
            None => match settings.default_resource_types {
                VersionChoice::V4 => ResourceType::PasswordAndDescription,
                VersionChoice::V5 => ResourceType::V5Default,
            },
        };
        let allowed = match ty.version() {
            SchemaVersion::V4 => settings.allow_creation_of_v4_resources,
            SchemaVersion::V5 => settings.allow_creation_of_v5_resources,
        };
        if !allowed {
            return Err(invalid(
                "resource_type",
                "allowedBySettings",
                "the server's metadata settings do not allow creating resources of this version",
            ));
        }
        let secret = input
            .secret
            .as_ref()
            .ok_or_else(|| invalid("secret", "required", "secret is required"))?;
        let data = secret_data(ty, secret)?;
        let (content, shown) = match ty.version() {
            SchemaVersion::V4 => (v4_content(ty, &input.metadata)?, None),
            SchemaVersion::V5 => {
                let metadata = v5_metadata(ty, &input.metadata)?;
                let response = self.conn.call(keys_settings_request()).await?;
                let keys_settings = parse_keys_settings(&response)?;
                let key_type = metadata_key_type_for(input.personal, &keys_settings);
                (
                    self.encrypt_v5(&account, &metadata, key_type).await?,
                    Some(metadata),
                )
            }
        };
        let own = account.key.public_key();
        let request = CreateResource {
            resource_type: ty,
            content,
            folder_parent_id: input.folder_parent_id.clone(),
            expired: input.expired.clone(),
            secret: encrypt_secret_data(&data, ty, own, &account.key)?,
        }
        .request()?;
        let response = self.conn.call(request).await?;
        let resource = resources::parse_create(&response)?;
        Ok(view_with(&resource, shown))
    }

    /// Updates a resource: new metadata (same version; v5 keeps its key type) and, when
    /// `input.secret` is given, a new secret encrypted for every user with access, signed by
    /// the user.
    ///
    /// Errors: as [`Client::create_resource`]; `NOT_FOUND`; `MISSING_KEY` for a user with
    /// access and no key; `SECRETS_MISMATCH`.
    pub async fn update_resource(
        &self,
        resource_id: &str,
        input: &ResourceInput,
    ) -> Result<ResourceView, ClientError> {
        let account = self.account()?;
        let current = self.resource(resource_id).await?;
        let ty = match &input.resource_type {
            Some(slug) => type_of_slug(slug)?,
            None => current.resource_type.ok_or_else(|| {
                invalid(
                    "resource_type",
                    "required",
                    "the resource's type is unknown: name one",
                )
            })?,
        };
        if ty.version() != current.content.version() {
            return Err(invalid(
                "resource_type",
                "matchesType",
                "an update keeps the resource's version (v4 or v5)",
            ));
        }
        let data = match &input.secret {
            Some(secret) => Some(secret_data(ty, secret)?),
            None => None,
        };
        let (content, shown) = match &current.content {
            ResourceContent::V4 { .. } => (v4_content(ty, &input.metadata)?, None),
            ResourceContent::V5 {
                metadata_key_type, ..
            } => {
                let metadata = v5_metadata(ty, &input.metadata)?;
                (
                    self.encrypt_v5(&account, &metadata, *metadata_key_type)
                        .await?,
                    Some(metadata),
                )
            }
        };
        let secrets = match data {
            None => None,
            Some(data) => Some(
                self.secrets_for_all(&account, resource_id, ty, &data)
                    .await?,
            ),
        };
        let request = UpdateResource {
            id: current.id.clone(),
            resource_type: ty,
            content,
            expired: input.expired.clone(),
            secrets,
        }
        .request()?;
        let response = self.conn.call(request).await?;
        let resource = resources::parse_view(&response, resource_id)?;
        self.forget_cached(&resource.id);
        Ok(view_with(&resource, shown))
    }

    /// The secret encrypted for every user who has access to the resource.
    async fn secrets_for_all(
        &self,
        account: &Account,
        resource_id: &str,
        ty: ResourceType,
        data: &SecretData,
    ) -> Result<UpdateSecrets, ClientError> {
        let request = ListUsers {
            contain: vec![UserContain::Gpgkey],
            filter: UserFilter {
                has_access: vec![resource_id.to_owned()],
                ..UserFilter::default()
            },
        }
        .request();
        let response = self.conn.call(request).await?;
        let users = users::parse_list(&response)?;
        let mut keys = Vec::with_capacity(users.len());
        for user in &users {
            let gpgkey = user
                .gpgkey
                .as_ref()
                .ok_or_else(|| ClientError::MissingKey {
                    user_id: user.id.clone(),
                })?;
            keys.push((user.id.as_str(), gpgkey.public_key()?));
        }
        let plaintext = data.to_plaintext(ty)?;
        let recipients: Vec<(&str, &crate::pgp::PublicKey)> =
            keys.iter().map(|(id, key)| (*id, key)).collect();
        let encrypted = encrypt_for_users(resource_id, &plaintext, &recipients, &account.key)?;
        let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
        Ok(UpdateSecrets::new(
            encrypted.into_iter().map(|s| (s.user_id, s.data)).collect(),
            &ids,
        )?)
    }

    /// Deletes a resource (owners only).
    ///
    /// Errors: the session errors, `NOT_FOUND`, `REQUEST_REJECTED` (not an owner).
    pub async fn delete_resource(&self, resource_id: &str) -> Result<(), ClientError> {
        self.account()?;
        Self::check_id("resource_id", resource_id)?;
        let response = self
            .conn
            .call(resources::delete_request(resource_id))
            .await?;
        resources::parse_delete(&response)?;
        self.forget_cached(resource_id);
        Ok(())
    }
}

/// The view of a written resource, with the metadata that was encrypted (v5).
fn view_with(resource: &Resource, metadata: Option<Value>) -> ResourceView {
    let mut view = ResourceView::of(resource);
    if let Some(metadata) = metadata {
        view.metadata = Some(metadata);
        view.decrypted_via = "input";
    }
    view
}

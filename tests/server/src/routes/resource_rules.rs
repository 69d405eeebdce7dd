//! The validation rules of resource create and update (`ResourcesTable`, `SecretsTable`,
//! `MetadataResourceDto`, `buildRulesV5`), producing the server's error trees.

use crate::envelope::ApiError;
use crate::ids::is_uuid;
use crate::message;
use crate::state::State;
use crate::validation::Errors;
use serde_json::Value;

/// The message of resource validation failures.
pub const INVALID: &str = "Could not validate resource data.";
/// The message of a secret data that does not parse.
pub const NOT_A_MESSAGE: &str = "The message should be a valid ASCII-armored OpenPGP message.";

/// Cleartext fields of v4 resources.
pub const V4_FIELDS: [&str; 4] = ["name", "username", "uri", "description"];
/// Encrypted-metadata fields of v5 resources.
pub const V5_FIELDS: [&str; 3] = ["metadata", "metadata_key_id", "metadata_key_type"];

/// Whether the payload carries v4 and/or v5 fields (present keys, even null).
pub fn versions(data: &Value) -> (bool, bool) {
    let has = |f: &&str| data.get(*f).is_some();
    (
        V4_FIELDS.iter().any(has),
        V5_FIELDS
            .iter()
            .any(|f| data.get(*f).is_some_and(|v| !v.is_null())),
    )
}

/// Refuses a payload mixing v4 and v5 fields (`MetadataResourceDto::validateRequestPayload`).
pub fn refuse_mixed(data: &Value) -> Result<(), ApiError> {
    let (v4, v5) = versions(data);
    if v4 && v5 {
        return Err(ApiError::bad_request(
            "The resource data cannot contain both v4 and v5 fields.",
        ));
    }
    Ok(())
}

/// A string field's length check (`maxLength`), type check (`isString`), presence when `required`.
pub fn string_field(
    errors: &mut Errors,
    data: &Value,
    field: &str,
    max: usize,
    required: bool,
    label: &str,
) {
    match data.get(field) {
        None if required => errors.add(field, "_required", &format!("A {label} is required.")),
        None => {}
        Some(Value::Null) if !required => {}
        Some(Value::String(s)) if s.is_empty() && required => errors.add(
            field,
            "_empty",
            &format!("The {label} should not be empty."),
        ),
        Some(Value::String(s)) if s.chars().count() > max => errors.add(
            field,
            "maxLength",
            &format!("The {label} length should be maximum {max} characters."),
        ),
        Some(Value::String(_)) => {}
        Some(Value::Null) => errors.add(
            field,
            "_empty",
            &format!("The {label} should not be empty."),
        ),
        Some(_) => errors.add(
            field,
            "utf8Extended",
            &format!("The {label} should be a valid BMP-UTF8 string."),
        ),
    }
}

/// The cleartext fields of a v4 resource: `name` (required on create), `username`, `uri`,
/// `description`, with the server's length limits.
pub fn v4_fields(errors: &mut Errors, data: &Value, name_required: bool) {
    string_field(errors, data, "name", 255, name_required, "name");
    string_field(errors, data, "username", 255, false, "username");
    string_field(errors, data, "uri", 1024, false, "uri");
    string_field(errors, data, "description", 10000, false, "description");
}

/// `resource_type_id`: a UUID of an existing type of the payload's version, not `v5-password-string`.
pub fn resource_type(errors: &mut Errors, type_id: &str, v5: bool) {
    if !is_uuid(type_id) {
        errors.add(
            "resource_type_id",
            "uuid",
            "The resource type identifier should be a valid UUID.",
        );
        return;
    }
    let Some(slug) = crate::resource_types::slug(type_id) else {
        errors.add(
            "resource_type_id",
            "resource_type_exists",
            "The resource type does not exist.",
        );
        return;
    };
    if slug == "v5-password-string" {
        errors.add(
            "resource_type_id",
            "isNotV5PasswordStringType",
            "The resource type v5-password-string is deprecated and cannot be used.",
        );
    } else if slug.starts_with("v5-") != v5 {
        errors.add(
            "resource_type_id",
            "isResourceTypeVersionMatching",
            "The resource type version does not match the resource data.",
        );
    }
}

/// The `secrets` list of a create: exactly one, with a parsable message.
pub fn create_secrets(errors: &mut Errors, data: &Value) {
    match data.get("secrets") {
        None => errors.add("secrets", "_required", "A secret is required."),
        Some(Value::Array(a)) if a.is_empty() => {
            errors.add("secrets", "_empty", "The secret should not be empty.")
        }
        Some(Value::Array(a)) if a.len() > 1 => errors.add(
            "secrets",
            "hasAtMost",
            "Only the secret of the owner must be provided.",
        ),
        Some(Value::Array(a)) => secret_data(errors, "secrets.0", &a[0]),
        Some(_) => errors.add("secrets", "_empty", "The secret should not be empty."),
    }
}

/// One secret's `data`: present, not empty, an armored OpenPGP message.
pub fn secret_data(errors: &mut Errors, path: &str, secret: &Value) {
    let field = format!("{path}.data");
    match secret.get("data") {
        None => errors.add(&field, "_required", "A message is required."),
        Some(Value::String(s)) if s.is_empty() => {
            errors.add(&field, "_empty", "The message should not be empty.")
        }
        Some(Value::String(s)) if message::parse(s).is_none() => {
            errors.add(&field, "isValidOpenPGPMessage", NOT_A_MESSAGE)
        }
        Some(Value::String(_)) => {}
        Some(_) => errors.add(
            &field,
            "ascii",
            "The message should be a valid ASCII string.",
        ),
    }
}

/// The v5 triple: field rules, then (when those pass) the build rules: key type allowed, key
/// exists and is not expired, metadata for exactly that key. Returns the metadata key id to
/// store (a `user_key` resource without one gets the caller's gpgkey id).
pub fn v5_metadata(
    errors: &mut Errors,
    state: &State,
    user_id: &str,
    data: &Value,
    required: bool,
) -> Option<String> {
    string_field(errors, data, "metadata", 10_000_000, required, "metadata");
    let key_type = data.get("metadata_key_type");
    match key_type {
        None if required => errors.add(
            "metadata_key_type",
            "_required",
            "A metadata key type is required.",
        ),
        Some(Value::String(t)) if t == "user_key" || t == "shared_key" => {}
        None => {}
        Some(_) => errors.add(
            "metadata_key_type",
            "inList",
            "The metadata key type should be one of the following: user_key, shared_key.",
        ),
    }
    let key_id = data
        .get("metadata_key_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(id) = &key_id {
        if !is_uuid(id) {
            errors.add(
                "metadata_key_id",
                "uuid",
                "The metadata key identifier should be a valid UUID.",
            );
        }
    }
    if !errors.is_empty() {
        return None;
    }
    let key_type = key_type.and_then(Value::as_str).unwrap_or("shared_key");
    let personal_allowed = state.db.metadata_keys_settings["allow_usage_of_personal_keys"]
        .as_bool()
        .unwrap_or(false);
    if key_type == "user_key" && !personal_allowed {
        errors.add(
            "metadata_key_type",
            "isMetadataKeyTypeAllowedBySettings",
            "The settings selected by your administrator prevent from using that key type.",
        );
        return None;
    }
    let (key_id, recipients) = if key_type == "user_key" {
        let own = state.gpgkey_of(user_id);
        let id = key_id.or_else(|| own.map(|k| k.id.clone()));
        match (id, own) {
            (Some(id), Some(k)) if id == k.id => (id, k.recipient_key_ids.clone()),
            _ => {
                errors.add(
                    "metadata_key_id",
                    "metadata_key_exists",
                    "The metadata key does not exist.",
                );
                return None;
            }
        }
    } else {
        let Some(id) = key_id else {
            errors.add(
                "metadata_key_id",
                "_required",
                "A metadata key identifier is required.",
            );
            return None;
        };
        match state.metadata_key(&id).filter(|k| k.deleted.is_none()) {
            None => {
                errors.add(
                    "metadata_key_id",
                    "metadata_key_exists",
                    "The metadata key does not exist.",
                );
                return None;
            }
            Some(k) if k.expired.is_some() => {
                errors.add(
                    "metadata_key_id",
                    "isMetadataKeyNotExpired",
                    "The metadata key is marked as expired.",
                );
                return None;
            }
            Some(k) => (id, k.recipient_key_ids.clone()),
        }
    };
    if let Some(armored) = data.get("metadata").and_then(Value::as_str) {
        if !message::parse(armored).is_some_and(|m| m.is_for_one_of(&recipients)) {
            errors.add(
                "metadata",
                "isValidEncryptedResourceMetadata",
                "The resource metadata OpenPGP message cannot be parsed or is not for the intended recipient.",
            );
        }
    }
    Some(key_id)
}

/// `folder_parent_id`: null, or a folder the caller can update.
pub fn folder_parent(errors: &mut Errors, state: &State, user_id: &str, data: &Value) {
    match data.get("folder_parent_id") {
        None | Some(Value::Null) => {}
        Some(Value::String(id)) if !is_uuid(id) => errors.add(
            "folder_parent_id",
            "uuid",
            "The folder parent identifier should be a valid UUID.",
        ),
        Some(Value::String(id)) if state.folder(id).is_none() => errors.add(
            "folder_parent_id",
            "folder_exists",
            "The folder parent must exist.",
        ),
        Some(Value::String(id))
            if state
                .access(user_id, id)
                .is_none_or(|p| p.kind < crate::state::UPDATE) =>
        {
            errors.add(
                "folder_parent_id",
                "has_folder_access",
                "You are not allowed to create content into the parent folder.",
            )
        }
        Some(Value::String(_)) => {}
        Some(_) => errors.add(
            "folder_parent_id",
            "uuid",
            "The folder parent identifier should be a valid UUID.",
        ),
    }
}

/// `expired`: null or an ISO date.
pub fn expired(errors: &mut Errors, data: &Value) {
    match data.get("expired") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if crate::clock::parse_iso(s).is_some() => {}
        Some(_) => errors.add(
            "expired",
            "dateTime",
            "The expiry date should be a valid date.",
        ),
    }
}

//! A resource's metadata checked against its type's schema: the cleartext fields of a v4
//! resource, or the JSON object a v5 resource encrypts (`{object_type: "PASSBOLT_RESOURCE_METADATA",
//! resource_type_id, name, username, uris, description, icon, custom_fields}`).
//!
//! [`validate_metadata`] works on any JSON value with JSON-Schema semantics (fields the type
//! does not define are ignored, as the schema allows them); [`ResourceMetadata`] is the typed
//! form a client builds, whose [`ResourceMetadata::validate`] also refuses fields the type
//! does not have. Encrypting and decrypting metadata is the `metadata` module's work.

use serde::Serialize;
use serde_json::Value;

use super::field_rules::{is_uuid, Checker, FieldViolation};
use super::resource_types::{limits, Presence, ResourceType, SchemaVersion, UriField};
use super::secret_data::{read_custom_fields, CustomFieldType, CustomFieldValue};

/// `object_type` of v5 resource metadata.
pub const METADATA_OBJECT_TYPE: &str = "PASSBOLT_RESOURCE_METADATA";

/// The icon sets of `icon.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum IconSet {
    /// `keepass-icon-set`
    #[serde(rename = "keepass-icon-set")]
    Keepass,
    /// `passbolt-icon-set`
    #[serde(rename = "passbolt-icon-set")]
    Passbolt,
}

impl IconSet {
    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            IconSet::Keepass => "keepass-icon-set",
            IconSet::Passbolt => "passbolt-icon-set",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [IconSet::Keepass, IconSet::Passbolt]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// `icon` of v5 metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Icon {
    /// The icon set.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub set: Option<IconSet>,
    /// The icon's index in the set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<u64>,
    /// `#RRGGBB` or `#RRGGBBAA`, or none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background_color: Option<String>,
}

/// The metadata half of a custom field (its label; the value may be here or in the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetadataCustomField {
    /// The field's UUID, shared with its secret half.
    pub id: String,
    /// The field's type.
    #[serde(rename = "type")]
    pub field_type: CustomFieldType,
    /// The label (≤ 255 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_key: Option<String>,
    /// A cleartext value (≤ 20,000 characters when a string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_value: Option<CustomFieldValue>,
}

/// The metadata of a v5 resource, before encryption or after decryption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceMetadata {
    /// The resource type's id (inside the encrypted metadata too).
    pub resource_type_id: String,
    /// The name (required, ≤ 255 characters).
    pub name: String,
    /// The username (≤ 255 characters), on the types that have one.
    pub username: Option<String>,
    /// The addresses (≤ 32, each ≤ 1024 characters), on the types that have them.
    pub uris: Vec<String>,
    /// The cleartext description (≤ 10,000 characters).
    pub description: Option<String>,
    /// The icon.
    pub icon: Option<Icon>,
    /// The metadata halves of custom fields.
    pub custom_fields: Option<Vec<MetadataCustomField>>,
}

#[derive(Serialize)]
struct Wire<'a> {
    object_type: &'static str,
    resource_type_id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uris: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<&'a Icon>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_fields: Option<&'a [MetadataCustomField]>,
}

impl ResourceMetadata {
    /// Metadata of type `ty` with only a name.
    pub fn new(ty: ResourceType, name: impl Into<String>) -> Self {
        ResourceMetadata {
            resource_type_id: ty.id().to_owned(),
            name: name.into(),
            username: None,
            uris: Vec::new(),
            description: None,
            icon: None,
            custom_fields: None,
        }
    }

    /// The resource type named by `resource_type_id`, if it is one of the 11.
    pub fn resource_type(&self) -> Option<ResourceType> {
        ResourceType::from_id(&self.resource_type_id)
    }

    /// The JSON object to encrypt: `object_type` first, then the type's fields (null for an
    /// unset username or description, as the extension writes them).
    pub fn to_json(&self) -> Value {
        let schema = self
            .resource_type()
            .map(|t| t.schema().metadata)
            .unwrap_or(ResourceType::V5Default.schema().metadata);
        let wire = Wire {
            object_type: METADATA_OBJECT_TYPE,
            resource_type_id: &self.resource_type_id,
            name: &self.name,
            username: schema.username.then_some(self.username.as_deref()),
            uris: (schema.uri == UriField::List).then_some(self.uris.as_slice()),
            description: schema.description.then_some(self.description.as_deref()),
            icon: self.icon.as_ref(),
            custom_fields: self.custom_fields.as_deref(),
        };
        serde_json::to_value(&wire).unwrap_or(Value::Null)
    }

    /// Checks the metadata against its type: the rules of [`validate_metadata`], plus
    /// `notInType` for a field set that the type does not have (it would be dropped) and
    /// `matchesType` when `resource_type_id` is not a v5 type.
    pub fn validate(&self) -> Result<(), Vec<FieldViolation>> {
        let Some(ty) = self
            .resource_type()
            .filter(|t| t.version() == SchemaVersion::V5)
        else {
            return Err(vec![FieldViolation {
                path: "resource_type_id".into(),
                rule: "matchesType",
                message: "resource_type_id is not the id of a v5 resource type".into(),
            }]);
        };
        let mut c = Checker::default();
        let schema = ty.schema().metadata;
        let slug = ty.slug();
        if !schema.username && self.username.is_some() {
            c.not_in_type("username", slug);
        }
        if schema.uri != UriField::List && !self.uris.is_empty() {
            c.not_in_type("uris", slug);
        }
        if schema.custom_fields == Presence::Absent && self.custom_fields.is_some() {
            c.not_in_type("custom_fields", slug);
        }
        if let Err(more) = validate_metadata(ty, &self.to_json()) {
            c.violations.extend(more);
        }
        c.finish()
    }

    /// Reads decrypted metadata: the value must pass [`validate_metadata`] for the type its
    /// `resource_type_id` names. Fields the type does not define are ignored; `null` items of
    /// `uris` are skipped.
    pub fn from_json(value: &Value) -> Result<Self, Vec<FieldViolation>> {
        let ty = value
            .get("resource_type_id")
            .and_then(Value::as_str)
            .and_then(ResourceType::from_id)
            .ok_or_else(|| {
                vec![FieldViolation {
                    path: "resource_type_id".into(),
                    rule: "matchesType",
                    message: "resource_type_id is not the id of a known resource type".into(),
                }]
            })?;
        validate_metadata(ty, value)?;
        let schema = ty.schema().metadata;
        let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
        let uris = match (schema.uri, value.get("uris")) {
            (UriField::List, Some(Value::Array(items))) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        let icon = value
            .get("icon")
            .filter(|v| v.is_object())
            .map(|icon| Icon {
                set: icon
                    .get("type")
                    .and_then(Value::as_str)
                    .and_then(IconSet::from_name),
                value: icon.get("value").and_then(Value::as_u64),
                background_color: icon
                    .get("background_color")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            });
        let custom_fields = match value.get("custom_fields") {
            Some(list @ Value::Array(_)) if schema.custom_fields.allowed() => Some(
                read_custom_fields(list, "metadata_key", "metadata_value")
                    .unwrap_or_default()
                    .into_iter()
                    .map(
                        |(id, field_type, metadata_key, metadata_value)| MetadataCustomField {
                            id,
                            field_type,
                            metadata_key,
                            metadata_value,
                        },
                    )
                    .collect(),
            ),
            _ => None,
        };
        Ok(ResourceMetadata {
            resource_type_id: ty.id().to_owned(),
            name: text("name").unwrap_or_default(),
            username: schema.username.then(|| text("username")).flatten(),
            uris,
            description: schema.description.then(|| text("description")).flatten(),
            icon: schema.icon.then_some(icon).flatten(),
            custom_fields,
        })
    }
}

/// Checks a metadata object against `ty`'s schema with the server's limits.
///
/// For a v5 type: `object_type` must be `PASSBOLT_RESOURCE_METADATA`, `resource_type_id` must
/// be `ty`'s id, then `name`, `username`, `uris`, `description`, `icon` and `custom_fields` as
/// the type defines them. For a v4 type: the cleartext fields `name`, `username`, `uri` and
/// `description`. Fields the type does not define are ignored (JSON-Schema semantics).
/// Returns every broken rule, in field order; messages never quote values.
pub fn validate_metadata(ty: ResourceType, metadata: &Value) -> Result<(), Vec<FieldViolation>> {
    let mut c = Checker::default();
    let Some(map) = metadata.as_object() else {
        c.wrong_type("metadata", "an object");
        return c.finish();
    };
    let schema = ty.schema().metadata;
    let field = |name: &str| map.get(name);
    if ty.version() == SchemaVersion::V5 {
        match field("object_type") {
            None => c.required("object_type"),
            Some(v) if v.as_str() != Some(METADATA_OBJECT_TYPE) => c.push(
                "object_type",
                "enum",
                format!("object_type must be {METADATA_OBJECT_TYPE}"),
            ),
            _ => {}
        }
        match field("resource_type_id") {
            None => c.required("resource_type_id"),
            Some(Value::String(id)) if !is_uuid(id) => c.uuid("resource_type_id", id),
            Some(Value::String(id)) if !id.eq_ignore_ascii_case(ty.id()) => c.push(
                "resource_type_id",
                "matchesType",
                format!("resource_type_id must be the id of {}", ty.slug()),
            ),
            Some(Value::String(_)) => {}
            Some(_) => c.wrong_type("resource_type_id", "a string"),
        }
    }
    match field("name") {
        None | Some(Value::Null) => c.required("name"),
        Some(v) => string(&mut c, "name", v, limits::NAME, false),
    }
    if schema.username {
        if let Some(v) = field("username") {
            string(&mut c, "username", v, limits::USERNAME, true);
        }
    }
    match schema.uri {
        UriField::None => {}
        UriField::Single => {
            if let Some(v) = field("uri") {
                string(&mut c, "uri", v, limits::URI, true);
            }
        }
        UriField::List => match field("uris") {
            None => {}
            Some(Value::Array(items)) => {
                c.max_items("uris", items.len(), limits::URIS_ITEMS);
                for (i, item) in items.iter().enumerate() {
                    string(&mut c, &format!("uris.{i}"), item, limits::URI, true);
                }
            }
            Some(_) => c.wrong_type("uris", "a list"),
        },
    }
    if schema.description {
        if let Some(v) = field("description") {
            string(&mut c, "description", v, limits::METADATA_DESCRIPTION, true);
        }
    }
    if schema.icon {
        if let Some(v) = field("icon") {
            check_icon(&mut c, v);
        }
    }
    if schema.custom_fields.allowed() {
        match field("custom_fields") {
            None if schema.custom_fields == Presence::Required => c.required("custom_fields"),
            None => {}
            Some(v) => check_metadata_custom_fields(&mut c, v),
        }
    }
    c.finish()
}

/// A string within `max` characters (or null when `nullable`).
fn string(c: &mut Checker, path: &str, value: &Value, max: usize, nullable: bool) {
    match value {
        Value::String(s) => c.length(path, s, 0, max),
        Value::Null if nullable => {}
        _ if nullable => c.wrong_type(path, "a string or null"),
        _ => c.wrong_type(path, "a string"),
    }
}

fn check_icon(c: &mut Checker, value: &Value) {
    let Some(icon) = value.as_object() else {
        c.wrong_type("icon", "an object");
        return;
    };
    if let Some(set) = icon.get("type") {
        if set.as_str().and_then(IconSet::from_name).is_none() {
            c.push(
                "icon.type",
                "enum",
                "icon.type must be keepass-icon-set or passbolt-icon-set".into(),
            );
        }
    }
    if let Some(v) = icon.get("value") {
        if v.as_u64().is_none() {
            let rule = if v.as_i64().is_some() {
                "minimum"
            } else {
                "type"
            };
            c.push(
                "icon.value",
                rule,
                "icon.value must be an integer of at least 0".into(),
            );
        }
    }
    match icon.get("background_color") {
        None | Some(Value::Null) => {}
        Some(Value::String(color)) if is_hex_color(color) => {}
        Some(_) => c.push(
            "icon.background_color",
            "pattern",
            "icon.background_color must be #RRGGBB or #RRGGBBAA".into(),
        ),
    }
}

fn is_hex_color(color: &str) -> bool {
    color.strip_prefix('#').is_some_and(|hex| {
        (hex.len() == 6 || hex.len() == 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

fn check_metadata_custom_fields(c: &mut Checker, value: &Value) {
    let Some(items) = value.as_array() else {
        c.wrong_type("custom_fields", "a list");
        return;
    };
    c.max_items("custom_fields", items.len(), limits::CUSTOM_FIELDS_ITEMS);
    for (i, item) in items.iter().enumerate() {
        let path = format!("custom_fields.{i}");
        let Some(field) = item.as_object() else {
            c.wrong_type(&path, "an object");
            continue;
        };
        match field.get("id") {
            None => c.required(&format!("{path}.id")),
            Some(Value::String(id)) => c.uuid(&format!("{path}.id"), id),
            Some(_) => c.wrong_type(&format!("{path}.id"), "a UUID"),
        }
        match field.get("type") {
            None => c.required(&format!("{path}.type")),
            Some(t) if t.as_str().and_then(CustomFieldType::from_name).is_some() => {}
            Some(_) => c.push(
                format!("{path}.type"),
                "enum",
                format!("{path}.type must be text, password, boolean, number or uri"),
            ),
        }
        if let Some(key) = field.get("metadata_key") {
            string(
                c,
                &format!("{path}.metadata_key"),
                key,
                limits::CUSTOM_FIELD_KEY,
                true,
            );
        }
        match field.get("metadata_value") {
            None | Some(Value::Null) | Some(Value::Number(_)) | Some(Value::Bool(_)) => {}
            Some(Value::String(s)) => c.length(
                &format!("{path}.metadata_value"),
                s,
                0,
                limits::CUSTOM_FIELD_VALUE,
            ),
            Some(_) => c.wrong_type(
                &format!("{path}.metadata_value"),
                "a string, number, boolean or null",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(result: Result<(), Vec<FieldViolation>>) -> Vec<(String, &'static str)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|v| (v.path, v.rule))
            .collect()
    }

    #[test]
    fn fixture_shaped_metadata_passes_and_round_trips() {
        let value = json!({
            "object_type": "PASSBOLT_RESOURCE_METADATA",
            "resource_type_id": "dd1f723d-0d1e-513f-8218-4055dc0530d0",
            "name": "Shared fixture resource",
            "username": "ada@fixture.test",
            "uris": ["https://shared.fixture.test"],
            "description": null,
            "icon": {"type": "keepass-icon-set", "value": 42, "background_color": "#FFAA00"},
            "custom_fields": [{"id": "a7d1c6e8-3c53-4a3a-9f0e-5c2d1b0a9e11", "type": "text", "metadata_key": "environment"}]
        });
        assert_eq!(validate_metadata(ResourceType::V5Default, &value), Ok(()));
        let parsed = ResourceMetadata::from_json(&value).unwrap();
        assert_eq!(parsed.to_json(), value);
        assert_eq!(parsed.validate(), Ok(()));
    }

    #[test]
    fn every_limit_is_reported_by_path_and_rule() {
        let value = json!({
            "object_type": "PASSBOLT_SECRET_DATA",
            "resource_type_id": "7438294d-f71c-5164-ba95-d9e60e295564",
            "name": "n".repeat(256),
            "username": 7,
            "uris": vec!["u"; 33],
            "description": "d".repeat(10_001),
            "icon": {"type": "other-set", "value": -1, "background_color": "red"},
            "custom_fields": [{"id": "nope", "type": "date", "metadata_value": "v".repeat(20_001)}, {"type": "text"}]
        });
        assert_eq!(
            rules(validate_metadata(ResourceType::V5Default, &value)),
            vec![
                ("object_type".into(), "enum"),
                ("resource_type_id".into(), "matchesType"),
                ("name".into(), "maxLength"),
                ("username".into(), "type"),
                ("uris".into(), "maxItems"),
                ("description".into(), "maxLength"),
                ("icon.type".into(), "enum"),
                ("icon.value".into(), "minimum"),
                ("icon.background_color".into(), "pattern"),
                ("custom_fields.0.id".into(), "format"),
                ("custom_fields.0.type".into(), "enum"),
                ("custom_fields.0.metadata_value".into(), "maxLength"),
                ("custom_fields.1.id".into(), "required"),
            ]
        );
    }

    #[test]
    fn required_fields_per_type() {
        let base = json!({
            "object_type": "PASSBOLT_RESOURCE_METADATA",
            "resource_type_id": ResourceType::V5CustomFields.id(),
        });
        assert_eq!(
            rules(validate_metadata(ResourceType::V5CustomFields, &base)),
            vec![
                ("name".into(), "required"),
                ("custom_fields".into(), "required")
            ]
        );
        assert_eq!(
            rules(validate_metadata(ResourceType::V5Default, &json!([]))),
            vec![("metadata".into(), "type")]
        );
    }

    #[test]
    fn v4_cleartext_fields_are_checked_too() {
        let value =
            json!({"name": "n", "username": null, "uri": "u".repeat(1025), "description": "d"});
        assert_eq!(
            rules(validate_metadata(ResourceType::PasswordString, &value)),
            vec![("uri".into(), "maxLength")]
        );
    }

    #[test]
    fn typed_metadata_refuses_fields_its_type_lacks() {
        let mut m = ResourceMetadata::new(ResourceType::V5PinCode, "PIN");
        m.username = Some("u".into());
        m.uris = vec!["https://x".into()];
        assert_eq!(
            rules(m.validate()),
            vec![
                ("username".into(), "notInType"),
                ("uris".into(), "notInType")
            ]
        );
        let v4 = ResourceMetadata::new(ResourceType::PasswordString, "x");
        assert_eq!(
            rules(v4.validate()),
            vec![("resource_type_id".into(), "matchesType")]
        );
    }
}

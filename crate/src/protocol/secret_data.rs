//! The plaintext of a secret, typed, and its form per resource type: the password itself for
//! the string types, JSON for the others (v5 JSON with `"object_type": "PASSBOLT_SECRET_DATA"`),
//! as the extension writes it (`EXT model/resource/resourceModel.js serializePlaintextDto`).
//!
//! `Debug` never shows a secret value. The serialised plaintext is [`Zeroizing`], and the JSON
//! parsed from a decrypted secret is wiped after reading; the typed fields are plain `String`s
//! (so that struct-update syntax works) and are not wiped on drop.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Number, Value};
use zeroize::{Zeroize, Zeroizing};

use super::api_error::ApiError;
use super::field_rules::{Checker, FieldViolation};
use super::resource_types::{limits, Presence, ResourceType, SecretFields, SecretSchema};

/// `object_type` of a v5 secret.
pub const SECRET_OBJECT_TYPE: &str = "PASSBOLT_SECRET_DATA";

/// The type of a custom field (both halves: metadata and secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CustomFieldType {
    /// `text`
    Text,
    /// `password`
    Password,
    /// `boolean`
    Boolean,
    /// `number`
    Number,
    /// `uri`
    Uri,
}

impl CustomFieldType {
    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            CustomFieldType::Text => "text",
            CustomFieldType::Password => "password",
            CustomFieldType::Boolean => "boolean",
            CustomFieldType::Number => "number",
            CustomFieldType::Uri => "uri",
        }
    }

    /// The type named `name`, if it is one of the five.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            CustomFieldType::Text,
            CustomFieldType::Password,
            CustomFieldType::Boolean,
            CustomFieldType::Number,
            CustomFieldType::Uri,
        ]
        .into_iter()
        .find(|t| t.as_str() == name)
    }
}

/// The value of a custom field: a string (≤ 20,000 characters), a number or a boolean.
#[derive(Clone, PartialEq, Eq)]
pub enum CustomFieldValue {
    /// A string.
    Text(String),
    /// A number.
    Number(Number),
    /// A boolean.
    Boolean(bool),
}

impl CustomFieldValue {
    fn to_json(&self) -> Value {
        match self {
            CustomFieldValue::Text(s) => Value::String(s.clone()),
            CustomFieldValue::Number(n) => Value::Number(n.clone()),
            CustomFieldValue::Boolean(b) => Value::Bool(*b),
        }
    }

    /// Reads a JSON value; `None` for anything but a string, number or boolean.
    pub(crate) fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(CustomFieldValue::Text(s.clone())),
            Value::Number(n) => Some(CustomFieldValue::Number(n.clone())),
            Value::Bool(b) => Some(CustomFieldValue::Boolean(*b)),
            _ => None,
        }
    }

    pub(crate) fn check(&self, checker: &mut Checker, path: &str) {
        if let CustomFieldValue::Text(s) = self {
            checker.length(path, s, 0, limits::CUSTOM_FIELD_VALUE);
        }
    }
}

impl Serialize for CustomFieldValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CustomFieldValue::Text(s) => serializer.serialize_str(s),
            CustomFieldValue::Number(n) => n.serialize(serializer),
            CustomFieldValue::Boolean(b) => serializer.serialize_bool(*b),
        }
    }
}

impl fmt::Debug for CustomFieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A TOTP definition (`totp` of the TOTP types).
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Totp {
    /// `SHA1`, `SHA256` or `SHA512` (4 to 6 characters).
    pub algorithm: String,
    /// The base32 shared secret (≤ 1024 characters).
    pub secret_key: String,
    /// Code length, 6 to 8.
    pub digits: u8,
    /// Code period in seconds (usually 30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<u32>,
}

impl fmt::Debug for Totp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Totp")
            .field("algorithm", &self.algorithm)
            .field("secret_key", &"<redacted>")
            .field("digits", &self.digits)
            .field("period", &self.period)
            .finish()
    }
}

/// The secret half of a custom field; the metadata half with the same `id` holds its label.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct SecretCustomField {
    /// The field's UUID, shared with its metadata half.
    pub id: String,
    /// The field's type.
    #[serde(rename = "type")]
    pub field_type: CustomFieldType,
    /// An optional secret key name (≤ 255 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
    /// The secret value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_value: Option<CustomFieldValue>,
}

impl fmt::Debug for SecretCustomField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretCustomField")
            .field("id", &self.id)
            .field("field_type", &self.field_type)
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .field("secret_value", &self.secret_value)
            .finish()
    }
}

/// A secret's plaintext. Which fields a resource type uses is in its
/// [`SecretSchema`](super::resource_types::SecretSchema); for the string types the secret is
/// [`SecretData::password`].
///
/// It serialises (for the JS export) as an object with every field, `null` when unset.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct SecretData {
    /// The password (or the whole secret of the string types).
    pub password: Option<String>,
    /// The encrypted description (the note of `v5-note`).
    pub description: Option<String>,
    /// The TOTP definition.
    pub totp: Option<Totp>,
    /// The PIN of `v5-pin-code` (4 to 12 digits).
    pub pin_code: Option<String>,
    /// The secret halves of custom fields.
    pub custom_fields: Option<Vec<SecretCustomField>>,
}

impl fmt::Debug for SecretData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |set: bool| if set { "<redacted>" } else { "None" };
        f.debug_struct("SecretData")
            .field("password", &shown(self.password.is_some()))
            .field("description", &shown(self.description.is_some()))
            .field("totp", &self.totp)
            .field("pin_code", &shown(self.pin_code.is_some()))
            .field("custom_fields", &self.custom_fields)
            .finish()
    }
}

#[derive(Serialize)]
struct Wire<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    object_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    totp: Option<&'a Totp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pin_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_fields: Option<&'a [SecretCustomField]>,
}

impl SecretData {
    /// A secret holding only a password (the string types, or a password-only v4/v5 default).
    pub fn password(password: impl Into<String>) -> Self {
        SecretData {
            password: Some(password.into()),
            ..SecretData::default()
        }
    }

    /// Checks the secret against `ty`'s schema and the server's limits: required fields,
    /// fields the type does not have (`notInType`), lengths, TOTP digits, PIN code digits,
    /// custom field ids. Returns every broken rule.
    pub fn validate(&self, ty: ResourceType) -> Result<(), Vec<FieldViolation>> {
        let mut c = Checker::default();
        let slug = ty.slug();
        match ty.schema().secret {
            SecretSchema::PlainString => {
                match &self.password {
                    Some(p) => c.length("password", p, 0, limits::PASSWORD),
                    None => c.required("password"),
                }
                for (name, set) in [
                    ("description", self.description.is_some()),
                    ("totp", self.totp.is_some()),
                    ("pin_code", self.pin_code.is_some()),
                    ("custom_fields", self.custom_fields.is_some()),
                ] {
                    if set {
                        c.not_in_type(name, slug);
                    }
                }
            }
            SecretSchema::Object(fields) => self.check_object(&mut c, fields, slug),
        }
        c.finish()
    }

    fn check_object(&self, c: &mut Checker, fields: SecretFields, slug: &str) {
        let presence = |c: &mut Checker, name: &str, p: Presence, set: bool| match (p, set) {
            (Presence::Absent, true) => {
                c.not_in_type(name, slug);
                false
            }
            (Presence::Required, false) => {
                c.required(name);
                false
            }
            (_, set) => set,
        };
        if presence(c, "password", fields.password, self.password.is_some()) {
            if let Some(p) = &self.password {
                c.length("password", p, 0, limits::PASSWORD);
            }
        }
        // A required description may be null (`anyOf string|null`): it is written as null.
        let description_presence = match fields.description {
            Presence::Required => Presence::Optional,
            other => other,
        };
        if presence(
            c,
            "description",
            description_presence,
            self.description.is_some(),
        ) {
            if let Some(d) = &self.description {
                c.length("description", d, 0, fields.description_max);
            }
        }
        if presence(c, "totp", fields.totp, self.totp.is_some()) {
            if let Some(totp) = &self.totp {
                check_totp(c, totp);
            }
        }
        if presence(c, "pin_code", fields.pin_code, self.pin_code.is_some()) {
            if let Some(pin) = &self.pin_code {
                let (min, max) = limits::PIN_CODE;
                c.length("pin_code", pin, min, max);
                if pin.is_empty() || !pin.bytes().all(|b| b.is_ascii_digit()) {
                    c.push("pin_code", "pattern", "pin_code must be digits only".into());
                }
            }
        }
        if presence(
            c,
            "custom_fields",
            fields.custom_fields,
            self.custom_fields.is_some(),
        ) {
            if let Some(list) = &self.custom_fields {
                c.max_items("custom_fields", list.len(), limits::CUSTOM_FIELDS_ITEMS);
                for (i, field) in list.iter().enumerate() {
                    let path = format!("custom_fields.{i}");
                    c.uuid(&format!("{path}.id"), &field.id);
                    if let Some(key) = &field.secret_key {
                        c.length(
                            &format!("{path}.secret_key"),
                            key,
                            0,
                            limits::CUSTOM_FIELD_KEY,
                        );
                    }
                    if let Some(value) = &field.secret_value {
                        value.check(c, &format!("{path}.secret_value"));
                    }
                }
            }
        }
    }

    /// The plaintext to encrypt for `ty`: the password itself for the string types, else
    /// compact JSON (v5 with `object_type` first). Validates first.
    ///
    /// Errors: [`ApiError::InvalidInput`] with every broken rule.
    pub fn to_plaintext(&self, ty: ResourceType) -> Result<Zeroizing<String>, ApiError> {
        self.validate(ty)
            .map_err(|violations| ApiError::InvalidInput { violations })?;
        let fields = match ty.schema().secret {
            SecretSchema::PlainString => {
                return Ok(Zeroizing::new(self.password.clone().unwrap_or_default()))
            }
            SecretSchema::Object(fields) => fields,
        };
        let wire = Wire {
            object_type: fields.object_type.allowed().then_some(SECRET_OBJECT_TYPE),
            password: self.password.as_deref(),
            description: match (fields.description, &self.description) {
                (_, Some(d)) => Some(Some(d.as_str())),
                (Presence::Required, None) => Some(None),
                _ => None,
            },
            totp: self.totp.as_ref(),
            pin_code: self.pin_code.as_deref(),
            custom_fields: self.custom_fields.as_deref(),
        };
        serde_json::to_string(&wire)
            .map(Zeroizing::new)
            .map_err(|_| {
                ApiError::Crypto(crate::pgp::PgpError::Internal {
                    operation: "serialise the secret",
                })
            })
    }

    /// Reads a decrypted secret of type `ty`. Liberal: limits are not enforced and unknown
    /// JSON fields are ignored, but the fields the type requires must be there with their
    /// JSON types, and a v5 `object_type`, when present, must be `PASSBOLT_SECRET_DATA`.
    ///
    /// Errors: [`ApiError::MalformedSecret`] naming the field (never quoting the secret).
    pub fn from_plaintext(ty: ResourceType, plaintext: &str) -> Result<Self, ApiError> {
        let fields = match ty.schema().secret {
            SecretSchema::PlainString => return Ok(SecretData::password(plaintext)),
            SecretSchema::Object(fields) => fields,
        };
        let mut value: Value = serde_json::from_str(plaintext).map_err(|_| not_an_object())?;
        let result = value
            .as_object()
            .ok_or_else(not_an_object)
            .and_then(|map| read_object(map, fields));
        zeroize_value(&mut value);
        result
    }
}

impl SecretData {
    /// Reads a secret given as a JSON value (as a caller builds it, not as decrypted): a
    /// string is the password of the string types; an object may have any of the secret
    /// fields, whatever `ty` defines, so that [`SecretData::validate`] can report a field
    /// the type does not have (`notInType`). A v5 `object_type`, when present, must be
    /// `PASSBOLT_SECRET_DATA`.
    ///
    /// Errors: [`ApiError::MalformedSecret`] naming the field of the wrong JSON type.
    pub fn from_json(ty: ResourceType, value: &Value) -> Result<Self, ApiError> {
        match (ty.schema().secret, value) {
            (SecretSchema::PlainString, Value::String(s)) => Ok(SecretData::password(s.clone())),
            (_, Value::Object(map)) => read_object(map, ANY_SECRET_FIELD),
            (SecretSchema::PlainString, _) => Err(ApiError::MalformedSecret {
                path: "secret".into(),
                expected: "a string or an object",
            }),
            _ => Err(not_an_object()),
        }
    }
}

/// Checks a secret given as JSON against `ty`'s schema: [`SecretData::from_json`], then
/// [`SecretData::validate`]. A field of the wrong JSON type is reported with the rule
/// `type`; the messages never quote a value.
pub fn validate_secret(ty: ResourceType, value: &Value) -> Result<(), Vec<FieldViolation>> {
    match SecretData::from_json(ty, value) {
        Ok(data) => data.validate(ty),
        Err(ApiError::MalformedSecret { path, expected }) => {
            let path = match path.strip_prefix("secret.") {
                Some(inner) => inner.to_owned(),
                None => path,
            };
            Err(vec![FieldViolation {
                message: format!("{path} must be {expected}"),
                path,
                rule: "type",
            }])
        }
        Err(_) => Err(vec![FieldViolation {
            path: "secret".into(),
            rule: "type",
            message: "secret must be a string or an object".into(),
        }]),
    }
}

/// Every field allowed and none required: what [`SecretData::from_json`] reads.
const ANY_SECRET_FIELD: SecretFields = SecretFields {
    object_type: Presence::Optional,
    password: Presence::Optional,
    description: Presence::Optional,
    description_max: limits::V5_SECRET_DESCRIPTION,
    totp: Presence::Optional,
    pin_code: Presence::Optional,
    custom_fields: Presence::Optional,
};

fn not_an_object() -> ApiError {
    ApiError::MalformedSecret {
        path: "secret".into(),
        expected: "a JSON object",
    }
}

/// Reads the fields `fields` allows from a secret object; those it requires must be there.
fn read_object(map: &Map<String, Value>, fields: SecretFields) -> Result<SecretData, ApiError> {
    let bad = |path: &str, expected| ApiError::MalformedSecret {
        path: format!("secret{path}"),
        expected,
    };
    let field = |name: &str| map.get(name).filter(|v| !v.is_null());
    if fields.object_type.allowed() {
        match field("object_type") {
            None if fields.object_type == Presence::Required => {
                return Err(bad(".object_type", "\"PASSBOLT_SECRET_DATA\""))
            }
            Some(v) if v.as_str() != Some(SECRET_OBJECT_TYPE) => {
                return Err(bad(".object_type", "\"PASSBOLT_SECRET_DATA\""))
            }
            _ => {}
        }
    }
    let string = |name: &str, p: Presence| -> Result<Option<String>, ApiError> {
        if !p.allowed() {
            return Ok(None);
        }
        match field(name) {
            Some(Value::String(s)) => Ok(Some(s.clone())),
            None if p != Presence::Required || name == "description" => Ok(None),
            _ => Err(bad(&format!(".{name}"), "a string")),
        }
    };
    let totp = match (fields.totp.allowed(), field("totp")) {
        (false, _) => None,
        (true, Some(v)) => Some(read_totp(v).map_err(|(p, e)| bad(&format!(".totp{p}"), e))?),
        (true, None) if fields.totp == Presence::Required => return Err(bad(".totp", "an object")),
        (true, None) => None,
    };
    let custom_fields = match (fields.custom_fields.allowed(), field("custom_fields")) {
        (false, _) => None,
        (true, Some(v)) => Some(
            read_secret_custom_fields(v).map_err(|(p, e)| bad(&format!(".custom_fields{p}"), e))?,
        ),
        (true, None) if fields.custom_fields == Presence::Required => {
            return Err(bad(".custom_fields", "a list"))
        }
        (true, None) => None,
    };
    Ok(SecretData {
        password: string("password", fields.password)?,
        description: string("description", fields.description)?,
        totp,
        pin_code: string("pin_code", fields.pin_code)?,
        custom_fields,
    })
}

/// Wipes the strings of a parsed JSON value before it is dropped.
pub(crate) fn zeroize_value(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(zeroize_value),
        Value::Object(map) => map.values_mut().for_each(zeroize_value),
        _ => {}
    }
}

fn check_totp(c: &mut Checker, totp: &Totp) {
    let (min, max) = limits::TOTP_ALGORITHM;
    c.length("totp.algorithm", &totp.algorithm, min, max);
    c.length(
        "totp.secret_key",
        &totp.secret_key,
        0,
        limits::TOTP_SECRET_KEY,
    );
    let (min, below) = limits::TOTP_DIGITS;
    let digits = u64::from(totp.digits);
    if digits < min {
        c.push(
            "totp.digits",
            "minimum",
            format!("totp.digits must be at least {min}"),
        );
    } else if digits >= below {
        c.push(
            "totp.digits",
            "exclusiveMaximum",
            format!("totp.digits must be less than {below}"),
        );
    }
}

type Where = (String, &'static str);

fn read_totp(value: &Value) -> Result<Totp, Where> {
    let map = value.as_object().ok_or((String::new(), "an object"))?;
    let string = |name: &str| match map.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err((format!(".{name}"), "a string")),
    };
    let digits = map
        .get("digits")
        .and_then(whole_number)
        .and_then(|d| u8::try_from(d).ok())
        .ok_or((".digits".to_owned(), "an integer"))?;
    let period = match map.get("period") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            whole_number(v)
                .and_then(|p| u32::try_from(p).ok())
                .ok_or((".period".to_owned(), "a positive integer"))?,
        ),
    };
    Ok(Totp {
        algorithm: string("algorithm")?,
        secret_key: string("secret_key")?,
        digits,
        period,
    })
}

/// An integer, also when written as `6.0`.
fn whole_number(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 4_294_967_296.0)
            .map(|f| f as u64)
    })
}

/// One custom field as read: `(id, type, key, value)`.
pub(crate) type RawCustomField = (
    String,
    CustomFieldType,
    Option<String>,
    Option<CustomFieldValue>,
);

/// Reads a custom field list, secret or metadata half.
pub(crate) fn read_custom_fields(
    value: &Value,
    key_name: &str,
    value_name: &str,
) -> Result<Vec<RawCustomField>, Where> {
    let list = value.as_array().ok_or((String::new(), "a list"))?;
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            let at = |name: &str| format!(".{i}{name}");
            let map: &Map<String, Value> = item.as_object().ok_or((at(""), "an object"))?;
            let id = match map.get("id") {
                Some(Value::String(s)) => s.clone(),
                _ => return Err((at(".id"), "a string")),
            };
            let field_type = map
                .get("type")
                .and_then(Value::as_str)
                .and_then(CustomFieldType::from_name)
                .ok_or((at(".type"), "text, password, boolean, number or uri"))?;
            let key = match map.get(key_name) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return Err((format!(".{i}.{key_name}"), "a string")),
            };
            let value = match map.get(value_name) {
                None | Some(Value::Null) => None,
                Some(v) => Some(
                    CustomFieldValue::from_json(v)
                        .ok_or((format!(".{i}.{value_name}"), "a string, number or boolean"))?,
                ),
            };
            Ok((id, field_type, key, value))
        })
        .collect()
}

fn read_secret_custom_fields(value: &Value) -> Result<Vec<SecretCustomField>, Where> {
    Ok(read_custom_fields(value, "secret_key", "secret_value")?
        .into_iter()
        .map(
            |(id, field_type, secret_key, secret_value)| SecretCustomField {
                id,
                field_type,
                secret_key,
                secret_value,
            },
        )
        .collect())
}

impl CustomFieldValue {
    /// The value as JSON.
    pub fn as_json(&self) -> Value {
        self.to_json()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totp() -> Totp {
        Totp {
            algorithm: "SHA1".into(),
            secret_key: "JBSWY3DPEHPK3PXP".into(),
            digits: 6,
            period: Some(30),
        }
    }

    #[test]
    fn string_types_serialise_the_password_raw() {
        let s = SecretData::password("plain \"pw\"");
        assert_eq!(
            &*s.to_plaintext(ResourceType::PasswordString).unwrap(),
            "plain \"pw\""
        );
        assert_eq!(
            SecretData::from_plaintext(ResourceType::V5PasswordString, "{not json").unwrap(),
            SecretData::password("{not json")
        );
    }

    #[test]
    fn v4_json_has_no_object_type_and_v5_json_starts_with_it() {
        let s = SecretData {
            description: Some("d".into()),
            ..SecretData::password("p")
        };
        assert_eq!(
            &*s.to_plaintext(ResourceType::PasswordAndDescription)
                .unwrap(),
            r#"{"password":"p","description":"d"}"#
        );
        assert_eq!(
            &*s.to_plaintext(ResourceType::V5Default).unwrap(),
            r#"{"object_type":"PASSBOLT_SECRET_DATA","password":"p","description":"d"}"#
        );
    }

    #[test]
    fn a_note_without_text_is_written_with_a_null_description() {
        assert_eq!(
            &*SecretData::default()
                .to_plaintext(ResourceType::V5Note)
                .unwrap(),
            r#"{"object_type":"PASSBOLT_SECRET_DATA","description":null}"#
        );
    }

    #[test]
    fn limits_and_missing_fields_are_all_reported_without_values() {
        let s = SecretData {
            password: Some("x".repeat(4097)),
            totp: Some(Totp {
                digits: 9,
                algorithm: "MD5".into(),
                ..totp()
            }),
            pin_code: Some("12a".into()),
            ..SecretData::default()
        };
        let violations = s.validate(ResourceType::V5Default).unwrap_err();
        let rules: Vec<(&str, &str)> = violations
            .iter()
            .map(|v| (v.path.as_str(), v.rule))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("password", "maxLength"),
                ("totp", "notInType"),
                ("pin_code", "notInType")
            ]
        );
        let violations = s
            .validate(ResourceType::PasswordDescriptionTotp)
            .unwrap_err();
        let rules: Vec<(&str, &str)> = violations
            .iter()
            .map(|v| (v.path.as_str(), v.rule))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("password", "maxLength"),
                ("totp.algorithm", "minLength"),
                ("totp.digits", "exclusiveMaximum"),
                ("pin_code", "notInType")
            ]
        );
        assert!(!format!("{violations:?}").contains("xxxx"));
    }

    #[test]
    fn pin_codes_are_4_to_12_digits() {
        let pin = |p: &str| SecretData {
            pin_code: Some(p.into()),
            ..SecretData::default()
        };
        assert!(pin("1234").validate(ResourceType::V5PinCode).is_ok());
        assert!(pin("123456789012")
            .validate(ResourceType::V5PinCode)
            .is_ok());
        let rules = |p: &str| -> Vec<&'static str> {
            pin(p)
                .validate(ResourceType::V5PinCode)
                .unwrap_err()
                .iter()
                .map(|v| v.rule)
                .collect()
        };
        assert_eq!(rules("123"), vec!["minLength"]);
        assert_eq!(rules("1234567890123"), vec!["maxLength"]);
        assert_eq!(rules("12a4"), vec!["pattern"]);
        assert_eq!(
            SecretData::default()
                .validate(ResourceType::V5PinCode)
                .unwrap_err()[0]
                .rule,
            "required"
        );
    }

    #[test]
    fn parse_requires_the_types_fields_and_object_type() {
        let err =
            SecretData::from_plaintext(ResourceType::V5DefaultWithTotp, r#"{"password":"p"}"#)
                .unwrap_err();
        assert_eq!(
            err,
            ApiError::MalformedSecret {
                path: "secret.totp".into(),
                expected: "an object"
            }
        );
        let err = SecretData::from_plaintext(
            ResourceType::V5Default,
            r#"{"object_type":"PASSBOLT_RESOURCE_METADATA","password":"p"}"#,
        )
        .unwrap_err();
        assert_eq!(err.code(), "MALFORMED_SECRET");
        let err = SecretData::from_plaintext(
            ResourceType::Totp,
            r#"{"totp":{"algorithm":"SHA1","secret_key":"K","digits":"6"}}"#,
        )
        .unwrap_err();
        assert_eq!(
            err,
            ApiError::MalformedSecret {
                path: "secret.totp.digits".into(),
                expected: "an integer"
            }
        );
        let err = SecretData::from_plaintext(ResourceType::V5Default, "hunter2").unwrap_err();
        assert!(!err.to_string().contains("hunter2"));
    }

    #[test]
    fn round_trip_with_custom_fields() {
        let s = SecretData {
            custom_fields: Some(vec![SecretCustomField {
                id: "a7d1c6e8-3c53-4a3a-9f0e-5c2d1b0a9e11".into(),
                field_type: CustomFieldType::Number,
                secret_key: None,
                secret_value: Some(CustomFieldValue::Number(42.into())),
            }]),
            ..SecretData::default()
        };
        let text = s.to_plaintext(ResourceType::V5CustomFields).unwrap();
        assert_eq!(
            &*text,
            r#"{"object_type":"PASSBOLT_SECRET_DATA","custom_fields":[{"id":"a7d1c6e8-3c53-4a3a-9f0e-5c2d1b0a9e11","type":"number","secret_value":42}]}"#
        );
        assert_eq!(
            SecretData::from_plaintext(ResourceType::V5CustomFields, &text).unwrap(),
            s
        );
    }

    /// A valid secret of every type serialises and reads back unchanged.
    #[test]
    fn every_type_round_trips_a_valid_secret() {
        let field = SecretCustomField {
            id: "a7d1c6e8-3c53-4a3a-9f0e-5c2d1b0a9e11".into(),
            field_type: CustomFieldType::Boolean,
            secret_key: Some("flag".into()),
            secret_value: Some(CustomFieldValue::Boolean(true)),
        };
        for ty in ResourceType::ALL {
            let data = match ty {
                ResourceType::PasswordString | ResourceType::V5PasswordString => {
                    SecretData::password("pw")
                }
                ResourceType::PasswordAndDescription => SecretData {
                    description: Some("d".into()),
                    ..SecretData::password("pw")
                },
                ResourceType::Totp | ResourceType::V5TotpStandalone => SecretData {
                    totp: Some(totp()),
                    ..SecretData::default()
                },
                ResourceType::PasswordDescriptionTotp | ResourceType::V5DefaultWithTotp => {
                    SecretData {
                        description: Some("d".into()),
                        totp: Some(totp()),
                        ..SecretData::password("pw")
                    }
                }
                ResourceType::V5Default => SecretData {
                    custom_fields: Some(vec![field.clone()]),
                    ..SecretData::password("pw")
                },
                ResourceType::V5CustomFields => SecretData {
                    custom_fields: Some(vec![field.clone()]),
                    ..SecretData::default()
                },
                ResourceType::V5Note => SecretData {
                    description: Some("note".into()),
                    ..SecretData::default()
                },
                ResourceType::V5PinCode => SecretData {
                    pin_code: Some("123456".into()),
                    ..SecretData::default()
                },
            };
            let text = data
                .to_plaintext(ty)
                .unwrap_or_else(|e| panic!("{}: {e}", ty.slug()));
            let is_v5_json = text.starts_with(r#"{"object_type":"PASSBOLT_SECRET_DATA""#);
            let is_json = text.starts_with('{');
            match (ty.version(), ty.schema().secret) {
                (_, SecretSchema::PlainString) => assert!(!is_json, "{}", ty.slug()),
                (crate::protocol::resource_types::SchemaVersion::V5, _) => {
                    assert!(is_v5_json, "{}", ty.slug())
                }
                _ => assert!(is_json && !is_v5_json, "{}", ty.slug()),
            }
            assert_eq!(
                SecretData::from_plaintext(ty, &text).unwrap(),
                data,
                "{}",
                ty.slug()
            );
        }
    }

    #[test]
    fn secrets_given_as_json_are_read_whatever_the_type_then_validated() {
        let rules = |ty: ResourceType, value: Value| -> Vec<(String, &'static str)> {
            validate_secret(ty, &value)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|v| (v.path, v.rule))
                .collect()
        };
        let pair = |path: &str, rule| (path.to_string(), rule);
        assert_eq!(
            rules(ResourceType::PasswordString, Value::String("pw".into())),
            []
        );
        assert_eq!(
            rules(
                ResourceType::PasswordString,
                serde_json::json!({"password": "pw"})
            ),
            []
        );
        assert_eq!(
            rules(
                ResourceType::PasswordString,
                Value::String("x".repeat(4097))
            ),
            [pair("password", "maxLength")]
        );
        // A field of another type is reported, not dropped.
        assert_eq!(
            rules(
                ResourceType::PasswordAndDescription,
                serde_json::json!({"password": "pw", "totp": {"algorithm": "SHA1", "secret_key": "A", "digits": 6}})
            ),
            [pair("totp", "notInType")]
        );
        assert_eq!(
            rules(ResourceType::V5Note, serde_json::json!({"description": 5})),
            [pair("description", "type")]
        );
        assert_eq!(
            rules(
                ResourceType::V5Default,
                serde_json::json!({"object_type": "PASSBOLT_RESOURCE_METADATA", "password": "pw"})
            ),
            [pair("object_type", "type")]
        );
        assert_eq!(
            rules(ResourceType::V5Default, serde_json::json!(["pw"])),
            [pair("secret", "type")]
        );
        assert_eq!(
            rules(ResourceType::V5PasswordString, serde_json::json!(7)),
            [pair("secret", "type")]
        );
        let read = SecretData::from_json(
            ResourceType::V5DefaultWithTotp,
            &serde_json::json!({"object_type": "PASSBOLT_SECRET_DATA", "password": "pw", "totp": {"algorithm": "SHA1", "secret_key": "A", "digits": 6}}),
        )
        .unwrap();
        assert_eq!(read.password.as_deref(), Some("pw"));
        assert_eq!(read.totp.map(|t| t.digits), Some(6));
    }

    #[test]
    fn debug_hides_every_secret_value() {
        let s = SecretData {
            description: Some("my-note".into()),
            totp: Some(totp()),
            pin_code: Some("9876".into()),
            ..SecretData::password("hunter2")
        };
        let shown = format!("{s:?}");
        for secret in ["hunter2", "my-note", "JBSWY3DPEHPK3PXP", "9876"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}

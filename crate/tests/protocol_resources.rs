//! Resource types, resources and secrets against the Passbolt-shaped fixtures, and against
//! what a broken or hostile server sends instead.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::protocol_fixtures::*;
use passbolt_core::envelope::{EnvelopeError, ValidationError};
use passbolt_core::pgp::{self, DecryptOptions, DecryptWith};
use passbolt_core::protocol::api_error::ApiError;
use passbolt_core::protocol::metadata_schema::{validate_metadata, ResourceMetadata};
use passbolt_core::protocol::resource_types::{
    self, limits, Presence, ResourceType, SchemaVersion, SecretSchema, UriField,
};
use passbolt_core::protocol::resources::{self, CreateResource, MetadataKeyType, ResourceContent};
use passbolt_core::protocol::secret_data::SecretData;
use passbolt_core::protocol::secrets;
use passbolt_core::protocol::share::PermissionType;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Resource types

#[test]
fn every_listed_type_is_known_with_the_id_derived_from_its_slug() {
    let types = resource_types::parse_index(&api_response("resource_types_index.json")).unwrap();
    assert_eq!(types.len(), 11);
    for entry in &types {
        let known = entry
            .known
            .unwrap_or_else(|| panic!("{} unknown", entry.slug));
        assert_eq!(known.slug(), entry.slug);
        assert_eq!(known.id(), entry.id, "{}", entry.slug);
        assert_eq!(
            passbolt_core::protocol::resource_type_ids::resource_type_id(&entry.slug),
            entry.id
        );
        assert!(entry.deleted.is_none());
    }
    let known: Vec<ResourceType> = types.iter().filter_map(|t| t.known).collect();
    assert_eq!(known, ResourceType::ALL.to_vec());
}

fn props(definition: &Value, part: &str) -> Vec<String> {
    let mut names: Vec<String> = definition[part]["properties"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn required(definition: &Value, part: &str) -> Vec<String> {
    let mut names: Vec<String> = definition[part]["required"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn max_length(definition: &Value, part: &str, field: &str) -> Option<u64> {
    let field = &definition[part]["properties"][field];
    field["maxLength"]
        .as_u64()
        .or_else(|| field["anyOf"][0]["maxLength"].as_u64())
}

/// Our built-in schemas say the same as the server's definitions: same fields, same required
/// fields, same limits.
#[test]
fn built_in_schemas_match_the_servers_definitions() {
    let types = resource_types::parse_index(&api_response("resource_types_index.json")).unwrap();
    for entry in types {
        let ty = entry.known.unwrap();
        let def = &entry.definition;
        let schema = ty.schema();
        let m = schema.metadata;
        let mut expected = vec!["name".to_owned()];
        if m.username {
            expected.push("username".into());
        }
        match m.uri {
            UriField::Single => expected.push("uri".into()),
            UriField::List => expected.push("uris".into()),
            UriField::None => {}
        }
        if m.description {
            expected.push("description".into());
        }
        if m.icon {
            expected.push("icon".into());
        }
        if m.custom_fields.allowed() {
            expected.push("custom_fields".into());
        }
        expected.sort();
        assert_eq!(props(def, "resource"), expected, "{} metadata", ty.slug());
        let mut req = vec!["name".to_owned()];
        if m.custom_fields == Presence::Required {
            req.push("custom_fields".into());
        }
        req.sort();
        assert_eq!(required(def, "resource"), req, "{} required", ty.slug());
        assert_eq!(
            max_length(def, "resource", "name"),
            Some(limits::NAME as u64)
        );
        if m.description {
            assert_eq!(
                max_length(def, "resource", "description"),
                Some(limits::METADATA_DESCRIPTION as u64)
            );
        }
        if m.uri == UriField::List {
            assert_eq!(
                def["resource"]["properties"]["uris"]["maxItems"].as_u64(),
                Some(limits::URIS_ITEMS as u64)
            );
        }
        match schema.secret {
            SecretSchema::PlainString => {
                assert_eq!(def["secret"]["type"], "string", "{}", ty.slug());
                assert_eq!(
                    def["secret"]["maxLength"].as_u64(),
                    Some(limits::PASSWORD as u64)
                );
            }
            SecretSchema::Object(f) => {
                let fields = [
                    ("object_type", f.object_type),
                    ("password", f.password),
                    ("description", f.description),
                    ("totp", f.totp),
                    ("pin_code", f.pin_code),
                    ("custom_fields", f.custom_fields),
                ];
                let mut have: Vec<String> = fields
                    .iter()
                    .filter(|(_, p)| p.allowed())
                    .map(|(n, _)| (*n).to_owned())
                    .collect();
                have.sort();
                assert_eq!(props(def, "secret"), have, "{} secret", ty.slug());
                let mut req: Vec<String> = fields
                    .iter()
                    .filter(|(_, p)| *p == Presence::Required)
                    .map(|(n, _)| (*n).to_owned())
                    .collect();
                req.sort();
                assert_eq!(
                    required(def, "secret"),
                    req,
                    "{} secret required",
                    ty.slug()
                );
                if f.description.allowed() {
                    assert_eq!(
                        max_length(def, "secret", "description"),
                        Some(f.description_max as u64),
                        "{}",
                        ty.slug()
                    );
                }
                if f.password.allowed() {
                    assert_eq!(
                        max_length(def, "secret", "password"),
                        Some(limits::PASSWORD as u64)
                    );
                }
                if f.pin_code.allowed() {
                    let pin = &def["secret"]["properties"]["pin_code"];
                    assert_eq!(
                        (pin["minLength"].as_u64(), pin["maxLength"].as_u64()),
                        (
                            Some(limits::PIN_CODE.0 as u64),
                            Some(limits::PIN_CODE.1 as u64)
                        )
                    );
                }
                if f.totp.allowed() {
                    let totp = &def["secret"]["properties"]["totp"]["properties"];
                    assert_eq!(
                        totp["digits"]["minimum"].as_u64(),
                        Some(limits::TOTP_DIGITS.0)
                    );
                    assert_eq!(
                        totp["digits"]["exclusiveMaximum"].as_u64(),
                        Some(limits::TOTP_DIGITS.1)
                    );
                    assert_eq!(
                        totp["secret_key"]["maxLength"].as_u64(),
                        Some(limits::TOTP_SECRET_KEY as u64)
                    );
                }
            }
        }
        assert_eq!(
            ty.version() == SchemaVersion::V5,
            entry.slug.starts_with("v5-"),
            "{}",
            ty.slug()
        );
    }
}

#[test]
fn a_known_slug_under_another_id_is_refused() {
    let mut index = api_json("resource_types_index.json");
    index["body"][5]["id"] = json!("669f8c64-242a-59fb-92fc-81f660975fd3");
    let err = resource_types::parse_index(&response_of(&index)).unwrap_err();
    assert_eq!(
        err,
        ApiError::UnexpectedId {
            path: "body.5.id".into(),
            expected: "dd1f723d-0d1e-513f-8218-4055dc0530d0".into(),
            found: "669f8c64-242a-59fb-92fc-81f660975fd3".into(),
        }
    );
    assert_eq!(err.code(), "UNEXPECTED_ID");
}

#[test]
fn an_unknown_type_is_listed_as_unknown_and_broken_items_are_refused() {
    let mut index = api_json("resource_types_index.json");
    index["body"][0]["slug"] = json!("v6-future-type");
    index["body"][0]["id"] = json!("00000000-0000-4000-8000-000000000000");
    let types = resource_types::parse_index(&response_of(&index)).unwrap();
    assert_eq!(types[0].known, None);

    let mut index = api_json("resource_types_index.json");
    index["body"][2]["slug"] = json!(42);
    assert_eq!(
        resource_types::parse_index(&response_of(&index)).unwrap_err(),
        ApiError::Malformed {
            path: "body.2.slug".into(),
            expected: "a string"
        }
    );
    let mut index = api_json("resource_types_index.json");
    index["body"] = json!({"not": "a list"});
    assert_eq!(
        resource_types::parse_index(&response_of(&index)).unwrap_err(),
        ApiError::Malformed {
            path: "body".into(),
            expected: "a list"
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Resources

#[test]
fn the_index_holds_a_shared_v5_a_personal_v5_and_a_v4_resource() {
    let list = resources::parse_list(&api_response("resources_index.json")).unwrap();
    assert_eq!(list.len(), 3);
    let fixture = crypto_json("resources_v5.json");

    let shared = &list[0];
    assert_eq!(shared.id, SHARED_RESOURCE);
    assert_eq!(shared.resource_type, Some(ResourceType::V5Default));
    assert_eq!(
        shared.content,
        ResourceContent::V5 {
            metadata: fixture["shared"]["metadata_armored"]
                .as_str()
                .unwrap()
                .into(),
            metadata_key_id: Some("8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a21".into()),
            metadata_key_type: MetadataKeyType::SharedKey,
        }
    );
    assert_eq!(shared.personal, Some(false));
    let permission = shared.permission.as_ref().unwrap();
    assert_eq!(permission.permission_type, PermissionType::Owner);
    assert_eq!(permission.aro_foreign_key, ADA);
    assert_eq!(shared.favorite_id, None);

    let personal = &list[1];
    assert_eq!(
        personal.resource_type,
        Some(ResourceType::V5DefaultWithTotp)
    );
    assert!(matches!(
        personal.content,
        ResourceContent::V5 {
            metadata_key_type: MetadataKeyType::UserKey,
            ..
        }
    ));
    assert_eq!(
        personal.favorite_id.as_deref(),
        Some("66ffb52a-4c91-42b4-b9b8-21ce189f5756")
    );

    let v4 = &list[2];
    assert_eq!(v4.id, V4_RESOURCE);
    assert_eq!(v4.resource_type, Some(ResourceType::PasswordAndDescription));
    assert_eq!(
        v4.content,
        ResourceContent::V4 {
            name: "Legacy v4 resource".into(),
            username: Some("ada@fixture.test".into()),
            uri: Some("https://v4.fixture.test".into()),
            description: None,
        }
    );
    assert_eq!(v4.modified.as_deref(), Some("2026-11-21T10:16:26+00:00"));
}

/// The metadata of the index decrypts (with the pgp layer) to JSON that passes its type's
/// schema and reads back as the fixture's cleartext.
#[test]
fn v5_metadata_of_the_index_validates_against_its_type() {
    let list = resources::parse_list(&api_response("resources_index.json")).unwrap();
    let fixture = crypto_json("resources_v5.json");
    let metadata_key = unlocked("metadata");
    let ada = unlocked("ada");
    for (resource, key, clear) in [
        (
            &list[0],
            &metadata_key,
            &fixture["shared"]["metadata_cleartext"],
        ),
        (&list[1], &ada, &fixture["personal"]["metadata_cleartext"]),
    ] {
        let ResourceContent::V5 { metadata, .. } = &resource.content else {
            panic!("v5 expected")
        };
        let plain = pgp::decrypt(metadata, DecryptWith::Key(key), &DecryptOptions::default())
            .expect("metadata decrypts");
        let value: Value = serde_json::from_slice(&plain.data).unwrap();
        assert_eq!(&value, clear);
        let ty = resource.resource_type.unwrap();
        assert_eq!(validate_metadata(ty, &value), Ok(()));
        let typed = ResourceMetadata::from_json(&value).unwrap();
        assert_eq!(typed.resource_type(), Some(ty));
        assert_eq!(typed.to_json(), *clear);
        assert_eq!(typed.validate(), Ok(()));
    }
}

fn broken_index(edit: impl FnOnce(&mut Value)) -> ApiError {
    let mut index = api_json("resources_index.json");
    edit(&mut index);
    resources::parse_list(&response_of(&index)).unwrap_err()
}

#[test]
fn a_hostile_or_broken_index_gives_typed_errors() {
    let malformed = |path: &str, expected: &'static str| ApiError::Malformed {
        path: path.into(),
        expected,
    };
    assert_eq!(
        broken_index(|i| {
            i["body"][0]
                .as_object_mut()
                .unwrap()
                .remove("metadata_key_type");
        }),
        malformed("body.0.metadata_key_type", "a string")
    );
    assert_eq!(
        broken_index(|i| i["body"][0]["metadata_key_type"] = json!("server_key")),
        malformed("body.0.metadata_key_type", "\"user_key\" or \"shared_key\"")
    );
    assert_eq!(
        broken_index(|i| i["body"][1]["personal"] = json!("yes")),
        malformed("body.1.personal", "true or false")
    );
    assert_eq!(
        broken_index(|i| i["body"][2]["id"] = json!("42")),
        malformed("body.2.id", "a UUID")
    );
    assert_eq!(
        broken_index(|i| i["body"][0]["name"] = json!("also v4")),
        malformed(
            "body.0",
            "either v4 fields (name...) or v5 metadata, not both"
        )
    );
    assert_eq!(
        broken_index(|i| i["body"][0]["metadata"] = json!("plaintext metadata")),
        malformed("body.0.metadata", "an armored OpenPGP message")
    );
    // A v4 resource claiming a v5 type (or the reverse) is refused.
    assert_eq!(
        broken_index(|i| i["body"][2]["resource_type_id"] = json!(ResourceType::V5Default.id())),
        malformed(
            "body.2.resource_type_id",
            "the id of a v4 resource type (the resource has no metadata)"
        )
    );
    // The caller's permission must be on this resource.
    assert_eq!(
        broken_index(|i| i["body"][1]["permission"]["aco_foreign_key"] = json!(SHARED_RESOURCE)),
        ApiError::UnexpectedId {
            path: "body.1.permission.aco_foreign_key".into(),
            expected: PERSONAL_RESOURCE.into(),
            found: SHARED_RESOURCE.into(),
        }
    );
    assert_eq!(
        broken_index(|i| i["body"][1]["permission"]["type"] = json!(3)),
        malformed("body.1.permission.type", "1, 7 or 15")
    );
}

#[test]
fn a_view_of_another_resource_is_refused() {
    let index = api_json("resources_index.json");
    let view = success("/resources/x.json", 1, index["body"][0].clone());
    assert_eq!(
        resources::parse_view(&view, SHARED_RESOURCE).unwrap().id,
        SHARED_RESOURCE
    );
    assert_eq!(
        resources::parse_view(&view, V4_RESOURCE).unwrap_err(),
        ApiError::UnexpectedId {
            path: "body.id".into(),
            expected: V4_RESOURCE.into(),
            found: SHARED_RESOURCE.into(),
        }
    );
}

#[test]
fn contained_secrets_must_be_the_resources() {
    let fixture = crypto_json("resources_v5.json");
    let mut index = api_json("resources_index.json");
    let secret = json!({
        "id": "ac6b20dd-6179-455d-9dfd-874c91d0ff00",
        "user_id": ADA,
        "resource_id": SHARED_RESOURCE,
        "data": fixture["shared"]["secret_for_ada"],
    });
    index["body"][0]["secrets"] = json!([secret.clone()]);
    let list = resources::parse_list(&response_of(&index)).unwrap();
    assert_eq!(list[0].secrets.len(), 1);
    index["body"][2]["secrets"] = json!([secret]);
    assert_eq!(
        resources::parse_list(&response_of(&index)).unwrap_err(),
        ApiError::UnexpectedId {
            path: "body.2.secrets.0.resource_id".into(),
            expected: V4_RESOURCE.into(),
            found: SHARED_RESOURCE.into(),
        }
    );
}

#[test]
fn server_errors_are_typed_with_their_validation_tree() {
    let err =
        resources::parse_create(&api_response("error_400_validation_resource.json")).unwrap_err();
    assert_eq!(
        err,
        ApiError::Validation {
            message: "Could not validate resource data.".into(),
            errors: vec![
                ValidationError {
                    path: "name".into(),
                    rule: "_empty".into(),
                    message: "The name should not be empty.".into()
                },
                ValidationError {
                    path: "secrets.0.data".into(),
                    rule: "isValidOpenPGPMessage".into(),
                    message: "The message should be a valid ASCII-armored OpenPGP message.".into()
                },
            ]
        }
    );
    assert_eq!(err.code(), "VALIDATION_FAILED");
    let err = resources::parse_view(&api_response("error_404.json"), V4_RESOURCE).unwrap_err();
    assert_eq!(
        err,
        ApiError::NotFound {
            message: "The resource does not exist.".into()
        }
    );
    assert_eq!(
        resources::parse_delete(&api_response("error_404.json"))
            .unwrap_err()
            .code(),
        "NOT_FOUND"
    );
    let html = raw_response(504, "<html><body>Gateway Timeout</body></html>");
    assert_eq!(
        resources::parse_list(&html).unwrap_err(),
        ApiError::Envelope(EnvelopeError::Html { http_status: 504 })
    );
    let truncated = raw_response(200, r#"{"header": {"status": "success""#);
    assert_eq!(
        resources::parse_list(&truncated).unwrap_err().code(),
        "INVALID_JSON"
    );
    let forbidden = api_response("error_403_csrf.json");
    assert_eq!(
        resources::parse_list(&forbidden).unwrap_err(),
        ApiError::Rejected {
            http_status: 403,
            message: "Missing or incorrect CSRF cookie type.".into()
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Create bodies

fn body_of(request: &passbolt_core::protocol::http::Request) -> Value {
    serde_json::from_str(request.body.as_deref().expect("body")).expect("JSON body")
}

fn keys_in_order(text: &str) -> Vec<String> {
    // Top-level keys in the order written (serde_json's Value sorts them).
    let mut keys = Vec::new();
    let mut depth = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            '"' => {
                let start = i + 1;
                let mut end = start;
                while let Some((j, d)) = chars.next() {
                    if d == '\\' {
                        chars.next();
                    } else if d == '"' {
                        end = j;
                        break;
                    }
                }
                if depth == 1 && chars.peek().map(|(_, c)| *c) == Some(':') {
                    keys.push(text[start..end].to_owned());
                }
            }
            _ => {}
        }
    }
    keys
}

#[test]
fn the_v4_create_body_is_the_fixtures() {
    let expected = api_json("resource_create_v4_request.json");
    let create = CreateResource {
        resource_type: ResourceType::PasswordAndDescription,
        content: ResourceContent::V4 {
            name: "Legacy v4 resource".into(),
            username: Some("ada@fixture.test".into()),
            uri: Some("https://v4.fixture.test".into()),
            description: None,
        },
        folder_parent_id: None,
        expired: None,
        secret: expected["secrets"][0]["data"].as_str().unwrap().into(),
    };
    let request = create.request().unwrap();
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.path, "/resources.json");
    assert_eq!(body_of(&request), expected);
    let order = keys_in_order(request.body.as_deref().unwrap());
    assert_eq!(
        order,
        [
            "resource_type_id",
            "name",
            "username",
            "uri",
            "description",
            "folder_parent_id",
            "expired",
            "secrets"
        ]
    );
    assert_eq!(
        order,
        keys_in_order(&common::files::vector(
            "fixtures/api/resource_create_v4_request.json"
        ))
    );
}

#[test]
fn the_v5_create_body_is_the_fixtures() {
    let expected = api_json("resource_create_v5_request.json");
    let create = CreateResource {
        resource_type: ResourceType::V5Default,
        content: ResourceContent::V5 {
            metadata: expected["metadata"].as_str().unwrap().into(),
            metadata_key_id: Some("8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a21".into()),
            metadata_key_type: MetadataKeyType::SharedKey,
        },
        folder_parent_id: None,
        expired: None,
        secret: expected["secrets"][0]["data"].as_str().unwrap().into(),
    };
    let request = create.request().unwrap();
    assert_eq!(body_of(&request), expected);
    assert_eq!(
        keys_in_order(request.body.as_deref().unwrap()),
        keys_in_order(&common::files::vector(
            "fixtures/api/resource_create_v5_request.json"
        ))
    );
}

#[test]
fn v4_fields_over_the_servers_limits_are_refused_before_sending() {
    let create = CreateResource {
        resource_type: ResourceType::PasswordAndDescription,
        content: ResourceContent::V4 {
            name: "n".repeat(256),
            username: None,
            uri: Some("u".repeat(1025)),
            description: Some("cleartext description on an encrypted-description type".into()),
        },
        folder_parent_id: None,
        expired: None,
        secret: crypto_json("resources_v5.json")["v4_password_and_description"]["secret_for_ada"]
            .as_str()
            .unwrap()
            .into(),
    };
    let ApiError::InvalidInput { violations } = create.request().unwrap_err() else {
        panic!("InvalidInput expected")
    };
    let rules: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.path.as_str(), v.rule))
        .collect();
    assert_eq!(
        rules,
        vec![
            ("description", "notInType"),
            ("name", "maxLength"),
            ("uri", "maxLength")
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Secrets

#[test]
fn the_secret_view_decrypts_with_adas_key_and_reads_as_v5_default() {
    let fixture = crypto_json("resources_v5.json");
    let secret =
        secrets::parse_view(&api_response("secret_view_shared.json"), SHARED_RESOURCE).unwrap();
    assert_eq!(secret.user_id, ADA);
    let ada = unlocked("ada");
    let ada_public = public("ada");
    let data = secrets::decrypt_secret(&secret.data, &ada, ResourceType::V5Default, &[&ada_public])
        .unwrap();
    let clear = &fixture["shared"]["secret_cleartext"];
    assert_eq!(data.password.as_deref(), clear["password"].as_str());
    assert_eq!(data.description.as_deref(), clear["description"].as_str());
    let fields = data.custom_fields.as_ref().unwrap();
    assert_eq!(fields[0].id, clear["custom_fields"][0]["id"]);
    // Our serialisation of the parsed secret is the text the extension encrypted.
    let text = secrets::decrypt_secret_text(&secret.data, &ada, &[]).unwrap();
    assert_eq!(*data.to_plaintext(ResourceType::V5Default).unwrap(), *text);
    // Debug shows no secret value.
    let shown = format!("{data:?} {secret:?}");
    assert!(
        !shown.contains("S3cr3t-shared-P@ss") && !shown.contains("production"),
        "{shown}"
    );
}

#[test]
fn v4_and_totp_secrets_read_as_their_types() {
    let fixture = crypto_json("resources_v5.json");
    let ada = unlocked("ada");
    let v4 = secrets::decrypt_secret(
        fixture["v4_password_and_description"]["secret_for_ada"]
            .as_str()
            .unwrap(),
        &ada,
        ResourceType::PasswordAndDescription,
        &[],
    )
    .unwrap();
    assert_eq!(
        v4,
        SecretData {
            description: Some("v4 encrypted description".into()),
            ..SecretData::password("v4-legacy-password")
        }
    );
    let plain = secrets::decrypt_secret(
        fixture["v4_password_string"]["secret_for_ada"]
            .as_str()
            .unwrap(),
        &ada,
        ResourceType::PasswordString,
        &[],
    )
    .unwrap();
    assert_eq!(plain, SecretData::password("plain-password-string-secret"));
    let totp = secrets::decrypt_secret(
        fixture["personal"]["secret_for_ada"].as_str().unwrap(),
        &ada,
        ResourceType::V5DefaultWithTotp,
        &[],
    )
    .unwrap();
    let t = totp.totp.as_ref().unwrap();
    assert_eq!(
        (t.algorithm.as_str(), t.digits, t.period),
        ("SHA1", 6, Some(30))
    );
    assert_eq!(totp.validate(ResourceType::V5DefaultWithTotp), Ok(()));
    // Read as a type it is not, the secret is refused without quoting it.
    let err = secrets::decrypt_secret(
        fixture["personal"]["secret_for_ada"].as_str().unwrap(),
        &ada,
        ResourceType::V5PinCode,
        &[],
    )
    .unwrap_err();
    assert_eq!(
        err,
        ApiError::MalformedSecret {
            path: "secret.pin_code".into(),
            expected: "a string"
        }
    );
    assert!(!err.to_string().contains("P3rsonal"));
}

#[test]
fn a_secret_of_another_resource_or_for_another_key_is_refused() {
    let response = api_response("secret_view_shared.json");
    assert_eq!(
        secrets::parse_view(&response, V4_RESOURCE).unwrap_err(),
        ApiError::UnexpectedId {
            path: "body.resource_id".into(),
            expected: V4_RESOURCE.into(),
            found: SHARED_RESOURCE.into(),
        }
    );
    let secret = secrets::parse_view(&response, SHARED_RESOURCE).unwrap();
    let err = secrets::decrypt_secret(
        &secret.data,
        &unlocked("betty"),
        ResourceType::V5Default,
        &[],
    )
    .unwrap_err();
    assert_eq!(err, ApiError::Crypto(pgp::PgpError::NoMatchingKey));
    assert_eq!(err.code(), "NO_MATCHING_KEY");
    // Requiring betty's signature on a secret ada signed fails.
    let err = secrets::decrypt_secret(
        &secret.data,
        &unlocked("ada"),
        ResourceType::V5Default,
        &[&public("betty")],
    )
    .unwrap_err();
    assert_eq!(err, ApiError::Crypto(pgp::PgpError::SignatureRequired));

    let mut view = api_json("secret_view_shared.json");
    view["body"]["data"] = json!("not armored");
    assert_eq!(
        secrets::parse_view(&response_of(&view), SHARED_RESOURCE).unwrap_err(),
        ApiError::Malformed {
            path: "body.data".into(),
            expected: "an armored OpenPGP message"
        }
    );
    let secret_404 = raw_response(
        404,
        &api_json("error_404.json")
            .to_string()
            .replace("The resource does not exist.", "The secret does not exist."),
    );
    assert_eq!(
        secrets::parse_view(&secret_404, SHARED_RESOURCE).unwrap_err(),
        ApiError::NotFound {
            message: "The secret does not exist.".into()
        }
    );
}

#[test]
fn a_secret_is_encrypted_for_one_user_and_signed_by_the_writer() {
    let data = SecretData {
        pin_code: Some("0042".into()),
        ..SecretData::default()
    };
    let armored = secrets::encrypt_secret_data(
        &data,
        ResourceType::V5PinCode,
        &public("betty"),
        &unlocked("ada"),
    )
    .unwrap();
    let read = secrets::decrypt_secret(
        &armored,
        &unlocked("betty"),
        ResourceType::V5PinCode,
        &[&public("ada")],
    )
    .unwrap();
    assert_eq!(read, data);
    let err = secrets::encrypt_secret_data(
        &SecretData::password("x"),
        ResourceType::V5PinCode,
        &public("betty"),
        &unlocked("ada"),
    )
    .unwrap_err();
    let ApiError::InvalidInput { violations } = err else {
        panic!()
    };
    let rules: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.path.as_str(), v.rule))
        .collect();
    assert_eq!(
        rules,
        vec![("password", "notInType"), ("pin_code", "required")]
    );
}

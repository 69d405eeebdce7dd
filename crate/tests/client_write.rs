//! Creating, updating and deleting resources, v4 and v5 (shared and personal metadata), and
//! folders, against the test server.
// Native only: the test server and ureq do not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod client_support;

use client_support::{block_on, logged_in, start_domain_server, UreqTransport};
use passbolt_core::client::{Client, ResourceInput};
use passbolt_core::protocol::resource_types::ResourceType;
use passbolt_core::protocol::resources::MetadataKeyType;
use passbolt_core::protocol::secret_data::SecretData;
use serde_json::{json, Value};

fn input(value: Value) -> ResourceInput {
    serde_json::from_value(value).expect("input JSON")
}

fn listed(client: &Client<UreqTransport>, id: &str) -> Option<passbolt_core::client::ResourceView> {
    block_on(client.resources(None))
        .unwrap()
        .resources
        .into_iter()
        .find(|r| r.id == id)
}

#[test]
fn create_v4_and_v5_shared_and_personal_then_read_them_back() {
    let server = start_domain_server();
    for name in ["ada", "betty", "carol"] {
        let (client, _, _) = logged_in(&server, name);
        let cases = [
            (
                json!({"resource_type": "password-and-description",
                    "metadata": {"name": format!("{name} v4"), "username": "u", "uris": ["https://v4.test"]},
                    "secret": {"password": "v4-pw", "description": "v4 notes"}}),
                None,
                "password-and-description",
            ),
            (
                json!({"resource_type": "v5-default",
                    "metadata": {"name": format!("{name} v5 shared"), "username": "u", "uris": ["https://a.test", "https://b.test"]},
                    "secret": {"password": "v5-pw", "description": "v5 notes"}}),
                Some(MetadataKeyType::SharedKey),
                "v5-default",
            ),
            (
                json!({"resource_type": "v5-note", "personal": true,
                    "metadata": {"name": format!("{name} v5 personal note")},
                    "secret": {"description": "a private note"}}),
                Some(MetadataKeyType::UserKey),
                "v5-note",
            ),
            // No type: the server's default version (v5 in the seed).
            (
                json!({"metadata": {"name": format!("{name} default type")},
                    "secret": {"password": "default-pw"}}),
                Some(MetadataKeyType::SharedKey),
                "v5-default",
            ),
        ];
        for (value, key_type, slug) in cases {
            let made = block_on(client.create_resource(&input(value.clone())))
                .unwrap_or_else(|e| panic!("{name} {slug}: {e}"));
            assert_eq!(made.metadata_key_type, key_type, "{name} {slug}");
            assert_eq!(made.resource_type.as_deref(), Some(slug));
            let view = listed(&client, &made.id).expect("listed");
            assert_eq!(view.error, None, "{view:?}");
            let metadata = view.metadata.unwrap();
            assert_eq!(metadata["name"], value["metadata"]["name"], "{name} {slug}");
            if slug == "v5-default" && value["metadata"]["uris"].is_array() {
                assert_eq!(metadata["uris"], value["metadata"]["uris"]);
            }
            assert_eq!(view.permission, Some(15));
            let secret = block_on(client.secret(&made.id)).unwrap();
            assert_eq!(
                secret.data.password.as_deref(),
                value["secret"]["password"].as_str()
            );
            assert_eq!(
                secret.data.description.as_deref(),
                value["secret"]["description"].as_str()
            );
            assert!(secret.verified(), "signed by the creator");
        }
    }
}

#[test]
fn bad_input_is_refused_before_anything_is_written_and_a_failed_create_can_be_retried() {
    let server = start_domain_server();
    let (client, _, sent) = logged_in(&server, "ada");
    for (value, path) in [
        (
            json!({"resource_type": "v5-default", "metadata": {"name": "x".repeat(256)}, "secret": {"password": "p"}}),
            "metadata.name",
        ),
        (
            json!({"resource_type": "v5-totp-standalone", "metadata": {"name": "t"}, "secret": {"password": "p"}}),
            "secret.totp",
        ),
        (
            json!({"resource_type": "nope", "metadata": {"name": "n"}, "secret": {"password": "p"}}),
            "resource_type",
        ),
        (
            json!({"resource_type": "v5-password-string", "metadata": {"name": "n"}, "secret": "p"}),
            "resource_type_id",
        ),
        (
            json!({"resource_type": "password-and-description", "metadata": {"name": "n", "uris": ["a", "b"]}, "secret": {"password": "p"}}),
            "metadata.uris",
        ),
        (
            json!({"resource_type": "v5-default", "metadata": {"name": "n"}}),
            "secret",
        ),
    ] {
        let error = block_on(client.create_resource(&input(value.clone()))).unwrap_err();
        assert_eq!(error.code(), "INVALID_INPUT", "{value}: {error}");
        let text = format!("{error} {error:?}");
        assert!(text.contains(path), "{path} in {text}");
    }
    assert!(
        !sent
            .borrow()
            .iter()
            .any(|r| r.starts_with("POST /resources")),
        "nothing was created"
    );
    // The server refuses a folder that does not exist; the same input, fixed, succeeds.
    let mut retry = input(json!({"resource_type": "v5-default",
        "metadata": {"name": "Retried"}, "secret": {"password": "keep-me"},
        "folder_parent_id": "00000000-0000-4000-8000-000000000000"}));
    let error = block_on(client.create_resource(&retry)).unwrap_err();
    assert_eq!(error.code(), "VALIDATION_FAILED", "{error}");
    assert_eq!(retry.secret.as_ref().unwrap()["password"], "keep-me");
    retry.folder_parent_id = None;
    let made = block_on(client.create_resource(&retry)).unwrap();
    assert_eq!(made.metadata.unwrap()["name"], "Retried");
}

#[test]
fn update_reencrypts_for_everyone_with_access_and_delete_removes() {
    let server = start_domain_server();
    let (ada, _, _) = logged_in(&server, "ada");
    let (betty, _, _) = logged_in(&server, "betty");
    let (carol, _, _) = logged_in(&server, "carol");
    let shared = "72a8b7fd-7655-53e2-b7b8-38074f617f69"; // ada, betty (group), carol
    let first = block_on(betty.resources(None)).unwrap();
    assert!(first.resources.iter().any(|r| r.id == shared));
    let changed = input(
        json!({"metadata": {"name": "Renamed shared", "uris": ["https://new.test"]},
        "secret": {"password": "rotated", "description": "new notes"}}),
    );
    let view = block_on(ada.update_resource(shared, &changed)).unwrap();
    assert_eq!(view.metadata_key_type, Some(MetadataKeyType::SharedKey));
    for (who, client) in [("betty", &betty), ("carol", &carol)] {
        let listed = listed(client, shared).unwrap();
        assert_eq!(listed.metadata.unwrap()["name"], "Renamed shared", "{who}");
        assert_ne!(listed.decrypted_via, "unchanged", "{who}: modified changed");
        let secret = block_on(client.secret(shared)).unwrap();
        assert_eq!(secret.data.password.as_deref(), Some("rotated"), "{who}");
        assert_eq!(
            secret.signers[0].user_id.as_deref(),
            ada.user_id().as_deref()
        );
    }
    // Metadata only (no secret): the v4 resource keeps its secret.
    let v4 = "51a20f61-ddce-5929-8846-fabd21f05032";
    let view = block_on(ada.update_resource(
        v4,
        &input(json!({"metadata": {"name": "Legacy renamed", "username": "ada"}})),
    ))
    .unwrap();
    assert_eq!(view.metadata.unwrap()["name"], "Legacy renamed");
    assert_eq!(
        block_on(ada.secret(v4)).unwrap().data.password.as_deref(),
        Some("legacy-and-description-secret")
    );
    // A v4 resource cannot become v5 by update.
    let error = block_on(ada.update_resource(
        v4,
        &input(json!({"resource_type": "v5-default", "metadata": {"name": "n"}})),
    ))
    .unwrap_err();
    assert_eq!(error.code(), "INVALID_INPUT");

    let made = block_on(ada.create_resource(&input(
        json!({"metadata": {"name": "Short lived"}, "secret": {"password": "p"}}),
    )))
    .unwrap();
    assert!(listed(&ada, &made.id).is_some());
    block_on(ada.delete_resource(&made.id)).unwrap();
    assert!(listed(&ada, &made.id).is_none());
    assert_eq!(
        block_on(ada.secret(&made.id)).unwrap_err().code(),
        "NOT_FOUND"
    );
    assert_eq!(
        block_on(ada.delete_resource(&made.id)).unwrap_err().code(),
        "NOT_FOUND"
    );
}

#[test]
fn folders_list_create_and_move() {
    let server = start_domain_server();
    let (ada, _, _) = logged_in(&server, "ada");
    let folders = block_on(ada.folders()).unwrap();
    assert!(
        folders.iter().any(|f| f.name == "Shared folder"),
        "{folders:?}"
    );
    let team = block_on(ada.create_folder("Team", None)).unwrap();
    assert_eq!(team.permission, Some(15));
    let child = block_on(ada.create_folder("Child", Some(&team.id))).unwrap();
    assert_eq!(child.folder_parent_id.as_deref(), Some(team.id.as_str()));
    assert!(block_on(ada.folders())
        .unwrap()
        .iter()
        .any(|f| f.id == child.id));
    assert_eq!(
        block_on(ada.create_folder("", None)).unwrap_err().code(),
        "INVALID_INPUT"
    );

    let made = block_on(ada.create_resource(&input(
        json!({"metadata": {"name": "To move"}, "secret": {"password": "p"}}),
    )))
    .unwrap();
    block_on(ada.move_resource(&made.id, Some(&child.id))).unwrap();
    assert_eq!(
        listed(&ada, &made.id).unwrap().folder_parent_id.as_deref(),
        Some(child.id.as_str())
    );
    block_on(ada.move_resource(&made.id, None)).unwrap();
    assert_eq!(listed(&ada, &made.id).unwrap().folder_parent_id, None);
    assert_eq!(
        block_on(ada.move_resource(&made.id, Some("not-a-uuid")))
            .unwrap_err()
            .code(),
        "INVALID_INPUT"
    );
}

/// Every type that can be created, with the seed's own metadata and secret of that type as the
/// input (`contents.json`), created by each key shape and read back by its creator.
#[test]
fn every_creatable_type_round_trips_for_each_key_shape() {
    let text = std::fs::read_to_string(client_support::seed_dir().join("contents.json"))
        .expect("contents.json");
    let contents: Vec<Value> = serde_json::from_str(&text).expect("contents.json is JSON");
    let server = start_domain_server();
    for name in ["ada", "betty", "carol"] {
        let (client, _, _) = logged_in(&server, name);
        let mut seen = std::collections::BTreeSet::new();
        for seeded in &contents {
            let slug = seeded["resource_type"].as_str().unwrap();
            if slug == "v5-password-string" || !seen.insert(slug.to_owned()) {
                continue;
            }
            let mut metadata = seeded["metadata"].clone();
            let object = metadata.as_object_mut().unwrap();
            object.remove("object_type");
            object.remove("resource_type_id");
            if slug != "password-string" && !slug.starts_with("v5-") {
                // contents.json shows the description of these v4 types beside the fields; it
                // is encrypted in their secret.
                object.remove("description");
            }
            object.insert("name".into(), json!(format!("{name}'s {slug}")));
            let plaintext = seeded["secret"].as_str().unwrap();
            let secret = match serde_json::from_str::<Value>(plaintext) {
                Ok(Value::Object(mut fields)) => {
                    fields.remove("object_type");
                    Value::Object(fields)
                }
                _ => json!(plaintext),
            };
            let made = block_on(client.create_resource(&input(json!({
                "resource_type": slug, "metadata": metadata, "secret": secret,
            }))))
            .unwrap_or_else(|e| panic!("{name} creates a {slug}: {e}"));
            assert_eq!(made.resource_type.as_deref(), Some(slug));
            let read = block_on(client.secret(&made.id)).unwrap();
            assert!(read.verified(), "{name} {slug}");
            let expected =
                SecretData::from_plaintext(ResourceType::from_slug(slug).unwrap(), plaintext)
                    .unwrap();
            assert_eq!(read.data, expected, "{name} {slug}");
            let listed = listed(&client, &made.id).expect("listed");
            assert_eq!(
                listed.metadata.unwrap()["name"],
                json!(format!("{name}'s {slug}"))
            );
        }
        assert_eq!(seen.len(), 10, "{name}: every creatable type");
    }
}

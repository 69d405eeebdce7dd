//! The decrypted resource list: v4 and v5, the metadata key with trust on first use, session
//! keys from and to the server's bundles (409 re-merge), unchanged items skipped, and a hostile
//! server passing one resource's metadata under another's id.
// Native only: the test server and ureq do not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod client_support;

use std::cell::RefCell;

use client_support::{block_on, logged_in, person, readable_by, start_domain_server};
use passbolt_core::client::{ResourceInput, ResourceList};
use passbolt_core::protocol::session_keys::{ForeignModel, SessionKeysBundle};
use passbolt_test_server::RunningServer;
use serde_json::json;

fn names(list: &ResourceList) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .resources
        .iter()
        .map(|r| {
            let name = r.metadata.as_ref().map_or("(none)".to_owned(), |m| {
                m["name"].as_str().unwrap_or("(not a string)").to_owned()
            });
            (r.id.clone(), name)
        })
        .collect();
    out.sort();
    out
}

/// The session keys the server holds for a user, decrypted with the user's key.
fn server_bundle(server: &RunningServer, name: &str) -> SessionKeysBundle {
    let who = person(name);
    let state = server.app().state();
    let mut merged = SessionKeysBundle::new();
    let mut count = 0;
    for bundle in state
        .db
        .metadata_session_keys
        .iter()
        .filter(|b| b.user_id == who.user_id)
    {
        count += 1;
        merged.merge(&SessionKeysBundle::decrypt(&bundle.data, &who.key).expect("readable bundle"));
    }
    assert!(
        count <= 1,
        "{name} has {count} bundles: obsolete ones were not deleted"
    );
    merged
}

#[test]
fn each_key_shape_lists_its_seeded_resources_decrypted() {
    let server = start_domain_server();
    for name in ["ada", "betty", "carol"] {
        let (client, _, _) = logged_in(&server, name);
        let progress = RefCell::new(Vec::new());
        let report = |done: usize, total: usize| progress.borrow_mut().push((done, total));
        let list =
            block_on(client.resources(Some(&report))).unwrap_or_else(|e| panic!("{name}: {e}"));
        for r in &list.resources {
            assert_eq!(r.error, None, "{name}: {r:?}");
        }
        assert_eq!(names(&list), readable_by(name), "{name}");
        let v5 = list
            .resources
            .iter()
            .filter(|r| r.metadata_key_type.is_some())
            .count();
        assert!(v5 > 0, "{name} reads v5 resources");
        let progress = progress.into_inner();
        assert_eq!(progress.last(), Some(&(v5, v5)), "{name}: {progress:?}");
        // v4 fields come in the v5 shape.
        for r in list
            .resources
            .iter()
            .filter(|r| r.metadata_key_type.is_none())
        {
            assert_eq!(r.decrypted_via, "cleartext");
            assert!(r.metadata.as_ref().unwrap()["uris"].is_array(), "{r:?}");
        }
        assert!(
            client.trusted_metadata_key().is_some(),
            "{name}: trusted on first use"
        );
        let perms: Vec<Option<u8>> = list.resources.iter().map(|r| r.permission).collect();
        assert!(
            perms.iter().all(|p| matches!(p, Some(1 | 7 | 15))),
            "{name}: {perms:?}"
        );
    }
}

#[test]
fn the_second_listing_decrypts_nothing_and_the_server_keeps_the_session_keys() {
    let server = start_domain_server();
    // Carol has no bundle in the seed: her first listing decrypts with private keys.
    let (client, _, sent) = logged_in(&server, "carol");
    assert!(server_bundle(&server, "carol").is_empty());
    let first = block_on(client.resources(None)).unwrap();
    let v5: Vec<&str> = first
        .resources
        .iter()
        .filter(|r| r.metadata_key_type.is_some())
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(first.decrypted, v5.len());
    assert!(first
        .resources
        .iter()
        .filter(|r| r.metadata_key_type.is_some())
        .all(|r| matches!(r.decrypted_via, "metadata_key" | "user_key")));
    assert_eq!(
        first.session_keys.status, "saved",
        "{:?}",
        first.session_keys
    );
    let stored = server_bundle(&server, "carol");
    for id in &v5 {
        assert!(
            stored.get(ForeignModel::Resource, id).is_some(),
            "{id} is in the bundle"
        );
    }

    let before = sent.borrow().len();
    let second = block_on(client.resources(None)).unwrap();
    assert_eq!(second.decrypted, 0);
    assert_eq!(names(&second), names(&first));
    assert!(second
        .resources
        .iter()
        .filter(|r| r.metadata_key_type.is_some())
        .all(|r| r.decrypted_via == "unchanged"));
    assert_eq!(second.session_keys.status, "up_to_date");
    let calls: Vec<String> = sent.borrow()[before..].to_vec();
    assert!(
        calls.iter().all(|c| c.starts_with("GET ")),
        "nothing is written the second time: {calls:?}"
    );

    // A new client of the same user reads the keys from the server's bundle.
    let (fresh, _, _) = logged_in(&server, "carol");
    let third = block_on(fresh.resources(None)).unwrap();
    assert_eq!(names(&third), names(&first));
    assert!(third
        .resources
        .iter()
        .filter(|r| r.metadata_key_type.is_some())
        .all(|r| r.decrypted_via == "session_key"));
    assert_eq!(third.decrypted, v5.len());
    assert_eq!(third.session_keys.status, "up_to_date");
}

fn new_v5(
    client: &passbolt_core::client::Client<client_support::UreqTransport>,
    name: &str,
) -> String {
    let input: ResourceInput = serde_json::from_value(json!({
        "resource_type": "v5-default",
        "metadata": {"name": name, "username": "u", "uris": [], "description": null},
        "secret": {"password": "pw", "description": "d"}
    }))
    .unwrap();
    block_on(client.create_resource(&input)).unwrap().id
}

#[test]
fn a_409_on_the_session_key_save_is_remerged_and_no_key_is_lost() {
    let server = start_domain_server();
    let (a, _, _) = logged_in(&server, "carol");
    let (b, _, _) = logged_in(&server, "carol");
    block_on(a.resources(None)).unwrap();
    block_on(b.resources(None)).unwrap();
    let x = new_v5(&a, "Made by A");
    let listed = block_on(a.resources(None)).unwrap();
    assert_eq!(listed.session_keys.status, "saved");
    let y = new_v5(&a, "Made after A saved");
    // B still holds the bundle's old `modified`: its save meets a 409, re-reads, merges.
    let list = block_on(b.resources(None)).unwrap();
    assert_eq!(list.session_keys.conflicts, 1, "{:?}", list.session_keys);
    assert_eq!(list.session_keys.status, "saved", "{:?}", list.session_keys);
    assert!(list.resources.iter().all(|r| r.error.is_none()));
    let stored = server_bundle(&server, "carol");
    for id in [&x, &y] {
        assert!(
            stored.get(ForeignModel::Resource, id).is_some(),
            "{id} kept"
        );
    }
}

#[test]
fn metadata_served_under_another_id_is_an_item_error() {
    let server = start_domain_server();
    let (client, _, _) = logged_in(&server, "ada");
    let shared = "72a8b7fd-7655-53e2-b7b8-38074f617f69"; // v5-default
    let totp = "da1fde14-1341-55c6-b64e-a596df40f4a1"; // v5-totp-standalone
    {
        let mut state = server.app().state();
        let from = state
            .db
            .resources
            .iter()
            .find(|r| r.id == shared)
            .unwrap()
            .clone();
        let to = state
            .db
            .resources
            .iter_mut()
            .find(|r| r.id == totp)
            .unwrap();
        to.metadata = from.metadata.clone();
        to.metadata_key_id = from.metadata_key_id.clone();
        to.metadata_key_type = from.metadata_key_type.clone();
    }
    let list = block_on(client.resources(None)).unwrap();
    let bad = list.resources.iter().find(|r| r.id == totp).unwrap();
    let error = bad.error.as_ref().expect("the swapped item fails");
    assert_eq!(error.code, "RESOURCE_TYPE_MISMATCH", "{error:?}");
    assert!(bad.metadata.is_none());
    let good = list.resources.iter().find(|r| r.id == shared).unwrap();
    assert_eq!(good.error, None);
    assert_eq!(good.metadata.as_ref().unwrap()["name"], "Shared v5 default");
    let others = list.resources.iter().filter(|r| r.error.is_some()).count();
    assert_eq!(others, 1, "one bad item fails alone");
}

#[test]
fn a_changed_metadata_key_is_refused() {
    let server = start_domain_server();
    let (client, _, _) = logged_in(&server, "betty");
    client
        .trust_metadata_key("0123456789ABCDEF0123456789ABCDEF01234567")
        .unwrap();
    let error = block_on(client.resources(None)).unwrap_err();
    assert_eq!(error.code(), "METADATA_KEY_CHANGED");
    assert_eq!(
        client.trust_metadata_key("nope").unwrap_err().code(),
        "INVALID_OPTION"
    );
}

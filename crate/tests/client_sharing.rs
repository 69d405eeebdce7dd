//! Sharing resources with users and groups: simulate, a secret for each added user signed by
//! the sharer, share; personal metadata moved to the shared key first; revoke.
// Native only: the test server and ureq do not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod client_support;

use client_support::{block_on, logged_in, person, start_domain_server, UreqTransport};
use passbolt_core::client::{Client, ResourceInput, ShareChange};
use passbolt_core::protocol::resources::MetadataKeyType;
use serde_json::{json, Value};

const ACCOUNTING: &str = "469edf9d-ca1e-5003-91d6-3a46755d5a50"; // ada (admin) and betty

fn input(value: Value) -> ResourceInput {
    serde_json::from_value(value).unwrap()
}

fn changes(value: Value) -> Vec<ShareChange> {
    serde_json::from_value(value).unwrap()
}

fn listed(client: &Client<UreqTransport>, id: &str) -> Option<passbolt_core::client::ResourceView> {
    block_on(client.resources(None))
        .unwrap()
        .resources
        .into_iter()
        .find(|r| r.id == id)
}

#[test]
fn share_v5_shared_with_a_user_who_then_reads_it_and_revoke() {
    let server = start_domain_server();
    let (ada, ada_p, _) = logged_in(&server, "ada");
    let (carol, carol_p, _) = logged_in(&server, "carol");
    let made = block_on(
        ada.create_resource(&input(json!({"resource_type": "v5-default",
        "metadata": {"name": "For Carol"}, "secret": {"password": "carol-can-read"}}))),
    )
    .unwrap();
    assert!(listed(&carol, &made.id).is_none());
    let outcome = block_on(ada.share_resource(
        &made.id,
        &changes(json!([
            {"aro": "User", "aro_foreign_key": carol_p.user_id, "type": 1}
        ])),
    ))
    .unwrap();
    assert_eq!(outcome.added, vec![carol_p.user_id.clone()]);
    assert!(!outcome.metadata_moved_to_shared_key);
    let view = listed(&carol, &made.id).expect("carol lists it");
    assert_eq!(view.metadata.unwrap()["name"], "For Carol");
    assert_eq!(view.permission, Some(1));
    let secret = block_on(carol.secret(&made.id)).unwrap();
    assert_eq!(secret.data.password.as_deref(), Some("carol-can-read"));
    assert_eq!(
        secret.signers[0].user_id.as_deref(),
        Some(ada_p.user_id.as_str())
    );
    assert!(secret.signers[0].verified);

    // Upgrade to update, then revoke.
    let outcome = block_on(ada.share_resource(
        &made.id,
        &changes(json!([
            {"aro": "User", "aro_foreign_key": carol_p.user_id, "type": 7}
        ])),
    ))
    .unwrap();
    assert!(outcome.added.is_empty());
    assert_eq!(listed(&carol, &made.id).unwrap().permission, Some(7));
    let outcome = block_on(ada.share_resource(
        &made.id,
        &changes(json!([
            {"aro": "User", "aro_foreign_key": carol_p.user_id, "type": null}
        ])),
    ))
    .unwrap();
    assert_eq!(outcome.removed, vec![carol_p.user_id.clone()]);
    assert!(listed(&carol, &made.id).is_none());
    assert_eq!(
        block_on(carol.secret(&made.id)).unwrap_err().code(),
        "NOT_FOUND"
    );
}

#[test]
fn personal_metadata_is_moved_to_the_shared_key_before_sharing_with_a_group() {
    let server = start_domain_server();
    // Carol (RSA-4096) owns a personal note; Accounting is Ada (Ed25519) and Betty (RSA-3072).
    let (carol, carol_p, _) = logged_in(&server, "carol");
    let made = block_on(carol.create_resource(&input(
        json!({"resource_type": "v5-default", "personal": true,
        "metadata": {"name": "Carol's personal"}, "secret": {"password": "moved-then-shared"}}),
    )))
    .unwrap();
    assert_eq!(made.metadata_key_type, Some(MetadataKeyType::UserKey));
    let outcome = block_on(carol.share_resource(
        &made.id,
        &changes(json!([
            {"aro": "Group", "aro_foreign_key": ACCOUNTING, "type": 1}
        ])),
    ))
    .unwrap();
    assert!(outcome.metadata_moved_to_shared_key);
    let mut added = outcome.added.clone();
    added.sort();
    let mut expected = vec![person("ada").user_id, person("betty").user_id];
    expected.sort();
    assert_eq!(added, expected);
    for name in ["ada", "betty"] {
        let (client, _, _) = logged_in(&server, name);
        let view = listed(&client, &made.id).unwrap_or_else(|| panic!("{name} lists it"));
        assert_eq!(view.metadata_key_type, Some(MetadataKeyType::SharedKey));
        assert_eq!(view.metadata.unwrap()["name"], "Carol's personal", "{name}");
        let secret = block_on(client.secret(&made.id)).unwrap();
        assert_eq!(
            secret.data.password.as_deref(),
            Some("moved-then-shared"),
            "{name}"
        );
        assert_eq!(
            secret.signers[0].user_id.as_deref(),
            Some(carol_p.user_id.as_str())
        );
    }
    // The owner still reads it, now through the shared key.
    let view = listed(&carol, &made.id).unwrap();
    assert_eq!(view.metadata_key_type, Some(MetadataKeyType::SharedKey));
    assert_eq!(view.error, None);
}

#[test]
fn v4_resources_share_too_and_bad_changes_are_refused_before_sending() {
    let server = start_domain_server();
    let (betty, _, sent) = logged_in(&server, "betty");
    let (carol, carol_p, _) = logged_in(&server, "carol");
    let made = block_on(betty.create_resource(&input(json!({"resource_type": "password-and-description",
        "metadata": {"name": "Betty v4"}, "secret": {"password": "v4-shared", "description": "d"}})))).unwrap();
    for bad in [
        json!([{"aro": "Robot", "aro_foreign_key": carol_p.user_id, "type": 1}]),
        json!([{"aro": "User", "aro_foreign_key": "carol", "type": 1}]),
        json!([{"aro": "User", "aro_foreign_key": carol_p.user_id, "type": 3}]),
        json!([{"aro": "User", "aro_foreign_key": carol_p.user_id, "type": null}]),
    ] {
        let error = block_on(betty.share_resource(&made.id, &changes(bad.clone()))).unwrap_err();
        assert_eq!(error.code(), "INVALID_INPUT", "{bad}");
    }
    assert!(
        !sent.borrow().iter().any(|r| r.contains("/share/")),
        "nothing was shared"
    );
    block_on(betty.share_resource(
        &made.id,
        &changes(json!([
            {"aro": "User", "aro_foreign_key": carol_p.user_id, "type": 15}
        ])),
    ))
    .unwrap();
    let secret = block_on(carol.secret(&made.id)).unwrap();
    assert_eq!(secret.data.password.as_deref(), Some("v4-shared"));
    assert_eq!(
        listed(&carol, &made.id).unwrap().metadata.unwrap()["name"],
        "Betty v4"
    );
    // A reader cannot share.
    let (ada, _, _) = logged_in(&server, "ada");
    let seeded_v4 = "e7b0808a-770d-5996-9afb-221c282ccdf6"; // carol's, ada reads
    let error = block_on(ada.share_resource(
        seeded_v4,
        &changes(json!([
            {"aro": "User", "aro_foreign_key": person("dame").user_id, "type": 1}
        ])),
    ))
    .unwrap_err();
    assert!(
        matches!(
            error.code(),
            "REQUEST_REJECTED" | "VALIDATION_FAILED" | "NOT_FOUND"
        ),
        "{error}"
    );
}

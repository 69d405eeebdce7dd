//! Users, groups and the keyring sync of the client, against the test server.
// Native only: the test server and ureq do not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod client_support;

use client_support::{block_on, logged_in, start_domain_server};

#[test]
fn users_and_groups_with_members() {
    let server = start_domain_server();
    let (client, ada, _) = logged_in(&server, "ada");
    let users = block_on(client.users()).unwrap();
    let me = users
        .iter()
        .find(|u| u.id == ada.user_id)
        .expect("ada is listed");
    assert_eq!(me.username, "ada@passbolt.test");
    assert_eq!(
        me.gpgkey
            .as_ref()
            .map(|k| k.fingerprint.to_ascii_uppercase()),
        Some(ada.fingerprint.to_ascii_uppercase())
    );
    assert!(users.iter().any(|u| u.username == "carol@passbolt.test"));
    let groups = block_on(client.groups()).unwrap();
    let accounting = groups
        .iter()
        .find(|g| g.name == "Accounting")
        .expect("Accounting");
    let members: Vec<&str> = accounting
        .groups_users
        .as_ref()
        .expect("members are included")
        .iter()
        .map(|m| m.user_id.as_str())
        .collect();
    let betty = client_support::person("betty");
    assert_eq!(members.len(), 2, "{members:?}");
    assert!(members.contains(&ada.user_id.as_str()));
    assert!(members.contains(&betty.user_id.as_str()));
}

#[test]
fn the_second_sync_asks_only_for_changes_since_the_servertime() {
    let server = start_domain_server();
    let (client, _, sent) = logged_in(&server, "betty");
    assert_eq!(client.keyring_cursor(), None);
    let first = block_on(client.sync_keys()).unwrap();
    assert!(first.updated.len() >= 4, "{first:?}");
    let cursor = client
        .keyring_cursor()
        .expect("a cursor after the first sync");
    let count = client.keyring_len();
    assert_eq!(count, first.updated.len());
    let gpgkey_calls = |sent: &Vec<String>| -> Vec<String> {
        sent.iter()
            .filter(|r| r.contains("/gpgkeys.json"))
            .cloned()
            .collect()
    };
    let before = gpgkey_calls(&sent.borrow());
    assert_eq!(before.len(), 1);
    assert!(!before[0].contains("modified-after"), "{before:?}");

    server.clock().advance(5);
    let second = block_on(client.sync_keys()).unwrap();
    assert!(second.updated.is_empty(), "nothing changed: {second:?}");
    assert!(second.removed.is_empty());
    assert_eq!(client.keyring_len(), count);
    let after = gpgkey_calls(&sent.borrow());
    let new: Vec<&String> = after[before.len()..].iter().collect();
    assert!(!new.is_empty());
    for request in &new {
        assert!(
            request.contains(&format!("filter%5Bmodified-after%5D={cursor}")),
            "{request}"
        );
    }
    assert!(client.keyring_cursor().unwrap() >= cursor);
}

#[test]
fn data_calls_need_a_login() {
    let server = start_domain_server();
    let (client, _) = client_support::domain_client(&server);
    assert_eq!(
        block_on(client.users()).unwrap_err().code(),
        "NOT_LOGGED_IN"
    );
    assert_eq!(
        block_on(client.sync_keys()).unwrap_err().code(),
        "NOT_LOGGED_IN"
    );
    assert_eq!(
        block_on(client.resources(None)).unwrap_err().code(),
        "NOT_LOGGED_IN"
    );
    assert_eq!(
        block_on(client.folders()).unwrap_err().code(),
        "NOT_LOGGED_IN"
    );
}

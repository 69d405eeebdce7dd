//! The session-key cache against the fixtures: bundles (and the mobile apps' variants),
//! merging and compaction, the 409 conflict, and the decryption plan over the fixture
//! resource list (keys first, then session keys only, then nothing at all).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashMap;

use common::protocol_fixtures::{
    fixture_json as json_fixture, fixture_response as response, unlocked,
};
use passbolt_core::pgp::{
    decrypt, encrypt, DecryptOptions, DecryptWith, PgpError, PublicKey, SessionKey, UnlockedKey,
};
use passbolt_core::protocol::http::{Method, Response};
use passbolt_core::protocol::metadata::{
    parse_metadata_keys, MetadataError, MetadataKeyType, MetadataKeyring, UnlockedMetadataKey,
    SESSION_KEYS,
};
use passbolt_core::protocol::session_keys::{
    bundles_request, parse_bundles, BatchKey, DecryptedVia, DecryptionBatch, DecryptionPlan,
    DecryptionStep, EncryptedBundle, EncryptedItem, ForeignModel, ItemOutcome, SaveOutcome,
    SessionKeyEntry, SessionKeyStore, SessionKeysBundle, Timestamp,
};
use serde_json::{json, Value};

const SHARED_ID: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31";
const PERSONAL_ID: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a32";
const METADATA_KEY_ID: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a21";
const SHARED_KEY: &str = "9:8C9FCC0359D11EE996CEBC1E98E9801FF5200CE82700E9865EF38DEB27C98FE3";
const PERSONAL_KEY: &str = "9:E17A54B368C3AE232DA22D53AEA58095A1EDAD2F0F7892C2640B5B0F7910DEFB";
const OTHER_ID: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a99";

/// An envelope as the server writes it.
fn envelope(status: u16, message: &str, body: Value) -> Response {
    let header_status = if (200..300).contains(&status) {
        "success"
    } else {
        "error"
    };
    Response {
        status,
        headers: Vec::new(),
        body: json!({
            "header": {"status": header_status, "servertime": 1795342586, "message": message, "code": status},
            "body": body
        })
        .to_string(),
    }
}

fn ada() -> UnlockedKey {
    unlocked("ada")
}

fn betty() -> UnlockedKey {
    unlocked("betty")
}

fn entry_json(id: &str, key: &str, modified: &str) -> Value {
    json!({"foreign_model": "Resource", "foreign_id": id, "session_key": key, "modified": modified})
}

fn entry(id: &str, key: &str, modified: &str) -> SessionKeyEntry {
    SessionKeyEntry::from_json(&entry_json(id, key, modified)).unwrap()
}

/// A bundle on the server: `entries` encrypted for `user` (signed by them).
fn server_bundle(
    id: &str,
    modified: &str,
    entries: Vec<Value>,
    user: &UnlockedKey,
) -> EncryptedBundle {
    let clear = json!({"object_type": SESSION_KEYS, "session_keys": entries}).to_string();
    EncryptedBundle {
        id: id.into(),
        user_id: Some("8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a01".into()),
        data: encrypt(clear.as_bytes(), &[user.public_key()], Some(user)).unwrap(),
        created: modified.into(),
        modified: modified.into(),
    }
}

fn saved_response(id: &str, modified: &str) -> Response {
    envelope(
        200,
        "The operation was successful.",
        json!({"id": id, "user_id": "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a01", "data": "-----BEGIN PGP MESSAGE-----", "created": modified, "modified": modified}),
    )
}

fn body_json(body: &Option<String>) -> Value {
    serde_json::from_str(body.as_deref().expect("a body")).unwrap()
}

fn key_of(bundle: &SessionKeysBundle, id: &str) -> Option<String> {
    bundle
        .get(ForeignModel::Resource, id)
        .map(|e| e.session_key.to_passbolt_string().to_string())
}

/// The session keys text must not show in any Debug output.
fn assert_no_key(shown: &str) {
    for key in [SHARED_KEY, PERSONAL_KEY] {
        assert!(!shown.contains(&key[2..18]), "session key in {shown}");
    }
    assert!(
        !shown.contains("Shared fixture resource"),
        "metadata in {shown}"
    );
}

#[test]
fn the_fixture_bundle_decrypts_and_writes_back_the_same_cleartext() {
    let fixture = json_fixture("crypto/session_keys_bundle.json");
    let bundle = SessionKeysBundle::decrypt(fixture["armored"].as_str().unwrap(), &ada()).unwrap();
    assert_eq!((bundle.len(), bundle.dropped()), (2, 0));
    assert_eq!(key_of(&bundle, SHARED_ID).as_deref(), Some(SHARED_KEY));
    assert_eq!(key_of(&bundle, PERSONAL_ID).as_deref(), Some(PERSONAL_KEY));
    let written: Value = serde_json::from_slice(&bundle.to_json()).unwrap();
    assert_eq!(written, fixture["cleartext"]);
    let armored = bundle.encrypt(&ada()).unwrap();
    assert_eq!(
        SessionKeysBundle::decrypt(&armored, &ada()).unwrap(),
        bundle
    );
    assert_no_key(&format!("{bundle:?}"));
}

#[test]
fn mobile_bundles_are_read_and_written_in_the_extensions_form() {
    let ada = ada();
    let mobile = server_bundle(
        "b1",
        "2026-11-21T10:16:26+00:00",
        vec![
            entry_json(
                SHARED_ID,
                &SHARED_KEY[2..],
                "2026-11-21T11:16:26+01:00[Europe/Paris]",
            ),
            entry_json(
                PERSONAL_ID,
                &PERSONAL_KEY.to_lowercase(),
                "2026-11-21T10:16Z[UTC]",
            ),
        ],
        &ada,
    );
    let bundle = SessionKeysBundle::decrypt(&mobile.data, &ada).unwrap();
    let written: Value = serde_json::from_slice(&bundle.to_json()).unwrap();
    assert_eq!(
        written["session_keys"],
        json!([
            entry_json(SHARED_ID, SHARED_KEY, "2026-11-21T11:16:26+01:00"),
            entry_json(PERSONAL_ID, PERSONAL_KEY, "2026-11-21T10:16:00+00:00"),
        ])
    );
}

#[test]
fn the_fixture_bundle_list_loads_into_a_store_that_is_up_to_date() {
    assert_eq!(
        bundles_request().path_and_query(),
        "/metadata/session-keys.json?api-version=v2"
    );
    let bundles = parse_bundles(&response(200, "api/metadata_session_keys.json")).unwrap();
    assert_eq!(bundles.len(), 1);
    assert!(!format!("{:?}", bundles[0]).contains("BEGIN PGP"));
    let mut store = SessionKeyStore::load(&bundles, &ada());
    assert_eq!(store.keys().len(), 2);
    assert!(store.unreadable().is_empty());
    assert!(!store.needs_save());
    assert_eq!(store.save_plan(&ada()).unwrap(), None);
    assert_no_key(&format!("{store:?}"));
}

#[test]
fn bundles_are_merged_into_the_newest_and_the_others_deleted() {
    let ada = ada();
    let old = server_bundle(
        "old",
        "2026-11-20T10:00:00+00:00",
        vec![
            entry_json(SHARED_ID, PERSONAL_KEY, "2026-11-19T10:00:00+00:00"),
            entry_json(OTHER_ID, SHARED_KEY, "2026-11-19T10:00:00+00:00"),
        ],
        &ada,
    );
    let new = server_bundle(
        "new",
        "2026-11-21T10:00:00+00:00",
        vec![entry_json(
            SHARED_ID,
            SHARED_KEY,
            "2026-11-20T10:00:00+00:00",
        )],
        &ada,
    );
    // The server's order does not matter: the most recently modified bundle is the target.
    let mut store = SessionKeyStore::load(&[old, new], &ada);
    assert_eq!(key_of(store.keys(), SHARED_ID).as_deref(), Some(SHARED_KEY));
    assert_eq!(key_of(store.keys(), OTHER_ID).as_deref(), Some(SHARED_KEY));
    assert!(store.needs_save());
    let plan = store.save_plan(&ada).unwrap().expect("a plan");
    let save = plan.save.expect("a save");
    assert_eq!(
        (save.method, save.path.as_str()),
        (Method::Put, "/metadata/session-keys/new.json")
    );
    let body = body_json(&save.body);
    assert_eq!(body["modified"], "2026-11-21T10:00:00+00:00");
    let stored = SessionKeysBundle::decrypt(body["data"].as_str().unwrap(), &ada).unwrap();
    assert_eq!(&stored, store.keys());
    assert_eq!(plan.delete.len(), 1);
    assert_eq!(
        (plan.delete[0].method, plan.delete[0].path.as_str()),
        (Method::Delete, "/metadata/session-keys/old.json")
    );
    assert_no_key(&format!("{save:?}"));

    assert_eq!(
        store.apply_save_response(&saved_response("new", "2026-11-21T11:00:00+00:00")),
        Ok(SaveOutcome::Saved)
    );
    assert!(store.needs_save(), "the old bundle is still there");
    let plan = store.save_plan(&ada).unwrap().unwrap();
    assert_eq!((plan.save, plan.delete.len()), (None, 1));
    let deleted = envelope(200, "The session key was deleted.", Value::Null);
    assert_eq!(store.apply_delete_response("old", &deleted), Ok(()));
    assert!(!store.needs_save());
}

#[test]
fn without_a_bundle_new_keys_are_posted() {
    let ada = ada();
    let mut store = SessionKeyStore::load(&[], &ada);
    assert_eq!(store.save_plan(&ada).unwrap(), None);
    assert_eq!(
        store.record([entry(SHARED_ID, SHARED_KEY, "2026-11-21T10:16:26+00:00")]),
        1
    );
    let plan = store.save_plan(&ada).unwrap().unwrap();
    let save = plan.save.unwrap();
    assert_eq!(
        (save.method, save.path.as_str()),
        (Method::Post, "/metadata/session-keys.json")
    );
    let body = body_json(&save.body);
    assert!(body.get("modified").is_none());
    assert_eq!(
        store.apply_save_response(&saved_response("created", "2026-11-21T10:20:00+00:00")),
        Ok(SaveOutcome::Saved)
    );
    assert!(!store.needs_save());
    // The next save updates the bundle just created, with its date.
    store.record([entry(
        PERSONAL_ID,
        PERSONAL_KEY,
        "2026-11-21T10:16:26+00:00",
    )]);
    let save = store.save_plan(&ada).unwrap().unwrap().save.unwrap();
    assert_eq!(save.path, "/metadata/session-keys/created.json");
    assert_eq!(
        body_json(&save.body)["modified"],
        "2026-11-21T10:20:00+00:00"
    );
}

#[test]
fn a_409_conflict_is_resolved_by_rereading_without_losing_a_key() {
    let ada = ada();
    let first = server_bundle(
        "b1",
        "2026-11-21T10:00:00+00:00",
        vec![entry_json(
            SHARED_ID,
            SHARED_KEY,
            "2026-11-21T10:00:00+00:00",
        )],
        &ada,
    );
    let mut store = SessionKeyStore::load(&[first], &ada);
    store.record([entry(
        PERSONAL_ID,
        PERSONAL_KEY,
        "2026-11-21T10:05:00+00:00",
    )]);
    let save = store.save_plan(&ada).unwrap().unwrap().save.unwrap();
    assert_eq!(
        body_json(&save.body)["modified"],
        "2026-11-21T10:00:00+00:00"
    );

    // Another device saved first: the server answers 409.
    let conflict = envelope(
        409,
        "The metadata session key data has changed.",
        Value::Null,
    );
    assert_eq!(
        store.apply_save_response(&conflict),
        Ok(SaveOutcome::Conflict)
    );

    // Its bundle holds a key we do not have, and a newer key for the shared resource.
    let theirs = server_bundle(
        "b1",
        "2026-11-21T10:10:00+00:00",
        vec![
            entry_json(SHARED_ID, SHARED_KEY, "2026-11-21T10:00:00+00:00"),
            entry_json(OTHER_ID, PERSONAL_KEY, "2026-11-21T10:09:00+00:00"),
        ],
        &ada,
    );
    store.reload(&[theirs], &ada);
    for id in [SHARED_ID, PERSONAL_ID, OTHER_ID] {
        assert!(key_of(store.keys(), id).is_some(), "{id} kept");
    }
    let save = store.save_plan(&ada).unwrap().unwrap().save.unwrap();
    assert_eq!(save.path, "/metadata/session-keys/b1.json");
    let body = body_json(&save.body);
    assert_eq!(body["modified"], "2026-11-21T10:10:00+00:00");
    let stored = SessionKeysBundle::decrypt(body["data"].as_str().unwrap(), &ada).unwrap();
    assert_eq!(stored.len(), 3);
    assert_eq!(
        store.apply_save_response(&saved_response("b1", "2026-11-21T10:11:00+00:00")),
        Ok(SaveOutcome::Saved)
    );
    assert!(!store.needs_save());
}

#[test]
fn broken_bundles_do_not_stop_the_others_and_are_replaced() {
    let ada = ada();
    let good = server_bundle(
        "good",
        "2026-11-20T10:00:00+00:00",
        vec![entry_json(
            SHARED_ID,
            SHARED_KEY,
            "2026-11-20T10:00:00+00:00",
        )],
        &ada,
    );
    let for_betty = server_bundle("betty", "2026-11-21T10:00:00+00:00", vec![], &betty());
    let mut not_json = good.clone();
    not_json.id = "junk".into();
    not_json.modified = "2026-11-19T10:00:00+00:00".into();
    not_json.data = encrypt(b"{not json", &[ada.public_key()], Some(&ada)).unwrap();
    let mut wrong_type = not_json.clone();
    wrong_type.id = "wrong-type".into();
    wrong_type.data = encrypt(
        br#"{"object_type":"PASSBOLT_SECRET_DATA","password":"hunter2"}"#,
        &[ada.public_key()],
        Some(&ada),
    )
    .unwrap();
    let mut garbage = not_json.clone();
    garbage.id = "garbage".into();
    garbage.data =
        "-----BEGIN PGP MESSAGE-----\n\nnot base64 at all\n-----END PGP MESSAGE-----\n".into();
    let mut store = SessionKeyStore::load(&[good, for_betty, not_json, wrong_type, garbage], &ada);
    assert_eq!(key_of(store.keys(), SHARED_ID).as_deref(), Some(SHARED_KEY));
    let unreadable: HashMap<&str, &MetadataError> = store
        .unreadable()
        .iter()
        .map(|(id, e)| (id.as_str(), e))
        .collect();
    assert_eq!(
        unreadable["betty"],
        &MetadataError::Pgp {
            operation: "decrypt the session keys bundle",
            source: PgpError::NoMatchingKey
        }
    );
    assert_eq!(
        unreadable["junk"],
        &MetadataError::InvalidPayload {
            what: "session keys bundle",
            reason: "it is not JSON"
        }
    );
    assert_eq!(
        unreadable["wrong-type"],
        &MetadataError::WrongObjectType {
            expected: SESSION_KEYS,
            found: Some("PASSBOLT_SECRET_DATA")
        }
    );
    assert_eq!(unreadable["garbage"].code(), "INVALID_ARMOR");
    assert!(!format!("{store:?}").contains("hunter2"));
    // The newest bundle (unreadable) is overwritten with every readable key; others go.
    let plan = store.save_plan(&ada).unwrap().unwrap();
    assert_eq!(plan.save.unwrap().path, "/metadata/session-keys/betty.json");
    let mut deleted: Vec<&str> = plan.delete.iter().map(|r| r.path.as_str()).collect();
    deleted.sort();
    assert_eq!(
        deleted,
        [
            "/metadata/session-keys/garbage.json",
            "/metadata/session-keys/good.json",
            "/metadata/session-keys/junk.json",
            "/metadata/session-keys/wrong-type.json"
        ]
    );
}

#[test]
fn oversized_bundles_are_refused_before_decryption() {
    let huge = "A".repeat(10_000_001);
    assert_eq!(
        SessionKeysBundle::decrypt(&huge, &ada()),
        Err(MetadataError::TooLarge {
            size: 10_000_001,
            limit: 10_000_000
        })
    );
}

#[test]
fn server_errors_are_typed() {
    let forbidden = response(403, "api/error_403_not_logged_in.json");
    assert_eq!(
        parse_bundles(&forbidden),
        Err(MetadataError::Server {
            http_status: 403,
            message: "You need to login to access this location.".into()
        })
    );
    let ada = ada();
    let mut store = SessionKeyStore::load(&[], &ada);
    store.record([entry(SHARED_ID, SHARED_KEY, "2026-11-21T10:16:26+00:00")]);
    store.save_plan(&ada).unwrap();
    let identical = envelope(400, "The session key data is identical.", json!({}));
    assert_eq!(
        store.apply_save_response(&identical),
        Err(MetadataError::Server {
            http_status: 400,
            message: "The session key data is identical.".into()
        })
    );
    let proxy = Response {
        status: 504,
        headers: Vec::new(),
        body: "<html>Gateway Timeout</html>".into(),
    };
    assert_eq!(
        store.apply_save_response(&proxy).unwrap_err().code(),
        "HTML_BODY"
    );
    assert!(store.needs_save(), "a failed save leaves the keys to save");
    let gone = response(404, "api/error_404.json");
    assert_eq!(store.apply_delete_response("x", &gone), Ok(()));
    assert_eq!(
        store
            .apply_delete_response("x", &forbidden)
            .unwrap_err()
            .code(),
        "SERVER_ERROR"
    );
}

// The decryption plan over the fixture resource list.

fn fixture_items() -> Vec<EncryptedItem> {
    let index = json_fixture("api/resources_index.json");
    index["body"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| EncryptedItem::from_resource(r).unwrap())
        .collect()
}

fn keyring(ada: &UnlockedKey) -> MetadataKeyring {
    let keys = parse_metadata_keys(&response(200, "api/metadata_keys_with_private.json")).unwrap();
    let mut keyring = MetadataKeyring::new();
    keyring.insert(
        UnlockedMetadataKey::unlock(&keys[0], ada, "https://passbolt.fixture.test").unwrap(),
    );
    keyring
}

fn expected_metadata(name: &str) -> Value {
    json_fixture("crypto/resources_v5.json")[name]["metadata_cleartext"].clone()
}

fn via(outcome: &ItemOutcome) -> DecryptedVia {
    match outcome {
        ItemOutcome::Decrypted { via, .. } => *via,
        other => panic!("not decrypted: {other:?}"),
    }
}

#[test]
fn the_plan_uses_keys_then_session_keys_then_skips_unchanged_items() {
    let ada = ada();
    let items = fixture_items();
    assert_eq!(items.len(), 2, "the v4 resource has no metadata");
    assert_eq!(items[1].metadata_key_type, MetadataKeyType::UserKey);
    let keyring = keyring(&ada);
    let mut store = SessionKeyStore::load(&[], &ada);

    // 1. Nothing cached: the metadata key and the user key, and two new session keys.
    let no_previous = HashMap::new();
    let plan = DecryptionPlan::new(&items, &no_previous, store.keys());
    assert_eq!(
        plan.steps(),
        [
            DecryptionStep::MetadataKey {
                metadata_key_id: Some(METADATA_KEY_ID.into())
            },
            DecryptionStep::UserKey
        ]
    );
    assert_eq!(
        plan.metadata_keys_needed().into_iter().collect::<Vec<_>>(),
        [METADATA_KEY_ID]
    );
    assert!(plan.needs_user_key());
    let run = plan.run(&keyring, Some(&ada));
    assert_eq!(via(&run.outcomes[0]), DecryptedVia::MetadataKey);
    assert_eq!(via(&run.outcomes[1]), DecryptedVia::UserKey);
    for (outcome, name) in run.outcomes.iter().zip(["shared", "personal"]) {
        let ItemOutcome::Decrypted { metadata, .. } = outcome else {
            unreachable!()
        };
        assert_eq!(metadata.metadata, expected_metadata(name));
    }
    let mut new_keys: Vec<(String, String)> = run
        .new_session_keys
        .iter()
        .map(|e| {
            (
                e.foreign_id.clone(),
                e.session_key.to_passbolt_string().to_string(),
            )
        })
        .collect();
    new_keys.sort();
    assert_eq!(
        new_keys,
        [
            (SHARED_ID.to_string(), SHARED_KEY.to_string()),
            (PERSONAL_ID.to_string(), PERSONAL_KEY.to_string())
        ]
    );
    assert_no_key(&format!("{run:?}"));
    assert_eq!(store.record(run.new_session_keys), 2);

    // 2. Session keys only: no private key is given, and none is needed.
    let plan = DecryptionPlan::new(&items, &no_previous, store.keys());
    assert_eq!(
        plan.steps(),
        [DecryptionStep::SessionKey, DecryptionStep::SessionKey]
    );
    assert!(plan.metadata_keys_needed().is_empty() && !plan.needs_user_key());
    let run = plan.run(&MetadataKeyring::new(), None);
    for (outcome, name) in run.outcomes.iter().zip(["shared", "personal"]) {
        assert_eq!(via(outcome), DecryptedVia::SessionKey);
        let ItemOutcome::Decrypted { metadata, .. } = outcome else {
            unreachable!()
        };
        assert_eq!(metadata.metadata, expected_metadata(name));
    }
    assert!(run.new_session_keys.is_empty());

    // 3. Unchanged `modified`: nothing is decrypted.
    let previous: HashMap<String, String> = items
        .iter()
        .map(|i| (i.id.clone(), i.modified.clone()))
        .collect();
    let plan = DecryptionPlan::new(&items, &previous, store.keys());
    assert_eq!(
        plan.steps(),
        [DecryptionStep::Unchanged, DecryptionStep::Unchanged]
    );
    let run = plan.run(&MetadataKeyring::new(), None);
    assert!(run
        .outcomes
        .iter()
        .all(|o| matches!(o, ItemOutcome::Unchanged)));

    // A changed `modified` decrypts that item again.
    let mut changed = previous.clone();
    changed.insert(SHARED_ID.into(), "2026-11-20T00:00:00+00:00".into());
    let plan = DecryptionPlan::new(&items, &changed, store.keys());
    assert_eq!(
        plan.steps(),
        [DecryptionStep::SessionKey, DecryptionStep::Unchanged]
    );
}

#[test]
fn the_fixture_bundle_serves_the_fixture_resources() {
    let ada = ada();
    let bundles = parse_bundles(&response(200, "api/metadata_session_keys.json")).unwrap();
    let store = SessionKeyStore::load(&bundles, &ada);
    let items = fixture_items();
    let run = DecryptionPlan::new(&items, &HashMap::new(), store.keys())
        .run(&MetadataKeyring::new(), None);
    assert!(run
        .outcomes
        .iter()
        .all(|o| via(o) == DecryptedVia::SessionKey));
}

#[test]
fn a_stale_session_key_falls_back_to_the_key_and_is_replaced() {
    let ada = ada();
    let items = fixture_items();
    let mut store = SessionKeyStore::load(&[], &ada);
    // The cache holds the personal resource's key for the shared one: it no longer fits.
    let stale = entry(SHARED_ID, PERSONAL_KEY, &items[0].modified);
    store.record([stale]);
    let plan = DecryptionPlan::new(&items, &HashMap::new(), store.keys());
    assert_eq!(plan.steps()[0], DecryptionStep::SessionKey);

    // Without the metadata key, the item fails with the key it needs, not a crypto error.
    let run = plan.run(&MetadataKeyring::new(), Some(&ada));
    match &run.outcomes[0] {
        ItemOutcome::Failed(err) => assert_eq!(
            err,
            &MetadataError::MissingMetadataKey {
                metadata_key_id: METADATA_KEY_ID.into()
            }
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(via(&run.outcomes[1]), DecryptedVia::UserKey);

    // With it: decrypted by the key, and the fresh session key replaces the stale one.
    let run = plan.run(&keyring(&ada), Some(&ada));
    assert_eq!(via(&run.outcomes[0]), DecryptedVia::MetadataKey);
    assert_eq!(store.record(run.new_session_keys), 2);
    assert_eq!(key_of(store.keys(), SHARED_ID).as_deref(), Some(SHARED_KEY));
}

#[test]
fn one_bad_item_never_fails_the_others() {
    let ada = ada();
    let mut items = fixture_items();
    let good = items[0].clone();
    // Another resource's metadata served for this one (other type id).
    let mut swapped = good.clone();
    swapped.id = OTHER_ID.into();
    swapped.resource_type_id = "0a72c76b-b8e6-53f0-8bef-0a8ca6b5c764".into();
    // A broken message.
    let mut broken = good.clone();
    broken.id = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a98".into();
    broken.metadata = "-----BEGIN PGP MESSAGE-----\n\n=====\n-----END PGP MESSAGE-----\n".into();
    // Encrypted for a metadata key we do not have.
    let mut unknown_key = good.clone();
    unknown_key.id = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a97".into();
    unknown_key.metadata_key_id = Some("8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a96".into());
    items.extend([swapped, broken, unknown_key]);
    let run = DecryptionPlan::new(&items, &HashMap::new(), &SessionKeysBundle::new())
        .run(&keyring(&ada), Some(&ada));
    assert_eq!(via(&run.outcomes[0]), DecryptedVia::MetadataKey);
    assert_eq!(via(&run.outcomes[1]), DecryptedVia::UserKey);
    let errors: Vec<&MetadataError> = run.outcomes[2..]
        .iter()
        .map(|o| match o {
            ItemOutcome::Failed(e) => e,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        errors[0],
        &MetadataError::ResourceTypeMismatch {
            expected: "0a72c76b-b8e6-53f0-8bef-0a8ca6b5c764".into(),
            found: Some("dd1f723d-0d1e-513f-8218-4055dc0530d0".into())
        }
    );
    assert!(
        matches!(errors[1], MetadataError::Pgp { .. }),
        "{:?}",
        errors[1]
    );
    assert_eq!(
        errors[2],
        &MetadataError::MissingMetadataKey {
            metadata_key_id: "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a96".into()
        }
    );
    // Only the two good items yield session keys.
    assert_eq!(run.new_session_keys.len(), 2);
    assert_no_key(&format!("{run:?}"));
}

/// A v5 item named `name` of `fixture`'s form ("shared" or "personal"), encrypted for
/// `recipient`.
fn named_item(
    id: &str,
    fixture: &str,
    name: &str,
    key_type: MetadataKeyType,
    metadata_key_id: Option<&str>,
    recipient: &PublicKey,
) -> EncryptedItem {
    let mut clear = expected_metadata(fixture);
    clear["name"] = name.into();
    EncryptedItem {
        id: id.into(),
        modified: "2026-11-21T10:16:26+00:00".into(),
        metadata: encrypt(clear.to_string().as_bytes(), &[recipient], None).unwrap(),
        metadata_key_id: metadata_key_id.map(str::to_string),
        metadata_key_type: key_type,
        resource_type_id: clear["resource_type_id"].as_str().unwrap().into(),
    }
}

#[test]
fn interleaved_key_groups_decrypt_in_one_batch_each_and_keep_item_order() {
    use MetadataKeyType::{SharedKey, UserKey};
    let ada = ada();
    let keyring = keyring(&ada);
    let metadata_key = keyring.get(METADATA_KEY_ID).unwrap().key();
    let shared = metadata_key.public_key();
    let personal = ada.public_key();
    let id = |n: u32| format!("8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2b{n:02}");
    let unknown_key = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a96";
    let k1 = Some(METADATA_KEY_ID);
    let mut items = vec![
        named_item(&id(0), "shared", "item 0", SharedKey, k1, shared),
        named_item(&id(1), "personal", "item 1", UserKey, None, personal),
        named_item(&id(2), "shared", "item 2", SharedKey, k1, shared),
        named_item(
            &id(3),
            "shared",
            "item 3",
            SharedKey,
            Some(unknown_key),
            shared,
        ),
        named_item(&id(4), "personal", "item 4", UserKey, None, personal),
        named_item(&id(5), "shared", "item 5", SharedKey, k1, shared),
        named_item(&id(6), "personal", "item 6", UserKey, None, personal),
        named_item(&id(7), "shared", "item 7", SharedKey, k1, shared),
    ];
    // 2: a broken message; 4: another type's metadata served for this resource.
    items[2].metadata = "-----BEGIN PGP MESSAGE-----\n\n=====\n-----END PGP MESSAGE-----\n".into();
    items[4].resource_type_id = "0a72c76b-b8e6-53f0-8bef-0a8ca6b5c764".into();
    // 5: its own session key is cached; 6: a stale one (item 5's) is; 7: unchanged.
    let key_of_5 = decrypt(
        &items[5].metadata,
        DecryptWith::Key(metadata_key),
        &DecryptOptions::default(),
    )
    .unwrap()
    .session_key;
    let mut cache = SessionKeysBundle::new();
    for i in [5, 6] {
        cache.record(SessionKeyEntry {
            foreign_model: ForeignModel::Resource,
            foreign_id: items[i].id.clone(),
            session_key: key_of_5.clone(),
            modified: Timestamp::parse(&items[i].modified).unwrap(),
        });
    }
    let previous = HashMap::from([(items[7].id.clone(), items[7].modified.clone())]);

    let plan = DecryptionPlan::new(&items, &previous, &cache);
    let metadata_batch = |id: &str, items: Vec<usize>| DecryptionBatch {
        key: BatchKey::MetadataKey {
            metadata_key_id: Some(id.into()),
        },
        items,
    };
    assert_eq!(
        plan.batches(),
        [
            metadata_batch(METADATA_KEY_ID, vec![0, 2, 5]),
            metadata_batch(unknown_key, vec![3]),
            DecryptionBatch {
                key: BatchKey::UserKey,
                items: vec![1, 4, 6]
            },
        ]
    );

    let run = plan.run(&keyring, Some(&ada));
    assert_eq!(run.outcomes.len(), items.len());
    for (i, expected_via) in [
        (0, DecryptedVia::MetadataKey),
        (1, DecryptedVia::UserKey),
        (5, DecryptedVia::SessionKey),
        (6, DecryptedVia::UserKey),
    ] {
        let ItemOutcome::Decrypted { metadata, via } = &run.outcomes[i] else {
            panic!("item {i}: {:?}", run.outcomes[i]);
        };
        assert_eq!(*via, expected_via, "item {i}");
        assert_eq!(metadata.metadata["name"], format!("item {i}"), "item {i}");
    }
    let failed = |i: usize| match &run.outcomes[i] {
        ItemOutcome::Failed(e) => e.clone(),
        other => panic!("item {i}: {other:?}"),
    };
    assert!(
        matches!(failed(2), MetadataError::Pgp { .. }),
        "{:?}",
        failed(2)
    );
    assert_eq!(
        failed(3),
        MetadataError::MissingMetadataKey {
            metadata_key_id: unknown_key.into()
        }
    );
    assert_eq!(
        failed(4),
        MetadataError::ResourceTypeMismatch {
            expected: "0a72c76b-b8e6-53f0-8bef-0a8ca6b5c764".into(),
            found: Some("7438294d-f71c-5164-ba95-d9e60e295564".into())
        }
    );
    assert!(matches!(run.outcomes[7], ItemOutcome::Unchanged));
    // New keys for what a private key decrypted (0, 1 and 6), not for the cache hit.
    let mut recorded: Vec<&str> = run
        .new_session_keys
        .iter()
        .map(|e| e.foreign_id.as_str())
        .collect();
    recorded.sort();
    assert_eq!(recorded, [id(0), id(1), id(6)]);
}

#[test]
fn resource_items_are_read_from_the_index() {
    let index = json_fixture("api/resources_index.json");
    let body = index["body"].as_array().unwrap();
    assert_eq!(EncryptedItem::from_resource(&body[2]), Ok(None));
    let mut bad = body[0].clone();
    bad["metadata_key_type"] = "group_key".into();
    assert_eq!(
        EncryptedItem::from_resource(&bad),
        Err(MetadataError::InvalidField {
            field: "metadata_key_type",
            reason: "it is neither user_key nor shared_key"
        })
    );
    let mut no_modified = body[0].clone();
    no_modified.as_object_mut().unwrap().remove("modified");
    assert_eq!(
        EncryptedItem::from_resource(&no_modified)
            .unwrap_err()
            .code(),
        "INVALID_FIELD"
    );
}

#[test]
fn timestamps_compare_as_instants() {
    let a = Timestamp::parse("2026-11-21T10:16:26+00:00").unwrap();
    let b = Timestamp::parse("2026-11-21T12:16:25+02:00[Europe/Berlin]").unwrap();
    assert!(a > b);
    let key = SessionKey::parse(SHARED_KEY).unwrap();
    assert!(!format!("{key:?}").contains(&SHARED_KEY[2..]));
}

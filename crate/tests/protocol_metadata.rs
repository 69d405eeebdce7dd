//! v5 metadata against the fixtures: settings, metadata keys and the caller's private copy,
//! the payload checks a hostile server must not get past, trust on first use, encryption
//! (both signatures, one recipient) and checked decryption.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::protocol_fixtures::{
    fixture_json as json_fixture, fixture_response as response, fixture_text as text, unlocked,
};
use passbolt_core::pgp::{
    decrypt, encrypt, DecryptOptions, DecryptWith, PgpError, PublicKey, SessionKey, UnlockedKey,
};
use passbolt_core::protocol::http::Response;
use passbolt_core::protocol::metadata::{
    active_metadata_key, check_metadata_key_trust, decrypt_metadata, encrypt_metadata,
    keys_settings_request, metadata_keys_request, parse_keys_settings, parse_metadata_keys,
    parse_types_settings, types_settings_request, FingerprintCheck, MetadataError, MetadataKey,
    MetadataKeyType, MetadataRecipient, TrustDecision, TrustedMetadataKey, UnlockedMetadataKey,
    VersionChoice, METADATA_PRIVATE_KEY, RESOURCE_METADATA, SECRET_DATA,
};
use serde_json::{json, Value};

const BASE_URL: &str = "https://passbolt.fixture.test";
const ADA_PASSPHRASE: &str = "ada-fixture-passphrase";
const METADATA_FP: &str = "4813583F649EB9E1E1C11CA86C2DEAB09A35C1C6";
const BETTY_FP: &str = "4F31619A3354C2065CF8272395C33E4D2EDCCF46";
const SHARED_TYPE: &str = "dd1f723d-0d1e-513f-8218-4055dc0530d0";
const PERSONAL_TYPE: &str = "7438294d-f71c-5164-ba95-d9e60e295564";

fn ada() -> UnlockedKey {
    unlocked("ada")
}

fn metadata_keys() -> Vec<MetadataKey> {
    parse_metadata_keys(&response(200, "api/metadata_keys_with_private.json")).expect("keys")
}

fn unlocked_metadata_key() -> UnlockedMetadataKey {
    UnlockedMetadataKey::unlock(&metadata_keys()[0], &ada(), BASE_URL).expect("metadata key")
}

/// The fixture key entry with its private copy replaced by `payload`, encrypted for ada.
fn key_with_payload(payload: &[u8], ada: &UnlockedKey) -> MetadataKey {
    let mut key = metadata_keys().remove(0);
    key.metadata_private_keys[0].data =
        encrypt(payload, &[ada.public_key()], Some(ada)).expect("encrypt payload");
    key
}

fn payload_with(field: &str, value: Value) -> Vec<u8> {
    let mut payload = json_fixture("crypto/metadata_private_key_data.json")["cleartext"].clone();
    payload[field] = value;
    serde_json::to_vec(&payload).unwrap()
}

/// Secrets that must never show in an error or a Debug string.
fn assert_no_secret(shown: &str) {
    let private = text("keys/metadata_private.asc");
    let private_body = private.lines().nth(2).expect("armor line");
    for secret in [
        ADA_PASSPHRASE,
        private_body,
        "8C9FCC0359D11EE996CEBC1E98E9801FF5200CE82700E9865EF38DEB27C98FE3",
        "S3cr3t-shared-P@ss",
        "Shared fixture resource",
    ] {
        assert!(!shown.contains(secret), "secret in {shown}");
    }
}

#[test]
fn settings_fixtures_are_read() {
    assert_eq!(
        types_settings_request().path_and_query(),
        "/metadata/types/settings.json?api-version=v2"
    );
    assert_eq!(
        keys_settings_request().path_and_query(),
        "/metadata/keys/settings.json?api-version=v2"
    );
    let types = parse_types_settings(&response(200, "api/metadata_types_settings.json")).unwrap();
    assert_eq!(types.default_resource_types, VersionChoice::V5);
    assert!(types.allow_creation_of_v5_resources && !types.allow_v5_v4_downgrade);
    let keys = parse_keys_settings(&response(200, "api/metadata_keys_settings.json")).unwrap();
    assert!(keys.allow_usage_of_personal_keys && !keys.zero_knowledge_key_share);
}

#[test]
fn metadata_keys_are_listed_with_the_callers_private_copy() {
    assert_eq!(
        metadata_keys_request().path_and_query(),
        "/metadata/keys.json?contain%5Bmetadata_private_keys%5D=1&api-version=v2"
    );
    let keys = metadata_keys();
    let active = active_metadata_key(&keys).unwrap();
    assert_eq!(active.id, "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a21");
    assert_eq!(active.fingerprint, METADATA_FP);
    let copy = active.private_copy().unwrap();
    assert_eq!(
        copy.user_id.as_deref(),
        Some("8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a01")
    );
    assert!(!format!("{copy:?}").contains("BEGIN PGP MESSAGE"));
}

#[test]
fn error_envelopes_and_proxy_pages_are_typed() {
    for (status, path, message) in [
        (
            403,
            "api/error_403_not_logged_in.json",
            "You need to login to access this location.",
        ),
        (404, "api/error_404.json", "The resource does not exist."),
    ] {
        let expected = MetadataError::Server {
            http_status: status,
            message: message.into(),
        };
        let r = response(status, path);
        assert_eq!(parse_metadata_keys(&r), Err(expected.clone()));
        assert_eq!(parse_keys_settings(&r), Err(expected.clone()));
        assert_eq!(parse_types_settings(&r), Err(expected.clone()));
        assert_eq!(expected.code(), "SERVER_ERROR");
    }
    let html = Response {
        status: 502,
        headers: Vec::new(),
        body: "<html>Bad Gateway</html>".into(),
    };
    let err = parse_metadata_keys(&html).unwrap_err();
    assert_eq!(err.code(), "HTML_BODY");
    let not_a_list = Response {
        status: 200,
        headers: Vec::new(),
        body: r#"{"header":{"status":"success","servertime":1,"message":"ok","code":200},"body":{"id":1}}"#.into(),
    };
    assert_eq!(
        parse_metadata_keys(&not_a_list),
        Err(MetadataError::UnexpectedBody {
            what: "metadata keys list"
        })
    );
}

#[test]
fn ada_unlocks_the_metadata_key_from_her_private_copy() {
    let key = unlocked_metadata_key();
    assert_eq!(key.fingerprint(), METADATA_FP);
    assert_eq!(key.id(), "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a21");
    assert!(
        key.copy_signed_by_user(),
        "the fixture copy is signed by ada"
    );
    // A trailing slash on the account URL does not matter.
    let again =
        UnlockedMetadataKey::unlock(&metadata_keys()[0], &ada(), &format!("{BASE_URL}/")).unwrap();
    assert_eq!(again.fingerprint(), METADATA_FP);
    let shown = format!("{key:?}");
    assert!(shown.contains(METADATA_FP));
    assert_no_secret(&shown);
}

#[test]
fn a_payload_for_another_key_is_refused() {
    let ada = ada();
    let key = key_with_payload(&payload_with("fingerprint", BETTY_FP.into()), &ada);
    assert_eq!(
        UnlockedMetadataKey::unlock(&key, &ada, BASE_URL).unwrap_err(),
        MetadataError::FingerprintMismatch {
            check: FingerprintCheck::PayloadAndPublicKey,
            expected: METADATA_FP.into(),
            found: BETTY_FP.into()
        }
    );
}

#[test]
fn a_payload_holding_another_private_key_is_refused() {
    let ada = ada();
    let server_private = text("keys/server_private.asc");
    let key = key_with_payload(&payload_with("armored_key", server_private.into()), &ada);
    let err = UnlockedMetadataKey::unlock(&key, &ada, BASE_URL).unwrap_err();
    assert_eq!(
        err,
        MetadataError::FingerprintMismatch {
            check: FingerprintCheck::PayloadAndPrivateKey,
            expected: METADATA_FP.into(),
            found: "63F6B14F4D6401F4EC13697D75113C6FC52E8151".into()
        }
    );
    assert_eq!(err.code(), "FINGERPRINT_MISMATCH");
}

#[test]
fn a_key_entry_whose_fingerprint_is_not_its_key_is_refused() {
    let mut key = metadata_keys().remove(0);
    key.fingerprint = BETTY_FP.into();
    assert_eq!(
        UnlockedMetadataKey::unlock(&key, &ada(), BASE_URL).unwrap_err(),
        MetadataError::FingerprintMismatch {
            check: FingerprintCheck::KeyEntry,
            expected: METADATA_FP.into(),
            found: BETTY_FP.into()
        }
    );
}

#[test]
fn a_payload_for_another_domain_is_refused() {
    let ada = ada();
    let key = key_with_payload(&payload_with("domain", "https://evil.test".into()), &ada);
    assert_eq!(
        UnlockedMetadataKey::unlock(&key, &ada, BASE_URL).unwrap_err(),
        MetadataError::DomainMismatch {
            expected: BASE_URL.into(),
            found: "https://evil.test".into()
        }
    );
    // The fixture payload is for passbolt.fixture.test, not for another account's server.
    assert_eq!(
        UnlockedMetadataKey::unlock(&metadata_keys()[0], &ada, "https://other.test")
            .unwrap_err()
            .code(),
        "DOMAIN_MISMATCH"
    );
}

#[test]
fn payloads_of_the_wrong_shape_are_refused() {
    let ada = ada();
    let cases: Vec<(Vec<u8>, MetadataError)> = vec![
        (
            payload_with("object_type", SECRET_DATA.into()),
            MetadataError::WrongObjectType {
                expected: METADATA_PRIVATE_KEY,
                found: Some(SECRET_DATA),
            },
        ),
        (
            payload_with("object_type", "hunter2".into()),
            MetadataError::WrongObjectType {
                expected: METADATA_PRIVATE_KEY,
                found: None,
            },
        ),
        (
            b"not json".to_vec(),
            MetadataError::InvalidPayload {
                what: "metadata private key",
                reason: "it is not a JSON object of strings",
            },
        ),
        (
            payload_with("fingerprint", json!(42)),
            MetadataError::InvalidPayload {
                what: "metadata private key",
                reason: "it is not a JSON object of strings",
            },
        ),
        (
            payload_with("domain", Value::Null),
            MetadataError::InvalidPayload {
                what: "metadata private key",
                reason: "it has no domain",
            },
        ),
        (
            payload_with("armored_key", "".into()),
            MetadataError::InvalidPayload {
                what: "metadata private key",
                reason: "it has no armored key",
            },
        ),
    ];
    for (payload, expected) in cases {
        let key = key_with_payload(&payload, &ada);
        let err = UnlockedMetadataKey::unlock(&key, &ada, BASE_URL).unwrap_err();
        assert_eq!(err, expected);
        assert_no_secret(&format!("{err} {err:?}"));
    }
}

#[test]
fn a_protected_key_with_a_wrong_passphrase_is_a_pgp_error_without_the_passphrase() {
    let ada = ada();
    let betty_private = text("keys/betty_private.asc");
    let mut payload = json_fixture("crypto/metadata_private_key_data.json")["cleartext"].clone();
    payload["fingerprint"] = BETTY_FP.into();
    payload["armored_key"] = betty_private.into();
    payload["passphrase"] = "wrong-secret-passphrase".into();
    let mut key = key_with_payload(&serde_json::to_vec(&payload).unwrap(), &ada);
    key.armored_key = text("keys/betty_public.asc");
    key.fingerprint = BETTY_FP.into();
    let err = UnlockedMetadataKey::unlock(&key, &ada, BASE_URL).unwrap_err();
    assert_eq!(
        err,
        MetadataError::Pgp {
            operation: "unlock the metadata private key",
            source: PgpError::WrongPassphrase
        }
    );
    assert_eq!(err.code(), "WRONG_PASSPHRASE");
    assert!(!format!("{err} {err:?}").contains("wrong-secret-passphrase"));
}

#[test]
fn a_copy_not_for_the_user_or_missing_is_refused() {
    let ada = ada();
    let mut key = metadata_keys().remove(0);
    key.metadata_private_keys[0].data = json_fixture("crypto/metadata_private_key_data.json")
        ["encrypted_for_server"]
        .as_str()
        .unwrap()
        .into();
    assert_eq!(
        UnlockedMetadataKey::unlock(&key, &ada, BASE_URL).unwrap_err(),
        MetadataError::Pgp {
            operation: "decrypt the metadata private key copy",
            source: PgpError::NoMatchingKey
        }
    );
    key.metadata_private_keys.clear();
    assert_eq!(
        UnlockedMetadataKey::unlock(&key, &ada, BASE_URL).unwrap_err(),
        MetadataError::NoPrivateKeyCopy {
            metadata_key_id: "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a21".into()
        }
    );
}

#[test]
fn the_metadata_key_is_trusted_on_first_use_and_a_change_is_refused() {
    let key = unlocked_metadata_key();
    let decision = check_metadata_key_trust(None, &key.fingerprint()).unwrap();
    assert_eq!(
        decision,
        TrustDecision::FirstUse {
            fingerprint: METADATA_FP.into()
        }
    );
    let trusted = TrustedMetadataKey::new(&key.fingerprint());
    assert_eq!(
        check_metadata_key_trust(Some(&trusted), &key.fingerprint()),
        Ok(TrustDecision::Trusted)
    );
    // The server now presents betty's key as the metadata key.
    let err = check_metadata_key_trust(Some(&trusted), BETTY_FP).unwrap_err();
    assert_eq!(
        err,
        MetadataError::MetadataKeyChanged {
            trusted: METADATA_FP.into(),
            current: BETTY_FP.into()
        }
    );
    assert_eq!(err.code(), "METADATA_KEY_CHANGED");
    let stored = serde_json::to_string(&trusted).unwrap();
    assert_eq!(stored, format!(r#"{{"fingerprint":"{METADATA_FP}"}}"#));
}

#[test]
fn fixture_metadata_decrypts_with_the_metadata_key_the_user_key_and_session_keys() {
    let resources = json_fixture("crypto/resources_v5.json");
    let metadata_key = unlocked_metadata_key();
    let ada = ada();
    for (name, type_id, key) in [
        ("shared", SHARED_TYPE, metadata_key.key()),
        ("personal", PERSONAL_TYPE, &ada),
    ] {
        let armored = resources[name]["metadata_armored"].as_str().unwrap();
        let out = decrypt_metadata(armored, DecryptWith::Key(key), type_id).unwrap();
        assert_eq!(
            out.metadata, resources[name]["metadata_cleartext"],
            "{name}"
        );
        let fixture_key = resources[name]["session_key"].as_str().unwrap();
        assert_eq!(out.session_key.to_passbolt_string().as_str(), fixture_key);
        assert_no_secret(&format!("{out:?}"));
        let session_key = SessionKey::parse(fixture_key).unwrap();
        let again =
            decrypt_metadata(armored, DecryptWith::SessionKey(&session_key), type_id).unwrap();
        assert_eq!(again.metadata, out.metadata);
    }
}

#[test]
fn metadata_of_another_resource_type_is_refused() {
    let resources = json_fixture("crypto/resources_v5.json");
    let armored = resources["shared"]["metadata_armored"].as_str().unwrap();
    let err = decrypt_metadata(
        armored,
        DecryptWith::Key(unlocked_metadata_key().key()),
        PERSONAL_TYPE,
    )
    .unwrap_err();
    assert_eq!(
        err,
        MetadataError::ResourceTypeMismatch {
            expected: PERSONAL_TYPE.into(),
            found: Some(SHARED_TYPE.into())
        }
    );
    assert_no_secret(&format!("{err} {err:?}"));
}

#[test]
fn a_secret_served_as_metadata_is_refused_without_quoting_it() {
    let resources = json_fixture("crypto/resources_v5.json");
    let secret = resources["shared"]["secret_for_ada"].as_str().unwrap();
    let err = decrypt_metadata(secret, DecryptWith::Key(&ada()), SHARED_TYPE).unwrap_err();
    assert_eq!(
        err,
        MetadataError::WrongObjectType {
            expected: RESOURCE_METADATA,
            found: Some(SECRET_DATA)
        }
    );
    assert_no_secret(&format!("{err} {err:?}"));
}

/// The key ids of a message's PKESK packets, read with rPGP itself.
fn recipient_key_ids(armored: &str) -> Vec<String> {
    use ::pgp::composed::{Esk, Message};
    let (message, _) = Message::from_string(armored).expect("message");
    let Message::Encrypted { esk, .. } = &message else {
        panic!("not encrypted")
    };
    esk.iter()
        .map(|e| match e {
            Esk::PublicKeyEncryptedSessionKey(p) => hex::encode_upper(p.id().expect("v3").as_ref()),
            Esk::SymKeyEncryptedSessionKey(_) => "SKESK".to_string(),
        })
        .collect()
}

fn encryption_subkey_id(key: &PublicKey) -> String {
    let info = key.info().unwrap();
    let subkey = &info.subkeys[0];
    subkey.fingerprint[subkey.fingerprint.len() - 16..].to_string()
}

fn new_metadata(type_id: &str) -> Value {
    json!({
        "object_type": "PASSBOLT_RESOURCE_METADATA",
        "resource_type_id": type_id,
        "name": "Shared fixture resource",
        "username": "ada@fixture.test",
        "uris": ["https://shared.fixture.test"],
        "description": null
    })
}

#[test]
fn shared_metadata_is_for_the_metadata_key_only_and_signed_by_both_keys() {
    let ada = ada();
    let metadata_key = unlocked_metadata_key();
    let metadata = new_metadata(SHARED_TYPE);
    let out = encrypt_metadata(&metadata, MetadataRecipient::Shared(&metadata_key), &ada).unwrap();
    assert_eq!(out.metadata_key_type, MetadataKeyType::SharedKey);
    assert_eq!(out.metadata_key_id.as_deref(), Some(metadata_key.id()));
    assert_eq!(
        recipient_key_ids(&out.armored),
        vec![encryption_subkey_id(metadata_key.key().public_key())]
    );
    let verification = [ada.public_key(), metadata_key.key().public_key()];
    let decrypted = decrypt(
        &out.armored,
        DecryptWith::Key(metadata_key.key()),
        &DecryptOptions {
            verification_keys: &verification,
            require_signature: true,
        },
    )
    .unwrap();
    let mut signers: Vec<_> = decrypted
        .signatures
        .iter()
        .map(|s| (s.verified, s.signer_fingerprint.clone()))
        .collect();
    signers.sort();
    let mut expected = vec![
        (true, Some(ada.fingerprint())),
        (true, Some(METADATA_FP.to_string())),
    ];
    expected.sort();
    assert_eq!(signers, expected);
    let back = decrypt_metadata(
        &out.armored,
        DecryptWith::Key(metadata_key.key()),
        SHARED_TYPE,
    )
    .unwrap();
    assert_eq!(back.metadata, metadata);
    assert_eq!(
        decrypt(
            &out.armored,
            DecryptWith::Key(&ada),
            &DecryptOptions::default()
        )
        .unwrap_err(),
        PgpError::NoMatchingKey
    );
}

#[test]
fn personal_metadata_is_for_the_user_only_and_signed_by_the_user() {
    let ada = ada();
    let metadata = new_metadata(PERSONAL_TYPE);
    let out = encrypt_metadata(&metadata, MetadataRecipient::Personal, &ada).unwrap();
    assert_eq!(out.metadata_key_type, MetadataKeyType::UserKey);
    assert_eq!(out.metadata_key_id, None);
    assert_eq!(
        recipient_key_ids(&out.armored),
        vec![encryption_subkey_id(ada.public_key())]
    );
    let decrypted = decrypt(
        &out.armored,
        DecryptWith::Key(&ada),
        &DecryptOptions {
            verification_keys: &[ada.public_key()],
            require_signature: true,
        },
    )
    .unwrap();
    assert_eq!(decrypted.signatures.len(), 1);
    let back = decrypt_metadata(&out.armored, DecryptWith::Key(&ada), PERSONAL_TYPE).unwrap();
    assert_eq!(back.metadata, metadata);
}

#[test]
fn invalid_metadata_is_not_encrypted() {
    let ada = ada();
    let mut wrong_type = new_metadata(SHARED_TYPE);
    wrong_type["object_type"] = SECRET_DATA.into();
    let mut no_type_id = new_metadata(SHARED_TYPE);
    no_type_id["resource_type_id"] = "password-string".into();
    for (metadata, reason) in [
        (json!("just a string"), "it is not a JSON object"),
        (
            wrong_type,
            "its object_type is not PASSBOLT_RESOURCE_METADATA",
        ),
        (no_type_id, "its resource_type_id is not a UUID"),
    ] {
        assert_eq!(
            encrypt_metadata(&metadata, MetadataRecipient::Personal, &ada),
            Err(MetadataError::InvalidMetadata { reason })
        );
    }
}

#[test]
fn gnupg_reads_shared_metadata_and_verifies_both_signatures() {
    let ada = ada();
    let metadata_key = unlocked_metadata_key();
    let metadata = new_metadata(SHARED_TYPE);
    let out = encrypt_metadata(&metadata, MetadataRecipient::Shared(&metadata_key), &ada).unwrap();
    let gpg = common::gpg::GnuPg::new();
    gpg.import(&text("keys/metadata_private.asc"));
    gpg.import(&text("keys/ada_public.asc"));
    let run = gpg.run(&["--passphrase", "", "--decrypt"], out.armored.as_bytes());
    assert!(run.success, "{}", run.status);
    let clear: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(clear, metadata);
    for fingerprint in [ada.fingerprint(), METADATA_FP.to_string()] {
        assert!(
            run.status
                .contains(&format!("[GNUPG:] VALIDSIG {fingerprint}")),
            "{fingerprint}: {}",
            run.status
        );
    }
    let packets = gpg.run(
        &["--passphrase", "", "--list-packets"],
        out.armored.as_bytes(),
    );
    let listing = String::from_utf8_lossy(&packets.stdout);
    assert_eq!(
        listing.matches(":pubkey enc packet:").count(),
        1,
        "{listing}"
    );
}

#[test]
fn a_copy_signed_by_someone_else_is_resigned_by_the_user() {
    let ada = ada();
    let betty =
        UnlockedKey::unlock(&text("keys/betty_private.asc"), "betty-fixture-passphrase").unwrap();
    let payload = payload_with("domain", BASE_URL.into());
    let mut key = metadata_keys().remove(0);
    key.metadata_private_keys[0].data =
        encrypt(&payload, &[ada.public_key()], Some(&betty)).unwrap();
    let unlocked = UnlockedMetadataKey::unlock(&key, &ada, BASE_URL).unwrap();
    assert!(!unlocked.copy_signed_by_user());

    let request = unlocked.resign_copy_request(&ada).unwrap();
    assert_eq!(request.method, passbolt_core::protocol::http::Method::Put);
    assert_eq!(
        request.path,
        "/metadata/keys/private/8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a22.json"
    );
    assert_no_secret(&format!("{request:?}"));
    let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    key.metadata_private_keys[0].data = body["data"].as_str().unwrap().into();
    let again = UnlockedMetadataKey::unlock(&key, &ada, BASE_URL).unwrap();
    assert!(again.copy_signed_by_user());
    assert_eq!(again.fingerprint(), METADATA_FP);
}

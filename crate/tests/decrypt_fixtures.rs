//! Decryption of the Passbolt fixtures (made by OpenPGP.js 6.3.2 in the extension's way and
//! by GnuPG 2.2 as the server does): with the user's unlocked key, with the known session
//! keys, with the metadata key; signatures checked against the signers' public keys.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::files::vector;
use passbolt_core::pgp::{
    decrypt, DecryptOptions, DecryptWith, PgpError, PublicKey, SessionKey, UnlockedKey,
};
use serde_json::Value;

fn text(path: &str) -> String {
    vector(&format!("fixtures/{path}"))
}

fn json(path: &str) -> Value {
    serde_json::from_str(&text(path)).expect("fixture JSON")
}

fn unlock(name: &str, passphrase: &str) -> UnlockedKey {
    UnlockedKey::unlock(&text(&format!("keys/{name}_private.asc")), passphrase).expect("unlock")
}

fn public(name: &str) -> PublicKey {
    PublicKey::read(&text(&format!("keys/{name}_public.asc"))).expect("public key")
}

fn as_json(data: &[u8]) -> Value {
    serde_json::from_slice(data).expect("JSON plaintext")
}

#[test]
fn ada_decrypts_her_secrets_and_sees_her_own_signature() {
    let ada = unlock("ada", "ada-fixture-passphrase");
    let signer = public("ada");
    let resources = json("crypto/resources_v5.json");
    let options = DecryptOptions {
        verification_keys: &[&signer],
        require_signature: true,
    };
    for name in ["shared", "personal", "v4_password_and_description"] {
        let secret = resources[name]["secret_for_ada"].as_str().unwrap();
        let out = decrypt(secret, DecryptWith::Key(&ada), &options).expect(name);
        assert_eq!(
            as_json(&out.data),
            resources[name]["secret_cleartext"],
            "{name}"
        );
        assert_eq!(out.signatures.len(), 1);
        assert_eq!(
            out.signatures[0].signer_fingerprint.as_deref(),
            Some(signer.fingerprint().as_str())
        );
    }
    let string_secret = resources["v4_password_string"]["secret_for_ada"]
        .as_str()
        .unwrap();
    let out = decrypt(string_secret, DecryptWith::Key(&ada), &options).unwrap();
    assert_eq!(out.data.as_slice(), b"plain-password-string-secret");
}

#[test]
fn betty_decrypts_with_an_rsa_key() {
    let betty = unlock("betty", "betty-fixture-passphrase");
    let resources = json("crypto/resources_v5.json");
    let secret = resources["shared"]["secret_for_betty"].as_str().unwrap();
    let out = decrypt(secret, DecryptWith::Key(&betty), &DecryptOptions::default()).unwrap();
    assert_eq!(as_json(&out.data), resources["shared"]["secret_cleartext"]);
}

#[test]
fn metadata_decrypts_with_its_key_and_gives_the_fixture_session_key() {
    let resources = json("crypto/resources_v5.json");
    let metadata_key = unlock("metadata", "");
    let ada = unlock("ada", "ada-fixture-passphrase");
    for (name, key) in [("shared", &metadata_key), ("personal", &ada)] {
        let armored = resources[name]["metadata_armored"].as_str().unwrap();
        let out = decrypt(armored, DecryptWith::Key(key), &DecryptOptions::default()).unwrap();
        assert_eq!(
            as_json(&out.data),
            resources[name]["metadata_cleartext"],
            "{name}"
        );
        assert_eq!(
            out.session_key.to_passbolt_string().as_str(),
            resources[name]["session_key"].as_str().unwrap(),
            "{name}"
        );
        // And the session key alone decrypts it again, without any private key.
        let known = SessionKey::parse(resources[name]["session_key"].as_str().unwrap()).unwrap();
        let again = decrypt(
            armored,
            DecryptWith::SessionKey(&known),
            &DecryptOptions::default(),
        );
        assert_eq!(again.unwrap().data, out.data);
    }
}

#[test]
fn gnupg_signed_login_token_verifies_against_the_server_key_only() {
    let gpgauth = json("crypto/gpgauth.json");
    let ada = unlock("ada", "ada-fixture-passphrase");
    let token = gpgauth["user_auth_token_armored"].as_str().unwrap();
    let server = public("server");
    let options = DecryptOptions {
        verification_keys: &[&server],
        require_signature: true,
    };
    let out = decrypt(token, DecryptWith::Key(&ada), &options).expect("GnuPG message");
    assert_eq!(
        out.data.as_slice(),
        gpgauth["user_auth_token_cleartext"]
            .as_str()
            .unwrap()
            .as_bytes()
    );
    // Signed by the server, so requiring betty's signature must fail.
    let betty = public("betty");
    let wrong = DecryptOptions {
        verification_keys: &[&betty],
        require_signature: true,
    };
    assert_eq!(
        decrypt(token, DecryptWith::Key(&ada), &wrong).unwrap_err(),
        PgpError::SignatureRequired
    );
}

#[test]
fn the_server_decrypts_what_was_encrypted_for_it() {
    let server = unlock("server", "");
    let gpgauth = json("crypto/gpgauth.json");
    let out = decrypt(
        gpgauth["server_verify_token_encrypted"].as_str().unwrap(),
        DecryptWith::Key(&server),
        &DecryptOptions::default(),
    )
    .unwrap();
    assert_eq!(
        out.data.as_slice(),
        gpgauth["server_verify_token_cleartext"]
            .as_str()
            .unwrap()
            .as_bytes()
    );
    assert!(out.signatures.is_empty());
}

#[test]
fn wrong_passphrase_wrong_key_and_wrong_session_key_are_typed_errors() {
    let err = UnlockedKey::unlock(&text("keys/ada_private.asc"), "not the passphrase").unwrap_err();
    assert_eq!(err, PgpError::WrongPassphrase);
    let err = UnlockedKey::unlock(&text("keys/ada_public.asc"), "x").unwrap_err();
    assert_eq!(err, PgpError::NotAPrivateKey);
    let resources = json("crypto/resources_v5.json");
    let secret = resources["personal"]["secret_for_ada"].as_str().unwrap();
    let betty = unlock("betty", "betty-fixture-passphrase");
    let err = decrypt(secret, DecryptWith::Key(&betty), &DecryptOptions::default()).unwrap_err();
    assert_eq!(err, PgpError::NoMatchingKey);
    let other = SessionKey::parse(resources["shared"]["session_key"].as_str().unwrap()).unwrap();
    let metadata = resources["personal"]["metadata_armored"].as_str().unwrap();
    let err = decrypt(
        metadata,
        DecryptWith::SessionKey(&other),
        &DecryptOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err, PgpError::DecryptionFailed);
    let key = text("keys/ada_public.asc");
    let err = decrypt(
        &key,
        DecryptWith::SessionKey(&other),
        &DecryptOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "NOT_A_MESSAGE");
}

#[test]
fn debug_of_unlocked_key_and_plaintext_shows_no_secret() {
    let ada = unlock("ada", "ada-fixture-passphrase");
    assert_eq!(
        format!("{ada:?}"),
        "UnlockedKey(A666D519FB17EDA844AF7F1B09D7E972478529D7)"
    );
    let resources = json("crypto/resources_v5.json");
    let secret = resources["personal"]["secret_for_ada"].as_str().unwrap();
    let out = decrypt(secret, DecryptWith::Key(&ada), &DecryptOptions::default()).unwrap();
    let shown = format!("{out:?}");
    assert!(
        !shown.contains("P3rsonal") && !shown.contains("E17A54B3"),
        "{shown}"
    );
}

#[test]
fn a_relocked_key_unlocks_with_the_new_passphrase_only() {
    let ada = unlock("ada", "ada-fixture-passphrase");
    let armored = ada.to_locked_armor("a new passphrase").unwrap();
    assert!(armored.starts_with("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
    assert_eq!(
        UnlockedKey::unlock(&armored, "ada-fixture-passphrase").unwrap_err(),
        PgpError::WrongPassphrase
    );
    let again = UnlockedKey::unlock(&armored, "a new passphrase").unwrap();
    assert_eq!(again.fingerprint(), ada.fingerprint());
}

#[test]
fn decrypt_many_uses_session_keys_falls_back_to_the_key_and_isolates_bad_items() {
    use passbolt_core::pgp::{decrypt_many, BatchItem};
    let resources = json("crypto/resources_v5.json");
    let ada = unlock("ada", "ada-fixture-passphrase");
    let field = |name: &str, f: &str| resources[name][f].as_str().unwrap().to_owned();
    let personal = field("personal", "metadata_armored");
    let right = SessionKey::parse(&field("personal", "session_key")).unwrap();
    let stale = SessionKey::parse(&field("shared", "session_key")).unwrap();
    let secret = field("personal", "secret_for_ada");
    let items = [
        BatchItem {
            message: &personal,
            session_key: Some(&right),
        },
        BatchItem {
            message: &personal,
            session_key: Some(&stale),
        },
        BatchItem {
            message: "not a message",
            session_key: None,
        },
        BatchItem {
            message: &secret,
            session_key: None,
        },
    ];
    let results = decrypt_many(&items, Some(&ada), &DecryptOptions::default());
    assert_eq!(results.len(), 4);
    let metadata = &resources["personal"]["metadata_cleartext"];
    assert_eq!(&as_json(&results[0].as_ref().unwrap().data), metadata);
    assert_eq!(
        &as_json(&results[1].as_ref().unwrap().data),
        metadata,
        "stale key: falls back"
    );
    assert_eq!(results[2].as_ref().unwrap_err().code(), "INVALID_ARMOR");
    assert_eq!(
        as_json(&results[3].as_ref().unwrap().data),
        resources["personal"]["secret_cleartext"]
    );
    // Without a key, a stale session key is an error for that item only.
    let without_key = decrypt_many(&items[..2], None, &DecryptOptions::default());
    assert!(without_key[0].is_ok());
    assert_eq!(
        without_key[1].as_ref().unwrap_err(),
        &PgpError::DecryptionFailed
    );
}

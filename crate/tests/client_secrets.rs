//! Reading a secret: decrypted with the user's key, read as its type's secret, and its signer
//! reported (verified against the synced keyring; an unknown or bad signer is reported).
// Native only: the test server and ureq do not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod client_support;

use client_support::{block_on, contents, logged_in, person, start_domain_server};
use passbolt_core::pgp::{encrypt, generate_unlocked_key, KeyAlgorithm};
use serde_json::Value;

fn seeded(key: &str) -> Value {
    contents()
        .into_iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("{key} is seeded"))
}

#[test]
fn each_key_shape_reads_a_secret_and_its_verified_signer() {
    let server = start_domain_server();
    for (name, key) in [
        ("ada", "legacy-password-and-description"),
        ("betty", "shared-v5-default"),
        ("carol", "legacy-password-description-totp"),
        ("betty", "shared-v5-totp"),
        ("carol", "personal-v5-pin-code"),
        ("ada", "legacy-password-string"),
    ] {
        let resource = seeded(key);
        let id = resource["id"].as_str().unwrap();
        let (client, _, _) = logged_in(&server, name);
        let view = block_on(client.secret(id)).unwrap_or_else(|e| panic!("{name} {key}: {e}"));
        assert_eq!(
            view.resource_type,
            resource["resource_type"].as_str().unwrap()
        );
        let expected: Value = serde_json::from_str(resource["secret"].as_str().unwrap())
            .unwrap_or_else(|_| Value::String(resource["secret"].as_str().unwrap().into()));
        match &expected {
            Value::String(text) => assert_eq!(view.data.password.as_deref(), Some(text.as_str())),
            object => {
                assert_eq!(
                    view.data.password.as_deref(),
                    object["password"].as_str(),
                    "{key}"
                );
                assert_eq!(
                    view.data.pin_code.as_deref(),
                    object["pin_code"].as_str(),
                    "{key}"
                );
                assert_eq!(
                    view.data.totp.as_ref().map(|t| t.secret_key.clone()),
                    object["totp"]["secret_key"].as_str().map(str::to_owned),
                    "{key}"
                );
            }
        }
        let owner = person(resource["owner"].as_str().unwrap());
        assert_eq!(view.signers.len(), 1, "{name} {key}: {:?}", view.signers);
        let signer = &view.signers[0];
        assert!(signer.verified, "{name} {key}: {signer:?}");
        assert_eq!(
            signer.user_id.as_deref(),
            Some(owner.user_id.as_str()),
            "{key}"
        );
        assert_eq!(
            signer.fingerprint.as_deref().map(str::to_ascii_uppercase),
            Some(owner.fingerprint.to_ascii_uppercase())
        );
        // Neither Debug nor the error path shows the secret.
        let shown = format!("{view:?}");
        if let Some(password) = &view.data.password {
            assert!(!shown.contains(password.as_str()), "{shown}");
        }
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(json["verified"], true);
    }
}

#[test]
fn an_unknown_signer_is_reported_not_hidden() {
    let server = start_domain_server();
    let betty = person("betty");
    let stranger =
        generate_unlocked_key(KeyAlgorithm::Curve25519, "Mallory", "mallory@evil.test").unwrap();
    let id = seeded("legacy-totp")["id"].as_str().unwrap().to_owned();
    let forged = encrypt(
        br#"{"totp":{"algorithm":"SHA1","digits":6,"period":30,"secret_key":"JBSWY3DPEHPK3PXP"}}"#,
        &[betty.key.public_key()],
        Some(&stranger),
    )
    .unwrap();
    {
        let mut state = server.app().state();
        let secret = state
            .db
            .secrets
            .iter_mut()
            .find(|s| s.resource_id == id && s.user_id == betty.user_id)
            .unwrap();
        secret.data = forged;
    }
    let (client, _, _) = logged_in(&server, "betty");
    let view = block_on(client.secret(&id)).unwrap();
    assert_eq!(view.data.totp.as_ref().unwrap().digits, 6);
    assert!(!view.verified());
    assert_eq!(view.signers.len(), 1);
    let signer = &view.signers[0];
    assert!(!signer.verified);
    assert_eq!(signer.user_id, None);
    let named = signer.fingerprint.as_deref().expect("the issuer is named");
    assert!(
        stranger
            .fingerprint()
            .ends_with(&named.to_ascii_uppercase()),
        "{named} names the stranger's key"
    );
}

#[test]
fn a_secret_of_another_resource_or_no_access_is_an_error() {
    let server = start_domain_server();
    let (client, _, _) = logged_in(&server, "carol");
    // Carol cannot read Betty's TOTP.
    let id = seeded("legacy-totp")["id"].as_str().unwrap().to_owned();
    assert_eq!(
        block_on(client.secret(&id)).unwrap_err().code(),
        "NOT_FOUND"
    );
}

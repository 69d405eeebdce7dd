//! One bad request per validation rule, checking the exact error tree.

mod common;

use common::*;
use passbolt_test_server::gpg::Gpg;
use serde_json::{json, Value};

const V5_DEFAULT: &str = "dd1f723d-0d1e-513f-8218-4055dc0530d0";
const V5_PASSWORD_STRING: &str = "761e5863-e17e-5ded-b3c2-76ffd5d0a2dc";
const V4: &str = "a28a04cd-6f53-518a-967c-9963bf9cec51";

fn secret(p: &Person) -> Value {
    json!([{"data": encrypt("s", &p.fingerprint, Some(p))}])
}

/// Posts each body to /resources.json as ada and checks (status, message, body).
fn create_cases(cases: Vec<(&str, Value, Value)>) {
    let server = start();
    let mut c = login(&server, &person("ada"));
    import_metadata_public(&mut c);
    for (label, body, tree) in cases {
        let r = c.post("/resources.json", &body);
        assert_eq!(r.status, 400, "{label}: {:?}", r.json);
        assert_eq!(r.message(), "Could not validate resource data.", "{label}");
        assert_eq!(r.body(), &tree, "{label}");
    }
    assert_eq!(
        c.get("/resources.json").body().as_array().unwrap().len(),
        8,
        "nothing was created"
    );
}

#[test]
fn v4_create_rules() {
    let ada = person("ada");
    let s = secret(&ada);
    create_cases(vec![
        (
            "name empty",
            json!({"resource_type_id": V4, "name": "", "secrets": s}),
            json!({"name": {"_empty": "The name should not be empty."}}),
        ),
        (
            "name missing",
            json!({"resource_type_id": V4, "username": "x", "secrets": s}),
            json!({"name": {"_required": "A name is required."}}),
        ),
        (
            "name too long",
            json!({"resource_type_id": V4, "name": "n".repeat(256), "secrets": s}),
            json!({"name": {"maxLength": "The name length should be maximum 255 characters."}}),
        ),
        (
            "uri too long",
            json!({"resource_type_id": V4, "name": "n", "uri": "u".repeat(1025), "secrets": s}),
            json!({"uri": {"maxLength": "The uri length should be maximum 1024 characters."}}),
        ),
        (
            "secrets missing",
            json!({"resource_type_id": V4, "name": "n"}),
            json!({"secrets": {"_required": "A secret is required."}}),
        ),
        (
            "secrets empty",
            json!({"resource_type_id": V4, "name": "n", "secrets": []}),
            json!({"secrets": {"_empty": "The secret should not be empty."}}),
        ),
        (
            "two secrets",
            json!({"resource_type_id": V4, "name": "n", "secrets": [s[0], s[0]]}),
            json!({"secrets": {"hasAtMost": "Only the secret of the owner must be provided."}}),
        ),
        (
            "secret not a message (the fixture's tree)",
            json!({"resource_type_id": V4, "name": "", "secrets": [{"data": "INVALID GPG MESSAGE"}]}),
            json!({"name": {"_empty": "The name should not be empty."}, "secrets": [{"data": {"isValidOpenPGPMessage": "The message should be a valid ASCII-armored OpenPGP message."}}]}),
        ),
        (
            "secret data missing",
            json!({"resource_type_id": V4, "name": "n", "secrets": [{}]}),
            json!({"secrets": [{"data": {"_required": "A message is required."}}]}),
        ),
        (
            "unknown type",
            json!({"resource_type_id": "00000000-0000-4000-8000-000000000000", "name": "n", "secrets": s}),
            json!({"resource_type_id": {"resource_type_exists": "The resource type does not exist."}}),
        ),
        (
            "type not a uuid",
            json!({"resource_type_id": "v4", "name": "n", "secrets": s}),
            json!({"resource_type_id": {"uuid": "The resource type identifier should be a valid UUID."}}),
        ),
        (
            "v4 fields with a v5 type",
            json!({"resource_type_id": V5_DEFAULT, "name": "n", "secrets": s}),
            json!({"resource_type_id": {"isResourceTypeVersionMatching": "The resource type version does not match the resource data."}}),
        ),
        (
            "bad expiry",
            json!({"resource_type_id": V4, "name": "n", "expired": "soon", "secrets": s}),
            json!({"expired": {"dateTime": "The expiry date should be a valid date."}}),
        ),
        (
            "unknown folder",
            json!({"resource_type_id": V4, "name": "n", "folder_parent_id": "00000000-0000-4000-8000-000000000000", "secrets": s}),
            json!({"folder_parent_id": {"folder_exists": "The folder parent must exist."}}),
        ),
    ]);
}

#[test]
fn v5_create_rules() {
    let ada = person("ada");
    let s = secret(&ada);
    let (meta_id, meta_fpr) = metadata_key();
    let public = std::fs::read_to_string(seed_dir().join("keys/metadata_public.asc")).unwrap();
    with_gpg(|g| g.import(&public)).unwrap();
    let shared_meta = encrypt(
        r#"{"object_type":"PASSBOLT_RESOURCE_METADATA","name":"x"}"#,
        &meta_fpr,
        Some(&ada),
    );
    let for_ada = encrypt(
        r#"{"object_type":"PASSBOLT_RESOURCE_METADATA","name":"x"}"#,
        &ada.fingerprint,
        Some(&ada),
    );
    let bad_recipient = "The resource metadata OpenPGP message cannot be parsed or is not for the intended recipient.";
    let v5 = |meta: &str, key_id: Value, key_type: &str| json!({"resource_type_id": V5_DEFAULT, "metadata": meta, "metadata_key_id": key_id, "metadata_key_type": key_type, "secrets": s});
    create_cases(vec![
        (
            "metadata for the wrong key",
            v5(&for_ada, json!(meta_id), "shared_key"),
            json!({"metadata": {"isValidEncryptedResourceMetadata": bad_recipient}}),
        ),
        (
            "metadata not a message",
            v5("not armored", json!(meta_id), "shared_key"),
            json!({"metadata": {"isValidEncryptedResourceMetadata": bad_recipient}}),
        ),
        (
            "personal metadata for the shared key",
            v5(&shared_meta, Value::Null, "user_key"),
            json!({"metadata": {"isValidEncryptedResourceMetadata": bad_recipient}}),
        ),
        (
            "unknown key type",
            v5(&shared_meta, json!(meta_id), "group_key"),
            json!({"metadata_key_type": {"inList": "The metadata key type should be one of the following: user_key, shared_key."}}),
        ),
        (
            "unknown metadata key",
            v5(
                &shared_meta,
                json!("00000000-0000-4000-8000-000000000000"),
                "shared_key",
            ),
            json!({"metadata_key_id": {"metadata_key_exists": "The metadata key does not exist."}}),
        ),
        (
            "another user's key as personal key",
            v5(
                &for_ada,
                json!(passbolt_test_server::ids::uuid5("gpgkey.id.betty")),
                "user_key",
            ),
            json!({"metadata_key_id": {"metadata_key_exists": "The metadata key does not exist."}}),
        ),
        (
            "shared key id missing",
            v5(&shared_meta, Value::Null, "shared_key"),
            json!({"metadata_key_id": {"_required": "A metadata key identifier is required."}}),
        ),
        (
            "deprecated v5-password-string",
            json!({"resource_type_id": V5_PASSWORD_STRING, "metadata": shared_meta, "metadata_key_id": meta_id, "metadata_key_type": "shared_key", "secrets": s}),
            json!({"resource_type_id": {"isNotV5PasswordStringType": "The resource type v5-password-string is deprecated and cannot be used."}}),
        ),
        (
            "metadata empty",
            v5("", json!(meta_id), "shared_key"),
            json!({"metadata": {"_empty": "The metadata should not be empty."}}),
        ),
    ]);
}

#[test]
fn metadata_with_two_recipients_is_refused() {
    let server = start();
    let ada = person("ada");
    let mut c = login(&server, &ada);
    import_metadata_public(&mut c);
    let (meta_id, meta_fpr) = metadata_key();
    // gpg with two recipients: the metadata key and ada.
    let g = Gpg::temporary("two").unwrap();
    g.import(&std::fs::read_to_string(seed_dir().join("keys/metadata_public.asc")).unwrap())
        .unwrap();
    g.import(&std::fs::read_to_string(seed_dir().join("keys/ada_public.asc")).unwrap())
        .unwrap();
    let two = std::process::Command::new("gpg")
        .args([
            "--homedir",
            g.home().to_str().unwrap(),
            "--batch",
            "--trust-model",
            "always",
            "--armor",
            "--encrypt",
            "-r",
            &meta_fpr,
            "-r",
            &ada.fingerprint,
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut ch| {
            use std::io::Write;
            ch.stdin.take().unwrap().write_all(b"{}")?;
            ch.wait_with_output()
        })
        .unwrap();
    let armored = String::from_utf8(two.stdout).unwrap();
    let r = c.post("/resources.json", &json!({"resource_type_id": V5_DEFAULT, "metadata": armored, "metadata_key_id": meta_id, "metadata_key_type": "shared_key", "secrets": secret(&ada)}));
    assert_eq!(r.status, 400);
    assert!(
        r.body()["metadata"]["isValidEncryptedResourceMetadata"].is_string(),
        "{:?}",
        r.json
    );
}

#[test]
fn mixing_v4_and_v5_fields_is_refused() {
    let server = start();
    let ada = person("ada");
    let mut c = login(&server, &ada);
    let r = c.post("/resources.json", &json!({"name": "n", "metadata": "x", "metadata_key_type": "shared_key", "secrets": secret(&ada)}));
    assert_eq!(
        (r.status, r.message()),
        (
            400,
            "The resource data cannot contain both v4 and v5 fields."
        )
    );
}

#[test]
fn share_rules() {
    let server = start();
    let ada = person("ada");
    let mut c = login(&server, &ada);
    let id = contents()["shared-v5-default"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let perms = c.get(&format!("/permissions/resource/{id}.json"));
    let owner = perms
        .body()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["type"] == 15)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cases = vec![
        (
            json!([{"aro": "User", "aro_foreign_key": person("dame").id, "type": 42}]),
            json!({"permissions": [{"type": {"inList": "The permission type should be one of the following: 1, 7, 15."}}]}),
        ),
        (
            json!([{"aro": "Robot", "aro_foreign_key": person("dame").id, "type": 1}]),
            json!({"permissions": [{"aro": {"inList": "The access request object type should be one of the following: User, Group."}}]}),
        ),
        (
            json!([{"aro": "User", "aro_foreign_key": "00000000-0000-4000-8000-000000000000", "type": 1}]),
            json!({"permissions": [{"aro_foreign_key": {"aro_exists": "The access request object does not exist."}}]}),
        ),
        (
            json!([{"id": owner, "delete": true}]),
            json!({"permissions": {"at_least_one_owner": "At least one owner permission must be provided."}}),
        ),
        (
            json!([{"id": "00000000-0000-4000-8000-000000000000", "type": 1}]),
            json!({"permissions": [{"id": {"permission_exists": "The permission does not exist."}}]}),
        ),
        (
            json!([]),
            json!({"permissions": {"_empty": "The permissions should not be empty."}}),
        ),
    ];
    for (changes, tree) in cases {
        let r = c.post(
            &format!("/share/simulate/resource/{id}.json"),
            &json!({"permissions": changes}),
        );
        assert_eq!(
            (r.status, r.message()),
            (400, "The shared resource validation failed."),
            "{changes}"
        );
        assert_eq!(r.body(), &tree);
    }
    let add = json!([{"aro": "User", "aro_foreign_key": person("dame").id, "type": 1}]);
    let r = c.put(
        &format!("/share/resource/{id}.json"),
        &json!({"permissions": add, "secrets": [{"user_id": person("dame").id, "data": "nope"}]}),
    );
    assert_eq!(
        r.body(),
        &json!({"secrets": [{"data": {"isValidOpenPGPMessage": "The message should be a valid ASCII-armored OpenPGP message."}}]})
    );
    let mut b = login(&server, &person("betty"));
    let r = b.post(
        &format!("/share/simulate/resource/{id}.json"),
        &json!({"permissions": add}),
    );
    assert_eq!(
        (r.status, r.message()),
        (403, "You are not authorized to share this resource.")
    );
}

#[test]
fn session_key_and_private_key_messages_must_be_for_the_caller() {
    let server = start();
    let (ada, betty) = (person("ada"), person("betty"));
    let mut c = login(&server, &ada);
    let for_betty = encrypt("{}", &betty.fingerprint, Some(&ada));
    let r = c.post("/metadata/session-keys.json", &json!({"data": for_betty}));
    assert_eq!(
        (r.status, r.message()),
        (400, "Could not validate the metadata session key data.")
    );
    assert_eq!(
        r.body(),
        &json!({"data": {"isValidEncryptedMetadataSessionKey": "The metadata session key OpenPGP message cannot be parsed or is not for the intended recipient."}})
    );
    let r = c.post("/metadata/session-keys.json", &json!({"data": "garbage"}));
    assert_eq!(
        r.body(),
        &json!({"data": {"isValidOpenPGPMessage": "The message should be a valid ASCII-armored OpenPGP message."}})
    );
    let r = c.post("/metadata/session-keys.json", &json!({}));
    assert_eq!(
        r.body(),
        &json!({"data": {"_required": "The data is required."}})
    );
    let bundle = c.get("/metadata/session-keys.json").body()[0].clone();
    let r = c.put(
        &format!(
            "/metadata/session-keys/{}.json",
            bundle["id"].as_str().unwrap()
        ),
        &json!({"data": encrypt("{}", &ada.fingerprint, Some(&ada))}),
    );
    assert_eq!(
        r.body(),
        &json!({"modified": {"_required": "The modified date is required."}})
    );
    let copy = c
        .get("/metadata/keys.json?contain[metadata_private_keys]=1")
        .body()[0]["metadata_private_keys"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c.put(
        &format!("/metadata/keys/private/{copy}.json"),
        &json!({"data": for_betty}),
    );
    assert_eq!(
        r.body(),
        &json!({"data": {"isValidEncryptedMetadataPrivateKey": "The metadata private key OpenPGP message cannot be parsed or is not for the intended recipient."}})
    );
    let mine = encrypt("{}", &ada.fingerprint, Some(&ada));
    assert_eq!(
        c.put(
            &format!("/metadata/keys/private/{copy}.json"),
            &json!({"data": mine})
        )
        .status,
        200
    );
}

/// A key made in a throw-away home: (armored public key, home).
fn make_key(args: &[&str], faked_time: Option<&str>) -> (String, Gpg) {
    let g = Gpg::temporary("kr").unwrap();
    let mut cmd = std::process::Command::new("gpg");
    cmd.args([
        "--homedir",
        g.home().to_str().unwrap(),
        "--batch",
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
    ]);
    if let Some(t) = faked_time {
        cmd.args(["--faked-system-time", t]);
    }
    cmd.arg("--quick-gen-key").args(args);
    assert!(
        cmd.output().unwrap().status.success(),
        "key generation {args:?}"
    );
    let out = std::process::Command::new("gpg")
        .args([
            "--homedir",
            g.home().to_str().unwrap(),
            "--armor",
            "--export",
        ])
        .output()
        .unwrap();
    (String::from_utf8(out.stdout).unwrap(), g)
}

fn setup_with(key: &str) -> (u16, Value, String) {
    let server = start();
    let edith = person("edith");
    let token = passbolt_test_server::ids::uuid5("authentication_token.id.edith.register");
    let mut c = Client::new(&server);
    let r = c.post(
        &format!("/setup/complete/{}.json", edith.id),
        &json!({"authentication_token": {"token": token}, "gpgkey": {"armored_key": key}}),
    );
    (r.status, r.body().clone(), r.message().to_string())
}

#[test]
fn user_keys_follow_the_strict_rules() {
    let unparsable = setup_with("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----\n");
    assert_eq!(
        unparsable,
        (
            400,
            json!({"armored_key": {"isParsableArmoredKeyRule": "The public key could not be parsed."}}),
            "A valid OpenPGP key must be provided.".into()
        )
    );

    let (rsa2048, _g) = make_key(
        &["Small <small@passbolt.test>", "rsa2048", "default", "never"],
        None,
    );
    let r = setup_with(&rsa2048);
    assert_eq!(
        (r.0, r.2.as_str()),
        (400, "The public key could not be validated.")
    );
    assert_eq!(
        r.1,
        json!({"armored_key": {"isValidKeySizeStrictRule": "The key size must match security recommendations."}})
    );

    let (expiring, _g) = make_key(
        &["Exp <exp@passbolt.test>", "ed25519", "default", "2y"],
        None,
    );
    assert_eq!(
        setup_with(&expiring).1,
        json!({"armored_key": {"hasNoExpiryDateRule": "The key must not include an expiry date."}})
    );

    let (expired, _g) = make_key(
        &["Old <old@passbolt.test>", "ed25519", "default", "1d"],
        Some("20200101T000000"),
    );
    assert_eq!(
        setup_with(&expired).1,
        json!({"armored_key": {"isNotExpiredRule": "The key must not be expired.", "hasNoExpiryDateRule": "The key must not include an expiry date."}})
    );

    let (future, _g) = make_key(
        &[
            "Future <future@passbolt.test>",
            "ed25519",
            "default",
            "never",
        ],
        Some("20350101T000000"),
    );
    assert_eq!(
        setup_with(&future).1,
        json!({"armored_key": {"isNotCreatedInTheFutureRule": "The key creation date must not be in the future."}})
    );

    let (dsa, _g) = make_key(
        &["Dsa <dsa@passbolt.test>", "dsa2048", "default", "never"],
        None,
    );
    assert_eq!(
        setup_with(&dsa).1,
        json!({"armored_key": {"isValidAlgorithmStrictRule": "The algorithm is invalid."}})
    );

    let (good, g) = make_key(
        &[
            "Edith Clarke <edith@passbolt.test>",
            "future-default",
            "default",
            "never",
        ],
        None,
    );
    let extra = good.replace(
        "\n-----END PGP PUBLIC KEY BLOCK-----",
        "\n\n-----END PGP PUBLIC KEY BLOCK-----",
    );
    assert_eq!(
        setup_with(&extra).1,
        json!({"armored_key": {"hasNoExtraBreakLineRule": "The armored key must not contain an extra line before the end block."}})
    );

    let (sign_only, _g2) = make_key(
        &[
            "Second <second@passbolt.test>",
            "ed25519",
            "default",
            "never",
        ],
        None,
    );
    assert_eq!(
        setup_with(&sign_only).1,
        json!({"armored_key": {"canEncrypt": "The key cannot be used for encryption."}})
    );
    // Two keys in one armored block: what `gpg --armor --export` writes for a keyring of two.
    let both = Gpg::temporary("two-keys").unwrap();
    both.import(&good).unwrap();
    both.import(&sign_only).unwrap();
    let out = std::process::Command::new("gpg")
        .args([
            "--homedir",
            both.home().to_str().unwrap(),
            "--batch",
            "--armor",
            "--export",
        ])
        .output()
        .unwrap();
    let two = String::from_utf8(out.stdout).unwrap();
    assert_eq!(two.matches("-----BEGIN").count(), 1);
    let r2 = setup_with(&two);
    assert_eq!(
        r2.1,
        json!({"armored_key": {"hasMultipleMainPacketsRule": "The armored key must not contain multiple keys."}}),
        "{r2:?}"
    );

    // Revoked with the revocation certificate gpg wrote at generation.
    let rev_dir = g.home().join("openpgp-revocs.d");
    let rev_file = std::fs::read_dir(&rev_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let rev = std::fs::read_to_string(rev_file).unwrap().replace(
        ":-----BEGIN PGP PUBLIC KEY BLOCK-----",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----",
    );
    g.import(&rev).ok();
    let revoked = String::from_utf8(
        std::process::Command::new("gpg")
            .args([
                "--homedir",
                g.home().to_str().unwrap(),
                "--armor",
                "--export",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        setup_with(&revoked).1,
        json!({"armored_key": {"isNotRevokedRule": "The key must not be revoked."}})
    );

    // The good key completes the setup, and edith gets the metadata key from the server.
    let server = start();
    let edith = person("edith");
    let token = passbolt_test_server::ids::uuid5("authentication_token.id.edith.register");
    let mut c = Client::new(&server);
    let start_r = c.get(&format!("/setup/start/{}/{token}.json", edith.id));
    assert_eq!(start_r.body()["user"]["username"], "edith@passbolt.test");
    let r = c.post(
        &format!("/setup/complete/{}.json", edith.id),
        &json!({"authentication_token": {"token": token}, "gpgkey": {"armored_key": good}}),
    );
    assert_eq!(r.status, 200, "{:?}", r.json);
    let again = c.post(
        &format!("/setup/complete/{}.json", edith.id),
        &json!({"authentication_token": {"token": token}, "gpgkey": {"armored_key": good}}),
    );
    assert_eq!(again.status, 400);
    let copy = server
        .app()
        .state()
        .db
        .metadata_private_keys
        .iter()
        .find(|k| k.user_id.as_deref() == Some(edith.id.as_str()))
        .cloned()
        .expect("copy for edith");
    let out = std::process::Command::new("gpg")
        .args([
            "--homedir",
            g.home().to_str().unwrap(),
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--decrypt",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .and_then(|mut ch| {
            use std::io::Write;
            ch.stdin.take().unwrap().write_all(copy.data.as_bytes())?;
            ch.wait_with_output()
        })
        .unwrap();
    let payload: Value = serde_json::from_slice(&out.stdout).expect("edith decrypts her copy");
    assert_eq!(payload["fingerprint"], metadata_key().1.as_str());
}

#[test]
fn an_existing_fingerprint_is_refused() {
    let ada = std::fs::read_to_string(seed_dir().join("keys/ada_public.asc")).unwrap();
    let r = setup_with(&ada);
    assert_eq!(
        r.1,
        json!({"fingerprint": {"uniqueFingerprint": "The key is already in use."}})
    );
}

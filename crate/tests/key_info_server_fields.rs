//! `key_info` gives exactly the Gpgkey fields the server returns in `/gpgkeys.json`
//! (`tests/vectors/fixtures/api/gpgkeys_index.json`), for each key in that response.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::files::vector;
use passbolt_core::pgp::key_info;
use serde_json::Value;

#[test]
fn key_info_matches_the_gpgkeys_index_fields() {
    let index: Value =
        serde_json::from_str(&vector("fixtures/api/gpgkeys_index.json")).expect("fixture JSON");
    let keys = index["body"].as_array().expect("body is a list");
    assert!(keys.len() >= 2);
    for entry in keys {
        let armored = entry["armored_key"].as_str().expect("armored_key");
        let info = serde_json::to_value(key_info(armored).expect("server key parses")).unwrap();
        for field in [
            "fingerprint",
            "key_id",
            "bits",
            "type",
            "uid",
            "expires",
            "key_created",
        ] {
            assert_eq!(info[field], entry[field], "{field} of {}", entry["uid"]);
        }
        assert_eq!(info["is_private"], false);
    }
}

#[test]
fn private_fixture_keys_describe_the_same_key_as_their_public_halves() {
    for name in ["ada", "betty", "metadata", "server"] {
        let read = |kind: &str| vector(&format!("fixtures/keys/{name}_{kind}.asc"));
        let public = key_info(&read("public")).expect("public key");
        let mut private = key_info(&read("private")).expect("private key");
        assert!(private.is_private && !public.is_private, "{name}");
        private.is_private = false;
        assert_eq!(private, public, "{name}");
    }
}

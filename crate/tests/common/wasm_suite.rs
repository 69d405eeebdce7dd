//! The wasm test suite, run twice: in Node (`wasm_node.rs`) and in headless Chromium
//! (`wasm_browser.rs`). It goes through the JS boundary (`passbolt_core::wasm`), as a
//! JavaScript caller would, and through the client layer's real `fetch`.

use js_sys::{Array, Reflect};
use passbolt_core::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use super::malformed_rows::ROWS;

const ADA: &str = include_str!("../../../tests/vectors/fixtures/keys/ada_public.asc");
const BETTY_PRIVATE: &str = include_str!("../../../tests/vectors/fixtures/keys/betty_private.asc");
const BETTY_PUBLIC: &str = include_str!("../../../tests/vectors/fixtures/keys/betty_public.asc");
const METADATA_PUBLIC: &str =
    include_str!("../../../tests/vectors/fixtures/keys/metadata_public.asc");
const ADA_PRIVATE: &str = include_str!("../../../tests/vectors/fixtures/keys/ada_private.asc");
const METADATA_PRIVATE: &str =
    include_str!("../../../tests/vectors/fixtures/keys/metadata_private.asc");
const RESOURCES_V5: &str = include_str!("../../../tests/vectors/fixtures/crypto/resources_v5.json");
const VALIDATION_400: &str =
    include_str!("../../../tests/vectors/fixtures/api/error_400_validation_resource.json");
const STAGE1: &str =
    include_str!("../../../tests/vectors/fixtures/api/auth_login_stage1_body.json");
const RESOURCES: &str = include_str!("../../../tests/vectors/fixtures/api/resources_index.json");

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).expect("property read")
}

fn text(object: &JsValue, key: &str) -> String {
    get(object, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

#[wasm_bindgen_test]
fn key_info_returns_the_server_fields_as_a_plain_object() {
    let info = wasm::key_info(ADA).expect("ada's key");
    assert_eq!(
        text(&info, "fingerprint"),
        "A666D519FB17EDA844AF7F1B09D7E972478529D7"
    );
    assert_eq!(text(&info, "key_id"), "478529D7");
    assert_eq!(text(&info, "type"), "EdDSA");
    assert_eq!(get(&info, "bits").as_f64(), Some(256.0));
    assert_eq!(text(&info, "uid"), "Ada Fixture <ada@fixture.test>");
    assert_eq!(text(&info, "key_created"), "2026-01-15T10:00:00+00:00");
    assert!(
        get(&info, "expires").is_null(),
        "no expiry is null, not undefined"
    );
    assert_eq!(get(&info, "is_private").as_bool(), Some(false));
    let subkeys: Array = get(&info, "subkeys")
        .dyn_into()
        .expect("subkeys is an array");
    assert_eq!(subkeys.length(), 1);
    let caps: Array = get(&subkeys.get(0), "capabilities")
        .dyn_into()
        .expect("array");
    assert_eq!(caps.get(0).as_string().as_deref(), Some("encrypt"));
}

#[wasm_bindgen_test]
fn key_info_reads_a_locked_private_key_without_its_passphrase() {
    let info = wasm::key_info(BETTY_PRIVATE).expect("betty's private key");
    assert_eq!(get(&info, "is_private").as_bool(), Some(true));
    assert_eq!(get(&info, "bits").as_f64(), Some(3072.0));
    assert_eq!(text(&info, "type"), "RSA");
}

#[wasm_bindgen_test]
fn every_malformed_input_throws_a_pgp_error_with_its_code() {
    let mut failures = Vec::new();
    for row in ROWS {
        match wasm::key_info(&row.input()) {
            Ok(_) => failures.push(format!("{}: accepted as a key", row.name)),
            Err(error) => {
                let is_error = error.is_instance_of::<js_sys::Error>();
                let (name, code) = (text(&error, "name"), text(&error, "code"));
                if !is_error || name != "PgpError" || code != row.expect {
                    failures.push(format!(
                        "{}: {name} {code}, expected {}",
                        row.name, row.expect
                    ));
                }
                if text(&error, "message").is_empty() {
                    failures.push(format!("{}: empty message", row.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The wasm instance's linear memory may grow to this while the hostile table runs (it
/// never shrinks): the 64 MiB plaintext limit and its buffer's growth, the 10 MiB random
/// input and its copies, and what the other tests of the instance left allocated.
const HOSTILE_MEMORY_LIMIT: f64 = 512.0 * 1024.0 * 1024.0;

fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length()
        .into()
}

#[wasm_bindgen_test]
fn every_hostile_input_gives_its_typed_outcome_in_bounded_memory() {
    use super::hostile::{run, Keys};
    use super::hostile_rows::ROWS;
    let before = wasm_memory_bytes();
    let mut keys = Keys::default();
    let mut failures = Vec::new();
    let mut slowest = (0.0, "");
    for row in ROWS {
        let start = js_sys::Date::now();
        if let Err(why) = run(row, &mut keys) {
            failures.push(format!("{}: {why}", row.id));
        }
        let took = js_sys::Date::now() - start;
        if took > slowest.0 {
            slowest = (took, row.id);
        }
    }
    let after = wasm_memory_bytes();
    let mib = |bytes: f64| bytes / 1024.0 / 1024.0;
    wasm_bindgen_test::console_log!(
        "hostile table: {} cases; wasm memory {:.0} MiB before, {:.0} MiB after; slowest {} ({:.0} ms)",
        ROWS.len(),
        mib(before),
        mib(after),
        slowest.1,
        slowest.0
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        after <= HOSTILE_MEMORY_LIMIT,
        "wasm memory grew to {:.0} MiB (limit {:.0} MiB)",
        mib(after),
        mib(HOSTILE_MEMORY_LIMIT)
    );
}

#[wasm_bindgen_test]
fn validate_user_key_returns_the_failed_server_rules() {
    let ok: Array = wasm::validate_user_key(ADA)
        .expect("a list")
        .dyn_into()
        .expect("array");
    assert_eq!(ok.length(), 0);
    let private: Array = wasm::validate_user_key(BETTY_PRIVATE)
        .expect("a list")
        .dyn_into()
        .expect("array");
    assert_eq!(private.length(), 1);
    assert_eq!(text(&private.get(0), "rule"), "isParsableArmoredKeyRule");
    assert_eq!(
        text(&private.get(0), "message"),
        "The public key could not be parsed."
    );
}

fn resource(name: &str, field: &str) -> String {
    let all: serde_json::Value = serde_json::from_str(RESOURCES_V5).expect("fixture JSON");
    all[name][field].as_str().expect("fixture field").to_owned()
}

#[wasm_bindgen_test]
fn unlocked_key_decrypts_a_secret_and_verifies_its_signer() {
    let ada = wasm::unlock_key(ADA_PRIVATE, "ada-fixture-passphrase").expect("unlock");
    assert_eq!(
        ada.fingerprint(),
        "A666D519FB17EDA844AF7F1B09D7E972478529D7"
    );
    let out = wasm::decrypt_with_key(
        &resource("personal", "secret_for_ada"),
        &ada,
        Some(vec![ADA.to_owned()]),
        Some(true),
    )
    .expect("decrypt");
    assert!(text(&out, "text").contains("P3rsonal-P@ss"));
    let signatures: Array = get(&out, "signatures").dyn_into().expect("array");
    assert_eq!(get(&signatures.get(0), "verified").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn metadata_session_key_is_returned_and_decrypts_alone() {
    let metadata = wasm::unlock_key(METADATA_PRIVATE, "").expect("unlock");
    let armored = resource("shared", "metadata_armored");
    let out = wasm::decrypt_with_key(&armored, &metadata, None, None).expect("decrypt");
    assert_eq!(text(&out, "session_key"), resource("shared", "session_key"));
    let again =
        wasm::decrypt_with_session_key(&armored, &resource("shared", "session_key"), None, None)
            .expect("session key decrypt");
    assert_eq!(text(&again, "text"), text(&out, "text"));
}

#[wasm_bindgen_test]
fn encrypt_signed_round_trips_and_errors_are_typed() {
    let ada = wasm::unlock_key(ADA_PRIVATE, "ada-fixture-passphrase").expect("unlock");
    let armored = wasm::encrypt_signed(JsValue::from_str("round trip"), vec![ADA.to_owned()], &ada)
        .expect("encrypt");
    let out = wasm::decrypt_with_key(&armored, &ada, Some(vec![ADA.to_owned()]), Some(true))
        .expect("decrypt");
    assert_eq!(text(&out, "text"), "round trip");
    let wrong = wasm::unlock_key(ADA_PRIVATE, "wrong")
        .err()
        .expect("wrong passphrase");
    assert_eq!(text(&wrong, "code"), "WRONG_PASSPHRASE");
    let bad = wasm::decrypt_with_session_key(&armored, "9:00", None, None).expect_err("bad key");
    assert_eq!(text(&bad, "code"), "INVALID_SESSION_KEY");
}

#[wasm_bindgen_test]
fn every_message_vector_decrypts_in_wasm() {
    use super::message_files::FILES;
    let files = |path: &str| {
        FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, b)| b.to_vec())
    };
    let (checked, failures) = super::message_vectors::check_all(&files);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 80, "only {checked} vectors checked");
}

#[wasm_bindgen_test]
fn every_signature_vector_verifies_in_wasm() {
    use super::message_files::FILES;
    let files = |path: &str| {
        FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, b)| b.to_vec())
    };
    let (checked, failures) = super::message_vectors::check_all_signatures(&files);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 25, "only {checked} signature vectors checked");
}

#[wasm_bindgen_test]
fn decrypt_many_gives_one_result_per_item_and_isolates_failures() {
    let ada = wasm::unlock_key(ADA_PRIVATE, "ada-fixture-passphrase").expect("unlock");
    let items = serde_json::json!([
        {"id": "a", "message": resource("personal", "metadata_armored"),
         "session_key": resource("personal", "session_key")},
        {"id": "b", "message": resource("personal", "metadata_armored"),
         "session_key": resource("shared", "session_key")},
        {"id": "c", "message": "garbage"},
        {"id": "d", "message": resource("personal", "secret_for_ada"), "session_key": "9:00"},
    ]);
    let items = js_sys::JSON::parse(&items.to_string()).expect("items");
    let results: Array = ada
        .decrypt_many(items, None)
        .expect("a list")
        .dyn_into()
        .expect("array");
    assert_eq!(results.length(), 4);
    let ok: Vec<Option<bool>> = results.iter().map(|r| get(&r, "ok").as_bool()).collect();
    assert_eq!(ok, [Some(true), Some(true), Some(false), Some(false)]);
    assert!(text(&results.get(1), "text").contains("Personal fixture resource"));
    assert_eq!(
        text(&get(&results.get(2), "error"), "code"),
        "INVALID_ARMOR"
    );
    assert_eq!(
        text(&get(&results.get(3), "error"), "code"),
        "INVALID_SESSION_KEY"
    );
    assert_eq!(text(&results.get(3), "id"), "d");
}

/// Counts the calls of WebCrypto's `crypto.subtle[web]` and, in Node, of
/// `node:crypto[node]`; the returned function restores both and answers `{web, node}`.
fn count_platform_calls(web: &str, node: &str) -> js_sys::Function {
    js_sys::Function::new_with_args(
        "web, node",
        "const s = globalThis.crypto.subtle, original = s[web]; \
         const calls = { web: 0, node: 0 }; \
         s[web] = function (...args) { calls.web += 1; return original.apply(this, args); }; \
         const crypto = globalThis.process?.getBuiltinModule?.('node:crypto'); \
         const theirs = crypto?.[node]; \
         if (crypto) crypto[node] = function (...args) { calls.node += 1; return theirs.apply(this, args); }; \
         return () => { s[web] = original; if (crypto) crypto[node] = theirs; return calls; };",
    )
    .call2(&JsValue::NULL, &web.into(), &node.into())
    .expect("a spy")
    .dyn_into()
    .expect("a function")
}

/// Whether this runs in Node (20.16 or later, which the package's X25519 by `node:crypto`
/// needs; the set-up installs Node 20.20).
fn in_node() -> bool {
    js_sys::eval("typeof globalThis.process?.versions?.node === 'string'")
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

#[wasm_bindgen_test]
async fn decrypt_many_async_gives_what_decrypt_many_gives_with_the_platforms_x25519() {
    let ada = wasm::unlock_key(ADA_PRIVATE, "ada-fixture-passphrase").expect("unlock");
    let mut items = vec![
        serde_json::json!({"id": "session-key", "message": resource("personal", "metadata_armored"),
         "session_key": resource("personal", "session_key")}),
        serde_json::json!({"id": "stale", "message": resource("personal", "metadata_armored"),
         "session_key": resource("shared", "session_key")}),
        serde_json::json!({"id": "garbage", "message": "garbage"}),
        serde_json::json!({"id": "bad-session-key", "message": resource("personal", "secret_for_ada"),
         "session_key": "9:00"}),
        serde_json::json!({"id": "secret", "message": resource("personal", "secret_for_ada")}),
    ];
    for i in 0..20 {
        let message = wasm::encrypt(JsValue::from_str(&format!("m{i}")), vec![ADA.to_owned()])
            .expect("encrypt");
        items.push(serde_json::json!({"id": format!("fresh-{i}"), "message": message}));
    }
    let items = js_sys::JSON::parse(&serde_json::Value::from(items).to_string()).expect("items");
    let keys = Some(vec![ADA.to_owned()]);
    let restore = count_platform_calls("deriveBits", "diffieHellman");
    let sync = ada
        .decrypt_many(items.clone(), keys.clone())
        .expect("a list");
    let sync_calls = restore.call0(&JsValue::NULL).expect("the count");
    // The synchronous batch: `node:crypto` in Node, wasm in a browser.
    let by_node = if in_node() { 22.0 } else { 0.0 };
    assert_eq!(get(&sync_calls, "node").as_f64(), Some(by_node));
    assert_eq!(get(&sync_calls, "web").as_f64(), Some(0.0));
    let restore = count_platform_calls("deriveBits", "diffieHellman");
    let promise = ada.decrypt_many_async(items, keys);
    let asynchronous = wasm_bindgen_futures::JsFuture::from(promise).await;
    let calls = restore.call0(&JsValue::NULL).expect("the count");
    let asynchronous = asynchronous.expect("a list");
    let json = |v: &JsValue| String::from(js_sys::JSON::stringify(v).expect("JSON"));
    assert_eq!(json(&asynchronous), json(&sync));
    let results: Array = asynchronous.dyn_into().expect("array");
    let ok: Vec<bool> = results
        .iter()
        .map(|r| get(&r, "ok").as_bool() == Some(true))
        .collect();
    assert_eq!(&ok[..5], [true, true, false, false, true]);
    assert!(ok[5..].iter().all(|&ok| ok));
    assert_eq!(text(&results.get(24), "text"), "m19");
    // "stale", "secret" and the 20 fresh ones needed the private key: X25519 by
    // `node:crypto` in Node, by WebCrypto in a browser.
    let count = |name: &str| get(&calls, name).as_f64();
    let (node, webcrypto) = if in_node() { (22.0, 0.0) } else { (0.0, 22.0) };
    assert_eq!(count("node"), Some(node));
    assert_eq!(count("web"), Some(webcrypto));
}

#[wasm_bindgen_test]
fn parse_envelope_flattens_validation_errors() {
    let env = wasm::parse_envelope(400, VALIDATION_400).expect("an envelope");
    assert_eq!(get(&env, "ok").as_bool(), Some(false));
    let items: Array = get(&env, "validation_errors").dyn_into().expect("array");
    assert_eq!(items.length(), 2);
    assert_eq!(text(&items.get(1), "path"), "secrets.0.data");
    assert_eq!(text(&items.get(1), "rule"), "isValidOpenPGPMessage");
}

#[wasm_bindgen_test]
fn parse_envelope_reports_http_200_with_error_status_as_not_ok() {
    let env = wasm::parse_envelope(200, STAGE1).expect("an envelope");
    assert_eq!(get(&env, "ok").as_bool(), Some(false));
    assert_eq!(text(&get(&env, "header"), "status"), "error");
    assert!(get(&env, "body").is_null());
}

#[wasm_bindgen_test]
fn parse_envelope_keeps_pagination_and_body() {
    let env = wasm::parse_envelope(200, RESOURCES).expect("an envelope");
    let pagination = get(&get(&env, "header"), "pagination");
    assert_eq!(get(&pagination, "count").as_f64(), Some(3.0));
    assert!(get(&pagination, "limit").is_null());
    assert_eq!(
        get(&env, "body")
            .dyn_into::<Array>()
            .expect("array")
            .length(),
        3
    );
}

#[wasm_bindgen_test]
fn parse_envelope_throws_typed_errors_for_html_and_broken_json() {
    for (status, body, code) in [
        (502, "<html><body>Bad Gateway</body></html>", "HTML_BODY"),
        (502, "", "EMPTY_BODY"),
        (200, "{\"header\":", "INVALID_JSON"),
        (200, "{\"keys\": []}", "NOT_AN_ENVELOPE"),
    ] {
        let error = wasm::parse_envelope(status, body).expect_err(body);
        assert_eq!(text(&error, "name"), "EnvelopeError");
        assert_eq!(text(&error, "code"), code);
        assert_eq!(get(&error, "http_status").as_f64(), Some(f64::from(status)));
    }
}

#[wasm_bindgen_test]
fn certifications_round_trip_through_the_exports() {
    let betty = wasm::unlock_key(BETTY_PRIVATE, "betty-fixture-passphrase").expect("unlock");
    let metadata_public = METADATA_PUBLIC;
    let certified = wasm::certify_key(metadata_public, &betty).expect("certify");
    let found: Array = wasm::verify_certifications(&certified, vec![BETTY_PUBLIC.to_string()])
        .expect("verify")
        .dyn_into()
        .expect("an array");
    // ada's certification from the fixture (unknown here) and betty's new one.
    assert_eq!(found.length(), 2);
    let verified: Vec<bool> = found
        .iter()
        .map(|c| get(&get(&c, "signature"), "verified").as_bool().unwrap())
        .collect();
    assert_eq!(verified.iter().filter(|v| **v).count(), 1, "{verified:?}");
}

#[wasm_bindgen_test]
async fn unlock_key_async_gives_the_key_that_unlock_key_gives() {
    let restore = count_platform_calls("digest", "createHash");
    let unlocked = wasm_bindgen_futures::JsFuture::from(wasm::unlock_key_async(
        BETTY_PRIVATE.to_owned(),
        "betty-fixture-passphrase".to_owned(),
    ))
    .await;
    let wrong = wasm_bindgen_futures::JsFuture::from(wasm::unlock_key_async(
        ADA_PRIVATE.to_owned(),
        "wrong".to_owned(),
    ))
    .await;
    let calls = restore.call0(&JsValue::NULL).expect("the counts");
    // In a browser WebCrypto hashed the S2Ks (a packet each at least); in Node
    // `node:crypto` did, through `unlockKey`.
    let (web, node) = (get(&calls, "web").as_f64(), get(&calls, "node").as_f64());
    let (web, node) = (web.expect("a number"), node.expect("a number"));
    if in_node() {
        assert!(web == 0.0 && node >= 2.0, "{web} {node}");
    } else {
        assert!(web >= 2.0 && node == 0.0, "{web} {node}");
    }
    assert_eq!(
        text(&wrong.expect_err("wrong passphrase"), "code"),
        "WRONG_PASSPHRASE"
    );
    // An unlock succeeds only when the derived key opens the secret material (its SHA-1
    // checks): the WebCrypto digests were right.
    let fingerprint = get(&unlocked.expect("unlocked"), "fingerprint");
    let betty = wasm::unlock_key(BETTY_PRIVATE, "betty-fixture-passphrase").expect("unlock");
    assert_eq!(fingerprint.as_string(), Some(betty.fingerprint()));
}

#[wasm_bindgen_test]
async fn generate_key_async_has_the_platform_make_the_rsa_keys() {
    let restore = count_platform_calls("generateKey", "generateKeyPairSync");
    let generated = wasm_bindgen_futures::JsFuture::from(wasm::generate_key_async(
        "rsa3072".to_owned(),
        "Rsa User".to_owned(),
        "rsa@example.test".to_owned(),
        "a passphrase".to_owned(),
    ))
    .await;
    let calls = restore.call0(&JsValue::NULL).expect("the counts");
    let (web, node) = (get(&calls, "web").as_f64(), get(&calls, "node").as_f64());
    // Two keys (primary and subkey), by WebCrypto (in Node too).
    assert_eq!((web, node), (Some(2.0), Some(0.0)));
    let generated = generated.expect("a key");
    let public = text(&generated, "public_armored");
    let private = text(&generated, "private_armored");
    // The server's rules hold, the key has the size asked for, and it works.
    let violations: Array = wasm::validate_user_key(&public)
        .expect("rules")
        .dyn_into()
        .expect("an array");
    assert_eq!(violations.length(), 0);
    let info = wasm::key_info(&public).expect("info");
    assert_eq!(get(&info, "bits").as_f64(), Some(3072.0));
    let key = wasm::unlock_key(&private, "a passphrase").expect("unlock");
    let message =
        wasm::encrypt(JsValue::from_str("for rsa"), vec![public.clone()]).expect("encrypt");
    let decrypted = wasm::decrypt_with_key(&message, &key, None, None).expect("decrypt");
    assert_eq!(text(&decrypted, "text"), "for rsa");
    let unknown = wasm_bindgen_futures::JsFuture::from(wasm::generate_unlocked_key_async(
        "dsa".to_owned(),
        String::new(),
        "x@example.test".to_owned(),
    ))
    .await;
    assert_eq!(text(&unknown.expect_err("refused"), "name"), "TypeError");
}

#[wasm_bindgen_test]
fn x25519_pairs_are_the_x25519_of_dalek_in_this_runtime() {
    // The SIMD lanes of crates/x25519-pair, compiled for wasm, against x25519-dalek.
    let mut state = 0x2026_1124_u64;
    let mut bytes = || {
        let mut out = [0u8; 32];
        for byte in out.iter_mut() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            *byte = (state >> 56) as u8;
        }
        out
    };
    for case in 0..150 {
        let scalar = bytes();
        let mut points = [bytes(), bytes()];
        if case % 5 == 0 {
            points[case % 2] = [0xff; 32]; // 2^256 - 1: bit 255 set and above p
        }
        let got = x25519_pair::x25519_pair(&scalar, [&points[0], &points[1]]);
        let expected = points.map(|u| x25519_dalek::x25519(scalar, u));
        assert_eq!(got, expected, "case {case}");
    }
}

/// CFB decryption with a zero IV by the `cfb-mode` and `aes` crates.
fn reference_cfb(key: &[u8], data: &mut [u8]) {
    use cfb_mode::cipher::{AsyncStreamCipher, KeyIvInit};
    let iv = [0u8; 16];
    match key.len() {
        16 => cfb_mode::Decryptor::<aes::Aes128>::new_from_slices(key, &iv)
            .unwrap()
            .decrypt(data),
        24 => cfb_mode::Decryptor::<aes::Aes192>::new_from_slices(key, &iv)
            .unwrap()
            .decrypt(data),
        _ => cfb_mode::Decryptor::<aes::Aes256>::new_from_slices(key, &iv)
            .unwrap()
            .decrypt(data),
    }
}

#[wasm_bindgen_test]
fn aes_swizzle_is_the_aes_crate_in_this_runtime() {
    // The SIMD AES of crates/aes-swizzle, compiled for wasm (the key unwrap of Curve25519
    // decryption, SEIPDv1's CFB), against the `aes` crate, rPGP's key wrap and `cfb-mode`.
    use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
    let mut state = 0x2026_1124_0ae5_u64;
    let mut bytes = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                (state >> 56) as u8
            })
            .collect()
    };
    for case in 0..300 {
        let key = bytes([16, 24, 32][case % 3]);
        let block: [u8; 16] = bytes(16).try_into().unwrap();
        let ours = aes_swizzle::Aes::new(&key).expect("a key of 16, 24 or 32 bytes");
        let (mut enc, mut dec) = (block, block);
        ours.encrypt_block(&mut enc);
        ours.decrypt_block(&mut dec);
        let (mut enc_ref, mut dec_ref) = (block.into(), block.into());
        match key.len() {
            16 => {
                let r = aes::Aes128::new_from_slice(&key).unwrap();
                r.encrypt_block(&mut enc_ref);
                r.decrypt_block(&mut dec_ref);
            }
            24 => {
                let r = aes::Aes192::new_from_slice(&key).unwrap();
                r.encrypt_block(&mut enc_ref);
                r.decrypt_block(&mut dec_ref);
            }
            _ => {
                let r = aes::Aes256::new_from_slice(&key).unwrap();
                r.encrypt_block(&mut enc_ref);
                r.decrypt_block(&mut dec_ref);
            }
        }
        assert_eq!(
            (enc, dec),
            (<[u8; 16]>::from(enc_ref), <[u8; 16]>::from(dec_ref)),
            "case {case}"
        );
        // A session key's wrap (40 bytes for AES-128 keys, as OpenPGP.js pads them).
        let plain = bytes(16 + 8 * (case % 4));
        let wrapped = pgp::crypto::aes_kw::wrap(&key, &plain).unwrap();
        assert_eq!(
            aes_swizzle::kw_wrap(&key, &plain).as_deref(),
            Some(&wrapped[..])
        );
        let opened = aes_swizzle::kw_unwrap(&key, &wrapped).expect("unwraps");
        assert_eq!(&opened[..], &plain[..]);
        // SEIPDv1's CFB (zero IV), ragged lengths included.
        let cipher = bytes(case % 70);
        let (mut ours_cfb, mut theirs_cfb) = (cipher.clone(), cipher);
        aes_swizzle::cfb_decrypt(&key, &[0; 16], &mut ours_cfb).expect("a good key length");
        reference_cfb(&key, &mut theirs_cfb);
        assert_eq!(ours_cfb, theirs_cfb, "case {case}");
        let mut tampered = wrapped.clone();
        tampered[case % wrapped.len()] ^= 0x10;
        assert!(
            aes_swizzle::kw_unwrap(&key, &tampered).is_none(),
            "case {case}"
        );
    }
}

#[wasm_bindgen_test]
fn a_paired_batch_decrypts_as_single_calls_do() {
    use passbolt_core::pgp::{self, BatchItem, DecryptOptions, DecryptWith, KeyAlgorithm};
    let key = pgp::generate_unlocked_key(KeyAlgorithm::Curve25519, "Pair", "pair@example.com")
        .expect("a key");
    let mut messages: Vec<String> = (0..9)
        .map(|i| pgp::encrypt(format!("secret {i}").as_bytes(), &[key.public_key()], None))
        .collect::<Result<_, _>>()
        .expect("messages");
    messages.insert(4, "garbage".into());
    messages.insert(6, resource("personal", "secret_for_ada"));
    let items: Vec<BatchItem<'_>> = messages
        .iter()
        .map(|message| BatchItem {
            message,
            session_key: None,
        })
        .collect();
    let options = DecryptOptions::default();
    let paired = pgp::decrypt_many_paired(&items, &key, &options);
    assert_eq!(paired.len(), messages.len());
    for (i, (message, got)) in messages.iter().zip(&paired).enumerate() {
        let expected = pgp::decrypt(message, DecryptWith::Key(&key), &options);
        match (got, &expected) {
            (Ok(got), Ok(expected)) => {
                assert_eq!(got.data, expected.data, "item {i}");
                assert_eq!(got.session_key, expected.session_key, "item {i}");
            }
            (Err(got), Err(expected)) => assert_eq!(got, expected, "item {i}"),
            _ => panic!("item {i}: {got:?} != {expected:?}"),
        }
    }
    assert_eq!(paired.iter().filter(|r| r.is_ok()).count(), 9);
}
